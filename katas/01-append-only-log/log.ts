// Kata 01 — the append-only log. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 01` tells you which function is next.
import Hypercore from 'hypercore'

/** What a learner's log holds: any JSON value. */
export type Entry = unknown

/** The identity of a log, as hex strings. */
export interface LogInfo {
  /** The log's public key: 64 hex characters. Anyone with it can read and verify the log. */
  key: string
  /** The hash of the key that peers use to find each other without revealing the key. */
  discoveryKey: string
  /** How many entries the log holds. */
  length: number
}

/**
 * Task 1: open (or create) the hypercore stored in `dir` (each directory its own log) whose entries are JSON,
 * and wait until it is ready.
 */
export async function openLog (dir: string): Promise<Hypercore> {
  // TODO(task 1): use a Hypercore stored in `dir` whose values are JSON; resolve only once it is ready.
  throw new Error('openLog() is not implemented yet: open a Hypercore in `dir` with JSON values, ready (kata 01, task 1)')
}

/**
 * Task 2: append every entry, in order and as one batch, and resolve (once they are stored) to the log's new length.
 */
export async function appendEntries (log: Hypercore, entries: Entry[]): Promise<number> {
  // TODO(task 2): use the log's append. Each entry stays one entry, whatever its type; resolve to a number, once
  // the entries are stored.
  throw new Error('appendEntries() is not implemented yet: append the entries to the log, return its new length (kata 01, task 2)')
}

/**
 * Task 3: read the entry at `index` (0 is the first one ever appended).
 */
export async function readEntry (log: Hypercore, index: number): Promise<Entry> {
  // TODO(task 3): use the log's read-by-index method; the log decodes the JSON for you.
  throw new Error('readEntry() is not implemented yet: read one entry by its index (kata 01, task 3)')
}

/**
 * Task 4: describe the log: its key and discovery key as hex, and its length.
 */
export function describeLog (log: Hypercore): LogInfo {
  // TODO(task 4): the log knows its keys (as Buffers) and its length; the keys go out as hex.
  throw new Error('describeLog() is not implemented yet: return the key, discovery key and length (kata 01, task 4)')
}
