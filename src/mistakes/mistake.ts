// The learner-mistake library: for every kata, wrong implementations a learner plausibly writes, each
// one the reference solution with a small edit. `npm run verify` runs the kata's suite on each and
// requires it red, with a first failure that names the function to look at and the concept it missed.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT, type Kata } from '../runner/katas.ts'
import type { MistakeSpec } from '../runner/run-suite.ts'

export interface Mistake {
  /** Short and kebab-case: "no-live-download". */
  name: string
  /** The function (or method) of the stub where the mistake is: the first failure must name it. */
  blames: string
  /** The concept the mistake misses, in a sentence (the lesson teaches it; the suite's message says it). */
  concept: string
  /** The stub file the edit is in (its name in the kata folder); the kata's only stub when left out. */
  file?: string
  /** [from, to] pairs applied to the reference solution; each `from` must occur in it exactly once. */
  edits: Array<[from: string, to: string]>
  /** The first failing test's message must match this: it names the concept that was missed. */
  names: RegExp
}

// What the stub hooks need to edit a mistake in: the runner's type, since the runner runs it.
export type { MistakeSpec } from '../runner/run-suite.ts'

export function mistakesFile (kata: Kata): string {
  return path.join(ROOT, 'src', 'mistakes', `${kata.name}.ts`)
}

/** The kata's mistakes (none when it has no file in src/mistakes/ yet). */
export async function loadMistakes (kata: Kata): Promise<Mistake[]> {
  const file = mistakesFile(kata)
  if (!existsSync(file)) return []
  return (await import(pathToFileURL(file).href)).default as Mistake[]
}

export function specOf (kata: Kata, mistake: Mistake): MistakeSpec {
  const file = mistake.file ?? (kata.stubs.length === 1 ? path.basename(kata.stubs[0]) : '')
  if (!file) throw new Error(`mistake "${mistake.name}" of kata ${kata.number} must say which file it edits (the kata has several stubs)`)
  return { kata: kata.name, file, name: mistake.name, edits: mistake.edits }
}
