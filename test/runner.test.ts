// The kata runner as a learner meets it: selection, red/green, exit codes, plain output.
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { ROOT, SelectionError, listKatas, selectKatas } from '../src/runner/katas.ts'
import { parseTap } from '../src/runner/tap.ts'
import { runFile } from '../src/runner/run-suite.ts'
import { formatResult, styleFor } from '../src/runner/report.ts'

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'katas')
const PLAIN = styleFor({ isTTY: false } as NodeJS.WriteStream)

function runner (...args: string[]): { code: number | null, out: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/dojo/bin/test.ts'), ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }
  })
  return { code: result.status, out: result.stdout + result.stderr }
}

test('a kata is selected by number, path or full name', (t) => {
  for (const selector of ['01', '1', 'katas/01', 'katas/01/', './katas/01-append-only-log', '01-append-only-log', 'katas/01-append-only-log/log.ts']) {
    t.alike(selectKatas([selector]).map((k) => k.name), ['01-append-only-log'], selector)
  }
  t.alike(selectKatas(['02', '01']).map((k) => k.number), ['01', '02'], 'several katas run in curriculum order')
  t.is(selectKatas([]).length, listKatas().length, 'no selector selects every kata')
})

test('an unknown or ambiguous kata is a clear error', (t) => {
  t.exception(() => selectKatas(['99']), /No kata matches "99"[\s\S]*01-append-only-log/, 'unknown: lists the katas')
  t.exception(() => selectKatas(['0']), /matches \d+ katas[\s\S]*01-append-only-log[\s\S]*02-reading-the-log/, 'ambiguous: lists the matches')
  t.exception(() => selectKatas(['nope']), SelectionError)
})

test('npm test -- katas/99 exits 2 and lists the available katas', (t) => {
  const { code, out } = runner('katas/99')
  t.is(code, 2)
  t.ok(out.includes('01-append-only-log'), 'the list of katas is printed')
})

test('a stub is red with the first failing test and where to look; exit code 1', (t) => {
  const { code, out } = runner('katas/01')
  t.is(code, 1)
  t.ok(/^FAIL 01 /m.test(out), 'plain FAIL marker when stdout is not a TTY')
  t.ok(out.includes('openLog()'), 'names the function to write')
  t.ok(out.includes('katas/01-append-only-log/log.ts:'), 'points at the stub file and line')
  t.absent(/\x1b\[/.test(out), 'no colour codes in a pipe')
})

test('--solution runs the same suite green against the reference solution; exit code 0', (t) => {
  const { code, out } = runner('01', '--solution')
  t.is(code, 0, out)
  t.ok(/^PASS 01 /m.test(out))
})

test('the TAP reader keeps each failed test\'s first failing assertion', (t) => {
  const report = parseTap([
    'TAP version 13', '', '# adds', '    ok 1 - fine', 'ok 1 - adds # time = 1ms', '', '# reads',
    '    not ok 1 - entry 0 reads back', '      ---', '      actual: 1', '      expected: 2', '      operator: is',
    '      stack: |', '        katas/x/x.test.ts:9:5', '      ...', '    not ok 2 - later', 'not ok 2 - reads # time = 2ms',
    '', '# crash', '    not ok 1 - your code threw: TypeError: boom (at katas/x/x.ts:3:9)', 'not ok 3 - crash',
    '1..3', '# ok'
  ].join('\n'))
  t.is(report.tests.length, 3)
  t.ok(report.tests[0].ok)
  t.alike(report.tests[1].failure, { message: 'entry 0 reads back', kind: 'assertion', actual: '1', expected: '2', operator: 'is', at: 'katas/x/x.test.ts:9:5' })
  t.is(report.tests[2].failure?.kind, 'threw')
  t.is(report.tests[2].failure?.at, 'katas/x/x.ts:3:9', 'the learner\'s frame from the message')
  t.ok(report.finished)
})

test('a learner\'s run stops at the first failure and shows it; --all (and CI) runs every test', async (t) => {
  const suite = path.join(FIXTURES, 'stops-at-first-failure.ts')
  const first = await runFile(suite, { firstFailure: true })
  t.is(first.status, 'red')
  t.ok(first.stopped, 'stopped')
  t.alike(first.tests.map((x) => [x.name, x.ok]), [['passes', true], ['hangs', false]], 'the test after the first failure never ran')
  t.is(first.tests[1].failure?.kind, 'timeout', 'the hang is named: ' + first.tests[1].failure?.message)
  t.ok(/still waiting for something that never happens/.test(first.tests[1].failure?.message ?? ''))
  const storage = first.output.match(/# storage: (\S+)/)?.[1]
  t.ok(storage && !existsSync(storage), `the stopped test's storage is removed all the same (${storage})`)
  const all = await runFile(suite)
  t.is(all.tests.length, 3, 'without firstFailure every test runs')
  t.absent(all.stopped)
})

test('a suite process that exits while a test waits is a crash that names the test and what it waited for', async (t) => {
  const run = await runFile(path.join(FIXTURES, 'exits-mid-test.ts'))
  t.is(run.status, 'crashed')
  t.ok(run.crash?.includes('exit code 0'), `the exit code: ${run.crash}`)
  t.ok(run.crash?.includes('while "cut short by process.exit" ran, waiting for: the reply that never comes'), 'the test and its pending step')
})

test('a test whose cleanup never ends is red, naming it, and the tests after it count as not run, never as passed', async (t) => {
  for (const firstFailure of [false, true]) {
    const run = await runFile(path.join(FIXTURES, 'cleanup-never-ends.ts'), { firstFailure })
    t.is(run.status, 'red', `red, not green with part of the suite (firstFailure: ${firstFailure})`)
    const failed = run.tests.find((x) => !x.ok)
    t.is(failed?.name, 'a test whose cleanup never ends')
    t.ok(/never ended .*Did a close\(\) resolve before what it closes had closed\?/.test(failed?.failure?.message ?? ''), failed?.failure?.message)
    t.absent(run.tests.some((x) => x.name === 'a test after it' && x.ok), 'the test after it did not pass')
    if (!firstFailure) t.ok(run.output.includes('# 1 test(s) after "a test whose cleanup never ends" never ran'), 'says what never ran')
  }
})

test('util.promisify(setTimeout) works in a suite process, whose timers the runner watches', async (t) => {
  const run = await runFile(path.join(FIXTURES, 'sleeps-with-promisify.ts'))
  t.is(run.status, 'green', `green (${run.tests.map((x) => x.failure?.message ?? x.name).join('; ')})`)
})

test('a suite whose code leaves a timer running is stopped and red, naming the timer and the line that set it', async (t) => {
  const run = await runFile(path.join(FIXTURES, 'leaves-a-timer.ts'))
  t.is(run.status, 'red', 'red, not crashed, and not left to run until the limit')
  t.ok(run.tests.every((x) => x.ok), 'every test passed')
  t.ok(run.openHandles?.includes('setInterval at test/fixtures/katas/leaves-a-timer.ts:5:3'), `names the timer: ${run.openHandles}`)
  const text = formatResult({ ...run, kata: { name: '99-x', number: '99', title: 'X', dir: FIXTURES, suite: '', stubs: [] } }, PLAIN)
  t.ok(/every test passed, but the suite did not end/.test(text), text)
  t.ok(/close\(\) must stop/.test(text), 'points at close()')
})

test('hung stubs (verify --hung): every function a stub exports hangs, its constants stay as written', (t) => {
  const probe = `const chat = await import(${JSON.stringify(path.join(ROOT, 'katas/12-kappa-chat/chat.ts'))})
const settled = await Promise.race([chat.createChat({}).then(() => 'settled', () => 'settled'), new Promise((resolve) => setTimeout(resolve, 200, 'pending'))])
console.log(JSON.stringify({ limits: chat.LIMITS, channel: chat.DEFAULT_CHANNEL, settled }))`
  const result = spawnSync(process.execPath, ['--no-warnings', '--import', 'tsx', '--import', './src/runner/use-hung-stubs.mjs', '--input-type=module', '-e', probe], { cwd: ROOT, encoding: 'utf8' })
  const seen = JSON.parse(result.stdout)
  t.is(seen.limits.text, 4096, 'a constant keeps the stub\'s value')
  t.is(seen.channel, 'default')
  t.is(seen.settled, 'pending', 'a function never settles')
})

test('a busy loop (verify --hung): the running test fails within seconds, naming the function and line, and the run is red', async (t) => {
  const suite = path.join(FIXTURES, 'spins.ts')
  const run = await runFile(suite, { firstFailure: true })
  t.is(run.status, 'red', 'red, not crashed')
  const [first] = run.tests
  t.is(first?.name, 'a learner function that never returns')
  t.ok(/^timed out: countForever\(\) kept the event loop busy for \d+\.\d s/.test(first?.failure?.message ?? ''), first?.failure?.message)
  t.is(first?.failure?.at, 'test/fixtures/katas/spins.ts:9:3', 'points at the loop')
  t.ok(run.ms < 20000, `stopped in ${run.ms} ms, not at the suite's 120 s limit`)
})
