// Kata 09 reference solution.
import { readFile, rm, writeFile } from 'node:fs/promises'
import kappa from 'kappa-core'
import multifeed from 'multifeed'

export interface ChatMessage {
  type: 'chat/text'
  content: { channel: string, text: string }
  timestamp: number
}

export interface AboutMessage {
  type: 'about'
  content: { name: string }
  timestamp: number
}

export type Message = ChatMessage | AboutMessage

export interface Entry<T = unknown> {
  key: string
  seq: number
  value: T
}

export type Kappa = ReturnType<typeof kappa>
export type Multifeed = ReturnType<typeof multifeed>

export interface Peer {
  kappa: Kappa
  multifeed: Multifeed
  close (): Promise<void>
}

export interface View<Api> {
  map (entries: Array<Entry<Message>>, next: (err?: Error | null) => void): void
  api: { [name in keyof Api]: Api[name] extends (...args: infer A) => infer R ? (core: Kappa, ...args: A) => R : never }
  storeState? (state: Buffer, cb: (err?: Error | null) => void): void
  fetchState? (cb: (err: Error | null, state?: Buffer | null) => void): void
  clearIndex? (cb: (err?: Error | null) => void): void
}

export interface CounterApi {
  count (): number
}

export interface NicknameApi {
  get (authorKey: string): string | null
  all (): Record<string, string>
}

export async function openPeer (dir: string, encryptionKey: Buffer): Promise<Peer> {
  const feeds = multifeed(dir, { valueEncoding: 'json', encryptionKey })
  const core = kappa(null, { multifeed: feeds })
  await new Promise<void>((resolve) => feeds.ready(() => resolve()))
  return {
    kappa: core,
    multifeed: feeds,
    close: () => new Promise((resolve) => feeds.close(() => resolve())) // its argument is a place in the close queue, never an error
  }
}

export function publish (peer: Peer, message: Message): Promise<{ key: string, seq: number }> {
  return new Promise((resolve, reject) => {
    peer.multifeed.writer('local', (err, feed) => {
      if (err) return reject(err)
      feed.append(message, (err, seq) => {
        if (err) reject(err)
        else resolve({ key: feed.key.toString('hex'), seq })
      })
    })
  })
}

export function indexed (peer: Peer): Promise<void> {
  return new Promise((resolve) => peer.kappa.ready(() => resolve()))
}

export function counterView (): View<CounterApi> {
  let count = 0
  return {
    map (entries, next) {
      count += entries.length
      next()
    },
    api: {
      count: () => count
    }
  }
}

export function nicknameView (): View<NicknameApi> {
  // author key -> the newest nickname we have seen from that author, and where it was in their log
  const names = new Map<string, { name: string, seq: number }>()
  return {
    map (entries, next) {
      for (const { key, seq, value } of entries) {
        if (value.type !== 'about') continue
        const known = names.get(key)
        if (!known || seq > known.seq) names.set(key, { name: value.content.name, seq })
      }
      next()
    },
    api: {
      get: (_core, authorKey) => names.get(authorKey)?.name ?? null,
      all: () => Object.fromEntries([...names].map(([key, { name }]) => [key, name]))
    }
  }
}

export function savedCounterView (file: string): View<CounterApi> {
  let count = 0
  // The count and the indexer's position are saved together, so they can never disagree.
  const save = (state: Buffer) => writeFile(file, JSON.stringify({ count, state: state.toString('base64') }))
  return {
    map (entries, next) {
      count += entries.length
      next()
    },
    api: {
      count: () => count
    },
    storeState (state, cb) {
      save(state).then(() => cb(), cb)
    },
    fetchState (cb) {
      // A corrupt file (JSON.parse throws) is an error for cb too, not an unhandled rejection.
      readFile(file, 'utf8').then((text) => JSON.parse(text) as { count: number, state: string }).then((saved) => {
        count = saved.count
        cb(null, Buffer.from(saved.state, 'base64'))
      }, (err: NodeJS.ErrnoException) => err.code === 'ENOENT' ? cb(null, null) : cb(err))
    },
    clearIndex (cb) {
      count = 0
      rm(file, { force: true }).then(() => cb(), cb)
    }
  }
}
