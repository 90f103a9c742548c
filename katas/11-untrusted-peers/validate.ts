// Kata 11 — untrusted peers. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 11` tells you which function is next.
import type kappa from 'kappa-core'
// zod 4 is installed for your schemas: https://zod.dev

/** A chat message, as an honest peer writes it (kata 10's clock is optional here). */
export interface ChatMessage {
  type: 'chat/text'
  content: {
    /** The channel's name: never empty, and bounded in length (LIMITS). */
    channel: string
    /** May be empty; bounded in length (LIMITS). */
    text: string
  }
  /** Wall-clock ms, from 0 to LIMITS.maxTimestamp; fractions allowed (cabal-core adds some). */
  timestamp: number
  /** Kata 10's Lamport clock, or absent: a whole number from 0 to LIMITS.maxClock. */
  clock?: number
}

/** "Call me <name>". Its timestamp and clock are as a chat message's. */
export interface AboutMessage {
  type: 'about'
  content: {
    /** Never empty, bounded in length (LIMITS). */
    name: string
    /** Absent, or whose name this is: a key, written as its toString('hex') writes it. */
    key?: string
  }
  timestamp: number
  clock?: number
}

export type Message = ChatMessage | AboutMessage

/** One entry of one feed, as a view's map receives it. From a 'binary' multifeed, `value` is a Buffer (any Uint8Array is bytes too). */
export interface Entry<T = unknown> {
  key: string
  seq: number
  value: T
}

export type Kappa = kappa.Kappa

/** A kappa-core view (as in kata 09): api functions get the core first, then the caller's arguments. */
export interface View<Api> {
  map (entries: Array<Entry<unknown>>, next: (err?: Error | null) => void): void
  api: { [name in keyof Api]: Api[name] extends (...args: infer A) => infer R ? (core: Kappa, ...args: A) => R : never }
}

/**
 * The bounds of an acceptable entry: its size in bytes (the whole entry), a string field's length in characters
 * (Unicode code points, as zod counts them, so that every peer counts alike: an emoji is one), the clock's
 * range, the timestamp's (maxTimestamp is the last moment a Date can hold, in the year 275760).
 */
export const LIMITS = {
  maxEntryBytes: 4096,
  maxText: 1000,
  maxName: 64,
  maxChannel: 64,
  maxClock: 2 ** 32,
  maxTimestamp: 8.64e15
} as const

/**
 * Why an entry was rejected:
 *  - 'not-json': not UTF-8 bytes (nor a string) of JSON text
 *  - 'too-large': over a size limit (a number out of its range is not a size)
 *  - 'malformed': JSON, but not the shape of a message
 *  - 'unknown-type': a message type this chat does not know (it may be a newer client's)
 *  - 'absurd-clock': a `clock` that is there but is not a whole number from 0 to LIMITS.maxClock
 *  - 'impersonation': an about message naming someone else's key
 * An entry that breaks several rules gets one reason, the same on every peer: the cheapest check it fails
 * decides (the red messages say which check wins).
 */
export type Reason = 'not-json' | 'malformed' | 'too-large' | 'unknown-type' | 'impersonation' | 'absurd-clock'

/** validateEntry's answer: the parsed message, or the reason it was rejected. */
export type Verdict = { ok: true, message: Message } | { ok: false, reason: Reason }

export interface SafeChatApi {
  /**
   * The accepted chat messages of `channel`, as parsed by validateEntry, in any order: a copy, which the
   * caller may change (the list or a message in it) without changing the view.
   */
  messages (channel: string): Array<Entry<ChatMessage>>
  /** The author's latest accepted nickname (highest seq), or null. */
  nickname (authorKey: string): string | null
  /** How many entries were rejected, by reason (reasons with no rejection may be absent): a copy. */
  rejected (): Partial<Record<Reason, number>>
}

/**
 * Task 1: decide whether an entry from `author`'s feed (hex key) is acceptable. `value` is whatever the feed
 * holds: bytes (UTF-8), usually. Accepted: the message, holding only the fields its type declares. Refused:
 * one reason, the same on every peer, even for an entry that breaks several rules. Never throws.
 */
export function validateEntry (value: unknown, author: string): Verdict {
  // TODO(task 1): from untrusted bytes to a message of your own type, or a reason.
  throw new Error('validateEntry() is not implemented yet: parse and check one untrusted entry (kata 11, task 1)')
}

/**
 * Task 2: a view that keeps only valid entries (chat messages per channel, the latest nickname per author),
 * counts everything else by reason, and never throws. Each batch is indexed whole, then next() is called once.
 */
export function safeChatView (): View<SafeChatApi> {
  // TODO(task 2): every entry goes through task 1; what it accepts becomes state, what it rejects is counted.
  throw new Error('safeChatView() is not implemented yet: index only what validateEntry accepts (kata 11, task 2)')
}
