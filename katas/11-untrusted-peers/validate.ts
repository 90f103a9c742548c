// Kata 11 — untrusted peers. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 11` tells you which function is next.
import type kappa from 'kappa-core'
// zod 4 is installed for your schemas: the lesson shows what it gives you.

/** The messages an honest peer writes (kata 10's clock is optional here). */
export interface ChatMessage {
  type: 'chat/text'
  content: { channel: string, text: string }
  timestamp: number
  clock?: number
}

/** "Call me <name>". `key`, if present, says whose name this is: it must be the author's own key. */
export interface AboutMessage {
  type: 'about'
  content: { name: string, key?: string }
  timestamp: number
  clock?: number
}

export type Message = ChatMessage | AboutMessage

/** One entry of one feed, as a view's map receives it. From a 'binary' multifeed, `value` is a Buffer. */
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
 * What an acceptable entry may be: sizes in bytes (whole entry) or characters (strings), clock at most
 * maxClock, timestamp at most maxTimestamp (the last moment a Date can hold, in the year 275760).
 */
export const LIMITS = {
  maxEntryBytes: 4096,
  maxText: 1000,
  maxName: 64,
  maxChannel: 64,
  maxClock: 2 ** 32,
  maxTimestamp: 8.64e15
} as const

/** Why an entry was rejected. */
export type Reason = 'not-json' | 'malformed' | 'too-large' | 'unknown-type' | 'impersonation' | 'absurd-clock'

/** validateEntry's answer: the parsed message, or the reason it was rejected. */
export type Verdict = { ok: true, message: Message } | { ok: false, reason: Reason }

export interface SafeChatApi {
  /** The accepted chat messages of `channel`, as parsed by validateEntry (a copy, in any order). */
  messages (channel: string): Array<Entry<ChatMessage>>
  /** The author's latest accepted nickname (highest seq), or null (for any other key, 'toString' too). */
  nickname (authorKey: string): string | null
  /** How many entries were rejected, by reason (reasons with no rejection may be absent): a copy. */
  rejected (): Partial<Record<Reason, number>>
}

/**
 * Task 1: decide whether an entry from `author`'s feed (hex key) is acceptable. `value` is whatever the feed
 * holds: bytes, usually. Check in this order, the first failing check gives the reason:
 *  - not a string or bytes                                       → 'not-json'
 *  - more than LIMITS.maxEntryBytes bytes (check before parsing) → 'too-large'   (bytes, for a string too;
 *                                                                  exactly maxEntryBytes is fine)
 *  - not valid JSON                                              → 'not-json'
 *  - not an object with a string `type`                          → 'malformed'
 *  - a type other than 'chat/text' and 'about'                   → 'unknown-type'
 *  - does not fit its type's schema: a bad `clock`               → 'absurd-clock'
 *                                    a string over its limit     → 'too-large'
 *                                    anything else               → 'malformed'   (a bad timestamp too)
 *  - an about message whose content.key is not `author`          → 'impersonation'
 * Bytes are UTF-8. A content.key is 64 lowercase hex digits (anything else is malformed). An entry that breaks
 * several rules gets the reason of the first check it fails. Fields the schemas don't know are accepted, and
 * left out of the message. Never throws.
 */
export function validateEntry (value: unknown, author: string): Verdict {
  // TODO(task 1): the checks above, in that order, each returning its verdict as soon as it fails.
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
