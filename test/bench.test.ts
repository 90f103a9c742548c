// The benchmark (npm run bench), run small: kata 01 only, one run of each measurement, one save in watch
// mode, a few chat messages, no `npm run verify` (that would run this file again), into a temporary folder.
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'

// Each test waits on whole processes (spawnSync): brittle's default 30 s is too short on a busy machine.
const SLOW = { timeout: 300000 }

function bench (...args: string[]): { code: number | null, out: string, stdout: string } {
  const result = spawnSync(process.execPath, ['--no-warnings', '--import', 'tsx', path.join(ROOT, 'src/bench/cli.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300000 })
  return { code: result.status, out: result.stdout + result.stderr, stdout: result.stdout }
}

test('bench --kata 01, every measurement once, writes its tables where --out says', SLOW, async (t) => {
  const out = path.join(await t.tmp(), 'not-yet-there')
  const run = bench('--kata', '01', '--runs', '1', '--startup-runs', '1', '--verify-runs', '0', '--watch-saves', '1', '--messages', '3', '--history', '20', '--crowd', '20', '--out', out)
  t.is(run.code, 0, run.code === 0 ? 'exit code 0' : run.out)
  t.ok(/^01-append-only-log +runner .+ raw .+ ×/m.test(run.stdout), 'the kata\'s runner overhead is printed')
  t.ok(run.stdout.includes('npm run verify: not measured (--verify-runs 0)'), 'verify is skipped, and says so')

  const major = process.versions.node.split('.')[0]
  const markdown = readFileSync(path.join(out, `results-node${major}.md`), 'utf8')
  t.ok(markdown.startsWith(`# Benchmark (Node ${major})`), 'the table is written into a folder that did not exist')
  t.ok(markdown.includes('Only 01-append-only-log (`--kata`)'), 'the table says it covers one kata only')
  t.ok(/^\| 01-append-only-log \| [\d.]+ m?s \|/m.test(markdown), 'a row for kata 01')
  t.absent(/^\| 02-/m.test(markdown), 'no row for another kata')
  t.ok(markdown.includes('all in one `npm test -- 01 --solution`'), 'the one-runner run is of kata 01 only')
  t.ok(/\| `npm run verify` \(skipped: --verify-runs 0\) \| n\/a \| ≤ 60 s \| not measured \|/.test(markdown), 'verify: not measured, neither met nor missed')
  t.ok(/watch mode: save to result \(median of 1\) \| [\d.]+ m?s \|/.test(markdown), 'one save timed in watch mode')
  t.ok(/chat: late joiner syncs and indexes 20 messages \| [\d.]+ m?s \|/.test(markdown), 'the late joiner synced 20 messages')
  if (process.platform === 'linux') t.ok(/chat app: peak RSS with 20 member feeds, `ulimit -n 1024` \| \d+ MB \|/.test(markdown), 'the app\'s memory with a crowd of 20 feeds')

  const json = JSON.parse(readFileSync(path.join(out, `results-node${major}.json`), 'utf8'))
  t.alike(json.katas.map((k: { kata: string }) => k.kata), ['01-append-only-log'])
  t.ok(json.katas[0].runnerMs > 0 && json.katas[0].rawMs > 0, 'both times measured')
  t.is(json.verifyMs, null, 'verify not measured (NaN in JSON is null)')
  t.is(json.chat.messages, 6, '3 messages, each delivered to 2 peers')
  t.is(json.chat.historySize, 20)
  t.is(json.watch.samples, 1)
  t.ok(json.startup.nodeMs > 0 && json.startup.tsxMs >= json.startup.nodeMs / 2 && json.startup.runnerMs > 0, 'start-up timed')
})

test('bench --help prints its flags', SLOW, (t) => {
  const { code, out } = bench('--help')
  t.is(code, 0)
  for (const flag of ['--red', '--kata NN', '--runs N', '--verify-runs N', '--watch-saves N', '--messages N', '--crowd N', '--out DIR']) t.ok(out.includes(flag), flag)
})

test('bench with arguments it cannot use says so and exits 2 before measuring anything', SLOW, (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['--bogus'], /unknown flag --bogus\n/],
    [['--runs', '0'], /--runs needs a whole number of at least 1, not "0"/],
    [['--verify-runs=-1'], /--verify-runs needs a whole number \(0 to skip it\), not "-1"/],
    [['--verify-runs', 'one'], /--verify-runs needs a whole number \(0 to skip it\), not "one"/],
    [['--history', 'lots'], /--history needs a whole number/],
    [['--red', '--kata', '99'], /No kata matches "99"/],
    [['--kata', '99'], /No kata matches "99"/]
  ]
  for (const [args, message] of cases) {
    const { code, out } = bench(...args)
    t.is(code, 2, `${args.join(' ')}: exit code 2`)
    t.ok(message.test(out), `${args.join(' ')}: ${message}`)
    t.absent(out.includes('kappa-katas benchmark'), `${args.join(' ')}: nothing measured`)
    t.absent(/at .*\.ts:\d+/.test(out), `${args.join(' ')}: no stack trace`)
  }
})
