// Kata 15 — the chat on Autobase. Run it: npm test -- 15
import fs from 'node:fs/promises'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import crypto from 'hypercore-crypto'
import type Hyperswarm from 'hyperswarm'
import {
  announcedOn, holdViewReads, linkSwarms, onHeldAutobaseUpdates, onSlowDisk, openFilesUnder, rawAutobaseWriter, settled, test, told, watchHostCalls, watchViewReads, type KataContext, type RawWriter
} from '../../src/harness/index.ts'
import { LIMITS, createChat, parseEntry, type Chat, type ChatMessage } from './chat.ts'

// ---- the peers of a test ---------------------------------------------------------------------

interface Peer { chat: Chat, swarm: Hyperswarm, storage: string }

/** A chat for `name`: a new one without `key`. Each peer's join is flushed before the next one joins. */
async function open (k: KataContext, name: string, key?: string, opts: { storage?: string, nick?: string | null, defaultNick?: string, swarm?: Hyperswarm } = {}): Promise<Peer> {
  const storage = opts.storage ?? await k.tmp()
  const swarm = opts.swarm ?? await k.swarm()
  const nick = opts.nick === null ? {} : { nick: opts.nick ?? name }
  const defaultNick = opts.defaultNick === undefined ? {} : { defaultNick: opts.defaultNick }
  // Autobase's own words for a host call apply did not await: say what they mean.
  k.explainStray(/System changes are only allowed in apply/,
    'apply: a change of writers must finish inside apply, so await Autobase\'s host calls inside apply (one that finishes after apply returned is outside apply, where Autobase refuses it)')
  // A message that is not there: the first symptom of a history that did not follow a reorder, in the learner's own code.
  k.explainStray(/Cannot read properties of undefined \(reading '(author|seq|index|channel|text|timestamp)'\)/, HOLE)
  const chat = k.closes(await k.step(`createChat() for ${name}`, createChat({ storage, ...(key === undefined ? {} : { key }), ...nick, ...defaultNick, swarm })))
  return { chat, swarm, storage }
}

/** What a message missing from a channel's list (a hole, read as undefined) means. */
const HOLE = 'history(): a channel\'s list has a hole, no message where one should be. Autobase reorders: it truncates the view and applies again. The chat must undo what it read past the cut and read on from there, and apply keeps its state, a message counter too, in the view, never in memory (where a re-apply counts on from the old number)'

/** alice, the creator, and bob, a member she added, both connected. */
async function aliceAndBob (k: KataContext): Promise<{ alice: Peer, bob: Peer }> {
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
async function aliceAndBobApart (k: KataContext, bobNick: string | null = 'bob'): Promise<{ alice: Peer, bob: Peer, apart: () => Promise<void>, meet: () => Promise<void> }> {
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
async function hostileMember (k: KataContext, chat: Chat): Promise<RawWriter> {
  const adds = (v: unknown): string | null => (v as { type?: unknown })?.type === 'add' ? (v as { key?: unknown }).key as string : null
  const raw = await rawAutobaseWriter(k, chat.key, { adds })
  await k.step('the creator adding the raw member (addMember)', chat.addMember(raw.writerKey))
  await k.until('the raw member to be writable', () => raw.writable())
  return raw
}

const texts = (chat: Chat, channel?: string): string[] => chat.history(channel).map((m) => m.text)
const hasText = (chat: Chat, text: string, channel?: string): boolean => texts(chat, channel).includes(text)
const topicOf = (chat: Chat): Buffer => crypto.discoveryKey(Buffer.from(chat.key, 'hex'))
const block = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value))
const NOW = 1700000000000
/** A value in a message, cut short: a 4096-character text would bury the message. */
const brief = (value: unknown): string => { const json = JSON.stringify(value) ?? String(value); return json.length > 80 ? `${json.slice(0, 77)}...` : json }
/** A writer key no chat of the test has: a real public key (one that can sign), from a fixed seed. */
const KEY = crypto.keyPair(Buffer.alloc(32, 7)).publicKey.toString('hex')
/** Where two histories first differ, in a few words ('' if they do not): a full diff of both would bury the message. */
function firstDifference (got: ChatMessage[], want: ChatMessage[]): string {
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (!isDeepStrictEqual({ ...got[i] }, { ...want[i] })) return `they differ first at message ${i}: ${brief(got[i])} where ${brief(want[i])} was expected`
  }
  return ''
}

// ---- parseEntry: what an entry may hold -----------------------------------------------------

test('parseEntry accepts the four kinds of entry and rejects every entry that breaks a rule', async (t) => {
  const valid: Array<[string, unknown]> = [
    ['a message', { type: 'message', channel: 'default', text: 'hi', timestamp: NOW }],
    ['a message of LIMITS.text characters in a channel of LIMITS.channel', { type: 'message', channel: 'c'.repeat(LIMITS.channel), text: 'x'.repeat(LIMITS.text), timestamp: LIMITS.timestamp }],
    ['a message with a fractional timestamp, and a text with a newline', { type: 'message', channel: 'dev', text: 'two\nlines', timestamp: NOW + 0.5 }],
    ['a nick', { type: 'nick', name: 'alice' }],
    ['an add', { type: 'add', key: KEY }],
    ['a remove', { type: 'remove', key: KEY }]
  ]
  for (const [what, value] of valid) {
    const parsed = parseEntry(block(value))
    t.ok(isDeepStrictEqual(parsed, value), `parseEntry: ${what} is valid, and parsed as it was written (it returned ${brief(parsed)})`)
  }
  const stray = parseEntry(block({ type: 'message', channel: 'default', text: 'hi', timestamp: NOW, author: KEY }))
  t.alike(stray, { type: 'message', channel: 'default', text: 'hi', timestamp: NOW },
    'a stray field is allowed and left out (an "author" inside an entry means nothing: the writer core says who wrote it)')
  const invalid: Array<[string, unknown]> = [
    ['an unknown type', { type: 'kick', key: KEY }],
    ['a message without text', { type: 'message', channel: 'default', timestamp: NOW }],
    ['an empty text', { type: 'message', channel: 'default', text: '', timestamp: NOW }],
    ['a text that is a number', { type: 'message', channel: 'default', text: 5, timestamp: NOW }],
    ['a text over LIMITS.text', { type: 'message', channel: 'default', text: 'x'.repeat(LIMITS.text + 1), timestamp: NOW }],
    ['an empty channel', { type: 'message', channel: '', text: 'hi', timestamp: NOW }],
    ['a channel with a space', { type: 'message', channel: 'a b', text: 'hi', timestamp: NOW }],
    ['a channel with a no-break space (U+00A0: whitespace too; "dev" followed by it would pose as #dev)', { type: 'message', channel: 'dev\u00a0', text: 'hi', timestamp: NOW }],
    ['a channel with an ideographic space (U+3000: whitespace too)', { type: 'message', channel: 'a\u3000b', text: 'hi', timestamp: NOW }],
    ['a text that is an array (a list holding a string is not a string)', { type: 'message', channel: 'default', text: ['hi'], timestamp: NOW }],
    ['a channel that is an array', { type: 'message', channel: ['default'], text: 'hi', timestamp: NOW }],
    ['a nick that is an array', { type: 'nick', name: ['x'] }],
    ['an add whose key is an array holding a key (a regular expression reads it as that key: test the type first)', { type: 'add', key: [KEY] }],
    ['a remove whose key is an array holding a key', { type: 'remove', key: [KEY] }],
    ['a channel with a control character', { type: 'message', channel: 'a\u001b', text: 'hi', timestamp: NOW }],
    ['a channel over LIMITS.channel', { type: 'message', channel: 'c'.repeat(LIMITS.channel + 1), text: 'hi', timestamp: NOW }],
    ['a message without timestamp', { type: 'message', channel: 'default', text: 'hi' }],
    ['a negative timestamp', { type: 'message', channel: 'default', text: 'hi', timestamp: -1 }],
    ['a timestamp after LIMITS.timestamp', { type: 'message', channel: 'default', text: 'hi', timestamp: LIMITS.timestamp + 1 }],
    ['a nick with an escape', { type: 'nick', name: 'al\u001b[2Jice' }],
    ['a nick with DEL', { type: 'nick', name: 'al\u007fice' }],
    ['a nick with a C1 control', { type: 'nick', name: 'al\u009bice' }],
    ['an empty nick', { type: 'nick', name: '' }],
    ['a nick over LIMITS.nick', { type: 'nick', name: 'n'.repeat(LIMITS.nick + 1) }],
    ['an add without key', { type: 'add' }],
    ['an add of 63 hex characters', { type: 'add', key: KEY.slice(1) }],
    ['an add of 65 hex characters', { type: 'add', key: `${KEY}0` }],
    ['an add in upper-case hex', { type: 'add', key: KEY.toUpperCase() }],
    ['a remove of a key that is not hex', { type: 'remove', key: 'z'.repeat(64) }],
    ['an add of the all-zero key (a weak key: one byte 32 times is no core\'s key, and no one could write as that member)', { type: 'add', key: '00'.repeat(32) }],
    ['an add of the all-ff key (a weak key: one byte 32 times)', { type: 'add', key: 'ff'.repeat(32) }],
    ['an add of ab…ab (a weak key too: any one byte 32 times, not only 00 or ff, and not only one hex digit 64 times)', { type: 'add', key: 'ab'.repeat(32) }],
    ['an add of 0101…01 (a weak key too: the byte 01 32 times)', { type: 'add', key: '01'.repeat(32) }],
    ['null', null],
    ['an array', [1, 2]]
  ]
  for (const [what, value] of invalid) t.is(parseEntry(block(value)), null, `${what} is not a valid entry: parseEntry returns null`)
  t.is(parseEntry(Buffer.from('{not json')), null, 'bytes that are not JSON are null, never an exception')
  t.is(parseEntry(Buffer.from([0xff, 0xfe, 0x00])), null, 'bytes that are not even text are null')
})

// ---- createChat and close(): one base, one key, who is who --------------------------------------

test('createChat makes a new chat: its creator is its first member and can write; the key is the creator\'s writer key', async (t, k) => {
  const { chat, swarm } = await open(k, 'alice')
  const found = await announcedOn(k, topicOf(chat))
  t.ok(found.includes(swarm.keyPair.publicKey.toString('hex')),
    'createChat: when it resolves, the DHT already finds the chat on its topic: resolve only once the chat is announced there, so a peer who looks next finds it')
  t.ok(/^[0-9a-f]{64}$/.test(chat.key), `a new chat has a key of 64 hex characters (${chat.key})`)
  t.is(chat.creator, chat.key, 'the creator is the chat key: an Autobase made with no key takes its creator\'s writer key')
  t.is(chat.writerKey, chat.key, 'and that is our own writer key: we made it')
  t.is(chat.author, chat.writerKey, 'author (kata 12\'s name) and writerKey are the same key')
  t.ok(chat.writable, 'the creator can write at once')
  t.alike(chat.members(), [chat.key], 'the creator is the only member of a new chat')
  t.is(chat.nickOf(chat.author), 'alice', 'the nick given to createChat is published')
  const seen: ChatMessage[] = []
  chat.on('message', (m) => seen.push(m))
  const sent = await k.step('alice.send', chat.send('hello'))
  t.alike({ ...sent }, { author: chat.author, seq: sent.seq, index: 0, channel: 'default', text: 'hello', timestamp: sent.timestamp },
    'send resolves with the message as history() shows it: our author key, the default channel, index 0')
  t.ok(Math.abs(sent.timestamp - Date.now()) < 60_000, 'its timestamp is our wall clock when we wrote it')
  t.alike(chat.history(), [sent], 'and history() shows it')
  t.alike(seen, [sent], 'a \'message\' event came for it, once')
  await k.step('alice.send to #dev', chat.send('in dev', 'dev'))
  t.alike(chat.channels(), ['default', 'dev'], 'channels() lists every channel that has messages, sorted')
  t.alike(texts(chat, 'dev'), ['in dev'], 'each channel has its own history')
  t.is(chat.history('dev')[0].index, 0, 'index is the place in the channel\'s history')
  const copy = chat.history()
  copy.length = 0
  t.is(chat.history().length, 1, 'history() returns a copy: emptying it changes nothing in the chat')
  t.alike(chat.history('nowhere'), [], 'a channel with no messages has an empty history')
  const again = await k.step('alice.send("again")', chat.send('again'))
  t.ok(again?.text === 'again' && again.index === 1 && again.seq > sent.seq,
    `send resolves with its own message (our author and the seq of our new node), not another of ours: index 1, after "hello" (resolved with ${JSON.stringify(again?.text)} at index ${again?.index})`)
})

test('createChat rejects a key that is not 64 hex characters, and a storage it cannot open', async (t, k) => {
  const swarm = await k.swarm()
  const attempt = (storage: string, key: string): Promise<true | Error> =>
    createChat({ storage, key, swarm }).then(async (chat) => { await chat.close(); return true as const }, (err: Error) => err)
  for (const [what, key] of [['62 hex characters', KEY.slice(2)], ['64 characters that are not hex', 'z'.repeat(64)], ['a cabal:// URL', `cabal://${KEY}`], ['a number', 42 as unknown as string]] as const) {
    const result = await k.step(`createChat() with a key of ${what} (must reject)`, attempt(await k.tmp(), key))
    t.ok(result instanceof Error && /key/.test(result.message) && /64 (lower-?case )?hex/i.test(result.message), `a key of ${what} is rejected with an error that says what a chat key is: 64 hex characters (${told(result)})`)
  }
  const file = path.join(await k.tmp(), 'a-file')
  await fs.writeFile(file, 'not a folder')
  const result = await k.step('createChat() in a storage under a file (must reject)', attempt(path.join(file, 'chat'), KEY))
  t.ok(result instanceof Error && (result as NodeJS.ErrnoException).code === 'ENOTDIR',
    `createChat rejects with the error that stopped it, here the storage's (ENOTDIR: it is under a file), and cleans up after it (${told(result)})`)
  const storage = await k.tmp()
  const refused = await k.step('createChat() with a nick that has a control character (must reject)', settled(createChat({ storage, nick: 'bad\u0007', swarm })))
  t.ok(refused instanceof Error && /control character/.test(refused.message), `a nick with a control character is refused, as by setNick (${told(refused)})`)
  t.is(swarm.listenerCount('connection'), 0, 'and a createChat that rejects leaves nothing on the swarm')
  const stillOpen = await openFilesUnder(storage)
  if (stillOpen) t.alike(stillOpen, [], `nor anything open in its storage: it closes what it opened (${stillOpen.length} files still are)`)
})

test('close() leaves the topic, ends its connections, closes the base and its storage, and leaves the swarm running', async (t, k) => {
  const alice = await open(k, 'alice')
  const bob = await open(k, 'bob', alice.chat.key)
  await k.step('alice.send', alice.chat.send('hi bob'))
  await k.until('bob to see alice\'s message', () => hasText(bob.chat, 'hi bob'))
  const swarm = alice.swarm
  const connections = [...swarm.connections]
  const peers: string[][] = []
  bob.chat.on('peers', (p) => peers.push(p))
  t.ok(alice.chat.peers().includes(bob.swarm.keyPair.publicKey.toString('hex')), 'peers() lists bob by his swarm key while they replicate')
  t.alike(alice.chat.peerInfo().map((p) => p.key), alice.chat.peers(), 'peerInfo() lists the same peers')
  const topic = topicOf(alice.chat)
  t.ok(swarm.status(topic), 'the chat joined its topic on the swarm: the discovery key of the chat key')
  const racing = settled(alice.chat.send('racing close()'))
  await k.step('alice.close()', alice.chat.close())
  await k.step('a send called just before close() settling (resolved or rejected, never left pending)', racing)
  const discovery = swarm.status(topic)
  t.ok(!discovery || discovery.destroyed, 'close() leaves the chat\'s topic: alice\'s swarm no longer announces it or looks it up')
  t.ok(connections.length > 0 && connections.every((c) => c.destroying || c.destroyed), `close() ends the chat's connections (${connections.length} open before)`)
  t.is(swarm.listenerCount('connection'), 0, 'close() stops listening for connections: no handler of the closed chat is left on the swarm')
  t.absent(swarm.destroyed, 'and the swarm is still running: it was given to the chat, it is not the chat\'s to destroy')
  await k.until('bob to see alice go (a \'peers\' event without her)', () => peers.some((p) => !p.includes(swarm.keyPair.publicKey.toString('hex'))))
  const stillOpen = await openFilesUnder(alice.storage)
  if (stillOpen) {
    t.alike(stillOpen, [], `close() closes the base and its store: none of the storage's files is left open (${stillOpen.length} still are: ${stillOpen.slice(0, 3).join(', ')}…)`)
  }
  const late = await k.step('alice.send after close() (must reject at once)', settled(alice.chat.send('too late')))
  t.ok(late instanceof Error && /closed/.test(late.message), `send() after close() rejects with an error that says the chat is closed (${told(late)})`)
})

test('a peer that joins with the key is read-only: send and setNick reject until a member adds its writer key', async (t, k) => {
  const calls = watchHostCalls(k)
  const alice = await open(k, 'alice')
  await k.step('alice.send', alice.chat.send('welcome'))
  const bob = await open(k, 'bob', alice.chat.key)
  await k.until('bob to read alice\'s message (whoever has the key can read)', () => hasText(bob.chat, 'welcome'))
  t.is(bob.chat.key, alice.chat.key, 'bob\'s chat has the key he joined with')
  t.is(bob.chat.creator, alice.chat.writerKey, 'and knows alice as its creator')
  t.not(bob.chat.writerKey, alice.chat.writerKey, 'bob has a writer key of his own')
  t.absent(bob.chat.writable, 'bob is not a member: not writable')
  t.alike(bob.chat.members(), [alice.chat.key], 'bob sees alice as the only member')
  const early = await k.step('bob.send before he is a member (must reject)', settled(bob.chat.send('may I?')))
  t.ok(early instanceof Error && /member/i.test(early.message) && early.message.includes(bob.chat.writerKey),
    `a send before being a member rejects clearly: not a member, and the writer key to give a member (${told(early)})`)
  const nick = await k.step('bob.setNick before he is a member (must reject)', settled(bob.chat.setNick('bobby')))
  t.ok(nick instanceof Error && /member/i.test(nick.message), `a setNick before being a member rejects too (${told(nick)})`)
  const membersSeen: string[][] = []
  bob.chat.on('members', (m) => membersSeen.push(m))
  const aliceSaw: string[][] = []
  alice.chat.on('members', (m) => aliceSaw.push(m))
  await k.step('alice.addMember(bob.writerKey)', alice.chat.addMember(bob.chat.writerKey))
  t.alike(alice.chat.members(), [alice.chat.key, bob.chat.writerKey].sort(), 'addMember resolves once members() shows the new member')
  const added = calls.filter((c) => c.method === 'addWriter' && c.key === bob.chat.writerKey && c.peer === alice.chat.writerKey)
  t.ok(added.length > 0 && added.every((c) => c.indexer === false),
    'apply adds a member as a writer that is not an indexer (Autobase makes every writer it adds an indexer unless told otherwise): the creator stays the one indexer, whose acknowledgements settle the order')
  t.alike(aliceSaw, [alice.chat.members()], 'alice hears of it too: one \'members\' event with the new list, although her own writable did not change (one: an event comes only when the members change, not on every read of the view)')
  await k.step('alice.send', alice.chat.send('a message changes no membership'))
  t.is(aliceSaw.length, 1, 'and a \'members\' event only when the members change: a message is no reason for one')
  await k.until('bob to become writable once alice added him (every peer\'s apply adds him, from its own view: a set of members kept in memory is shared by every peer in this process, and bob\'s apply would find him there already; and writable asks the base each time, never keeps a copy)', () => bob.chat.writable)
  await k.until('a \'members\' event at bob listing him', () => membersSeen.some((m) => m.includes(bob.chat.writerKey)))
  await k.until('bob\'s nick, asked for while he was read-only, to be published once he is a member', () => alice.chat.nickOf(bob.chat.writerKey) === 'bob')
  const thanks = await k.step('bob.send as a member', bob.chat.send('thanks'))
  t.ok(thanks?.text === 'thanks' && thanks.author === bob.chat.writerKey,
    `bob's send resolves with his own message, found by author and seq: alice's "welcome" has the same seq in her core (resolved with ${JSON.stringify(thanks?.text)})`)
  await k.until('alice to see bob\'s message', () => hasText(alice.chat, 'thanks'))
  t.pass('a member\'s messages reach everyone')
})

// ---- what the app sees: read only what changed --------------------------------------------------

test('the chat reads only what changed in the view: one more message after sixty reads a few entries, not the sixty', async (t, k) => {
  const alice = await open(k, 'alice')
  const raw = await hostileMember(k, alice.chat)
  await raw.write(...Array.from({ length: 60 }, (_, i) => ({ type: 'message', channel: 'default', text: `m${i}`, timestamp: NOW })))
  // Sixty nodes to apply at once: more than 3 s on a busy machine.
  await k.until('alice to show the raw member\'s sixty messages', () => alice.chat.history().length === 60, { timeout: 10000 })
  const reads = watchViewReads(k)
  await k.step('alice.send after sixty messages', alice.chat.send('one more'))
  const read = reads.entries
  t.ok(read <= 20,
    `history() and the events read only what changed: for one new message after sixty, alice's chat read ${read} entries of the view. The view is a log: reading all of it again on every update costs O(n) per update, so a chat of 10000 messages grinds. Read only what changed since the chat last read it`)
  t.alike(texts(alice.chat).slice(-2), ['m59', 'one more'], 'and history() still shows every message, the new one last')
})

test('a late joiner hears each author\'s nick before that author\'s messages, even a nick written after them, and the members between the two', async (t, k) => {
  const alice = await open(k, 'alice', undefined, { nick: null, swarm: await k.swarm({ firewall: () => true }) })
  await k.step('alice.addMember(a key no chat of the test has)', alice.chat.addMember(KEY))
  for (const text of ['one', 'two', 'three']) await k.step(`alice.send("${text}")`, alice.chat.send(text))
  await k.step('alice.setNick("alice"), after her three messages', alice.chat.setNick('alice'))
  // bob opens before he can reach alice: his first read of her part of the view comes after his listeners.
  const bob = await open(k, 'bob', alice.chat.key, { swarm: await k.swarm({ firewall: () => true }) })
  const heard: string[] = []
  bob.chat.on('nick', ({ author, nick }) => { if (author === alice.chat.author) heard.push(`nick ${nick}`) })
  bob.chat.on('members', () => heard.push('members'))
  bob.chat.on('message', (m) => { if (m.author === alice.chat.author) heard.push(`message ${m.text} by ${bob.chat.nickOf(m.author) ?? 'no nick'}`) })
  await linkSwarms(k, alice.swarm, bob.swarm)
  // Heard, not only shown: a read may show what it read before it tells it.
  await k.until('bob to hear alice\'s three messages (\'message\' events)', () => heard.filter((h) => h.startsWith('message')).length === 3)
  t.is(bob.chat.nickOf(alice.chat.author), 'alice', 'bob knows alice\'s nick: it is in the view he read')
  const firstNick = heard.indexOf('nick alice')
  const firstMembers = heard.indexOf('members')
  const firstMessage = heard.findIndex((h) => h.startsWith('message'))
  t.ok(firstNick !== -1 && firstNick < firstMessage,
    `the 'nick' event comes before the messages of the same read, even a nick that comes after them in the view: tell what changed in the view in an order the app can show (nicks, members, then messages: it names each message's author as it hears it, and would show a key where the nick belongs), not in the order you read it (bob heard: ${heard.slice(0, 5).join(', ')})`)
  t.ok(heard.filter((h) => h.startsWith('message')).every((h) => h.endsWith('by alice')), `and at each of her messages, nickOf already gives her nick, although she wrote it after them (bob heard: ${heard.slice(0, 5).join(', ')})`)
  t.ok(firstMembers !== -1 && firstNick < firstMembers && firstMembers < firstMessage,
    `the 'members' event of a read comes after its 'nick' events and before its messages, as ChatEvents says: nicks, members, then messages (bob heard: ${heard.slice(0, 5).join(', ')})`)
})

// ---- send, setNick, addMember, removeMember: what the chat writes -----------------------------

test('send, setNick, addMember and removeMember write only what apply keeps: they refuse the rest at once, saying why', async (t, k) => {
  const alice = await open(k, 'alice')
  for (const [what, call, where, code] of [
    ['send("\\u001b[2Jhi")', () => alice.chat.send('\u001b[2Jhi'), /message/, 'U+001B'],
    ['send("a DEL\\u007f")', () => alice.chat.send('a DEL\u007f'), /message/, 'U+007F'],
    ['setNick("\\u009b31mbob")', () => alice.chat.setNick('\u009b31mbob'), /nick/, 'U+009B']
  ] as const) {
    const result = await k.step(what, settled(call()))
    t.ok(result instanceof Error && /control character/.test(result.message) && where.test(result.message) && result.message.includes(code),
      `${what} is rejected: it contains a control character, and the error says so, where (in ${where.source === 'nick' ? 'a nick' : 'a message'}) and which (${code}), as in kata 12 (${told(result)})`)
  }
  for (const [what, call] of [
    ['send("")', () => alice.chat.send('')],
    [`send() of ${LIMITS.text + 1} characters`, () => alice.chat.send('x'.repeat(LIMITS.text + 1))],
    ['send("hi", "two words")', () => alice.chat.send('hi', 'two words')],
    [`send("hi") in a channel of ${LIMITS.channel + 1} characters`, () => alice.chat.send('hi', 'c'.repeat(LIMITS.channel + 1))],
    ['setNick("")', () => alice.chat.setNick('')],
    [`setNick() of ${LIMITS.nick + 1} characters`, () => alice.chat.setNick('n'.repeat(LIMITS.nick + 1))]
  ] as const) {
    // Written, apply would drop it: a send that waits for a message that never shows.
    const result = await k.step(`${what} (must reject at once: apply would drop that entry)`, settled(call()))
    t.ok(result instanceof Error && /\w/.test(result.message), `${what} is rejected, with an error that says why: the chat writes only entries parseEntry accepts (${told(result)})`)
  }
  t.alike(alice.chat.history(), [], 'and nothing was written')
  t.is(alice.chat.nickOf(alice.chat.author), 'alice', 'the nick did not change')
  for (const [what, call] of [
    [`send() of ${LIMITS.text} characters`, () => alice.chat.send('x'.repeat(LIMITS.text))],
    [`send("hi") in a channel of ${LIMITS.channel} characters`, () => alice.chat.send('hi', 'c'.repeat(LIMITS.channel))],
    [`setNick() of ${LIMITS.nick} characters`, () => alice.chat.setNick('n'.repeat(LIMITS.nick))]
  ] as const) {
    t.is(await k.step(what, settled(call())), true, `${what} is sent: the limits are the longest allowed, not one less`)
  }
  for (const [what, call] of [
    ['addMember(42)', () => alice.chat.addMember(42 as unknown as string)],
    ['addMember of 64 characters that are not hex', () => alice.chat.addMember('z'.repeat(64))],
    ['addMember of 62 hex characters', () => alice.chat.addMember(KEY.slice(2))],
    ['removeMember(42)', () => alice.chat.removeMember(42 as unknown as string)],
    ['removeMember of 64 characters that are not hex', () => alice.chat.removeMember('z'.repeat(64))]
  ] as const) {
    const result = await k.step(`${what} (must reject at once)`, settled(call()))
    t.ok(result instanceof Error && /64 (lower-?case )?hex/i.test(result.message), `${what} is rejected with an error that says a member is named by a writer key of 64 hex characters (${told(result)})`)
  }
  for (const weak of ['00'.repeat(32), 'FF'.repeat(32), 'ab'.repeat(32), '01'.repeat(32)]) {
    const result = await k.step(`addMember(${weak.slice(0, 4)}…) (must reject at once: a weak key)`, settled(alice.chat.addMember(weak)))
    t.ok(result instanceof Error && /weak/i.test(result.message),
      `addMember of ${weak.slice(0, 4)}…${weak.slice(-4)} is rejected, with an error that says it is a weak key: one byte 32 times (any byte, not only 00 or ff) is no core's key (a writer key is a hash), so no one could ever write as that member, and apply would drop the add (${told(result)})`)
  }
  t.alike(alice.chat.members(), [alice.chat.key], 'and no one was added')
})

test('setNick resolves once its own entry is applied, whatever the nick reads by then: the same nick again, and two at once', async (t, k) => {
  const alice = await open(k, 'alice')
  await k.step('alice.setNick("alice"), the nick she already has (setNick must resolve once its own entry is applied: no nick change will come)',
    alice.chat.setNick('alice'))
  await k.step('alice.setNick("a") and alice.setNick("b") at once (each setNick must resolve once its own entry is applied: by the time it is, the other may have replaced the nick it wrote)',
    Promise.all([alice.chat.setNick('a'), alice.chat.setNick('b')]))
  t.is(alice.chat.nickOf(alice.chat.author), 'b', 'the nick written last wins: both are alice\'s, in her own core\'s order')
  // Autobase's 'update' events held back for 2 s: a setNick that resolves on a timer resolves before the chat read its nick.
  const held = await onHeldAutobaseUpdates(() => k.step('alice.setNick("alicia") while Autobase\'s \'update\' events are held back',
    alice.chat.setNick('alicia').then(() => alice.chat.nickOf(alice.chat.author))))
  const shown = await k.step('alice.setNick("alicia") settling once the updates are told', settled(held.result))
  const nick = await held.result.catch(() => undefined)
  t.ok(shown === true && nick === 'alicia',
    `setNick resolves when its own entry is applied and the chat has read it: then nickOf(author) already gives the new nick (it gave ${JSON.stringify(nick)}). Not after a timer: on a busy machine a timer runs out before the view is read (${told(shown)})`)
})

// ---- apply: one order, the same view on every peer ---------------------------------------------

test('history() follows the view through a reorder: nodes that go earlier arrive, the view is truncated and re-applied, and every peer shows the same order; \'nick\' tells no nick again', async (t, k) => {
  const { alice, bob, apart, meet } = await aliceAndBobApart(k)
  await k.step('alice.send("before")', alice.chat.send('before'))
  await k.until('bob to see alice\'s message (Autobase may have truncated his view and applied it again since he last read it: history() shows the view as it is now: what was read from the cut on, the cut included, is no longer true)', () => hasText(bob.chat, 'before'))
  await apart()
  for (const [who, chat, text] of [['alice', alice.chat, 'a1'], ['alice', alice.chat, 'a2'], ['bob', bob.chat, 'b1'], ['bob', bob.chat, 'b2']] as const) {
    await k.step(`${who}.send("${text}") while apart`, chat.send(text))
  }
  await k.step('bob.setNick("bobby") while apart', bob.chat.setNick('bobby'))
  t.alike(texts(bob.chat), ['before', 'b1', 'b2'], 'apart, bob\'s history has his own messages right after what he had seen')
  const heard: string[] = []
  bob.chat.on('message', (m) => heard.push(m.text))
  // What bob's app knows of each nick: a 'nick' that tells it again what it knew is no change.
  const known = new Map([[alice.chat.author, 'alice'], [bob.chat.author, 'bobby']])
  const again: string[] = []
  bob.chat.on('nick', (n) => {
    if (known.get(n.author) === n.nick) again.push(`${n.author === bob.chat.author ? 'bob' : 'alice'} is "${n.nick}"`)
    known.set(n.author, n.nick)
  })
  await meet()
  await k.until('alice and bob to hold all five messages once they meet again, each once (history() follows the view when Autobase truncates it back to the cut and applies again)', () => alice.chat.history().length === 5 && bob.chat.history().length === 5)
  t.alike(texts(alice.chat), ['before', 'a1', 'a2', 'b1', 'b2'],
    'alice\'s messages come first: she is the indexer and had signed them, so they never move; bob\'s, concurrent, go after')
  t.alike(texts(bob.chat), texts(alice.chat),
    'bob\'s history() after the reorder shows alice\'s order: Autobase truncated his view back to "before" and applied everything again, so history() must follow the view\'s cut as well as its appends: it shows the view as it is now')
  t.alike(bob.chat.history().map((m) => m.timestamp), alice.chat.history().map((m) => m.timestamp),
    'with the same timestamps: apply ran again over bob\'s messages, and it reads nothing but the node and the view (no Date.now()): a timestamp is the one in the entry')
  const diff = firstDifference(bob.chat.history(), alice.chat.history())
  t.is(diff, '', `history(): bob's history is alice's message for message, indexes included, after the reorder (${diff})`)
  t.alike(heard.sort(), ['a1', 'a2'], 'bob heard a \'message\' event once for each new message (alice\'s two): a reorder moves his own messages, it does not make them new')
  t.alike(again, [],
    '\'nick\' tells a nick that changed since the app last heard it: through the reorder bob\'s nick stayed "bobby" and alice\'s "alice", yet bob heard again what he knew. Compare each author\'s nick after a read with what it was before that read began, not with what the view held at the cut')
  t.is(bob.chat.nickOf(bob.chat.author), 'bobby', 'nickOf() after the reorder: bob\'s nick is the "bobby" he set while apart')
})

test('history() after a reorder reads the view again from where Autobase cut it, not from its start', async (t, k) => {
  const { alice, bob, apart, meet } = await aliceAndBobApart(k)
  await k.step('alice sends fifty messages', Promise.all(Array.from({ length: 50 }, (_, i) => alice.chat.send(`m${i}`))))
  // Fifty nodes to apply: more than 3 s on a busy machine.
  await k.until('bob to show alice\'s fifty messages', () => bob.chat.history().length === 50, { timeout: 10000 })
  await apart()
  await k.step('alice.send("a1") while apart', alice.chat.send('a1'))
  await k.step('bob.send("b1") while apart', bob.chat.send('b1'))
  const reads = watchViewReads(k)
  await meet()
  await k.until('alice and bob to hold all 52 messages once they meet again', () => alice.chat.history().length === 52 && bob.chat.history().length === 52)
  t.alike(texts(bob.chat), texts(alice.chat), 'bob\'s history() after the reorder shows alice\'s order')
  const read = reads.entries
  t.ok(read <= 40,
    `history() after a reorder reads only from where the view was cut: alice's chat and bob's read ${read} entries of the view for two messages after fifty. Autobase truncated bob's view back to where the order moved, just before "b1" (and told how far): undo what you read past that point, and read on from there, not the whole view again`)
})

test('\'message\' tells a message where history() shows it: a read that a reorder cut does not tell what it placed before the cut', async (t, k) => {
  const { alice, bob, apart, meet } = await aliceAndBobApart(k)
  await k.step('alice.send("before")', alice.chat.send('before'))
  await k.until('bob to see alice\'s message', () => hasText(bob.chat, 'before'))
  await apart()
  await k.step('alice.send("a1") while apart', alice.chat.send('a1'))
  await k.step('alice.send("a2") while apart', alice.chat.send('a2'))
  const wrong: string[] = []
  bob.chat.on('message', (m) => {
    const shown = bob.chat.history(m.channel)[m.index]
    if (!isDeepStrictEqual({ ...shown }, { ...m })) wrong.push(`"${m.text}" at index ${m.index}, where history() shows ${brief(shown)}`)
  })
  // bob's read of his own message stops after its first entry; the reorder comes in meanwhile.
  const hold = holdViewReads(k)
  const sending = settled(bob.chat.send('b1'))
  await k.until('bob\'s chat to be reading his message "b1" (its read held after the first entry)', () => hold.held > 0)
  await meet()
  await k.until('Autobase to truncate bob\'s view while his read is held (alice\'s signed "a1" and "a2" go before "b1")', () => hold.truncations > 0)
  hold.release()
  t.is(await k.step('bob.send("b1") settling once his read goes on', sending), true, 'bob\'s send resolves: "b1" is in the history after the reorder')
  await k.until('alice and bob to hold all four messages', () => alice.chat.history().length === 4 && bob.chat.history().length === 4)
  t.alike(wrong, [],
    '\'message\' tells each message as history() shows it at that moment. A reorder cut bob\'s read after it had placed "b1" at index 1; the read went back to the cut and placed "a1", "a2", then "b1" at index 3, so "b1" at index 1 was no longer true when it was told (a message is told only while it is still where the read placed it)')
  t.alike(texts(bob.chat), texts(alice.chat), 'and bob\'s history() is alice\'s')
})

test('history(), channels(), nickOf() and members() after a reorder take back everything past the cut, and \'nick\' tells it: what a member removed meanwhile wrote while apart', async (t, k) => {
  const { alice, bob, apart, meet } = await aliceAndBobApart(k)
  await k.step('alice.send("before")', alice.chat.send('before'))
  await k.until('bob to see alice\'s message and nick', () => hasText(bob.chat, 'before') && bob.chat.nickOf(alice.chat.author) === 'alice')
  await apart()
  await k.step('bob.send("b1") while apart', bob.chat.send('b1'))
  await k.step('bob.send("b2", "side") while apart (a channel only he wrote in)', bob.chat.send('b2', 'side'))
  await k.step('bob.setNick("bobby") while apart', bob.chat.setNick('bobby'))
  await k.step('bob.addMember(a key no chat of the test has) while apart', bob.chat.addMember(KEY))
  await k.step('alice.removeMember(bob) while apart', alice.chat.removeMember(bob.chat.writerKey))
  const nicks: string[] = []
  bob.chat.on('nick', (n) => nicks.push(`${n.author === bob.chat.author ? 'bob' : 'alice'} is "${n.nick}"`))
  await meet()
  await k.until('bob to learn he was removed once they meet again (bob.writable false: apply removes him from the base, not only from the view)', () => !bob.chat.writable)
  const undo = 'Autobase truncated bob\'s view back to before what he wrote while apart, and applied alice\'s remove there: his nodes after it are dropped. Undo every effect you read past the cut (from the cut on, the cut included): messages, nicks and members, then read on from there'
  await k.until(`bob's members() to be alice's after the reorder (${undo})`, () => isDeepStrictEqual(bob.chat.members(), alice.chat.members()))
  t.alike(texts(bob.chat), texts(alice.chat), `history() after a reorder that shrinks the view: bob's history is alice's, without the "b1" he wrote while apart (${undo})`)
  t.alike(bob.chat.channels(), alice.chat.channels(), `channels() after the reorder: bob's "side", whose one message was taken back, is gone (${undo})`)
  t.is(bob.chat.nickOf(bob.chat.author), 'bob', `nickOf() after the reorder: bob's nick is back to "bob" (${undo})`)
  t.is(nicks.at(-1), 'bob is "bob"', `'nick' tells a nick a reorder took back: bob's nick went back from "bobby" to "bob", so bob hears it (he heard ${nicks.length ? nicks.join(', ') : 'none'}). A cut changes nicks as well as a new entry does`)
  t.absent(nicks.includes('alice is "alice"'), `'nick' tells only a nick that changed: alice's stayed "alice" through the reorder (bob heard ${nicks.join(', ')})`)
  t.alike(bob.chat.members(), [alice.chat.key], `members() after the reorder: neither bob nor the key he added while apart (${undo})`)
})

test('history() and nickOf() after a reorder that takes back all a removed member wrote: no message, no nick left, and \'nick\' tells no missing nick', async (t, k) => {
  const { alice, bob, apart, meet } = await aliceAndBobApart(k, null)
  await apart()
  await k.step('bob.send("b1") while apart (the chat\'s first message)', bob.chat.send('b1'))
  await k.step('bob.setNick("bobby") while apart (his first nick)', bob.chat.setNick('bobby'))
  await k.step('alice.removeMember(bob) while apart', alice.chat.removeMember(bob.chat.writerKey))
  const nicks: string[] = []
  bob.chat.on('nick', (n) => nicks.push(`${n.author === bob.chat.author ? 'bob' : 'alice'} is ${JSON.stringify(n.nick)}`))
  await meet()
  await k.until('bob to learn he was removed once they meet again (bob.writable false)', () => !bob.chat.writable)
  const undo = 'Autobase truncated bob\'s view back to before anything he wrote, and applied alice\'s remove there: undo every effect you read past the cut, even when nothing of its kind comes before the cut'
  await k.until(`bob's members() to be alice's after the reorder (${undo})`, () => isDeepStrictEqual(bob.chat.members(), alice.chat.members()))
  t.alike(texts(bob.chat), [], `history() after the reorder: the view holds no message any more, not even the "b1" bob wrote while apart (${undo})`)
  t.is(bob.chat.nickOf(bob.chat.author), undefined, `nickOf() after the reorder: bob has no nick any more (${undo})`)
  t.absent(nicks.some((told) => told.endsWith('undefined')), `'nick' tells a nick someone has: when a reorder takes a nick back to none, there is no nick to tell (bob heard ${nicks.join(', ')})`)
})

test('every peer shows the same history, in the same order, timestamps included; members may add members', async (t, k) => {
  const { alice, bob } = await aliceAndBob(k)
  const carol = await open(k, 'carol', alice.chat.key)
  await k.step('bob (a member, not the creator) adds carol', bob.chat.addMember(carol.chat.writerKey))
  await k.until('carol to be writable', () => carol.chat.writable)
  const sends: Array<Promise<ChatMessage>> = []
  const senders: Chat[] = []
  for (let i = 0; i < 4; i++) {
    for (const [name, peer] of [['alice', alice], ['bob', bob], ['carol', carol]] as const) {
      sends.push(k.step(`${name}.send ${i}`, peer.chat.send(`${name} ${i}`)))
      senders.push(peer.chat)
    }
  }
  const sent = await Promise.all(sends)
  const wrong = sent.findIndex((m, i) => m?.author !== senders[i].author || m.text !== `${['alice', 'bob', 'carol'][i % 3]} ${Math.floor(i / 3)}`)
  t.is(wrong, -1, `each send resolves with its own message, found by its author and seq (other members' nodes have the same seqs): ${wrong === -1 ? 'all did' : `${['alice', 'bob', 'carol'][wrong % 3]}'s send ${Math.floor(wrong / 3)} resolved with ${JSON.stringify(sent[wrong]?.text)}`}`)
  const chats = [alice.chat, bob.chat, carol.chat]
  const same = (): boolean => chats.every((c) => c.history().length === 12 && JSON.stringify(c.history()) === JSON.stringify(alice.chat.history()))
  await k.until('alice, bob and carol to show the same 12 messages in the same order, timestamps included (apply reads no clock, and apply keeps its state in the view: a counter or set kept in memory is shared by every peer in this process, and lost on a restart; history() shows the view as it is after every update)', same)
  for (const [name, chat] of [['bob', bob.chat], ['carol', carol.chat]] as const) {
    const diff = firstDifference(chat.history(), alice.chat.history())
    t.is(diff, '', `history(): ${name}'s history is alice's, message for message (author, seq, index, text, timestamp) (${diff})`)
  }
  t.alike(alice.chat.history().map((m) => m.index), [...Array(12).keys()], 'index counts the messages in the order every peer agrees on')
  for (const name of ['alice', 'bob', 'carol']) {
    const mine = texts(alice.chat).filter((x) => x.startsWith(name))
    t.alike(mine, [0, 1, 2, 3].map((i) => `${name} ${i}`), `${name}'s messages keep the order ${name} wrote them in`)
  }
  await k.step('alice removes carol', alice.chat.removeMember(carol.chat.writerKey))
  await k.until('bob to see carol removed', () => !bob.chat.members().includes(carol.chat.writerKey))
  const back = await k.step('bob.addMember(carol) (must reject: only the creator adds back whom it removed)', settled(bob.chat.addMember(carol.chat.writerKey)))
  t.ok(back instanceof Error && /creator/.test(back.message), `a member's addMember of someone the creator removed rejects, saying only the creator may add them back: apply ignored it (${told(back)})`)
  await k.step('alice removes dave, who was never a member', alice.chat.removeMember(KEY))
  const dave = await k.step('bob.addMember(dave)', settled(bob.chat.addMember(KEY)))
  t.is(dave, true, `apply ignores a remove of someone who is not a member: it does not bar a member from adding them later (${told(dave)})`)
})

test('\'message\' comes once per message, even when new nodes reorder the history', async (t, k) => {
  const { alice, bob } = await aliceAndBob(k)
  const seen = new Map<string, number>()
  bob.chat.on('message', (m) => seen.set(`${m.author}@${m.seq}`, (seen.get(`${m.author}@${m.seq}`) ?? 0) + 1))
  const sends: Array<Promise<unknown>> = []
  for (let i = 0; i < 10; i++) {
    sends.push(k.step(`alice.send ${i}`, alice.chat.send(`a${i}`)), k.step(`bob.send ${i}`, bob.chat.send(`b${i}`)))
  }
  await Promise.all(sends)
  await k.until('alice and bob to show the same 20 messages', () => bob.chat.history().length === 20 && JSON.stringify(bob.chat.history()) === JSON.stringify(alice.chat.history()))
  // history() shows a read as it goes; its 'message' events come when the read is done.
  await k.until('bob to hear \'message\' for each of the 20 messages his history shows (each message the view keeps is told once, after the read that placed it)', () => seen.size === 20)
  const twice = [...seen].filter(([, n]) => n > 1).map(([id]) => id)
  t.alike(twice, [], 'no message came twice in \'message\' (a reorder undoes and re-applies nodes: the app hears about each message once)')
})

test('history() hands out copies: an app that changes what history() returned changes nothing the chat shows', async (t, k) => {
  const alice = await open(k, 'alice')
  await k.step('alice.send("hello")', alice.chat.send('hello'))
  const shown = alice.chat.history()
  shown[0].text = 'changed by the app'
  shown.push({ ...shown[0], text: 'pushed by the app' })
  t.alike(texts(alice.chat), ['hello'], `history() returns copies, of the list and of each message: an app that changes what it got (edits a text, sorts or adds to the list) must not change the chat's history (it now shows ${JSON.stringify(texts(alice.chat))})`)
})

// ---- apply: a writer's entry is its own, and never trusted ----------------------------------

test('apply: a writer\'s entry is its own, fields inside an entry name no one, malformed entries are ignored, apply uses only the entry', async (t, k) => {
  const alice = await open(k, 'alice')
  const raw = await hostileMember(k, alice.chat)
  const nickEvents: string[] = []
  alice.chat.on('nick', ({ author, nick }) => nickEvents.push(`${author}:${nick}`))
  k.explainStray(/SyntaxError|JSON/, 'createChat must hand apply each node as raw bytes: a block that is not JSON is for parseEntry in apply to refuse, never decoded before apply sees it')
  await raw.write(
    Buffer.from('{not json'),
    Buffer.from([0xff, 0x00]),
    { type: 'message', channel: 'default', text: 5, timestamp: NOW },
    { type: 'message', channel: 'default', text: 'x'.repeat(LIMITS.text + 1), timestamp: NOW },
    { type: 'message', channel: 'a b', text: 'spaced', timestamp: NOW },
    { type: 'nick', name: 'evil\u001b[2J' },
    { type: 'add', key: 'not a key' },
    { type: 'add', key: KEY.slice(2) },
    { type: 'remove', key: 12 },
    null,
    { type: 'message', channel: 'default', text: 'I am alice', timestamp: NOW, author: alice.chat.writerKey },
    { type: 'nick', name: 'mallory', author: alice.chat.writerKey },
    { type: 'add', key: ['cd'.repeat(32)] },
    { type: 'add', key: '00'.repeat(32) },
    { type: 'add', key: 'ff'.repeat(32) },
    { type: 'message', channel: 'default', text: ['a list'], timestamp: NOW },
    { type: 'nick', name: ['a list'] },
    { type: 'message', channel: ['default'], text: 'a listed channel', timestamp: NOW },
    { type: 'message', channel: 'default\u00a0', text: 'a no-break space', timestamp: NOW },
    { type: 'message', channel: '__proto__', text: 'proto', timestamp: NOW },
    { type: 'message', channel: 'constructor', text: 'ctor', timestamp: NOW },
    { type: 'message', channel: 'default/x', text: 'slash', timestamp: NOW },
    { type: 'message', channel: 'default', text: 'last', timestamp: NOW + 1, pad: 'x'.repeat(1000) },
    { type: 'message', channel: 'default', text: 'zero', timestamp: 0 }
  )
  const frozen = 'one hostile entry must not freeze the chat: a field of the wrong type (a key, text, name or channel that is a list) is ignored by apply, never passed on (an add\'s key would reach Autobase and throw inside apply); and history() takes any channel name, "__proto__" and "default/x" included (a channel name is data, never an object\'s property or a prefix of another channel\'s keys)'
  await k.until(`alice to show the raw member's last message (${frozen})`, () => hasText(alice.chat, 'zero'))
  t.alike(texts(alice.chat, '__proto__'), ['proto'], 'a channel is any name: "__proto__" has a history of its own (a channel name is data, never an object\'s property)')
  t.alike(texts(alice.chat, 'constructor'), ['ctor'], 'and so has "constructor"')
  t.alike(texts(alice.chat, 'default/x'), ['slash'], 'and "default/x"')
  t.absent(hasText(alice.chat, 'slash'), 'history("default") leaves out a message to "default/x": a channel is its own, no channel is a prefix of another\'s keys')
  // Which channels, then their order: one diff of both would show an order as a missing channel.
  const channels = alice.chat.channels()
  t.ok(isDeepStrictEqual([...channels].sort(), ['__proto__', 'constructor', 'default', 'default/x']),
    `channels() lists every channel that has messages, "__proto__", "constructor" and "default/x" too, and no channel that a malformed entry named (it listed ${brief(channels)})`)
  t.ok(isDeepStrictEqual(channels, [...channels].sort()), `channels() lists them sorted (as members() is), whatever order they came in: it listed ${brief(channels)}`)
  t.alike([...texts(alice.chat)].sort(), ['I am alice', 'last', 'zero'],
    'apply ignores every malformed entry, a field of the wrong type too (a text, name, channel or key that is a list): only the three valid messages are in the history')
  t.alike(texts(alice.chat), ['I am alice', 'last', 'zero'],
    'the history is in the order of the log, the order apply sees, never of a field: a message with timestamp 0 written last comes last (or any member would pin its message to the top)')
  t.alike(alice.chat.history()[1], { author: raw.writerKey, seq: 22, index: 1, channel: 'default', text: 'last', timestamp: NOW + 1 },
    'a message in history() holds exactly author, seq, index, channel, text and timestamp: apply never stores a stray field of the entry (here a 1000-character pad), and it is never shown')
  const forged = alice.chat.history()[0]
  t.is(forged.author, raw.writerKey, 'an "author" field inside an entry names no one: apply takes the writer from the writer core the node is in (the raw member\'s)')
  t.is(forged.seq, 10, 'seq is the node\'s place in its writer core (the 11th block of the raw member\'s core)')
  t.is(forged.timestamp, NOW, 'the timestamp is the entry\'s, the same on every peer: apply reads nothing but the node and the view (no Date.now())')
  t.is(alice.chat.nickOf(alice.chat.writerKey), 'alice', 'a nick entry with someone else\'s key inside changes no one\'s nick but its writer\'s')
  t.is(alice.chat.nickOf(raw.writerKey), 'mallory', 'it names its writer')
  t.alike(nickEvents, [`${raw.writerKey}:mallory`], 'one \'nick\' event: the raw member\'s; the nick with an escape and the nick that is a list were ignored')
  t.alike(alice.chat.members(), [alice.chat.key, raw.writerKey].sort(), 'malformed adds and removes change no one\'s membership, an add of a weak key (00…00, ff…ff) neither (and never reach Autobase: a bad key would throw inside apply, a weak one is a member no one can be)')
  await k.step('alice.send after the hostile entries', alice.chat.send('still here'))
  t.ok(hasText(alice.chat, 'still here'), 'the chat goes on: nothing a member writes stops it')
})

// ---- apply: membership goes through the log --------------------------------------------------

test('apply lets only the creator remove, never itself; a removed member can no longer write', async (t, k) => {
  const alice = await open(k, 'alice')
  const bob = await open(k, 'bob', alice.chat.key)
  await k.step('alice adds bob', alice.chat.addMember(bob.chat.writerKey))
  const raw = await hostileMember(k, alice.chat)
  await k.until('bob to be writable', () => bob.chat.writable)
  const everyone = [alice.chat.key, bob.chat.writerKey, raw.writerKey].sort()
  await raw.write(
    { type: 'remove', key: bob.chat.writerKey },
    { type: 'remove', key: alice.chat.writerKey },
    { type: 'message', channel: 'default', text: 'did it work?', timestamp: NOW }
  )
  await k.until('alice and bob to see the raw member\'s message after its removes', () => hasText(alice.chat, 'did it work?') && hasText(bob.chat, 'did it work?'))
  t.alike(alice.chat.members(), everyone, 'a remove from a member who is not the creator is ignored by apply: bob and alice are still members')
  t.alike(bob.chat.members(), everyone, 'on every peer')
  await raw.write(
    { type: 'remove', key: bob.chat.writerKey, by: alice.chat.writerKey },
    { type: 'remove', key: bob.chat.writerKey, author: alice.chat.writerKey },
    { type: 'message', channel: 'default', text: 'and now?', timestamp: NOW }
  )
  await k.until('alice and bob to see the raw member\'s message after its forged removes', () => hasText(alice.chat, 'and now?') && hasText(bob.chat, 'and now?'))
  t.alike(alice.chat.members(), everyone, 'apply: a remove that says it is "by" (or has an "author") the creator is by whoever wrote it: a field inside an entry names no one, the writer core the node came from does')
  t.alike(bob.chat.members(), everyone, 'on every peer')
  t.ok(bob.chat.writable, 'bob can still write')
  const byBob = await k.step('bob.removeMember (must reject: bob is not the creator)', settled(bob.chat.removeMember(raw.writerKey)))
  t.ok(byBob instanceof Error && /creator/.test(byBob.message), `removeMember by a member who is not the creator rejects, saying only the creator may (${told(byBob)})`)
  const self = await k.step('alice.removeMember(herself) (must reject)', settled(alice.chat.removeMember(alice.chat.writerKey)))
  t.ok(self instanceof Error && /creator/.test(self.message), `the creator cannot remove itself (${told(self)})`)
  await k.step('bob.send before his removal', bob.chat.send('before'))
  await k.until('alice to see bob\'s message', () => hasText(alice.chat, 'before'))
  const bobSaw: string[][] = []
  bob.chat.on('members', (m) => bobSaw.push(m))
  await k.step('alice.removeMember(bob)', alice.chat.removeMember(bob.chat.writerKey))
  t.alike(alice.chat.members(), [alice.chat.key, raw.writerKey].sort(), 'removeMember resolves once members() no longer shows bob')
  await k.until('bob to learn he was removed: bob.writable false (apply removes him from the base, not only from the view)', () => !bob.chat.writable)
  await k.until('a \'members\' event at bob without him', () => bobSaw.some((m) => !m.includes(bob.chat.writerKey)))
  const late = await k.step('bob.send after his removal (must reject)', settled(bob.chat.send('after')))
  t.ok(late instanceof Error && /member/i.test(late.message), `a removed member's send rejects: no longer a member (${told(late)})`)
  t.ok(hasText(alice.chat, 'before'), 'what bob wrote while a member stays in the history')
  await raw.write({ type: 'add', key: bob.chat.writerKey }, { type: 'message', channel: 'default', text: 'bob is back?', timestamp: NOW })
  await k.until('alice to see the raw member\'s message after its add', () => hasText(alice.chat, 'bob is back?'))
  t.absent(alice.chat.members().includes(bob.chat.writerKey), 'apply: a member who is not the creator cannot add back someone the creator removed')
  const back = await k.step('alice.addMember(bob) again (the creator adds back whom it removed)', settled(alice.chat.addMember(bob.chat.writerKey)))
  t.is(back, true, `apply lets the creator add back a member it removed: only the creator can (${told(back)})`)
  await k.until('bob to be writable again once the creator added him back (only the creator can add back a removed member)', () => bob.chat.writable)
  await k.step('bob.send once back', bob.chat.send('back again'))
  await k.until('alice to see bob\'s message once he is back', () => hasText(alice.chat, 'back again'))
})

test('apply ignores an add of someone already a member, the creator above all: nothing reaches Autobase, and the chat goes on on every peer', async (t, k) => {
  const { alice, bob } = await aliceAndBob(k)
  const calls = watchHostCalls(k)
  const raw = await hostileMember(k, alice.chat)
  await k.until('bob to see the raw member as a member', () => bob.chat.members().includes(raw.writerKey))
  const everyone = [alice.chat.key, bob.chat.writerKey, raw.writerKey].sort()
  const from = calls.length
  const membersEvents: string[][] = []
  alice.chat.on('members', (m) => membersEvents.push(m))
  await raw.write({ type: 'add', key: alice.chat.writerKey }, { type: 'add', key: bob.chat.writerKey }, { type: 'message', channel: 'default', text: 'still a chat?', timestamp: NOW })
  const lesson = 'apply must ignore an add of someone already a member (the creator above all): adding the creator again, as a non-indexer, would leave the base without an indexer and close it on every peer'
  // Autobase's first symptom is hypercore's own error, thrown in its own code: say what it means.
  k.explainStray(/Invalid checkout|Autobase is closing/, lesson)
  await k.until(`alice and bob to see the raw member's message after it added the creator and bob again (${lesson})`,
    () => hasText(alice.chat, 'still a chat?') && hasText(bob.chat, 'still a chat?'))
  const byAlice = await k.step('alice.send after the adds', settled(alice.chat.send('alice here')))
  t.is(byAlice, true, `the creator still writes (${lesson}) (${told(byAlice)})`)
  const byBob = await k.step('bob.send after the adds', settled(bob.chat.send('bob here')))
  t.is(byBob, true, `bob still writes (${lesson}) (${told(byBob)})`)
  await k.until(`alice and bob to see each other's messages after the adds (${lesson})`,
    () => hasText(alice.chat, 'bob here') && hasText(bob.chat, 'alice here'))
  t.alike(alice.chat.members(), everyone, 'the members are unchanged')
  t.alike(bob.chat.members(), everyone, 'on every peer')
  await k.step('alice.addMember(bob) although he already is a member (resolves: members() shows him)', alice.chat.addMember(bob.chat.writerKey))
  const again = calls.slice(from).filter((c) => c.method === 'addWriter' && c.peer === alice.chat.writerKey).map((c) => c.key === bob.chat.writerKey ? 'bob' : c.key)
  t.alike(again, [], 'apply must ignore an add of someone already a member: on alice\'s peer, an add of bob (already a member) reached host.addWriter again. An add is for someone who is not a member yet: the view says who is, before anything reaches Autobase')
  t.alike(membersEvents, [], 'and alice heard no \'members\' event: adds of members change no one\'s membership')
})

test('apply ignores a remove of the creator and of someone who is not a member, even from the creator: the chat goes on', async (t, k) => {
  // The creator here is a raw writer: it writes what the chat's own removeMember refuses to write.
  const adds = (v: unknown): string | null => (v as { type?: unknown })?.type === 'add' ? (v as { key?: unknown }).key as string : null
  const creator = await rawAutobaseWriter(k, null, { adds })
  const bob = await open(k, 'bob', creator.key)
  await creator.write({ type: 'add', key: bob.chat.writerKey })
  await k.until('bob to be a member once the (raw) creator added him', () => bob.chat.writable)
  await creator.write(
    { type: 'remove', key: creator.writerKey },
    { type: 'remove', key: KEY },
    { type: 'message', channel: 'default', text: 'after the removes', timestamp: NOW }
  )
  const lesson = 'apply must ignore a remove of the creator, even one the creator wrote itself, and a remove of someone who is not a member: passed on to Autobase, it throws ("Not allowed to remove the last indexer"), apply throws, and the base stops on every peer'
  k.explainStray(/Not allowed to remove the last indexer/, lesson)
  await k.until(`bob to show the creator's message written after its removes (${lesson})`, () => hasText(bob.chat, 'after the removes'))
  t.alike(bob.chat.members(), [creator.key, bob.chat.writerKey].sort(), 'apply: the creator is still a member, and the remove of a stranger changed no one')
  const sent = await k.step('bob.send after the removes', settled(bob.chat.send('still here')))
  t.is(sent, true, `apply: after those removes the chat goes on, bob still writes (${told(sent)})`)
  // Written by the creator itself, not through removeMember (which may refuse a stranger before apply sees it).
  const added = await k.step('bob.addMember(the stranger the creator removed) (a member adds someone who never was one)', settled(bob.chat.addMember(KEY)))
  t.is(added, true, `apply ignores a remove of someone who is not a member: it changes nothing, and does not mark them removed (which would bar a member from adding them later) (${told(added)})`)
})

test('apply holds at most LIMITS.members members: a member\'s adds beyond are ignored, addMember says the chat is full, and a remove frees a place', async (t, k) => {
  const alice = await open(k, 'alice')
  // A raw member whose own apply follows only the add of itself: the junk below is alice's to apply, not its own.
  let itself = ''
  const raw = await rawAutobaseWriter(k, alice.chat.key, { adds: (v) => (v as { type?: unknown, key?: unknown })?.type === 'add' && (v as { key?: unknown }).key === itself ? itself : null })
  itself = raw.writerKey
  await k.step('alice adding the raw member (addMember)', alice.chat.addMember(raw.writerKey))
  await k.until('the raw member to be writable', () => raw.writable())
  // Keys that are valid hex and no one's core: junk a hostile member can write by the thousand.
  const junk = Array.from({ length: LIMITS.members }, () => ({ type: 'add', key: crypto.randomBytes(32).toString('hex') }))
  await raw.write(...junk, { type: 'message', channel: 'default', text: 'after the adds', timestamp: NOW })
  // Hundreds of writers to add: more than 3 s on a busy machine.
  await k.until('alice to show the raw member\'s message written after its adds', () => hasText(alice.chat, 'after the adds'), { timeout: 30000 })
  t.is(alice.chat.members().length, LIMITS.members,
    `apply holds at most LIMITS.members (${LIMITS.members}) members, the creator included: every add beyond is ignored (it listed ${alice.chat.members().length}). Each member is a writer Autobase keeps in memory, so a member adding junk keys by the thousand must not grow the chat without end`)
  const full = await k.step('alice.addMember when the chat is full (must reject)', settled(alice.chat.addMember(KEY)))
  t.ok(full instanceof Error && /full/.test(full.message), `addMember rejects at once when the chat already holds LIMITS.members, saying it is full (${told(full)})`)
  const member = alice.chat.members().find((key) => key !== alice.chat.key && key !== raw.writerKey)!
  await k.step('alice.removeMember(one of the members) in the full chat', alice.chat.removeMember(member))
  const added = await k.step('alice.addMember once a member was removed (must resolve: a place is free)', settled(alice.chat.addMember(KEY)))
  t.is(added, true, `apply: a remove frees the member's place, so the full chat takes one more member again (${told(added)}): apply's count of members goes down by one with each remove`)
  await raw.write({ type: 'add', key: crypto.randomBytes(32).toString('hex') }, { type: 'message', channel: 'default', text: 'after the remove', timestamp: NOW })
  await k.until('alice to show the raw member\'s message written after one more add', () => hasText(alice.chat, 'after the remove'))
  t.is(alice.chat.members().length, LIMITS.members,
    `apply: a remove frees exactly one place: after a remove and an add the chat is full again, and a member's add beyond is ignored (it listed ${alice.chat.members().length})`)
})

test('membership and history survive a restart, and apply keeps nothing outside the view', async (t, k) => {
  const { alice, bob } = await aliceAndBob(k)
  const raw = await hostileMember(k, alice.chat)
  const carol = await open(k, 'carol', alice.chat.key)
  await k.step('alice adds carol', alice.chat.addMember(carol.chat.writerKey))
  await k.step('alice removes carol', alice.chat.removeMember(carol.chat.writerKey))
  await k.step('bob.send', bob.chat.send('one'))
  await k.until('alice to see bob\'s message', () => hasText(alice.chat, 'one'))
  const before = alice.chat.history()
  await k.step('alice.close()', alice.chat.close())
  const again = await open(k, 'alice again', alice.chat.key, { storage: alice.storage, nick: null, defaultNick: 'not alice', swarm: alice.swarm })
  const diff = firstDifference(again.chat.history(), before)
  t.is(diff, '', `history(): after a restart, the history is back before createChat resolves, read from the view apply wrote (${diff})`)
  t.alike(again.chat.members(), [again.chat.key, bob.chat.writerKey, raw.writerKey].sort(), 'and the members')
  t.is(again.chat.nickOf(again.chat.author), 'alice', 'and the nicks: createChat keeps a stored nick, a stored nick wins over defaultNick (the nick for a chat that has none of ours yet)')
  t.ok(again.chat.writable, 'the creator can still write')
  await k.step('bob.send after alice\'s restart', bob.chat.send('two'))
  await k.until('the restarted alice to see bob\'s new message (a member stays a member across restarts: apply keeps its state in the view, never in memory)', () => hasText(again.chat, 'two'))
  t.alike(texts(again.chat), ['one', 'two'], 'the restarted alice shows bob\'s messages one after the other: apply keeps its state in the view, never in memory (which a restart or a reorder loses)')
  await raw.write({ type: 'add', key: carol.chat.writerKey }, { type: 'message', channel: 'default', text: 'carol is back?', timestamp: NOW })
  await k.until('the restarted alice to see the raw member\'s message after its add of carol', () => hasText(again.chat, 'carol is back?'))
  t.absent(again.chat.members().includes(carol.chat.writerKey),
    'after the creator\'s restart too, a member cannot add back someone the creator removed: apply keeps its state in the view, never in memory (which a restart or a reorder loses)')
  await k.step('alice.removeMember(bob) after the restart', again.chat.removeMember(bob.chat.writerKey))
  await k.until('bob to be removed after alice\'s restart', () => !bob.chat.writable)
  t.pass('the creator still removes after a restart')
  const last = await k.step('alice.send', again.chat.send('before the second restart'))
  await k.step('alice.close() again', again.chat.close())
  const third = await open(k, 'alice, a third time, with her own nick', alice.chat.key, { storage: alice.storage, nick: 'alice', swarm: alice.swarm })
  const next = await k.step('alice.send after it', third.chat.send('after the second restart'))
  t.is(next?.seq, last.seq + 1, 'createChat with the nick the chat already has writes no nick entry: alice\'s next message is the next node of her core')
  // Another chat in the same process: carol was removed from alice's chat, not from dave's.
  const dave = await open(k, 'dave', undefined, { nick: null, defaultNick: 'dave' })
  t.is(dave.chat.nickOf(dave.chat.author), 'dave', 'createChat publishes defaultNick for a new chat: it has no nick of ours yet')
  const daves = await hostileMember(k, dave.chat)
  await daves.write({ type: 'add', key: carol.chat.writerKey })
  await k.until('dave\'s chat to list the key the raw member added, a key removed from another chat (apply keeps its state in the view, never in memory: a set kept in memory is shared by every chat in the process)',
    () => dave.chat.members().includes(carol.chat.writerKey))
})

// ---- the network, and close() ---------------------------------------------------------------

test('a peer that sends bytes that are not the replication protocol is dropped, and the chat goes on', async (t, k) => {
  const alice = await open(k, 'alice')
  const { ours, theirs, key: stranger } = await k.stranger(alice.swarm)
  const events: string[][] = []
  alice.chat.on('peers', (peers) => events.push(peers))
  alice.swarm.emit('connection', ours, {} as never)
  await k.until('alice to list the stranger in peers()', () => alice.chat.peers().includes(stranger))
  t.ok(events.some((peers) => peers.includes(stranger)), 'a \'peers\' event comes when a peer connects, listing it (the app shows who is connected from it)')
  theirs.write(Buffer.from([0x05, 0xff, 0xff, 0xff, 0xff, 0xff]))
  await k.until('alice to drop a connection whose replication failed (replicate the base on the connection the swarm gives you: its replication ends it on bad bytes)',
    () => !alice.chat.peers().includes(stranger))
  const sent = await k.step('alice.send after that', settled(alice.chat.send('still here')))
  t.is(sent, true, `and the chat goes on (${told(sent)})`)
})

test('createChat replicates on the connections its swarm already has: hyperswarm opens no second connection to a peer', async (t, k) => {
  const a = await k.swarm()
  const b = await k.swarm()
  const elsewhere = crypto.randomBytes(32)
  await k.step('one swarm joining another topic first', a.join(elsewhere).flushed()) // then the other: it finds the first
  await k.step('the other swarm joining it', b.join(elsewhere).flushed())
  await k.until('the two swarms to be connected before any chat exists', () => a.connections.size > 0 && b.connections.size > 0)
  const alice = await open(k, 'alice', undefined, { swarm: a })
  const bob = await open(k, 'bob', alice.chat.key, { swarm: b })
  await k.step('alice.send', alice.chat.send('over the old connection'))
  await k.until('bob to read alice\'s message over the connection their swarms already had (createChat must replicate on the connections the swarm already has as well as on the new ones: the swarm is already connected to alice, so it will open no second connection to her)',
    () => hasText(bob.chat, 'over the old connection'))
  t.ok(bob.chat.peers().includes(a.keyPair.publicKey.toString('hex')), 'createChat: peers() lists alice, whose connection was there before the chat')
})

test('peers() lists a peer once, however many connections it has to us, and \'peers\' comes only when that list changes', async (t, k) => {
  const alice = await open(k, 'alice', undefined, { swarm: await k.swarm({ firewall: () => true }) })
  const bob = await open(k, 'bob', alice.chat.key, { swarm: await k.swarm({ firewall: () => true }) })
  const events: string[][] = []
  alice.chat.on('peers', (peers) => events.push(peers))
  const first = await linkSwarms(k, alice.swarm, bob.swarm)
  const second = await linkSwarms(k, alice.swarm, bob.swarm)
  await k.until('alice to list bob in peers()', () => alice.chat.peers().includes(bob.swarm.keyPair.publicKey.toString('hex')))
  t.alike(alice.chat.peers(), [bob.swarm.keyPair.publicKey.toString('hex')], 'peers() lists each peer once, by its swarm key, although two connections lead to bob (a reconnect can overlap the old connection)')
  first.cut()
  second.cut()
  await k.until('alice to see bob go (a \'peers\' event without him) once both connections closed', () => events.some((peers) => peers.length === 0))
  const again = events.filter((peers, i) => i > 0 && isDeepStrictEqual(peers, events[i - 1]))
  t.alike(again, [], `'peers' tells a change of peers(): a second connection to bob, or the close of one of his two, changes nothing, so no event comes for it (alice heard ${events.map((peers) => `[${peers.map((p) => p.slice(0, 4)).join(', ')}]`).join(', ')})`)
})

test('close() lets go of the network first: its peers see it go even while its base and storage are still closing', async (t, k) => {
  const alice = await open(k, 'alice')
  const bob = await open(k, 'bob', alice.chat.key)
  await k.step('alice.send', alice.chat.send('hi bob'))
  await k.until('bob to see alice\'s message', () => hasText(bob.chat, 'hi bob'))
  const connections = [...alice.swarm.connections]
  // A disk that does not answer for a while: closing the base and its storage takes that long. The network needs no disk.
  let closing: Promise<unknown> = Promise.resolve()
  const { result } = await onSlowDisk(await k.tmp(), async () => {
    closing = settled(alice.chat.close())
    const ended = (): boolean => connections.every((c) => c.destroying || c.destroyed)
    for (const started = Date.now(); !ended() && Date.now() - started < 3000;) await new Promise((resolve) => setTimeout(resolve, 20))
    return ended()
  }, 4000)
  await k.step('alice.close() once the disk answers again', closing)
  t.ok(await result,
    `close() lets go of the network first, then closes the base and its storage: while alice's disk was slow, her close() kept her ${connections.length} connection(s) open for 3 s, so her peers went on replicating with a base that was closing`)
})

test('two peers that each looked for the other too early still meet: createChat\'s chat looks again soon', async (t, k) => {
  const alice = await open(k, 'alice', undefined, { nick: null }) // no nick to publish: createChat has nothing to wait for but the join
  const topic = topicOf(alice.chat)
  const found = await announcedOn(k, topic)
  t.ok(found.includes(alice.swarm.keyPair.publicKey.toString('hex')),
    'createChat: when it resolves, the DHT already finds the chat on its topic, even with no nick to publish: resolve only once the chat is announced there')
  // What a race does when both join at the same moment, made certain: when bob looks, alice's announcement
  // is not on the DHT (the test takes it back), and bob announces after alice looked.
  await k.step('taking alice\'s announcement back off the DHT', alice.swarm.dht.unannounce(topic, alice.swarm.keyPair))
  const bob = await open(k, 'bob', alice.chat.key)
  await k.step('alice.send', alice.chat.send('did we meet?'))
  await k.until('alice and bob to meet anyway: hyperswarm alone looks again after 10 minutes, so the chat createChat made must refresh its discovery itself: soon after joining, then less and less often, as in kata 12',
    // The one wait longer than 3 s: the chat's first look again comes about 1 s after it joined, then a connection and replication.
    () => hasText(bob.chat, 'did we meet?'), { timeout: 4000 })
  t.pass('alice and bob met: the chat looked for peers again soon enough')
})

test('createChat keeps looking for peers, less and less often: each look again comes later after the one before', async (t, k) => {
  const swarm = await k.swarm()
  // When the chat looks: its join of the topic, then each refresh of the discovery that join gave.
  const at: number[] = []
  const join = swarm.join.bind(swarm)
  swarm.join = (topic, opts) => {
    at.push(Date.now())
    const discovery = join(topic, opts)
    const refresh = discovery.refresh.bind(discovery)
    discovery.refresh = (...args) => { at.push(Date.now()); return refresh(...args) }
    return discovery
  }
  k.closes(await k.step('createChat() for alice', createChat({ storage: await k.tmp(), nick: 'alice', swarm })))
  // About 1 s after joining, then about 2 s after that.
  await k.until('createChat\'s chat to look for peers again twice (two refreshes of the discovery its join gave): peers that missed each other twice must still meet, so the chat keeps looking',
    () => at.length >= 3, { timeout: 6000 })
  // The first wait is about 1 s (after the join was flushed); the next one must be longer.
  const gap = at[2] - at[1]
  t.ok(gap >= 1500,
    `createChat's chat looks for peers again soon, then less and less often, each wait longer than the one before (a chat that refreshes every second for ever loads the DHT for nothing): its second look again came ${gap} ms after its first`)
})
