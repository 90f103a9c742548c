// Kata 02 — reading the log. Read README.md in this folder first.
// Every function gets an open, ready hypercore with JSON entries (kata 01's openLog).
import type Hypercore from 'hypercore'

export type Entry = unknown

/** Stops a follower: no more entries are delivered, and nothing more is read, after it resolves. */
export type Stop = () => Promise<void>

/**
 * Task 1: the entries from index `start` (included) to `end` (excluded), in order.
 */
export async function readRange (log: Hypercore, start: number, end: number): Promise<Entry[]> {
  // TODO(task 1): a read stream of the log, bounded to the range, yields exactly these: collect what it yields.
  throw new Error('readRange() is not implemented yet: collect the entries of a range, in order (kata 02, task 1)')
}

/**
 * Task 2: call `onEntry(entry, index)` for every entry from index `from` on, including the ones appended
 * later, until the returned `stop()` is called. If the log closes first, the follower just ends.
 */
export function follow (log: Hypercore, from: number, onEntry: (entry: Entry, index: number) => void): Stop {
  // TODO(task 2): use a live read stream; you count the indexes. stop() ends the stream itself, at once.
  throw new Error('follow() is not implemented yet: deliver every entry from `from` on, live, until stopped (kata 02, task 2)')
}

/**
 * Task 3: resolve once the log holds at least `length` entries (at once if it already does),
 * by listening to the log's 'append' event, not by polling. Reject if the log closes first (or is closed already):
 * then it will never grow.
 */
export function waitForLength (log: Hypercore, length: number): Promise<void> {
  // TODO(task 3): use the log's 'append' event, and its 'close' event as the way out; leave no listener behind.
  throw new Error('waitForLength() is not implemented yet: resolve when the log reaches `length` (kata 02, task 3)')
}

/**
 * Task 4: the entry at `index`, or `null` if it is not there within `ms` milliseconds.
 * A read of a missing entry waits (for a peer to send it); it must not wait forever.
 * `ms = 0` means do not wait at all: the entry if the log has it, else `null` at once.
 */
export async function readOrNull (log: Hypercore, index: number, ms: number): Promise<Entry | null> {
  // TODO(task 4): use the log's read by index, the read itself bounded in time; only running out of time means null.
  throw new Error('readOrNull() is not implemented yet: read one entry, waiting at most `ms`, null when time runs out (kata 02, task 4)')
}

/**
 * Task 5: run `read(snapshot)` on a snapshot of the log: a read-only view frozen at the current length that
 * decodes JSON like the log. Return what `read` returns, and close the snapshot afterwards, even if `read` throws;
 * resolve (or reject) only once the snapshot is closed.
 */
export async function withSnapshot<T> (log: Hypercore, read: (snapshot: Hypercore) => Promise<T>): Promise<T> {
  // TODO(task 5): use a snapshot of the log that reads JSON, and close it whatever happens (closing is async).
  throw new Error('withSnapshot() is not implemented yet: read from a frozen JSON snapshot, then always close it (kata 02, task 5)')
}
