// Where the learner stands on every kata: green, red or not started. A kata whose stubs are as
// shipped (src/dojo/shipped.json, not git HEAD) is "not started" without running anything; a kata whose
// files did not change since its last run (by npm test, watch mode or progress) keeps that result (from
// the state file); any other kata's suite is run, up to its first failure.
import type { Kata } from '../runner/katas.ts'
import { fingerprint, recordRun } from '../runner/records.ts'
import { runSuite, type KataResult } from '../runner/run-suite.ts'
import { loadState, type KataStatus, type SavedResult, type State } from '../runner/state.ts'
import { stubsUntouched } from './shipped.ts'

export interface BoardRow {
  kata: Kata
  status: KataStatus
  passed: number
  total: number
  /** The first failing test (red katas). */
  failing?: string
  /** The run stopped at its first failure: `total` counts only the tests that ran. */
  stopped?: boolean
  /** How the status is known: unchanged stubs, the last run (cached), a run just now, or not at all. */
  source: 'untouched' | 'cached' | 'run' | 'unknown'
}

/** Records a run (src/runner/records.ts) and returns the row it makes. */
export function recordRow (result: KataResult): BoardRow {
  return rowOf(result.kata, recordRun(result), 'run')
}

function rowOf (kata: Kata, saved: SavedResult, source: BoardRow['source']): BoardRow {
  return { kata, status: saved.status, passed: saved.passed, total: saved.total, source, ...(saved.failing ? { failing: saved.failing } : {}), ...(saved.stopped ? { stopped: true } : {}) }
}

/** The row for a kata without running it: from git or the state file, or "unknown" if it must run. */
export function quickRow (kata: Kata, state: State = loadState()): BoardRow {
  if (stubsUntouched(kata) === true) return { kata, status: 'not-started', passed: 0, total: state.results[kata.name]?.total ?? 0, source: 'untouched' }
  const saved = state.results[kata.name]
  if (saved && saved.fingerprint === fingerprint(kata)) return rowOf(kata, saved, 'cached')
  return { kata, status: 'red', passed: 0, total: saved?.total ?? 0, source: 'unknown' }
}

export interface BoardOptions {
  /** Run every suite, ignoring git and the state file. */
  fresh?: boolean
  /** Suites run at once. */
  concurrency?: number
  /** Called as each kata's row is known. */
  onRow?: (row: BoardRow) => void
}

/** Every kata's row, running the suites whose result is not known. */
export async function readBoard (katas: Kata[], opts: BoardOptions = {}): Promise<BoardRow[]> {
  const state = loadState()
  const rows: BoardRow[] = new Array(katas.length)
  const toRun: number[] = []
  katas.forEach((kata, index) => {
    const row = quickRow(kata, state)
    if (opts.fresh || row.source === 'unknown') toRun.push(index)
    else rows[index] = row
  })
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < toRun.length) {
      const index = toRun[next++]
      rows[index] = recordRow(await runSuite(katas[index], { firstFailure: true }))
      opts.onRow?.(rows[index])
    }
  }
  for (const row of rows) if (row) opts.onRow?.(row)
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker))
  return rows
}

/** The kata to work on: the first one that is not green (the last kata when all are). */
export function currentKata (rows: BoardRow[]): BoardRow | undefined {
  return rows.find((row) => row.status !== 'green') ?? rows[rows.length - 1]
}

export function greenCount (rows: BoardRow[]): number {
  return rows.filter((row) => row.status === 'green').length
}

/** "[#####----------] 5/15 katas": one cell per kata. */
export function progressBar (green: number, total: number, fancy = false, width = total): string {
  const filled = total ? Math.round((green / total) * width) : 0
  const [on, off] = fancy ? ['█', '░'] : ['#', '-']
  return `[${on.repeat(filled)}${off.repeat(width - filled)}] ${green}/${total} katas`
}
