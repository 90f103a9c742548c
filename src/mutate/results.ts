// The mutation table: a row per kata from Stryker's results (results.json), and the markdown written from
// the rows (results.md), each survivor with its reason from src/mutate/equivalent.ts or "no reason yet".
import type { MutantResult } from '@stryker-mutator/api/core'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { EQUIVALENT, survivorKey } from './equivalent.ts'

export interface Survivor { key: string, line: number, mutator: string, replacement: string, reason: string | null }
export interface KataRow {
  kata: string, mutants: number, killed: number, survived: number, score: number, seconds: number, survivors: Survivor[], date: string
  /** Mutants not tested: code a `// Stryker disable` comment in the solution marks as outside the kata, with its reason. */
  ignored?: number
  /** A hash of the solution the row was measured on (sourceHash): `--survivors` re-tests only on the same code. */
  source?: string
  /** How many mutants the last `--survivors` run tested again (those on the lines where some survived), and when. */
  retested?: { mutants: number, seconds: number, date: string }
}

/** What a row needs of each of Stryker's results. */
export type Result = Pick<MutantResult, 'status' | 'mutatorName' | 'replacement'> & { location: { start: { line: number } } }

/** The keys of the mutants a run tested (not ignored, compiled). */
export function testedKeys (kata: string, results: Result[]): Set<string> {
  return new Set(results.filter((r) => r.status !== 'Ignored' && r.status !== 'CompileError')
    .map((r) => survivorKey(kata, r.mutatorName, r.location.start.line, r.replacement)))
}

/** A kata's row: mutants that did not compile or were ignored do not count; one no test reached survived. */
export function rowOf (kata: string, results: Result[], seconds: number, reasons = EQUIVALENT): KataRow {
  const counted = results.filter((r) => r.status !== 'Ignored' && r.status !== 'CompileError')
  const survivors = counted.filter((r) => r.status === 'Survived' || r.status === 'NoCoverage').map((r): Survivor => {
    const key = survivorKey(kata, r.mutatorName, r.location.start.line, r.replacement)
    return { key, line: r.location.start.line, mutator: r.mutatorName, replacement: r.replacement, reason: reasons[key] ?? null }
  })
  const killed = counted.length - survivors.length
  return {
    kata,
    mutants: counted.length,
    ignored: results.filter((r) => r.status === 'Ignored').length,
    killed,
    survived: survivors.length,
    score: counted.length ? Math.round((killed / counted.length) * 1000) / 10 : 100,
    seconds,
    survivors,
    date: new Date().toISOString().slice(0, 10)
  }
}

/**
 * A row after `--survivors`: `again` is Stryker's row for the mutants on the lines where `before` had
 * survivors (`tested`: their keys), on the same code and a suite that only grew. A mutant killed before stays
 * killed; a survivor not tested again stays a survivor.
 */
export function againRow (before: KataRow, again: KataRow, tested: Set<string>): KataRow {
  const survivors = [...before.survivors.filter((s) => !tested.has(s.key)), ...again.survivors].sort((a, b) => a.line - b.line)
  const killed = before.mutants - survivors.length
  return {
    ...before,
    killed,
    survived: survivors.length,
    score: before.mutants ? Math.round((killed / before.mutants) * 1000) / 10 : 100,
    survivors,
    date: again.date,
    retested: { mutants: again.mutants, seconds: again.seconds, date: again.date }
  }
}

/** The same row with each survivor's reason as src/mutate/equivalent.ts gives it now. */
export function withReasons (row: KataRow, reasons = EQUIVALENT): KataRow {
  return { ...row, survivors: row.survivors.map((s) => ({ ...s, reason: reasons[s.key] ?? null })) }
}

export function readRows (dir: string): Record<string, KataRow> {
  const file = path.join(dir, 'results.json')
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}
}

/** Writes results.json and results.md into `dir` (made if missing). */
export function writeRows (dir: string, rows: Record<string, KataRow>): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'results.json'), JSON.stringify(rows, null, 2) + '\n')
  writeFileSync(path.join(dir, 'results.md'), table(Object.values(rows)))
}

export function table (all: KataRow[]): string {
  const sorted = [...all].sort((a, b) => a.kata.localeCompare(b.kata))
  const lines = [
    '# Mutation testing of the reference solutions',
    '',
    'Written by `npm run mutate` (Stryker, command runner on `npm test -- NN --solution`). A killed mutant is a',
    'change to a solution that turns its kata red; a survivor either has a reason it cannot change behaviour',
    '(`src/mutate/equivalent.ts`) or is a gap in the suite. Aim: at least 90 % on every kata, no survivor without a reason.',
    'Not tested, and not counted: code a `// Stryker disable` comment in the solution marks as outside the kata (its',
    'reason beside it), such as what the app alone uses.',
    '',
    '| kata | mutants | killed | survived | score | without a reason | outside the kata | time | date |',
    '|------|--------:|-------:|---------:|------:|-----------------:|-----------------:|-----:|------|',
    ...sorted.map((r) => `| ${r.kata} | ${r.mutants} | ${r.killed} | ${r.survived} | ${r.score} % | ${r.survivors.filter((s) => !s.reason).length} | ${r.ignored ?? 0} | ${r.seconds} s${r.retested ? ` (+ ${r.retested.seconds} s, ${r.retested.mutants} tested again)` : ''} | ${r.date} |`),
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
