// `npm run verify` with arguments it cannot use: a usage message and exit code 2, before any check runs.
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'

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
