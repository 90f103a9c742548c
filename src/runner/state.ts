// The learner's memory: the last result of each kata (the runner records every run of the learner's code,
// src/runner/records.ts), and the dojo's hint levels and where the learner is. One small JSON file at
// the repository root, ignored by git; delete it any time to start over (your code is never stored in it).
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './katas.ts'

export const STATE_FILE = path.join(ROOT, '.kata-state.json')

export type KataStatus = 'green' | 'red' | 'not-started'

export interface SavedResult {
  status: KataStatus
  passed: number
  total: number
  /** Fingerprint of the kata's files when this result was measured; a different one means "run again". */
  fingerprint: string
  /** The first failing test and its message, for a pair's handover. */
  failing?: string
  /** The run stopped at its first failure (`total` counts only the tests that ran). */
  stopped?: boolean
  at: string
}

export interface State {
  version: 1
  /** How many hints of each kata have been shown, by kata name. */
  hints: Record<string, number>
  results: Record<string, SavedResult>
  /** The kata watch mode last showed. */
  current?: string
}

export function emptyState (): State {
  return { version: 1, hints: {}, results: {} }
}

/** Reads the state; a missing, unreadable or foreign file is an empty state. */
export function loadState (file = STATE_FILE): State {
  if (!existsSync(file)) return emptyState()
  try {
    const data = JSON.parse(readFileSync(file, 'utf8'))
    if (data?.version !== 1) return emptyState()
    return { ...emptyState(), ...data, hints: { ...data.hints }, results: { ...data.results } }
  } catch {
    return emptyState()
  }
}

/** Writes the state atomically (a crash mid-write never leaves half a file). */
export function saveState (state: State, file = STATE_FILE): void {
  const temp = `${file}.${process.pid}.tmp`
  writeFileSync(temp, JSON.stringify(state, null, 2) + '\n')
  try {
    renameSync(temp, file)
  } catch (err) {
    rmSync(temp, { force: true })
    throw err
  }
}

/** Loads, changes and saves in one step, so concurrent commands lose as little as possible. */
export function updateState (change: (state: State) => void, file = STATE_FILE): State {
  const state = loadState(file)
  change(state)
  saveState(state, file)
  return state
}
