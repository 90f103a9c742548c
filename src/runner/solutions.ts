// The reference solutions (src/solutions/): a learner's copy may come without them. Nothing imports them by
// a literal path (the repository type-checks without the folder); whoever needs one asks here, and a
// missing one is a clear error, never the stub run in its place.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT, SOLUTIONS_DIR, type Kata } from './katas.ts'

export class MissingSolutionError extends Error {
  override name = 'MissingSolutionError'
}

/** src/solutions/<kata>/<file>: the reference solution of one of a kata's stubs. */
export function solutionFile (kata: string, file: string): string {
  return path.join(SOLUTIONS_DIR, kata, path.basename(file))
}

/** The kata's stubs that have no reference solution in this copy (paths from the repository root). */
export function missingSolutions (kata: Kata): string[] {
  return kata.stubs
    .filter((stub) => !existsSync(solutionFile(kata.name, stub)))
    .map((stub) => path.relative(ROOT, solutionFile(kata.name, stub)).split(path.sep).join('/'))
}

export function missingMessage (missing: string[]): string {
  return `There is no reference solution here: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing ` +
    '(this copy of the katas comes without src/solutions/).'
}

/**
 * The module of a reference solution, typed as the kata's stub it stands in for:
 * `await referenceModule<typeof import('../../katas/12-kappa-chat/chat.ts')>('12-kappa-chat', 'chat.ts')`.
 */
export async function referenceModule<T> (kata: string, file: string): Promise<T> {
  const solution = solutionFile(kata, file)
  if (!existsSync(solution)) throw new MissingSolutionError(missingMessage([path.relative(ROOT, solution).split(path.sep).join('/')]))
  return await import(pathToFileURL(solution).href) as T
}
