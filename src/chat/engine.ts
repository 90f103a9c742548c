// The chat behind the app: kata 12's (multifeed, Cabal's format, everyone with the key writes) or kata 15's
// (Autobase, members add writers). The UI sees only what both have, plus membership when there is one.
import type { EventEmitter } from 'node:events'
import path from 'node:path'
import type Hyperswarm from 'hyperswarm'
import { referenceModule } from '../runner/solutions.ts'
import type { Engine } from './args.ts'
import { pooledStorage } from './files.ts'
import type { Fork } from './forks.ts'

/** A message as the UI shows it: what kata 12's and kata 15's messages both hold. */
export interface AppMessage {
  author: string
  seq: number
  channel: string
  text: string
  timestamp: number
}

export interface AppEvents {
  message: [message: AppMessage]
  nick: [change: { author: string, nick: string }]
  peers: [peers: string[]]
  error: [err: Error]
  /** Kata 15 only: someone was added or removed. */
  members: [members: string[]]
  /** Neither kata's: the app's fork guard (forks.ts) found a member's key signing two histories. */
  fork: [fork: Fork]
}

/** What the UI needs of a chat: both katas' `Chat` have it. */
export interface AppChat extends EventEmitter<AppEvents> {
  readonly key: string
  readonly author: string
  send (text: string, channel?: string): Promise<unknown>
  setNick (name: string): Promise<void>
  nickOf (author: string): string | undefined
  history (channel?: string): AppMessage[]
  channels (): string[]
  peerInfo (): Array<{ key: string, author?: string }>
  close (): Promise<void>
}

/** Kata 15's membership: who may write, and how a member adds or removes one. */
export interface Membership extends EventEmitter<AppEvents> {
  readonly creator: string
  readonly writerKey: string
  readonly writable: boolean
  members (): string[]
  addMember (key: string): Promise<void>
  removeMember (key: string): Promise<void>
}

export interface OpenOptions {
  storage: string
  /** Null: a new chat (kata 12's app makes its key; kata 15's chat makes its own). */
  key: string | null
  nick?: string
  defaultNick?: string
  swarm: Hyperswarm
}

export interface Opened {
  chat: AppChat
  /** Kata 15's chat itself, seen as its membership; null for kata 12 (whoever has the key writes). */
  membership: Membership | null
}

/** The kata behind each engine, as `npm test -- NN` names it. */
export const KATA: Record<Engine, string> = { multifeed: '12', autobase: '15' }

/** Loads the learner's chat (or the reference solution) of `engine`, and opens one. */
export async function openChat (engine: Engine, reference: boolean, opts: OpenOptions): Promise<Opened> {
  const { key, ...rest } = opts
  if (engine === 'multifeed') {
    const module = reference
      ? await referenceModule<typeof import('../../katas/12-kappa-chat/chat.ts')>('12-kappa-chat', 'chat.ts')
      : await import('../../katas/12-kappa-chat/chat.ts')
    if (key === null) throw new Error('a multifeed chat is given its key by the app')
    // Its feeds' files through the app's pool: a crowd of members must not use up the process's descriptors.
    return { chat: await module.createChat({ ...rest, storage: pooledStorage(rest.storage), key }), membership: null }
  }
  const module = reference
    ? await referenceModule<typeof import('../../katas/15-autobase-chat/chat.ts')>('15-autobase-chat', 'chat.ts')
    : await import('../../katas/15-autobase-chat/chat.ts')
  // Its own folder: corestore 7 moves any file it does not know in its directory into db/ on first open
  // (the app's lock, key and engine files would go).
  const chat = await module.createChat({ ...rest, storage: path.join(rest.storage, 'corestore'), ...(key === null ? {} : { key }) })
  return { chat, membership: chat }
}
