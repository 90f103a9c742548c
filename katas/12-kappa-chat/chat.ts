// Kata 12 — the kappa chat. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 12` tells you which function is next.
// When the suite is green, `npm run chat` runs YOUR chat: talk to friends, and to Cabal.
import type { EventEmitter } from 'node:events'
import type Hyperswarm from 'hyperswarm'

/** The channel a message goes to when none is given (Cabal's default channel too). */
export const DEFAULT_CHANNEL = 'default'

/**
 * What a valid entry may hold: longer texts, nicks and channels are hostile (or broken) and ignored.
 * `timestamp` is the last moment a Date can hold (8.64e15 ms, in the year 275760). `skew`: how far ahead of
 * the reader's clock an entry without a clock may be stamped before it waits for its time (ms).
 */
export const LIMITS = { text: 4096, nick: 64, channel: 64, clock: 2 ** 32, timestamp: 8.64e15, skew: 60000 } as const

/** A chat message as history() and the 'message' event give it. */
export interface ChatMessage {
  /** Hex key of the feed it was written to: who wrote it (nicks can lie, feed keys cannot). */
  author: string
  /** Its position in the author's feed. */
  seq: number
  /**
   * Its logical clock: the entry's `clock` as far as the entries show it can be believed, or, for an entry
   * without one (Cabal's), a clock that sorts it after every entry stamped earlier that does not itself come
   * after it (and no further). The same on every peer.
   */
  clock: number
  channel: string
  text: string
  /** The author's wall clock when writing it, in ms: for display, and to break ties of clocks. */
  timestamp: number
}

/** A nick change: `author` is now called `nick`. */
export interface NickChange {
  author: string
  nick: string
}

/** The entry an entry follows: a feed key (64 hex characters) and a seq in that feed. */
export interface EntryRef {
  key: string
  seq: number
}

/**
 * A valid entry of the wire format Cabal uses: JSON blocks in every feed. Extra fields are allowed
 * (this chat adds `clock`, a Lamport clock, and `after`, the entry that clock follows; Cabal doesn't).
 */
export type Entry =
  | { type: 'chat/text', content: { channel: string, text: string }, timestamp: number, clock?: number, after?: EntryRef }
  | { type: 'about', content: { name: string }, timestamp: number, clock?: number, after?: EntryRef }

export interface ChatOptions {
  /** A directory: the chat's feeds live here, and survive restarts. (Or, as multifeed takes it, a storage per file.) */
  storage: string | ((name: string) => import('multifeed').RandomAccessStorage)
  /** The chat's key: 64 hex characters (a Cabal key without its "cabal://"). Whoever has it can join. */
  key: string
  /** Our nickname: published as an `about` entry unless it already is our nick. */
  nick?: string
  /** The nick for a chat that has none of ours yet (a new storage); a stored nick wins over it. */
  defaultNick?: string
  /** The swarm to find peers on (the tests give you a testnet one, the app a real one). Don't destroy it. */
  swarm: Hyperswarm
}

/**
 * One connection the swarm gives you in its 'connection' event: an end-to-end encrypted duplex stream
 * to one peer. `isInitiator` says which side dialled, `remotePublicKey` who the peer is (its swarm key).
 */
export type SwarmConnection = Hyperswarm.NoiseSecretStream

/** A peer we replicate with: its swarm key, and (once its 'peer-id' extension message came) its feed key. */
export interface PeerInfo {
  /** The peer's swarm public key (hex), as in peers(). */
  key: string
  /** Its local feed key (hex), as Cabal's 'peer-id' extension sends it: its author key. */
  author?: string
}

export interface ChatEvents {
  /** A valid chat/text entry was indexed (ours, or a peer's). */
  message: [message: ChatMessage]
  /** An author's nick changed. */
  nick: [change: NickChange]
  /** We connected to or lost a peer, or a peer told us its feed key (peerInfo() changed): the new peers() list. */
  peers: [peers: string[]]
  error: [err: Error]
}

export interface Chat extends EventEmitter<ChatEvents> {
  /** The chat key (hex). */
  readonly key: string
  /** Our own feed's key (hex): our author key. */
  readonly author: string
  /**
   * Writes a chat/text entry; resolves with that message once history() shows it. Rejects, writing nothing,
   * a text with any control character (a newline too) and an entry parseEntry would drop.
   */
  send (text: string, channel?: string): Promise<ChatMessage>
  /** Writes an about entry; resolves once nickOf(author) shows it. Rejects, writing nothing, what send() would. */
  setNick (name: string): Promise<void>
  /** The latest nick an author gave themselves, in their own feed; undefined if none. */
  nickOf (author: string): string | undefined
  /** The channel's messages (default: DEFAULT_CHANNEL), sorted by compareMessages: the same on every peer. A copy, the caller's to change. */
  history (channel?: string): ChatMessage[]
  /** Every channel that has messages. */
  channels (): string[]
  /** The swarm public keys (hex) of the peers we replicate with right now, each once. */
  peers (): string[]
  /** The same peers with what they told us about themselves: a Cabal client's (or chat's) feed key. */
  peerInfo (): PeerInfo[]
  /** Lets go of the network (the topic, our connections), then closes the feeds; the swarm stays: it is not ours. */
  close (): Promise<void>
}

/**
 * Task 1: the swarm topic of a chat: hypercore's discovery key of the 32-byte chat key.
 */
export function chatTopic (key: Uint8Array): Buffer {
  // TODO(task 1): the topic Cabal joins for the same key; the key itself must never be announced.
  throw new Error('chatTopic() is not implemented yet: the discovery key of the chat key (kata 12, task 1)')
}

/**
 * Task 2: the bytes of one block, as a valid Entry, or null for anything else (not JSON, wrong shape,
 * over LIMITS, a bad clock or `after`, a control character in a nick or channel, whitespace in a channel…).
 * A text may hold control characters: what peers write is kept, and a display cleans it. Unlike kata 11,
 * an empty text is refused too: the chat never sends one.
 */
export function parseEntry (bytes: Uint8Array): Entry | null {
  // TODO(task 2): the shape of Entry, within LIMITS; anything else, or bytes that are not JSON, is null. Never throws.
  throw new Error('parseEntry() is not implemented yet: validate one block of a feed (kata 12, task 2)')
}

/**
 * Task 3: the total order of a history: by clock, then timestamp, then author, then seq.
 */
export function compareMessages (a: ChatMessage, b: ChatMessage): number {
  // TODO(task 3): a comparator for Array.prototype.sort that every peer computes the same way.
  throw new Error('compareMessages() is not implemented yet: order by (clock, timestamp, author, seq) (kata 12, task 3)')
}

/**
 * Tasks 4–7: open the chat in `storage`, index it, replicate it with everyone on the swarm.
 * Resolves once everything already stored is in history() and the nick is set. Rejects a key that is not
 * 64 hex characters (with an error about the key), and a storage it cannot open.
 */
export async function createChat (opts: ChatOptions): Promise<Chat> {
  // TODO(task 4): the chat's feeds, and a view that keeps only valid entries: clocks (and the timestamps of entries
  //               without one) only as far as they can be checked (the same on every peer, whatever order the
  //               feeds arrive in), each channel's history in compareMessages order, each author's nick; and the events.
  // TODO(task 5): send() / setNick(): a new entry in our own feed, after everything we have seen, in a way every
  //               peer can check, its timestamp keeping task 5's promises; checked before it is written. Resolve
  //               once the view shows it.
  // TODO(task 6): meet every peer of the chat on the swarm and replicate with each, live, telling Cabal who we
  //               are; look for peers again soon, then less and less often.
  // TODO(task 7): close(): undo everything the chat started, on the network first, then the feeds.
  throw new Error('createChat() is not implemented yet: open, index and replicate the chat (kata 12, task 4)')
}
