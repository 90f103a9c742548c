// The curriculum's record of its kata files as shipped: src/dojo/shipped.json holds every kata file's git
// blob id (see src/dojo/shipped.ts), written by `npm run record-shipped`. Stubs that match it are
// "not started", whatever git HEAD says.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { KATAS_DIR, ROOT, type Kata } from './katas.ts'

export const MANIFEST = path.join(ROOT, 'src', 'dojo', 'shipped.json')

/** Git's blob id of a file's content, line endings as git stores them (a Windows checkout may have CRLF). */
export function blobId (content: Buffer): string {
  const text = content.includes(13) ? Buffer.from(content.toString('utf8').replace(/\r\n/g, '\n')) : content
  return createHash('sha1').update(`blob ${text.length}\0`).update(text).digest('hex')
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

/**
 * Whether the learner has not touched the kata's stubs (compared with the curriculum's record, never
 * with git HEAD: committing your work does not make it "as shipped"); undefined when the record does not
 * know the kata.
 */
export function stubsUntouched (kata: Kata): boolean | undefined {
  const files = shippedRecord()
  const stubs = kata.stubs.map(rel)
  if (stubs.length === 0 || !stubs.some((stub) => stub in files)) return undefined
  return stubs.every((stub) => stub in files && existsSync(path.join(ROOT, stub)) && files[stub] === blobId(readFileSync(path.join(ROOT, stub))))
}

export function rel (file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/')
}
