// "As shipped": a kata's files as the curriculum ships them. src/dojo/shipped.json records, for every
// file of every kata folder, its git blob id (the SHA-1 git itself gives the content), so telling whether
// a learner changed a file needs no git and does not depend on what the learner committed; putting a
// file back reads that blob from the clone's git objects. `--from <ref>` instead means the files as
// committed in a commit, branch or tag.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { KATAS_DIR, ROOT, type Kata } from '../runner/katas.ts'

export const MANIFEST = path.join(ROOT, 'src', 'dojo', 'shipped.json')

function git (args: string[]): Buffer | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 })
  } catch {
    return null
  }
}

/** Git's blob id of a file's content, line endings as git stores them (a Windows checkout may have CRLF). */
export function blobId (content: Buffer): string {
  const text = content.includes(13) ? Buffer.from(content.toString('utf8').replace(/\r\n/g, '\n')) : content
  return createHash('sha1').update(`blob ${text.length}\0`).update(text).digest('hex')
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

let record: Record<string, string> | null = null

/** The curriculum's record of every kata file (empty when there is none). */
export function shippedRecord (): Record<string, string> {
  record ??= existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string> : {}
  return record
}

/** The files of the kata folders now, with their blob ids: what `npm run record-shipped` writes. */
export function currentRecord (): Record<string, string> {
  const files: Record<string, string> = {}
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue
      const abs = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(abs)
      else files[rel(abs)] = blobId(readFileSync(abs))
    }
  }
  for (const entry of readdirSync(KATAS_DIR, { withFileTypes: true })) {
    if (entry.isDirectory() && /^\d\d-/.test(entry.name)) walk(path.join(KATAS_DIR, entry.name))
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)))
}

export function writeRecord (files = currentRecord()): void {
  writeFileSync(MANIFEST, JSON.stringify(files, null, 2) + '\n')
  record = files
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

/**
 * Whether the learner has not touched the kata's stubs (compared with the curriculum's record, never
 * with git HEAD: committing your work does not make it "as shipped"); undefined when the record does not
 * know the kata.
 */
export function stubsUntouched (kata: Kata): boolean | undefined {
  const files = shippedRecord()
  const stubs = kata.stubs.map(rel)
  if (stubs.length === 0 || !stubs.some((stub) => stub in files)) return undefined
  return stubs.every((stub) => stub in files && existsSync(path.join(ROOT, stub)) && CURRICULUM.matches(stub, readFileSync(path.join(ROOT, stub))))
}

export function rel (file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/')
}
