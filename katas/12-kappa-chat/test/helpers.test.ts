// What kata 12's tests share (no tests of its own): a chat peer on the testnet, entries as Cabal writes
// them, and ways to read a history. Not a stub: the learner's code is ../chat.ts.
import fs from 'node:fs/promises'
import path from 'node:path'
import crypto from 'hypercore-crypto'
import type Hyperswarm from 'hyperswarm'
import { rawMember, type KataContext, type RawMember } from '../../../src/harness/index.ts'
import { compareMessages, createChat, type Chat } from '../chat.ts'

/** A fresh chat key: 64 hex characters. */
export const newKey = (): string => crypto.randomBytes(32).toString('hex')
/** The topic every Cabal client joins: hypercore's discovery key of the chat key. */
export const topicOf = (key: string): Buffer => crypto.discoveryKey(Buffer.from(key, 'hex'))

export interface Peer { chat: Chat, swarm: Hyperswarm, storage: string }

/** A chat on a swarm of its own; `nick: null` gives createChat no nick (the app started without --nick). */
export async function join (k: KataContext, name: string, key: string, opts: { storage?: string, nick?: string | null, defaultNick?: string } = {}): Promise<Peer> {
  const storage = opts.storage ?? await k.tmp()
  const swarm = await k.swarm()
  const nick = opts.nick === null ? {} : { nick: opts.nick ?? name }
  const defaultNick = opts.defaultNick === undefined ? {} : { defaultNick: opts.defaultNick }
  const chat = k.closes(await k.step(`createChat() for ${name}`, createChat({ storage, key, ...nick, ...defaultNick, swarm })))
  return { chat, swarm, storage }
}

/** Waits until the peer's swarm has joined the chat's topic and made its first announcement and lookup. */
export async function announced (k: KataContext, peer: Peer, key: string): Promise<void> {
  await k.until('the chat to join its topic on the swarm', () => peer.swarm.status(topicOf(key)))
  await k.step('the chat\'s first announcement and lookup', peer.swarm.flush())
}

/**
 * A raw member of the chat on its topic, writing whatever blocks a test wants (an intruder, a Cabal-like
 * peer). It announces and looks up the topic; `{ server: false }` only dials, `{ client: false }` is only dialled.
 */
export async function member (k: KataContext, key: string, how: { server?: boolean, client?: boolean } = {}): Promise<RawMember> {
  const raw = await rawMember(k, key)
  await raw.join(topicOf(key), how)
  return raw
}

/** Whether a call that must succeed did: true, or the error it failed with. */
export const outcome = (p: Promise<unknown>): Promise<true | Error> => p.then(() => true as const, (err: Error) => err)

export const texts = (chat: Chat, channel?: string): string[] => chat.history(channel).map((m) => m.text)
export const ids = (chat: Chat, channel?: string): string[] => chat.history(channel).map((m) => `${m.author}@${m.seq}:${m.text}`)
export const hasText = (chat: Chat, text: string, channel?: string): boolean => texts(chat, channel).includes(text)
/** The history's order as compareMessages gives it, whatever order the entries arrived in. */
export const sorted = (chat: Chat, channel?: string): string[] => chat.history(channel).sort(compareMessages).map((m) => `${m.author}@${m.seq}:${m.text}`)
/** Each message of a history with its clock: what two peers with the same entries must agree on. */
export const clocked = (chat: Chat, channel?: string): string[] => chat.history(channel).map((m) => `${m.text} (clock ${m.clock})`)

/**
 * A reader that joins `key` and is given one member's feed at a time, each once it shows the text named with
 * it (none: the next feed comes at once); then its history with clocks. Closed before the next reader starts.
 */
export async function readFeeds (k: KataContext, name: string, key: string, ...feeds: Array<[RawMember, string?]>): Promise<string[]> {
  const reader = await join(k, name, key, { nick: null })
  for (const [from, last] of feeds) {
    await (await from.copy()).handTo(reader.swarm)
    if (last !== undefined) await k.until(`createChat for ${name} to show "${last}" (a feed whose entries can be judged never waits for ever)`, () => hasText(reader.chat, last))
  }
  const history = clocked(reader.chat)
  await k.step(`${name}.close()`, reader.chat.close())
  return history
}

/** Entries as Cabal writes them (this chat adds `clock` and `after`). */
export const NOW = 1700000000000
export const block = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value))
export const say = (content: object, extra: object = {}): object => ({ type: 'chat/text', content: { channel: 'default', text: 'hi', ...content }, timestamp: NOW, ...extra })
export const nick = (name: unknown, extra: object = {}): object => ({ type: 'about', content: { name }, timestamp: NOW, ...extra })

/** Every file under `dir`, recursively. */
export async function filesUnder (dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => !e.isDirectory()).map((e) => path.join(e.parentPath, e.name))
}
