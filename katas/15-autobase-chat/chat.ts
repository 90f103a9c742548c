// Kata 15 — the chat on Autobase. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 15` tells you which function is next.
// When the suite is green, `npm run chat -- --engine autobase` runs YOUR chat.
import type { EventEmitter } from 'node:events'
import type Hyperswarm from 'hyperswarm'

/** The channel a message goes to when none is given. */
export const DEFAULT_CHANNEL = 'default'

/**
 * What a valid entry may hold: longer texts, nicks and channels are hostile (or broken) and ignored.
 * `timestamp` is the last moment a Date can hold (8.64e15 ms, in the year 275760).
 * `members`: the most members a chat holds, the creator included (each is a writer Autobase keeps).
 */
export const LIMITS = { text: 4096, nick: 64, channel: 64, timestamp: 8.64e15, members: 256 } as const

/**
 * A valid entry, as a member appends it to its own writer core (JSON bytes). Nothing in it says who wrote
 * it: the writer core it is in says that. Extra fields are allowed, and left out of what parseEntry returns.
 * - message: `text` 1 to LIMITS.text characters; `channel` 1 to LIMITS.channel characters, no whitespace and
 *   no control character; `timestamp` a number from 0 to LIMITS.timestamp.
 * - nick: `name` 1 to LIMITS.nick characters, no control character.
 * - add, remove: `key` a writer key, 64 lower-case hex characters. An add's key is one a core could have: a
 *   writer key is a hash, so a weak key (a pattern no hash gives) is a member no one could ever be.
 */
export type Entry =
  | { type: 'message', channel: string, text: string, timestamp: number }
  | { type: 'nick', name: string }
  | { type: 'add', key: string }
  | { type: 'remove', key: string }

/** A chat message as history() and the 'message' event give it. */
export interface ChatMessage {
  /** Hex key of the writer core it was written to: who wrote it. */
  author: string
  /** Its position in the author's writer core. */
  seq: number
  /** Its position in the channel's history: the order every peer agrees on, from 0. */
  index: number
  channel: string
  text: string
  /** The author's wall clock when writing it, in ms: for display only, never for order. */
  timestamp: number
}

/** A nick change: `author` is now called `nick`. */
export interface NickChange {
  author: string
  nick: string
}

export interface ChatOptions {
  /** A directory: the chat's cores live here, and survive restarts. */
  storage: string
  /** The chat's key (64 hex characters) to join a chat; left out, a new chat is made, with you as its creator. */
  key?: string
  /** Our nickname: published unless it already is our nick (once we are a member, if we are not yet). */
  nick?: string
  /** The nick for a chat that has none of ours yet; a stored nick wins over it. */
  defaultNick?: string
  /** The swarm to find peers on (the tests give you a testnet one, the app a real one). Don't destroy it. */
  swarm: Hyperswarm
}

/** A peer we replicate with: its swarm key. (`author` stays unknown here: there is no peer-id extension.) */
export interface PeerInfo {
  key: string
  author?: string
}

/** One connection the swarm gives you in its 'connection' event. */
export type SwarmConnection = Hyperswarm.NoiseSecretStream

/** What one read of the view brought is told in this order: nicks, members, then messages (the app names each message's author as it hears it). */
export interface ChatEvents {
  /** A message entered the history (once per message, ours too, even if the order later moves it). */
  message: [message: ChatMessage]
  /** An author's nick changed. */
  nick: [change: NickChange]
  /** peers() changed (a peer came or went; a second connection to a listed peer changes nothing): the new list. */
  peers: [peers: string[]]
  /** Someone was added or removed (maybe us: see `writable`): the new members() list. */
  members: [members: string[]]
  /** The chat stopped for good (its storage failed under it, say): the error that stopped it. Calls reject from then on. */
  error: [err: Error]
}

export interface Chat extends EventEmitter<ChatEvents> {
  /** The chat key (hex): the creator's writer key. Whoever has it can read; only members can write. */
  readonly key: string
  /** The creator's writer key (hex): the first member, the only one who may remove members. */
  readonly creator: string
  /** Our own writer key (hex): what a member must add for us to write. The same as `author`. */
  readonly writerKey: string
  /** Our author key (hex), as in kata 12: the same as `writerKey`. */
  readonly author: string
  /** Whether we are a member now (our entries are accepted). */
  readonly writable: boolean
  /**
   * Writes a message; resolves with it once history() shows it. Rejects at once, saying why, if we are not a
   * member or the entry is not valid (apply would drop it): for a control character, as in kata 12, the error
   * says where (a message) and which (as U+001B).
   */
  send (text: string, channel?: string): Promise<ChatMessage>
  /**
   * Writes a nick; resolves once its own entry is applied (nickOf(author) then shows it, unless a later nick
   * replaced it already). Rejects as send does (a control character: in a nick).
   */
  setNick (name: string): Promise<void>
  /** The latest nick an author gave themselves; undefined if none. */
  nickOf (author: string): string | undefined
  /** The channel's messages (default: DEFAULT_CHANNEL) in the order every peer agrees on, each with its index. A copy. */
  history (channel?: string): ChatMessage[]
  /** Every channel that has messages, sorted. */
  channels (): string[]
  /** The writer keys (hex) of the members now, sorted. */
  members (): string[]
  /**
   * Adds a member by writer key (64 hex characters, either case, or rejects saying so; a weak key too, saying
   * so; and a chat that is full, holding LIMITS.members, saying so); resolves once members() shows it, rejects
   * if apply ignored the add. Members may add; a member writes, only the creator indexes.
   */
  addMember (key: string): Promise<void>
  /** Removes a member; resolves once members() no longer shows it. Only the creator may, and not itself. */
  removeMember (key: string): Promise<void>
  /** The swarm public keys (hex) of the peers we replicate with right now, each once. */
  peers (): string[]
  /** The same peers as PeerInfo. */
  peerInfo (): PeerInfo[]
  /**
   * Undoes everything the chat started (on the swarm, on its connections, in its storage); the swarm itself
   * keeps running (it is not ours). A call still pending settles; every call after it rejects ("closed").
   */
  close (): Promise<void>
}

/**
 * Task 1: the value of one node, as a valid Entry, or null for anything else (not JSON, wrong shape,
 * over LIMITS, a control character, a key that is not 64 hex characters…). Never throws.
 */
export function parseEntry (bytes: Uint8Array): Entry | null {
  // TODO(task 1): what Entry and LIMITS above allow; anything else is null.
  throw new Error('parseEntry() is not implemented yet: validate one node\'s value (kata 15, task 1)')
}

/**
 * Tasks 2–7: open (or make) the chat in `storage`, apply its nodes into a Hyperbee view, keep its
 * membership, replicate it with everyone on the swarm.
 */
export async function createChat (opts: ChatOptions): Promise<Chat> {
  // TODO(tasks 2–7): the lesson's Tasks, one at a time; the red messages say which is next.
  throw new Error('createChat() is not implemented yet: open the chat on Autobase (kata 15, task 2)')
}
