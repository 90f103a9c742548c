// Kata 08 — multifeed. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 08` tells you which function is next.
// multifeed runs on hypercore 9: its calls take callbacks; your functions return Promises.
import multifeed from 'multifeed'
import type Hyperswarm from 'hyperswarm'

/** A set of feeds, one local writer each, stored together and replicated as a whole. */
export type Multifeed = multifeed.Multifeed
/** A hypercore 9 feed (callback API), as multifeed hands them out. */
export type Feed = multifeed.Hypercore9Feed

/** One feed of a multifeed, as listFeeds() describes it. */
export interface FeedInfo {
  /** The feed's public key, in hex. */
  key: string
  /** The feed's length: how many entries it has, as far as this multifeed knows, downloaded or not. */
  length: number
  /** True for our own local writer, false for feeds that came from peers. */
  writable: boolean
}

/**
 * Task 1: open (or create) a multifeed in `dir` with JSON entries and resolve once it is ready.
 * With `roomSecret` (task 6), only peers that know the same secret can replicate with it.
 */
export async function openMultifeed (dir: string, roomSecret?: Buffer): Promise<Multifeed> {
  // TODO(task 1): a multifeed of JSON entries in dir, ready before you resolve.
  // TODO(task 6): the room secret is what lets a peer replicate with this one.
  throw new Error('openMultifeed() is not implemented yet: open a multifeed of JSON entries and wait until it is ready (kata 08, task 1)')
}

/**
 * Task 1: close the multifeed and every feed of it; resolve once they are closed.
 */
export function closeMultifeed (multi: Multifeed): Promise<void> {
  // TODO(task 1): resolve once everything is closed.
  throw new Error('closeMultifeed() is not implemented yet: close the multifeed and its feeds (kata 08, task 1)')
}

/**
 * Task 2: this peer's one local writable feed: created the first time, the same feed every time after
 * (and after reopening). Rejects when multifeed cannot give it.
 */
export function localWriter (multi: Multifeed): Promise<Feed> {
  // TODO(task 2): a writer found by its name, so it is the same one every time; each multifeed has its own.
  throw new Error('localWriter() is not implemented yet: give this peer\'s one writable feed (kata 08, task 2)')
}

/**
 * Task 2: append one entry to `feed`; resolve with that entry's sequence number (0 for the first entry),
 * reject when the feed refuses it.
 */
export function appendEntry (feed: Feed, entry: unknown): Promise<number> {
  // TODO(task 2): a callback turned into a Promise, its error included.
  throw new Error('appendEntry() is not implemented yet: append one entry and resolve with its sequence number (kata 08, task 2)')
}

/**
 * Task 3: describe every feed this multifeed holds, local and remote.
 */
export function listFeeds (multi: Multifeed): FeedInfo[] {
  // TODO(task 3): every feed the multifeed holds, yours and the copies.
  throw new Error('listFeeds() is not implemented yet: describe every feed of the multifeed (kata 08, task 3)')
}

/**
 * Task 3: every entry of `feed`, in order; reject when a read fails.
 */
export function readFeed (feed: Feed): Promise<unknown[]> {
  // TODO(task 3): entries 0 to length - 1; an empty feed has nothing to read.
  throw new Error('readFeed() is not implemented yet: read every entry of the feed (kata 08, task 3)')
}

/**
 * Task 4: replicate two multifeeds in this process over a piped stream, once (not live).
 * Resolve when both streams have ended (they are in sync); reject if either stream errors.
 */
export function syncStreams (a: Multifeed, b: Multifeed): Promise<void> {
  // TODO(task 4): one replication stream per side, connected both ways; exactly one side initiates; this
  // call's bookkeeping belongs to this call.
  throw new Error('syncStreams() is not implemented yet: replicate two multifeeds once, over streams piped together (kata 08, task 4)')
}

/**
 * Task 5: replicate `multi`, live, over every connection `swarm` makes, and join `topic`.
 * Resolve once the topic is announced.
 */
export async function joinSwarm (multi: Multifeed, swarm: Hyperswarm, topic: Buffer): Promise<void> {
  // TODO(task 5): replicate live on every connection, the initiator taken from the connection; a
  // connection or replication stream that fails must not crash the process; resolve once the topic is announced.
  throw new Error('joinSwarm() is not implemented yet: replicate live over every connection the swarm makes (kata 08, task 5)')
}
