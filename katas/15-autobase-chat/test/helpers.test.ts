// Kata 15 · the peers of a test and what the tests read of a chat: not a concept of the kata, only its plumbing.
import { isDeepStrictEqual } from 'node:util'
import crypto from 'hypercore-crypto'
import type Hyperswarm from 'hyperswarm'
import { linkSwarms, rawAutobaseWriter, type HostCall, type KataContext, type RawWriter } from '../../../src/harness/index.ts'
import { createChat, type Chat, type ChatMessage } from '../chat.ts'

export interface Peer { chat: Chat, swarm: Hyperswarm, storage: string }

/** A chat for `name`: a new one without `key`. Each peer's join is flushed before the next one joins. */
export async function open (k: KataContext, name: string, key?: string, opts: { storage?: string, nick?: string | null, defaultNick?: string, swarm?: Hyperswarm } = {}): Promise<Peer> {
  const storage = opts.storage ?? await k.tmp()
  const swarm = opts.swarm ?? await k.swarm()
  const nick = opts.nick === null ? {} : { nick: opts.nick ?? name }
  const defaultNick = opts.defaultNick === undefined ? {} : { defaultNick: opts.defaultNick }
  // Autobase's own words for a host call apply did not await: say what they mean.
  k.explainStray(/System changes are only allowed in apply/,
    'apply: a change of writers must finish inside apply, so await Autobase\'s host calls inside apply (one that finishes after apply returned is outside apply, where Autobase refuses it)')
  // A message that is not there: the first symptom of a history that did not follow a reorder, in the learner's own code.
  k.explainStray(/Cannot read properties of undefined \(reading '(author|seq|index|channel|text|timestamp)'\)/, HOLE)
  const opening = createChat({ storage, ...(key === undefined ? {} : { key }), ...nick, ...defaultNick, swarm }).catch((err: Error) => {
    // The storage's lock, held by a chat of this storage that resolved close() too early: say so.
    if (/could not be locked/.test(err?.message)) err.message += ` (${storage} is still held: a chat closed on it before resolved close() while its base and storage were still closing; close() resolves only once both are closed)`
    throw err
  })
  const writesNick = opts.nick !== null || opts.defaultNick !== undefined
  const nickEntry = writesNick ? '; and once the nick it writes is applied: a call that waits for its own entry finds it by its author and its seq, the place of its node in its own writer core' : ''
  const chat = k.closes(await k.step(`createChat() for ${name} (it resolves once the chat is announced and shows all that its view holds: the view is a log of its own, with its own length${nickEntry})`, opening))
  return { chat, swarm, storage }
}

/** What a message missing from a channel's list (a hole, read as undefined) means. */
export const HOLE = 'history(): a channel\'s list has a hole, no message where one should be. Autobase reorders: it truncates the view and applies again. The chat must undo what it read past the cut and read on from there, and apply keeps its state, a message counter too, in the view, never in memory (where a re-apply counts on from the old number)'

/** alice, the creator, and bob, a member she added, both connected. */
export async function aliceAndBob (k: KataContext): Promise<{ alice: Peer, bob: Peer }> {
  const alice = await open(k, 'alice')
  const bob = await open(k, 'bob', alice.chat.key)
  await k.step('alice.addMember(bob.writerKey)', alice.chat.addMember(bob.chat.writerKey))
  await k.until('bob to be a member (bob.writable)', () => bob.chat.writable)
  return { alice, bob }
}

/**
 * alice, the creator, and bob, a member she added, on swarms that meet only when the test links them:
 * `apart()` cuts the link (a partition, both see the other go), `meet()` links them again (a reunion).
 * bob opens with the nick `bobNick` (null: none).
 */
export async function aliceAndBobApart (k: KataContext, bobNick: string | null = 'bob'): Promise<{ alice: Peer, bob: Peer, apart: () => Promise<void>, meet: () => Promise<void> }> {
  const alice = await open(k, 'alice', undefined, { swarm: await k.swarm({ firewall: () => true }) })
  const bob = await open(k, 'bob', alice.chat.key, { swarm: await k.swarm({ firewall: () => true }), nick: bobNick })
  let link = await linkSwarms(k, alice.swarm, bob.swarm)
  await k.step('alice.addMember(bob.writerKey)', alice.chat.addMember(bob.chat.writerKey))
  await k.until('bob to be a member (bob.writable)', () => bob.chat.writable)
  const apart = async (): Promise<void> => {
    link.cut()
    await k.until('alice and bob to lose each other (peers() empty on both sides)', () => alice.chat.peers().length === 0 && bob.chat.peers().length === 0)
  }
  const meet = async (): Promise<void> => { link = await linkSwarms(k, alice.swarm, bob.swarm) }
  return { alice, bob, apart, meet }
}

/** A hostile member of `chat`: an Autobase writer the creator added, appending whatever the test wants. */
export async function hostileMember (k: KataContext, chat: Chat): Promise<RawWriter> {
  const adds = (v: unknown): string | null => (v as { type?: unknown })?.type === 'add' ? (v as { key?: unknown }).key as string : null
  const raw = await rawAutobaseWriter(k, chat.key, { adds })
  await k.step('the creator adding the raw member (addMember)', chat.addMember(raw.writerKey))
  await k.until('the raw member to be writable', () => raw.writable())
  return raw
}

export const texts = (chat: Chat, channel?: string): string[] => chat.history(channel).map((m) => m.text)
export const hasText = (chat: Chat, text: string, channel?: string): boolean => texts(chat, channel).includes(text)
export const topicOf = (chat: Chat): Buffer => crypto.discoveryKey(Buffer.from(chat.key, 'hex'))
export const block = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value))
export const NOW = 1700000000000
/** A value in a message, cut short: a 4096-character text would bury the message. */
export const brief = (value: unknown): string => { const json = JSON.stringify(value) ?? String(value); return json.length > 80 ? `${json.slice(0, 77)}...` : json }
/** A writer key no chat of the test has: a real public key (one that can sign), from a fixed seed. */
export const KEY = crypto.keyPair(Buffer.alloc(32, 7)).publicKey.toString('hex')
/** Where two histories first differ, in a few words ('' if they do not): a full diff of both would bury the message. */
export function firstDifference (got: ChatMessage[], want: ChatMessage[]): string {
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (!isDeepStrictEqual({ ...got[i] }, { ...want[i] })) return `they differ first at message ${i}: ${brief(got[i])} where ${brief(want[i])} was expected`
  }
  return ''
}

/** The host calls apply never waited for (`watchHostCalls`), and what to tell the learner of them. */
export function unawaited (calls: HostCall[]): { calls: string[], message: string } {
  const late = calls.filter((call) => !call.awaited).map((call) => `host.${call.method}`)
  return { calls: late, message: `apply: a change of writers must finish inside apply, so await Autobase's host calls inside apply (${[...new Set(late)].join(' and ')} was never waited for: its change may land after apply returned, outside the order every peer agrees on, and a peer then applies what the removed member wrote next)` }
}
