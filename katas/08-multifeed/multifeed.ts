// Kata 08 — multifeed. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 08` tells you which function is next.
// multifeed runs on hypercore 9: every call takes a callback. Wrap each one in a Promise.
import multifeed from 'multifeed'
import type Hyperswarm from 'hyperswarm'

/** A set of feeds, one local writer each, stored together and replicated as a whole. */
export type Multifeed = multifeed.Multifeed
/** A hypercore 9 feed (callback API), as multifeed hands them out. */
export type Feed = multifeed.Hypercore9Feed

/** One feed of a multifeed, as listFeeds() describes it. */
export interface FeedInfo {
  /** The feed's public key, 64 hex characters. */
  key: string
  /** How many entries this multifeed holds of it. */
  length: number
  /** True for our own local writer, false for feeds that came from peers. */
  writable: boolean
}

/**
 * Task 1: open (or create) a multifeed in `dir` with JSON entries and resolve once it is ready.
 * With `roomSecret` (task 6), only peers that know the same secret can replicate with it.
 */
export async function openMultifeed (dir: string, roomSecret?: Buffer): Promise<Multifeed> {
  // TODO(task 1): multifeed(dir, { valueEncoding: 'json' }), then resolve inside multi.ready(cb).
  // TODO(task 6): pass roomSecret as the encryptionKey option.
  throw new Error('openMultifeed() is not implemented yet: create a multifeed and wait for ready (kata 08, task 1)')
}

/**
 * Task 1: close every feed of the multifeed.
 */
export function closeMultifeed (multi: Multifeed): Promise<void> {
  // TODO(task 1): multi.close(cb), rejecting if cb gets an error.
  throw new Error('closeMultifeed() is not implemented yet: wrap multi.close(cb) (kata 08, task 1)')
}

/**
 * Task 2: this peer's one local writable feed: created the first time, the same feed every time after.
 */
export function localWriter (multi: Multifeed): Promise<Feed> {
  // TODO(task 2): multi.writer('local', (err, feed) => …)
  throw new Error('localWriter() is not implemented yet: get the writer named "local" (kata 08, task 2)')
}

/**
 * Task 2: append one entry to `feed`; resolve with its sequence number (0 for the first entry).
 */
export function appendEntry (feed: Feed, entry: unknown): Promise<number> {
  // TODO(task 2): feed.append(entry, (err, seq) => …)
  throw new Error('appendEntry() is not implemented yet: wrap feed.append(entry, cb) (kata 08, task 2)')
}

/**
 * Task 3: describe every feed this multifeed holds, local and remote.
 */
export function listFeeds (multi: Multifeed): FeedInfo[] {
  // TODO(task 3): multi.feeds().map(…)
  throw new Error('listFeeds() is not implemented yet: describe multi.feeds() (kata 08, task 3)')
}

/**
 * Task 3: every entry of `feed`, in order.
 */
export function readFeed (feed: Feed): Promise<unknown[]> {
  // TODO(task 3): feed.getBatch(0, feed.length, cb) (an empty feed has nothing to read).
  throw new Error('readFeed() is not implemented yet: read entries 0..length-1 (kata 08, task 3)')
}

/**
 * Task 4: replicate two multifeeds in this process over a piped stream, once (not live).
 * Resolve when both streams have ended (they are in sync); reject if either stream errors.
 */
export function syncStreams (a: Multifeed, b: Multifeed): Promise<void> {
  // TODO(task 4): a.replicate(true) piped both ways with b.replicate(false); wait for 'end' on both.
  throw new Error('syncStreams() is not implemented yet: pipe two replication streams together (kata 08, task 4)')
}

/**
 * Task 5: replicate `multi`, live, over every connection `swarm` makes, and join `topic`.
 * Resolve once the topic is announced.
 */
export async function joinSwarm (multi: Multifeed, swarm: Hyperswarm, topic: Buffer): Promise<void> {
  // TODO(task 5): on 'connection': multi.replicate(conn.isInitiator, { live: true }), conn.pipe(r).pipe(conn),
  // handle errors on both; then await swarm.join(topic).flushed().
  throw new Error('joinSwarm() is not implemented yet: replicate over each swarm connection (kata 08, task 5)')
}
