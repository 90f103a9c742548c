// "As shipped": a kata's files as committed in git. By default that is HEAD, i.e. what your clone (or your
// last `git pull`) gave you; if you commit your own work on a kata, pass another commit or branch
// (`--from origin/main`) to mean the original. Git is the single source of truth: no copy of the stubs
// is kept anywhere else.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, type Kata } from '../runner/katas.ts'

export const DEFAULT_REF = 'HEAD'

function git (args: string[]): Buffer | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 })
  } catch {
    return null
  }
}

/** Whether `ref` names a commit in this repository (false without git or outside a repository). */
export function hasRef (ref = DEFAULT_REF): boolean {
  return git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) !== null
}

/** The files of a kata folder as committed in `ref`, relative to the repository root (empty when unknown). */
export function shippedFiles (kata: Kata, ref = DEFAULT_REF): string[] {
  const out = git(['ls-tree', '-r', '--name-only', ref, '--', `./${rel(kata.dir)}/`])
  return out ? out.toString('utf8').split('\n').filter(Boolean).map((f) => f.replace(/\\/g, '/')).sort() : []
}

/** One file's content as committed in `ref`, or null if it was not committed there. */
export function shippedContent (file: string, ref = DEFAULT_REF): Buffer | null {
  return git(['show', `${ref}:./${rel(file)}`])
}

export interface KataChanges {
  /** Git knows this kata at `ref`; when false nothing below means anything. */
  known: boolean
  /** Shipped files whose content differs now. */
  changed: string[]
  /** Shipped files that were deleted. */
  missing: string[]
  /** .ts files in the folder that were never shipped (your own helpers): reset leaves them alone. */
  extra: string[]
}

/** How a kata folder differs from what was shipped (paths relative to the repository root). */
export function kataChanges (kata: Kata, ref = DEFAULT_REF): KataChanges {
  const shipped = shippedFiles(kata, ref)
  if (shipped.length === 0) return { known: false, changed: [], missing: [], extra: [] }
  const changed: string[] = []
  const missing: string[] = []
  for (const file of shipped) {
    const abs = path.join(ROOT, file)
    if (!existsSync(abs)) missing.push(file)
    else if (!sameText(readFileSync(abs), shippedContent(file, ref))) changed.push(file)
  }
  const present = [kata.suite, ...kata.stubs].map(rel)
  const extra = present.filter((file) => !shipped.includes(file))
  return { known: true, changed, missing, extra }
}

/**
 * Whether the learner has not touched the kata's stubs: true / false, or undefined when git cannot tell
 * (no repository, or the kata is not committed yet).
 */
export function stubsUntouched (kata: Kata, ref = DEFAULT_REF): boolean | undefined {
  if (kata.stubs.length === 0) return undefined
  for (const stub of kata.stubs) {
    const shipped = shippedContent(stub, ref)
    if (shipped === null) return kata.stubs.some((s) => shippedContent(s, ref) !== null) ? false : undefined
    if (!sameText(readFileSync(stub), shipped)) return false
  }
  return true
}

/** Equal, ignoring Windows line endings (git may have converted them on checkout). */
function sameText (a: Buffer, b: Buffer | null): boolean {
  if (b === null) return false
  return a.equals(b) || a.toString('utf8').replace(/\r\n/g, '\n') === b.toString('utf8').replace(/\r\n/g, '\n')
}

export function rel (file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/')
}

/** "a1b2c3d" for a ref, or the ref itself when git cannot say. */
export function shortRef (ref = DEFAULT_REF): string {
  return git(['rev-parse', '--short', ref])?.toString('utf8').trim() || ref
}
