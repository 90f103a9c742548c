// Kata 03 — replication. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 03` tells you which function is next.
import Hypercore from 'hypercore'
import type { Duplex } from 'streamx'

/** What the logs hold: any JSON value. */
export type Entry = unknown

/** Both ends of one replication, piped into each other: [the initiator's stream, the responder's stream]. */
export type StreamPair = [initiator: Duplex, responder: Duplex]

/** What happened when you tried to append: the new length, or why the core refused. */
export type AppendOutcome =
  | { ok: true, length: number }
  | { ok: false, reason: string }

/**
 * Task 1: open a read-only copy of someone else's log: a hypercore stored in `dir` for the public `key`,
 * with JSON entries, and wait until it is ready. It starts empty; replication fills it.
 */
export async function openReader (dir: string, key: Buffer): Promise<Hypercore> {
  // TODO(task 1): use a Hypercore for someone else's key, with JSON values; resolve only once it is ready.
  throw new Error('openReader() is not implemented yet: open a Hypercore in `dir` for `key`, JSON values, ready (kata 03, task 1)')
}

/**
 * Task 2: connect `writer` and `reader` in this process: one replication stream per core, exactly one of the
 * two the initiator (either core may be), each piped into the other. Return both streams, the initiator's
 * first (the test destroys them at the end).
 */
export function replicate (writer: Hypercore, reader: Hypercore): StreamPair {
  // TODO(task 2): use each core's replication stream (one initiates, one responds), connected both ways.
  throw new Error('replicate() is not implemented yet: connect the writer\'s and the reader\'s replication streams (kata 03, task 2)')
}

/**
 * Task 3: read the entry at `index` from the peers, downloading that block only (not the ones before it).
 * Wait at most `ms` milliseconds for it to arrive; if it does not, resolve to `null` instead of throwing, and
 * leave no read waiting for it. Any other error (a closed core) still rejects. `ms = 0` means do not wait at all:
 * the entry if the reader holds it already, else `null` at once.
 */
export async function readEntry (reader: Hypercore, index: number, ms: number): Promise<Entry | null> {
  // TODO(task 3): use the reader's read by index, the read itself bounded in time (kata 02 did the same on one
  // machine); only running out of time means null.
  throw new Error('readEntry() is not implemented yet: get one block, waiting at most `ms` (kata 03, task 3)')
}

/**
 * Task 4: make `reader` a live mirror: download every block the writer has, and keep downloading each
 * block the writer appends later, until the returned `stop()` is called (on its own: `stop()`).
 */
export function mirror (reader: Hypercore): () => void {
  // TODO(task 4): use a download range that covers the whole log and what is appended later; stop() ends it.
  throw new Error('mirror() is not implemented yet: download the whole log and keep downloading new blocks (kata 03, task 4)')
}

/**
 * Task 5: try to append `entry` to `core`. Once the append has finished or failed, resolve to
 * `{ ok: true, length }` if it worked, or to `{ ok: false, reason }` if the core refused, e.g. because it is someone else's log: `reason` is the message
 * of the error the core rejected with (it says why), not one you make up.
 */
export async function tryAppend (core: Hypercore, entry: Entry): Promise<AppendOutcome> {
  // TODO(task 5): use the core's append (one entry, even an array) and turn a refusal into an outcome.
  throw new Error('tryAppend() is not implemented yet: append, and report a refusal instead of throwing (kata 03, task 5)')
}
