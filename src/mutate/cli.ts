// `npm run mutate [-- NN …]`: mutation testing of the reference solutions with Stryker. Every mutant (a
// small change Stryker makes to a solution) runs the kata's suite; a suite that stays green on a mutant
// lets that change through. Results go to src/mutate/results.md (committed), one row per kata, with every
// surviving mutant and the reason it may survive (src/mutate/equivalent.ts), or "no reason yet".
import { Stryker } from '@stryker-mutator/core'
import type { LogLevel } from '@stryker-mutator/api/core'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { ROOT, selectKatas, SelectionError, type Kata } from '../runner/katas.ts'
import { parseCommandLine } from '../verify/flags.ts'
import { EQUIVALENT, survivorKey } from './equivalent.ts'

const USAGE = `usage: npm run mutate -- [kata …] [--concurrency N]
  kata             03, katas/03 or 03-slug (several allowed; none = every kata: about an hour)
  --concurrency N  mutants tested at once (default 2)`

const { values, positionals } = parseCommandLine({ concurrency: { type: 'string', default: '2' } }, USAGE, ['concurrency'])
const RESULTS = path.join(ROOT, 'src', 'mutate', 'results.json')
const TABLE = path.join(ROOT, 'src', 'mutate', 'results.md')

interface Survivor { key: string, line: number, mutator: string, replacement: string, reason: string | null }
interface KataRow { kata: string, mutants: number, killed: number, survived: number, score: number, seconds: number, survivors: Survivor[], date: string }

let katas: Kata[]
try {
  katas = selectKatas(positionals)
} catch (err) {
  if (!(err instanceof SelectionError)) throw err
  console.error(err.message)
  process.exit(2)
}

// Read just before each write: another run (another kata) may have written since.
const readRows = (): Record<string, KataRow> => existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {}
for (const kata of katas) {
  const started = Date.now()
  console.log(`mutating ${kata.name} …`)
  const results = await new Stryker({
    mutate: [`src/solutions/${kata.name}/**/*.ts`],
    testRunner: 'command',
    // The learner's runner on the reference solution; it stops at the first failure, so a killed mutant
    // costs one failing test, not the whole suite.
    commandRunner: { command: `node --import tsx src/runner/cli.ts ${kata.number} --solution` },
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
  const counted = results.filter((r) => r.status !== 'Ignored' && r.status !== 'CompileError')
  const survivors = counted.filter((r) => r.status === 'Survived' || r.status === 'NoCoverage').map((r): Survivor => {
    const key = survivorKey(kata.name, r.mutatorName, r.location.start.line, r.replacement ?? '')
    return { key, line: r.location.start.line, mutator: r.mutatorName, replacement: r.replacement ?? '', reason: EQUIVALENT[key] ?? null }
  })
  const killed = counted.length - survivors.length
  const rows = readRows()
  rows[kata.name] = {
    kata: kata.name,
    mutants: counted.length,
    killed,
    survived: survivors.length,
    score: counted.length ? Math.round((killed / counted.length) * 1000) / 10 : 100,
    seconds: Math.round((Date.now() - started) / 1000),
    survivors,
    date: new Date().toISOString().slice(0, 10)
  }
  const row = rows[kata.name]
  console.log(`${kata.name}: ${row.score} % (${row.killed} of ${row.mutants} killed) in ${row.seconds} s; ${survivors.filter((s) => !s.reason).length} survivors without a reason`)
  for (const s of survivors) console.log(s.reason ? `  equivalent line ${s.line} ${s.mutator} — ${s.reason}` : `  SURVIVED   ${JSON.stringify(s.key)}`)
  writeFileSync(RESULTS, JSON.stringify(rows, null, 2) + '\n')
  writeFileSync(TABLE, table(Object.values(rows)))
}

function table (all: KataRow[]): string {
  const sorted = [...all].sort((a, b) => a.kata.localeCompare(b.kata))
  const lines = [
    '# Mutation testing of the reference solutions',
    '',
    'Written by `npm run mutate` (Stryker, command runner on `npm test -- NN --solution`). A killed mutant is a',
    'change to a solution that turns its kata red; a survivor either has a reason it cannot change behaviour',
    '(`src/mutate/equivalent.ts`) or is a gap in the suite. Aim: at least 90 % on every kata, no survivor without a reason.',
    '',
    '| kata | mutants | killed | survived | score | without a reason | time | date |',
    '|------|--------:|-------:|---------:|------:|-----------------:|-----:|------|',
    ...sorted.map((r) => `| ${r.kata} | ${r.mutants} | ${r.killed} | ${r.survived} | ${r.score} % | ${r.survivors.filter((s) => !s.reason).length} | ${r.seconds} s | ${r.date} |`),
    ''
  ]
  for (const r of sorted) {
    if (!r.survivors.length) continue
    lines.push(`## ${r.kata}`, '')
    for (const s of r.survivors) lines.push(`- line ${s.line}, ${s.mutator} → \`${s.replacement.replace(/\s+/g, ' ').replace(/`/g, "'").slice(0, 80)}\`: ${s.reason ?? '**no reason yet: a gap in the suite**'}`)
    lines.push('')
  }
  return lines.join('\n')
}
