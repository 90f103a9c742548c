// "As shipped": a kata's files as the curriculum ships them. src/dojo/shipped.json records, for every
// file of every kata folder, its git blob id (the SHA-1 git itself gives the content), so telling whether
// a learner changed a file needs no git and does not depend on what the learner committed; putting a
// file back reads that blob from the clone's git objects. `--from <ref>` instead means the files as
// committed in a commit, branch or tag.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, type Kata } from '../runner/katas.ts'
import { blobId, rel, shippedRecord } from '../runner/shipped.ts'

// The record itself lives with the runner, which records a run of untouched stubs as "not started".
export { MANIFEST, blobId, currentRecord, rel, shippedRecord, stubsUntouched, writeRecord } from '../runner/shipped.ts'

function git (args: string[]): Buffer | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 })
  } catch {
    return null
  }
}

/** Where a kata's shipped files come from: the curriculum's record, or a git commit. */
export interface Shipped {
  /** "as shipped with the curriculum", "in origin/main (a1b2c3d)". */
  label: string
  /** The kata folder's shipped files, relative to the repository root. */
  files (kata: Kata): string[]
  /** Whether `content` is the shipped content of `file`. */
  matches (file: string, content: Buffer): boolean
  /** The shipped content of `file`, or null when it cannot be had (no git, or not in this clone). */
  content (file: string): Buffer | null
}

export const CURRICULUM: Shipped = {
  label: 'as shipped with the curriculum',
  files: (kata) => Object.keys(shippedRecord()).filter((file) => file.startsWith(`${rel(kata.dir)}/`)),
  matches: (file, content) => shippedRecord()[file] === blobId(content),
  content: (file) => {
    const id = shippedRecord()[file]
    return id ? git(['cat-file', 'blob', id]) : null
  }
}

/** Whether `ref` names a commit in this repository (false without git or outside a repository). */
export function hasRef (ref: string): boolean {
  return git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) !== null
}

/** The kata files as committed in `ref`. */
export function atRef (ref: string): Shipped {
  const short = git(['rev-parse', '--short', ref])?.toString('utf8').trim() || ref
  return {
    label: `as committed in ${ref} (${short})`,
    files: (kata) => {
      const out = git(['ls-tree', '-r', '--name-only', ref, '--', `./${rel(kata.dir)}/`])
      return out ? out.toString('utf8').split('\n').filter(Boolean).map((f) => f.replace(/\\/g, '/')).sort() : []
    },
    matches (file, content) {
      const shipped = this.content(file)
      return shipped !== null && blobId(shipped) === blobId(content)
    },
    content: (file) => git(['show', `${ref}:./${file}`])
  }
}

/** Whether `git cat-file` works here: a git clone, with git on the PATH. */
export function inGitClone (): boolean {
  return git(['rev-parse', '--git-dir']) !== null
}

export interface KataChanges {
  /** The source knows this kata; when false nothing below means anything. */
  known: boolean
  /** Shipped files whose content differs now. */
  changed: string[]
  /** Shipped files that were deleted. */
  missing: string[]
  /** .ts files in the folder that were never shipped (your own helpers): reset leaves them alone. */
  extra: string[]
}

/** How a kata folder differs from what was shipped (paths relative to the repository root). */
export function kataChanges (kata: Kata, shipped: Shipped = CURRICULUM): KataChanges {
  const files = shipped.files(kata)
  if (files.length === 0) return { known: false, changed: [], missing: [], extra: [] }
  const changed: string[] = []
  const missing: string[] = []
  for (const file of files) {
    const abs = path.join(ROOT, file)
    if (!existsSync(abs)) missing.push(file)
    else if (!shipped.matches(file, readFileSync(abs))) changed.push(file)
  }
  const present = [kata.suite, ...kata.stubs].map(rel)
  const extra = present.filter((file) => !files.includes(file))
  return { known: true, changed, missing, extra }
}
