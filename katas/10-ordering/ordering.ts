// Kata 10 — ordering across writers. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 10` tells you which function is next.
import type kappa from 'kappa-core'

/** A chat message, as Cabal writes it, plus a logical clock. */
export interface ChatMessage {
  type: 'chat/text'
  content: { channel: string, text: string }
  /** Wall-clock time in ms when it was written: the author's clock, which may be wrong. */
  timestamp: number
  /** Lamport clock: higher than the clock of every entry its author had seen when writing it. */
  clock: number
}

export interface AboutMessage {
  type: 'about'
  content: { name: string }
  timestamp: number
  clock?: number
}

export type Message = ChatMessage | AboutMessage

/** One entry of one feed, as a view's map receives it. */
export interface Entry<T = unknown> {
  /** The feed's (the author's) public key, in hex. */
  key: string
  /** The entry's position in that feed. */
  seq: number
  value: T
}

export type Kappa = kappa.Kappa

/** A kappa-core view (as in kata 09): api functions get the core first, then the caller's arguments. */
export interface View<Api> {
  map (entries: Array<Entry<Message>>, next: (err?: Error | null) => void): void
  api: { [name in keyof Api]: Api[name] extends (...args: infer A) => infer R ? (core: Kappa, ...args: A) => R : never }
}

export interface TimelineApi {
  /** Every chat message of `channel` indexed so far, in the total order of compareEntries (a copy). */
  messages (channel: string): Array<Entry<ChatMessage>>
  /** The highest `clock` of any entry indexed so far (0 if none). */
  highestClock (): number
}

/** The name the tests (and post) register your view under: core.use(TIMELINE, timelineView()). */
export const TIMELINE = 'timeline'

/**
 * Task 1: the total order every peer computes from the two entries alone (see the lesson). Negative if `a`
 * comes first, positive if `b` does.
 */
export function compareEntries (a: Entry<ChatMessage>, b: Entry<ChatMessage>): number {
  // TODO(task 1): one order every peer computes the same way from the two entries alone.
  throw new Error('compareEntries() is not implemented yet: one order every peer agrees on (kata 10, task 1)')
}

/**
 * Task 2: a view of every chat message, per channel, in the total order, and of the highest clock of any entry
 * it indexed (chat or not). Each call makes a new view with its own state: one per core.
 */
export function timelineView (): View<TimelineApi> {
  // TODO(task 2): what the view remembers, how each batch changes it, and what the two queries answer.
  throw new Error('timelineView() is not implemented yet: each channel in the total order (kata 10, task 2)')
}

/**
 * Task 3: write a chat message with a Lamport clock to this core's own feed (the writer named 'local'), its
 * clock after everything the core has seen. `opts.timestamp` (now when left out; 0 is a timestamp too) lets
 * the tests play with a wrong wall clock. Resolves with the new entry as a view sees it: the author's feed
 * key (hex), the entry's seq in that feed, and the message; rejects if the write failed.
 */
export async function post (core: Kappa, channel: string, text: string, opts: { timestamp?: number } = {}): Promise<Entry<ChatMessage>> {
  // TODO(task 3): the clock must count everything this core has seen, its own posts too, even posts started at once;
  // a post that fails must not stop the ones after it.
  throw new Error('post() is not implemented yet: append a message with a Lamport clock (kata 10, task 3)')
}
