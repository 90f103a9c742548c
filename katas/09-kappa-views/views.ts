// Kata 09 — kappa views. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 09` tells you which function is next.
import kappa from 'kappa-core'
import multifeed from 'multifeed'

/** A chat message, as Cabal writes it. */
export interface ChatMessage {
  type: 'chat/text'
  content: { channel: string, text: string }
  timestamp: number
}

/** "Call me <name>": the author's nickname. */
export interface AboutMessage {
  type: 'about'
  content: { name: string }
  timestamp: number
}

export type Message = ChatMessage | AboutMessage

/** What a view's map receives: one entry of one feed. */
export interface Entry<T = unknown> {
  /** The feed's (the author's) public key, in hex. */
  key: string
  /** The entry's position in that feed: 0, 1, 2… */
  seq: number
  /** The decoded entry. */
  value: T
}

export type Kappa = ReturnType<typeof kappa>
export type Multifeed = ReturnType<typeof multifeed>

/** A peer: its feeds, the views over them, and a way to close it. */
export interface Peer {
  kappa: Kappa
  multifeed: Multifeed
  close (): Promise<void>
}

/**
 * A view, as kappa-core takes it. `map` folds a batch of entries into the view's state and calls `next()`
 * when it is done with them; each `api` function gets the kappa core first, then the caller's arguments
 * (`kappa.api.counter.count()` calls `api.count(core)`). The three state hooks are optional (see the
 * multifeed-index README): without them, the indexer keeps its position in memory.
 */
export interface View<Api> {
  map (entries: Array<Entry<Message>>, next: (err?: Error | null) => void): void
  api: { [name in keyof Api]: Api[name] extends (...args: infer A) => infer R ? (core: Kappa, ...args: A) => R : never }
  storeState? (state: Buffer, cb: (err?: Error | null) => void): void
  fetchState? (cb: (err: Error | null, state?: Buffer | null) => void): void
  clearIndex? (cb: (err?: Error | null) => void): void
}

/** A view's api answers from the view's state right away; call `indexed(peer)` first to be up to date. */
export interface CounterApi {
  count (): number
}

export interface NicknameApi {
  /** The author's latest nickname, or null if they never set one. */
  get (authorKey: string): string | null
  /** Every author key that has a nickname, mapped to it. */
  all (): Record<string, string>
}

/**
 * Task 1: a peer whose feeds live in `dir` and hold JSON entries, replicating only with peers that know
 * `encryptionKey`, with kappa views over those very feeds; resolves once it is ready to use. `close()`
 * releases everything the peer opened.
 */
export async function openPeer (dir: string, encryptionKey: Buffer): Promise<Peer> {
  throw new Error('openPeer() is not implemented yet: a peer with its feeds in dir and views over them, closable (kata 09, task 1)')
}

/**
 * Task 1: write `message` to this peer's own feed (the writer named 'local', the same feed every time);
 * resolve with that feed's key (hex) and the entry's seq, or reject if the write failed.
 */
export async function publish (peer: Peer, message: Message): Promise<{ key: string, seq: number }> {
  throw new Error('publish() is not implemented yet: write a message to this peer\'s own feed (kata 09, task 1)')
}

/**
 * Task 2: resolve once every view of this peer has indexed every entry the peer holds.
 */
export async function indexed (peer: Peer): Promise<void> {
  throw new Error('indexed() is not implemented yet: wait until the views have caught up (kata 09, task 2)')
}

/**
 * Task 2: a view that counts the entries it has indexed.
 */
export function counterView (): View<CounterApi> {
  throw new Error('counterView() is not implemented yet: a view that counts entries (kata 09, task 2)')
}

/**
 * Task 3: a key-value view: author key → the nickname of their latest `about` message. The result must not
 * depend on the order the entries arrive in.
 */
export function nicknameView (): View<NicknameApi> {
  throw new Error('nicknameView() is not implemented yet: a view of each author\'s latest nickname (kata 09, task 3)')
}

/**
 * Task 4: a counter whose count survives restarts, kept in `file` together with the indexer's position. Same
 * version after a restart: it goes on where it was. Another version: it forgets everything and counts again.
 * Each state hook calls back once its work is done, with the error if it failed.
 */
export function savedCounterView (file: string): View<CounterApi> {
  throw new Error('savedCounterView() is not implemented yet: a counter that survives restarts and rebuilds on a new version (kata 09, task 4)')
}
