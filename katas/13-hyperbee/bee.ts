// Kata 13 — Hyperbee: a sorted index on a log. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 13` tells you which function is next.
import Hyperbee from 'hyperbee'
import Hypercore from 'hypercore'

/** What the plain log holds (a JSON hypercore): chat messages, and retractions of earlier ones. */
export interface ChatEntry { type: 'chat', channel: string, text: string }
/** "Take back message `logSeq` of `channel`": the message at that seq of the same log. */
export interface RetractEntry { type: 'retract', channel: string, logSeq: number }
export type LogEntry = ChatEntry | RetractEntry

/** A message as the index keeps it: its seq in the plain log, its channel, its text. */
export interface ChannelMessage { logSeq: number, channel: string, text: string }

/** The index: a bee with string keys and JSON values. */
export type Bee = Hyperbee<string, unknown>
/** One channel of the index: messageKey(logSeq) → ChannelMessage. */
export type Channel = Hyperbee<string, ChannelMessage>

/** Which messages of a channel: log seqs strictly after / before, newest first, at most `limit`. */
export interface HistoryRange { after?: number, before?: number, newest?: boolean, limit?: number }

/** One key of a channel that differs between two versions: its entry then (before) and now (after). */
export interface Change { key: string, before: ChannelMessage | null, after: ChannelMessage | null }

/** Task 1: a bee in `core` whose keys are strings and whose values are JSON; resolve once it is ready. */
export async function openBee (core: Hypercore): Promise<Bee> {
  // TODO(task 1): the encodings are the bee's, not the core's.
  throw new Error('openBee() is not implemented yet: a bee in this core, string keys and JSON values (kata 13, task 1)')
}

/**
 * Task 1: the key of the message at `logSeq` in a channel. A bee keeps its keys sorted by their bytes:
 * these keys must sort like the numbers do, for every seq from 0 to Number.MAX_SAFE_INTEGER. Anything
 * else (negative, fractional, too large) is a RangeError.
 */
export function messageKey (logSeq: number): string {
  // TODO(task 1): think of how '9' and '10' compare as bytes.
  throw new Error('messageKey() is not implemented yet: a string key that sorts like the log seq (kata 13, task 1)')
}

/** Task 2: the channel `name` of the index: its own keyspace inside the bee, in the same core. */
export function channel (bee: Bee, name: string): Channel {
  // TODO(task 2): a part of the bee whose keys all start with the channel's name.
  throw new Error('channel() is not implemented yet: the part of the bee that holds one channel (kata 13, task 2)')
}

/** Task 2: the messages of channel `name` in `range`, oldest first (newest first if asked). */
export async function history (bee: Bee, name: string, range: HistoryRange = {}): Promise<ChannelMessage[]> {
  // TODO(task 2): let the bee do the range, the order and the limit: read only what you return.
  throw new Error('history() is not implemented yet: a range of one channel\'s messages (kata 13, task 2)')
}

/**
 * Task 3: index the plain `log` into the bee, like a kappa view: every chat message into its channel
 * under messageKey(its seq in the log); a retraction deletes the message it names in its own channel;
 * entries of any other type, and malformed ones (not even UTF-8), are skipped (the log is peer data). Only the
 * entries not gone through before: the bee itself remembers how far it got. All of one call's writes become
 * visible at once; a call with nothing new writes nothing. Resolves with how many log entries this call went
 * through, skipped ones too.
 */
export async function indexLog (log: Hypercore, bee: Bee): Promise<number> {
  // TODO(task 3): where does the view keep its position, and what must be written together with it?
  throw new Error('indexLog() is not implemented yet: fold the new log entries into the bee (kata 13, task 3)')
}

/** Task 4: what changed in channel `name` between version `since` of the bee and now, sorted by key. It leaves
 * nothing open behind it. */
export async function changes (bee: Bee, name: string, since: number): Promise<Change[]> {
  // TODO(task 4): compare two versions of the channel, not of the whole bee.
  throw new Error('changes() is not implemented yet: what a channel gained and lost since a version (kata 13, task 4)')
}

/**
 * Task 5: a read-only bee on a copy of the index with this `key`, stored in `dir`, that downloads only
 * the blocks its reads need. Resolve once it is ready (the test replicates it and updates it).
 */
export async function openReplica (dir: string, key: Buffer): Promise<Bee> {
  // TODO(task 5): a copy of somebody else's core, and the same view of its bytes as the writer's.
  throw new Error('openReplica() is not implemented yet: a sparse, read-only copy of the index (kata 13, task 5)')
}
