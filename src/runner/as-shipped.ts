// "As shipped", as far as the runner needs it: src/dojo/shipped.json records the git blob id of every
// kata file the curriculum ships, so whether a learner has touched a kata's stubs needs neither git nor a
// run of its suite (the dojo builds reset and record-shipped on the same record, in src/dojo/shipped.ts).
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, type Kata } from './katas.ts'

export const SHIPPED_RECORD = path.join(ROOT, 'src', 'dojo', 'shipped.json')

/** File path (relative to the repository root, forward slashes) → git blob id. */
export type ShippedRecord = Record<string, string>

/** Git's blob id of a file's content, line endings as git stores them (a Windows checkout may have CRLF). */
export function blobId (content: Buffer): string {
  const text = content.includes(13) ? Buffer.from(content.toString('utf8').replace(/\r\n/g, '\n')) : content
  return createHash('sha1').update(`blob ${text.length}\0`).update(text).digest('hex')
}

/** The curriculum's record; empty when there is none or it cannot be read (nothing is then "as shipped"). */
export function readShippedRecord (file = SHIPPED_RECORD): ShippedRecord {
  if (!existsSync(file)) return {}
  try {
    const record: unknown = JSON.parse(readFileSync(file, 'utf8'))
    return record && typeof record === 'object' && !Array.isArray(record) ? record as ShippedRecord : {}
  } catch {
    return {}
  }
}

/**
 * Whether every stub of the kata is byte for byte as shipped (the learner has not started it); null when
 * the record does not know the kata's stubs (a kata of your own, or no record).
 */
export function stubsAsShipped (kata: Kata, record: ShippedRecord = readShippedRecord()): boolean | null {
  const stubs = kata.stubs.map((file) => path.relative(ROOT, file).split(path.sep).join('/'))
  if (stubs.length === 0 || !stubs.some((stub) => stub in record)) return null
  return stubs.every((stub) => {
    const abs = path.join(ROOT, stub)
    return stub in record && existsSync(abs) && record[stub] === blobId(readFileSync(abs))
  })
}
