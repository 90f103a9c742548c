// Flags: every command reads them with src/cli/flags.ts, so that a wrong one is one line in the project's
// words, the usage, and exit code 2 (never Node's argument-parser text).
import test from 'brittle'
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'
import { UsageError, readFlags } from '../src/cli/flags.ts'

const FLAGS = { all: { type: 'boolean' }, level: { type: 'string', short: 'l' }, json: { type: 'boolean', value: 'optional' }, jobs: { type: 'string', default: '2' } } as const

function wrong (t: { exception: { all: (fn: () => unknown, expected: RegExp, message: string) => void } }, argv: string[], message: RegExp, opts = {}): void {
  t.exception.all(() => readFlags(argv, FLAGS, opts), message, `${argv.join(' ')}: ${message}`)
}

test('readFlags: values, defaults, names and -h', (t) => {
  const { values, positionals } = readFlags(['01', '--all', '-l', '3', '--', '--not-a-flag'], FLAGS, { positionals: true })
  t.alike({ ...values }, { all: true, level: '3', jobs: '2' })
  t.alike(positionals, ['01', '--not-a-flag'], 'after --, everything is a name')
  t.is(readFlags(['--json'], FLAGS).values.json, true, 'an optional value: the flag alone is true')
  t.is(readFlags(['--json=out.json'], FLAGS).values.json, 'out.json', '… and --flag=VALUE gives the value')
  t.is(readFlags(['--level=-1'], FLAGS).values.level, '-1', 'a value that starts with "-" goes after "="')
  t.is(readFlags(['-h'], FLAGS).values.help, true)
})

test('readFlags: anything wrong is a UsageError in our words', (t) => {
  wrong(t, ['--bogus'], /^UsageError: unknown flag --bogus$/)
  wrong(t, ['--lvel', '2'], /unknown flag --lvel \(did you mean --level\?\)/)
  wrong(t, ['-x'], /unknown flag -x/)
  wrong(t, ['--level'], /--level needs a value/)
  wrong(t, ['--level', '--all'], /--level needs a value/, )
  wrong(t, ['--all=yes'], /--all takes no value \(leave out "=yes"\)/)
  wrong(t, ['--json='], /--json= needs something after the "="/)
  wrong(t, ['01'], /unexpected "01": this command takes only flags/)
  wrong(t, ['--jobs', '0'], /--jobs needs a whole number of at least 1, not "0"/, { counts: ['jobs'] })
  wrong(t, ['--jobs', 'two'], /--jobs needs a whole number \(0 to skip it\), not "two"/, { countsOrZero: ['jobs'] })
  t.ok(new UsageError('x') instanceof Error)
})

/** Every npm script that runs one of our TypeScript commands: [script, node arguments]. */
function commands (): Array<[string, string[]]> {
  const scripts = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>
  return Object.entries(scripts).flatMap(([name, line]) => {
    const words = line.split(/\s+/)
    return words[0] === 'node' && words.at(-1)!.endsWith('.ts') ? [[name, words.slice(1)] as [string, string[]]] : []
  })
}

function run (args: string[]): Promise<{ code: number | null, stdout: string, stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', CI: '' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c })
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c })
    const timer = setTimeout(() => child.kill('SIGKILL'), 60000)
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }) })
  })
}

// `npm run chat` keeps its one-line errors (a script reads them), naming --help instead of the usage.
const ONE_LINE = new Set(['chat'])

test('every command: an unknown flag is our one line, the usage, exit code 2', { timeout: 180000 }, async (t) => {
  const list = commands()
  t.ok(list.length >= 12, `${list.length} commands in package.json: ${list.map(([name]) => name).join(', ')}`)
  // Two at a time: each is a Node start-up with TypeScript, and the machine is shared.
  const results: Array<{ code: number | null, stdout: string, stderr: string }> = []
  for (let i = 0; i < list.length; i += 2) results.push(...await Promise.all(list.slice(i, i + 2).map(([, args]) => run([...args, '--bogus']))))
  list.forEach(([name], i) => {
    const { code, stdout, stderr } = results[i]
    t.is(code, 2, `npm run ${name} -- --bogus: exit code 2 (${stderr.trim().split('\n')[0]})`)
    t.ok(stderr.startsWith('unknown flag --bogus'), `${name}: says which flag, in our words`)
    t.ok(ONE_LINE.has(name) ? /--help/.test(stderr) : /usage: npm (run )?\S+/.test(stderr), `${name}: the usage`)
    t.absent(/To specify a positional argument|ERR_PARSE_ARGS|at .*\.ts:\d+/.test(stderr), `${name}: not Node's text, no stack`)
    t.is(stdout, '', `${name}: nothing ran`)
  })
})

test('a command whose reader goes early (| head) finishes its work quietly, never dying of EPIPE', async (t) => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'mutate-table-'))
  t.teardown(() => rmSync(out, { recursive: true, force: true }))
  copyFileSync(path.join(ROOT, 'src', 'mutate', 'results.json'), path.join(out, 'results.json'))
  const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', 'src/mutate/cli.ts', '--table', '--out', out], { cwd: ROOT })
  child.stdout.once('data', () => child.stdout.destroy()) // `head -1`: one read, then gone
  let stderr = ''
  child.stderr.on('data', (chunk) => { stderr += chunk })
  const code = await new Promise((resolve) => child.on('close', resolve))
  t.is(code, 0, `exit code 0, stderr: ${stderr}`)
  t.absent(/EPIPE/.test(stderr), 'no EPIPE')
  t.ok(existsSync(path.join(out, 'results.md')), 'the table was written all the same')
})
