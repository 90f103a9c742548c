// `npm run verify`: a usage message and exit code 2 for arguments it cannot use, and how it reports its checks.
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'
import { summary, timeByKind } from '../src/verify/report.ts'

function verify (...args: string[]): { code: number | null, out: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/verify/cli.ts'), ...args], { cwd: ROOT, encoding: 'utf8' })
  return { code: result.status, out: result.stdout + result.stderr }
}

test('verify --help prints its flags', (t) => {
  const { code, out } = verify('--help')
  t.is(code, 0)
  t.ok(out.includes('--repeat N') && out.includes('--offline'), out)
})

test('verify with a flag it does not know, or a bad number, says so and exits 2', (t) => {
  for (const args of [['--bogus'], ['--repeat', '0'], ['--jobs', 'two'], ['stray']]) {
    const { code, out } = verify(...args)
    t.is(code, 2, `${args.join(' ')}: exit code 2`)
    t.ok(out.includes('usage: npm run verify'), `${args.join(' ')}: the usage`)
    t.absent(/^check +result/m.test(out), `${args.join(' ')}: no check ran`)
  }
})

test('verify ends with the failed checks again, then the totals on the last line', (t) => {
  const checks = [
    { name: '01 a kata · stub red', ok: true, detail: '5/5 failing' },
    { name: '02 a kata · solution green', ok: false, detail: 'failing: "a test"\nits message' },
    { name: 'offline (loopback only)', ok: true, skipped: true, detail: 'skipped: no unshare' }
  ]
  const lines = summary(checks, 1500, 2).split('\n')
  t.is(lines.at(-1), 'verify: 1 passed, 1 failed, 1 skipped', 'the totals last')
  const failed = lines.indexOf('failed:')
  t.ok(failed >= 0, 'a "failed:" section')
  t.ok(lines[failed + 1].startsWith('02 a kata · solution green') && lines[failed + 1].includes('FAIL'), 'naming the failed check')
  t.ok(lines[failed + 2].trim() === 'its message', 'with its whole detail')
  t.absent(lines.some((l) => l.startsWith('01 a kata')), 'and only the failed ones')
  t.absent(summary(checks.slice(0, 1), 10, 2).includes('failed:'), 'nothing to repeat when all passed')
})

test('a failed check is reported with its kind, its first failure and the end of its stderr', (t) => {
  const failed = { name: '07 a kata · mistake m', kind: 'mistake', ok: false, detail: 'red, but the first failure does not name the concept: "a test": its message', log: 'Error: boom\n    at somewhere (x.ts:1:2)' }
  const text = summary([failed], 10, 2)
  const report = text.slice(text.indexOf('failed:'))
  t.ok(report.includes('07 a kata · mistake m') && report.includes('"a test": its message'), 'its name and first failure')
  t.ok(report.includes('(kind: mistake)'), 'its kind')
  t.ok(/stderr, last lines:\n\s+Error: boom\n\s+at somewhere/.test(report), 'the end of its stderr')
})

test('the totals say how many passes came from the cache, and where the time went', (t) => {
  const checks = [
    { name: 'a', kind: 'mistake', ok: true, detail: 'red', ms: 2000 },
    { name: 'b', kind: 'mistake', ok: true, detail: 'red', cached: true },
    { name: 'c', kind: 'test file', ok: true, detail: 'green', ms: 5000 }
  ]
  const lines = summary(checks, 7000, 2).split('\n')
  t.ok(lines.at(-1)!.startsWith('verify: 3 passed, 0 failed (1 of the passes cached'), lines.at(-1))
  t.is(timeByKind(checks), 'summed per kind: test file 1× 5 s, mistake 1× 2 s', 'cached checks took no time')
})
