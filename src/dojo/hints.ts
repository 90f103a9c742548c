// Hint levels: each kata's hints are shown one level at a time, and the level is remembered.
import type { Kata } from '../runner/katas.ts'
import { readLesson, type Hint } from './lesson.ts'
import { loadState, updateState } from '../runner/state.ts'

export interface Shown {
  hint: Hint
  total: number
}

/** The hint level reached so far for `kata` (0: none shown yet). */
export function hintLevel (kata: Kata): number {
  return loadState().hints[kata.name] ?? 0
}

/**
 * Shows a hint and remembers the level: by default the next one (staying on the last), `again` the
 * current one, or a given `level`. Null when the lesson has no hints.
 */
export function takeHint (kata: Kata, want: 'next' | 'again' | number = 'next'): Shown | null {
  const { hints } = readLesson(kata)
  if (hints.length === 0) return null
  const reached = hintLevel(kata)
  const level = want === 'next' ? reached + 1 : want === 'again' ? reached || 1 : want
  const clamped = Math.min(Math.max(1, level), hints.length)
  updateState((state) => { state.hints[kata.name] = Math.max(state.hints[kata.name] ?? 0, clamped) })
  return { hint: hints[clamped - 1], total: hints.length }
}

/** Forgets the hint level of `kata`. */
export function forgetHints (kata: Kata): void {
  updateState((state) => { delete state.hints[kata.name] })
}
