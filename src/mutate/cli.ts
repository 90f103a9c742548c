// `npm run mutate [-- NN …]`: mutation testing of the reference solutions with Stryker. Every mutant (a
// small change Stryker makes to a solution) runs the kata's suite; a suite that stays green on a mutant
// lets that change through. Results go to src/mutate/results.md (committed; src/mutate/results.ts), one row
// per kata, with every surviving mutant and the reason it may survive (src/mutate/equivalent.ts), or "no reason yet".
import type { LogLevel } from '@stryker-mutator/api/core'
import path from 'node:path'
import { ROOT, selectKatas, SelectionError, type Kata } from '../runner/katas.ts'
import { commandLine } from '../cli/flags.ts'
import { readRows, rowOf, withReasons, writeRows } from './results.ts'

const USAGE = `usage: npm run mutate -- [kata …] [--concurrency N] [--out DIR] [--table]
  kata             03, katas/03 or 03-slug (several allowed; none = every kata: about 2.5 hours on 2 cores)
  --concurrency N  mutants tested at once (default 2)
  --out DIR        where results.json and results.md are read and written (default src/mutate)
  --table          no mutation run: rewrite results.md from results.json, every survivor's reason taken
                   afresh from src/mutate/equivalent.ts (after adding reasons; only the katas given, if any)`

const { values, positionals } = commandLine({
  concurrency: { type: 'string', default: '2' },
  out: { type: 'string', default: path.join(ROOT, 'src', 'mutate') },
  table: { type: 'boolean', default: false }
}, USAGE, { counts: ['concurrency'], positionals: true })
const OUT = path.resolve(values.out!)

let katas: Kata[]
try {
  katas = selectKatas(positionals)
} catch (err) {
  if (!(err instanceof SelectionError)) throw err
  console.error(err.message)
  process.exit(2)
}

if (values.table) rewriteTable(katas)
else await mutate(katas)

/** --table: the table again from results.json, every survivor's reason as equivalent.ts gives it now. */
function rewriteTable (katas: Kata[]): void {
  const rows = readRows(OUT)
  const refreshed = katas.filter((kata) => rows[kata.name])
  if (!refreshed.length) {
    console.error(`no results for ${positionals.length ? 'these katas' : 'any kata'} in ${path.join(OUT, 'results.json')}: run npm run mutate first`)
    process.exitCode = 1
    return
  }
  for (const kata of refreshed) {
    const row = rows[kata.name] = withReasons(rows[kata.name])
    console.log(`${kata.name}: ${row.survivors.filter((s) => !s.reason).length} of ${row.survived} survivors without a reason`)
  }
  writeRows(OUT, rows)
  console.log(`wrote ${path.join(OUT, 'results.md')}`)
}

async function mutate (katas: Kata[]): Promise<void> {
  // Loaded only to mutate: Stryker takes seconds to load, which --help and --table need not wait for.
  const { Stryker } = await import('@stryker-mutator/core')
  for (const kata of katas) {
    const started = Date.now()
    console.log(`mutating ${kata.name} …`)
    const results = await new Stryker({
      mutate: [`src/solutions/${kata.name}/**/*.ts`],
      testRunner: 'command',
      // The learner's runner on the reference solution; it stops at the first failure, so a killed mutant
      // costs one failing test, not the whole suite.
      commandRunner: { command: `node --import tsx src/dojo/bin/test.ts ${kata.number} --solution` },
      coverageAnalysis: 'off',
      concurrency: Number(values.concurrency),
      reporters: ['progress'],
      logLevel: 'warn' as LogLevel,
      // One folder per run: several runs (one kata each) may go on at once.
      tempDirName: `.stryker-tmp/run-${process.pid}`,
      cleanTempDir: true,
      // Other runs' folders (they come and go while this one copies the project), and state of no use there.
      ignorePatterns: ['.stryker-tmp', '.kata-state.json', 'coverage'],
      // A suite gives up on a wait after 3 s; a mutant that hangs is caught by our own budgets first.
      timeoutMS: 30000
    }).runMutationTest()
    const row = rowOf(kata.name, results, Math.round((Date.now() - started) / 1000))
    console.log(`${kata.name}: ${row.score} % (${row.killed} of ${row.mutants} killed) in ${row.seconds} s; ${row.survivors.filter((s) => !s.reason).length} survivors without a reason`)
    for (const s of row.survivors) console.log(s.reason ? `  equivalent line ${s.line} ${s.mutator} — ${s.reason}` : `  SURVIVED   ${JSON.stringify(s.key)}`)
    // Read just before the write: another run (another kata) may have written since.
    writeRows(OUT, { ...readRows(OUT), [kata.name]: row })
  }
}
