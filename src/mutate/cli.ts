// `npm run mutate [-- NN …]`: mutation testing of the reference solutions with Stryker. Every mutant (a
// small change Stryker makes to a solution) runs the kata's suite; a suite that stays green on a mutant
// lets that change through. Results go to src/mutate/results.md (committed; src/mutate/results.ts), one row
// per kata, with every surviving mutant and the reason it may survive (src/mutate/equivalent.ts), or "no reason yet".
import type { LogLevel } from '@stryker-mutator/api/core'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { ROOT, selectKatas, SelectionError, type Kata } from '../runner/katas.ts'
import { commandLine } from '../cli/flags.ts'
import { againRow, readRows, rowOf, testedKeys, withReasons, writeRows, type KataRow } from './results.ts'

const USAGE = `usage: npm run mutate -- [kata …] [--concurrency N] [--out DIR] [--survivors | --table]
  kata             03, katas/03 or 03-slug (several allowed; none = every kata: about 2.5 hours on 2 cores)
  --concurrency N  mutants tested at once (default 2)
  --out DIR        where results.json and results.md are read and written (default src/mutate)
  --survivors      test again only the mutants on the lines where some survived the last run (after new tests:
                   minutes, not an hour); only while the reference is the one that run measured
  --table          no mutation run: rewrite results.md from results.json, every survivor's reason taken
                   afresh from src/mutate/equivalent.ts (after adding reasons; only the katas given, if any)`

const { values, positionals } = commandLine({
  concurrency: { type: 'string', default: '2' },
  out: { type: 'string', default: path.join(ROOT, 'src', 'mutate') },
  table: { type: 'boolean', default: false },
  survivors: { type: 'boolean', default: false }
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
else if (values.survivors) await mutateAgain(katas)
else await mutate(katas)

/** The reference solution's files of a kata, hashed: a row is measured on this code. */
function sourceHash (kata: Kata): string {
  const dir = path.join(ROOT, 'src', 'solutions', kata.name)
  const hash = createHash('sha256')
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(path.join(dir, file)))
  return hash.digest('hex').slice(0, 16)
}

/** --survivors: the lines where mutants survived, tested again; the row updated (againRow). */
async function mutateAgain (katas: Kata[]): Promise<void> {
  const rows = readRows(OUT)
  for (const kata of katas) {
    const before = rows[kata.name]
    const why = !before
      ? 'it has no row yet'
      : before.source !== sourceHash(kata) ? 'its reference changed since its row was measured (or the row has no hash of it)' : ''
    if (why) {
      console.error(`mutate --survivors: kata ${kata.number}: ${why}; run a full mutation (npm run mutate -- ${kata.number})`)
      process.exitCode = 2
      continue
    }
    if (!before.survivors.length) {
      console.log(`${kata.name}: no survivors to test again`)
      continue
    }
    // Every solution is one file (a range cannot follow a glob).
    const file = `src/solutions/${kata.name}/${readdirSync(path.join(ROOT, 'src', 'solutions', kata.name))[0]}`
    const lines = [...new Set(before.survivors.map((s) => s.line))]
    await mutate([kata], lines.map((line) => `${file}:${line}-${lastLineOf(path.join(ROOT, file), line)}`), before)
  }
}

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

/**
 * The last line of the code that starts on `line` (Stryker tests a mutant only when a range holds all of it,
 * and a mutant that starts on a line, a block or a function, may end lines later).
 */
function lastLineOf (file: string, line: number): number {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const lineOf = (pos: number): number => source.getLineAndCharacterOfPosition(pos).line + 1
  let last = line
  const visit = (node: ts.Node): void => {
    if (lineOf(node.getStart(source)) === line) last = Math.max(last, lineOf(node.getEnd()))
    if (lineOf(node.getStart(source)) <= line && lineOf(node.getEnd()) >= line) ts.forEachChild(node, visit)
  }
  ts.forEachChild(source, visit)
  return last
}

/** A Stryker run per kata (only the `ranges` of its solution, if given); its row written, or merged into `before`. */
async function mutate (katas: Kata[], ranges?: string[], before?: KataRow): Promise<void> {
  // Loaded only to mutate: Stryker takes seconds to load, which --help and --table need not wait for.
  const { Stryker } = await import('@stryker-mutator/core')
  for (const kata of katas) {
    const started = Date.now()
    console.log(`mutating ${kata.name} …`)
    const results = await new Stryker({
      mutate: ranges ?? [`src/solutions/${kata.name}/**/*.ts`],
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
    const measured = { ...rowOf(kata.name, results, Math.round((Date.now() - started) / 1000)), source: sourceHash(kata) }
    const row = before ? againRow(before, measured, testedKeys(kata.name, results)) : measured
    if (before) console.log(`tested again: ${measured.mutants} mutants on the ${ranges?.length} lines where some survived`)
    console.log(`${kata.name}: ${row.score} % (${row.killed} of ${row.mutants} killed) in ${row.seconds} s; ${row.survivors.filter((s) => !s.reason).length} survivors without a reason`)
    for (const s of row.survivors) console.log(s.reason ? `  equivalent line ${s.line} ${s.mutator} — ${s.reason}` : `  SURVIVED   ${JSON.stringify(s.key)}`)
    // Read just before the write: another run (another kata) may have written since.
    writeRows(OUT, { ...readRows(OUT), [kata.name]: row })
  }
}
