// Kata 12 — the kappa chat. Run it: npm test -- 12
import fs from 'node:fs/promises'
import path from 'node:path'
import crypto from 'hypercore-crypto'
import multifeed from 'multifeed'
import Cabal from 'cabal-core'
import NoiseSecretStream from '@hyperswarm/secret-stream'
import type Hyperswarm from 'hyperswarm'
import { openFilesUnder, test, type KataContext } from '../../src/harness/index.ts'
import { LIMITS, chatTopic, compareMessages, createChat, parseEntry, type Chat, type ChatMessage } from './chat.ts'

const newKey = (): string => crypto.randomBytes(32).toString('hex')
/** The topic every Cabal client joins: hypercore's discovery key of the chat key. */
const topicOf = (key: string): Buffer => crypto.discoveryKey(Buffer.from(key, 'hex'))

interface Peer { chat: Chat, swarm: Hyperswarm, storage: string }

/** `nick: null` gives createChat no nick (what the app does when started without --nick). */
async function join (k: KataContext, name: string, key: string, opts: { storage?: string, nick?: string | null, defaultNick?: string } = {}): Promise<Peer> {
  const storage = opts.storage ?? await k.tmp()
  const swarm = await k.swarm()
  const nick = opts.nick === null ? {} : { nick: opts.nick ?? name }
  const defaultNick = opts.defaultNick === undefined ? {} : { defaultNick: opts.defaultNick }
  const chat = k.closes(await k.step(`createChat() for ${name}`, createChat({ storage, key, ...nick, ...defaultNick, swarm })))
  return { chat, swarm, storage }
}

/** The history's order: by compareMessages, whatever order the entries arrived in. */
const sorted = (chat: Chat, channel?: string): string[] => chat.history(channel).sort(compareMessages).map((m) => `${m.author}@${m.seq}:${m.text}`)

/** Whether a call that must succeed did: true, or the error it failed with. */
const outcome = (p: Promise<unknown>): Promise<true | Error> => p.then(() => true as const, (err: Error) => err)

const texts = (chat: Chat, channel?: string): string[] => chat.history(channel).map((m) => m.text)
const ids = (chat: Chat, channel?: string): string[] => chat.history(channel).map((m) => `${m.author}@${m.seq}:${m.text}`)
const hasText = (chat: Chat, text: string, channel?: string): boolean => texts(chat, channel).includes(text)

/** What a raw peer saw of one connection: its replication handshake, or the error that ended it. */
interface RawConnection { handshake: boolean, error?: string }

/**
 * A raw multifeed peer on the chat's topic, writing whatever bytes the test wants: an intruder. By default it
 * announces and looks up the topic; `{ server: false }` makes it only dial, `{ client: false }` only be dialled.
 */
async function rawPeer (k: KataContext, key: string, join: { server?: boolean, client?: boolean } = {}): Promise<{ author: string, swarmKey: string, connections: Map<string, RawConnection>, write (...entries: Array<unknown>): Promise<void>, read (author: string, seq: number): Promise<unknown> }> {
  const feeds = multifeed(await k.tmp(), { valueEncoding: 'binary', encryptionKey: Buffer.from(key, 'hex') })
  k.teardown(() => new Promise<void>((resolve) => feeds.close(() => resolve())))
  const feed = await k.step('the raw peer\'s feed', new Promise<multifeed.Hypercore9Feed>((resolve, reject) => {
    feeds.writer('local', (err, f) => err ? reject(err) : resolve(f))
  }))
  const swarm = await k.swarm()
  /** By the other side's swarm key. */
  const connections = new Map<string, RawConnection>()
  swarm.on('connection', (socket) => {
    socket.on('error', () => {})
    const stream = feeds.replicate(socket.isInitiator, { live: true })
    const seen: RawConnection = { handshake: false }
    connections.set(socket.remotePublicKey!.toString('hex'), seen)
    ;(stream as unknown as NodeJS.EventEmitter).once('handshake', () => { seen.handshake = true })
    stream.on('error', (err: Error) => { seen.error ??= err.message; socket.destroy() })
    socket.pipe(stream).pipe(socket)
  })
  await k.step('the raw peer announcing the topic', swarm.join(topicOf(key), join).flushed())
  await k.step('the raw peer\'s first lookup', swarm.flush())
  return {
    author: feed.key.toString('hex'),
    swarmKey: swarm.keyPair.publicKey.toString('hex'),
    connections,
    write: (...entries) => k.step('the raw peer appending', new Promise<void>((resolve, reject) => {
      const blocks = entries.map((e) => Buffer.isBuffer(e) ? e : Buffer.from(JSON.stringify(e)))
      feed.append(blocks, (err) => err ? reject(err) : resolve())
    })),
    /** Entry `seq` of another author's feed, as this peer replicated it (parsed JSON, or null). */
    read: async (author, seq) => {
      await k.until(`the raw peer to replicate entry ${seq} of ${author.slice(0, 8)}…'s feed`, () => (feeds.feed(author)?.length ?? 0) > seq)
      const bytes = await k.step('the raw peer reading an entry', new Promise<Buffer>((resolve, reject) => {
        feeds.feed(author)!.get(seq, (err, data) => err ? reject(err) : resolve(data as Buffer))
      }))
      try { return JSON.parse(bytes.toString()) } catch { return null }
    }
  }
}

const block = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value))
const NOW = 1700000000000
const say = (content: object, extra: object = {}): object => ({ type: 'chat/text', content: { channel: 'default', text: 'hi', ...content }, timestamp: NOW, ...extra })
const nick = (name: unknown, extra: object = {}): object => ({ type: 'about', content: { name }, timestamp: NOW, ...extra })

test('chatTopic is the discovery key of the chat key, never the key itself', async (t) => {
  const key = crypto.randomBytes(32)
  t.alike(chatTopic(key), crypto.discoveryKey(key), 'the topic is hypercore\'s discovery key of the chat key: the topic Cabal joins')
  t.unlike(chatTopic(key), key, 'the key itself is never announced: whoever has it can read and write the chat')
  t.alike(chatTopic(new Uint8Array(key)), crypto.discoveryKey(key), 'a Uint8Array key gives the same topic')
  // Not t.exception: it awaits what the function returns, and code that hangs would end the run here.
  let thrown: unknown
  try { chatTopic(new Uint8Array(31)) } catch (err) { thrown = err }
  t.ok(thrown instanceof Error && /32 bytes|key/.test(thrown.message),
    'a key that is not 32 bytes throws an error that says so (a chat key is 32 bytes), never the topic of some other chat')
})

test('parseEntry accepts valid entries, Cabal\'s included, and rejects every entry that breaks a rule', async (t) => {
  const cabal = { type: 'chat/text', content: { channel: 'default', text: 'hello from cabal' }, timestamp: NOW }
  const parsed = parseEntry(block(cabal))
  t.ok(parsed, 'a Cabal chat/text entry (no clock) is valid')
  t.alike(parsed && { type: parsed.type, content: parsed.content, timestamp: parsed.timestamp, clock: parsed.clock }, { ...cabal, clock: undefined },
    'and parsed: its type, content and timestamp, and no clock')
  const valid: Array<[string, Uint8Array]> = [
    ['an about entry with a clock', block(nick('alice', { clock: 7 }))],
    ['a nick with a space in it', block(nick('alice smith'))],
    [`a text of exactly ${LIMITS.text} characters`, block(say({ text: 't'.repeat(LIMITS.text) }))],
    [`a channel of exactly ${LIMITS.channel} characters`, block(say({ channel: 'c'.repeat(LIMITS.channel) }))],
    [`a nick of exactly ${LIMITS.nick} characters`, block(nick('n'.repeat(LIMITS.nick)))],
    ['clock 0 and timestamp 0', block(say({}, { clock: 0, timestamp: 0 }))],
    [`clock ${LIMITS.clock} (LIMITS.clock)`, block(say({}, { clock: LIMITS.clock }))],
    ['extra fields, in the entry and in its content', block(say({ mentions: ['bob'] }, { client: 'some newer client' }))],
    ['a timestamp with a fraction (cabal-core makes its timestamps unique that way)', block(say({}, { timestamp: NOW + 0.001 }))],
    [`timestamp ${LIMITS.timestamp} (LIMITS.timestamp, the last moment a Date can hold)`, block(say({}, { timestamp: LIMITS.timestamp }))],
    ['an `after` naming the entry it follows', block(say({}, { clock: 3, after: { key: 'ab'.repeat(32), seq: 4 } }))],
    ['a text with a newline and a tab in it (Cabal users write multi-line messages: what others write is kept, and a display cleans it)', block(say({ text: 'two\nlines\tand a tab' }))]
  ]
  for (const [what, bytes] of valid) t.ok(parseEntry(bytes), `valid: ${what}`)
  const stray = parseEntry(block(say({ mentions: ['bob'] }, { client: 'some newer client', clock: 2, after: { key: 'ab'.repeat(32), seq: 4, note: 'x' } }))) as { content?: object, after?: object } | null
  const strayFields = [['client', stray], ['mentions', stray?.content], ['note', stray?.after]].filter(([field, at]) => typeof at === 'object' && at !== null && (field as string) in at).map(([field]) => field)
  t.alike(strayFields, [], `parseEntry returns the schema's data, not the parsed JSON: stray fields are accepted and left out (kept: ${strayFields.join(', ') || 'none'})`)

  const invalid: Array<[string, Uint8Array]> = [
    ['bytes that are not JSON', Buffer.from('{ not JSON')],
    ['an unknown type', block({ type: 'chat/unknown', content: { channel: 'default', text: 'hi' }, timestamp: NOW })],
    ['an empty text', block(say({ text: '' }))],
    [`a text over ${LIMITS.text} characters`, block(say({ text: 't'.repeat(LIMITS.text + 1) }))],
    ['an empty channel', block(say({ channel: '' }))],
    [`a channel over ${LIMITS.channel} characters`, block(say({ channel: 'c'.repeat(LIMITS.channel + 1) }))],
    ['a channel with a space in it', block(say({ channel: 'two words' }))],
    ['a channel with a terminal escape code (a control character)', block(say({ channel: '\u001b[2Jgeneral' }))],
    ['an empty nick', block(nick(''))],
    [`a nick over ${LIMITS.nick} characters`, block(nick('n'.repeat(LIMITS.nick + 1)))],
    ['a nick with a terminal escape code (a control character)', block(nick('\u001b[31malice'))],
    ['no timestamp', block({ type: 'chat/text', content: { channel: 'default', text: 'hi' } })],
    ['a negative timestamp', block(say({}, { timestamp: -1 }))],
    ['a timestamp that is not finite (1e400 parses as Infinity)', Buffer.from(`{"type":"chat/text","content":{"channel":"default","text":"hi"},"timestamp":1e400}`)],
    [`timestamp ${LIMITS.timestamp + 1} (outside the Date range: no Date can show it)`, block(say({}, { timestamp: LIMITS.timestamp + 1 }))],
    ['timestamp 1e16 (outside the Date range)', block(say({}, { timestamp: 1e16 }))],
    ['timestamp Number.MAX_VALUE (outside the Date range)', block(say({}, { timestamp: Number.MAX_VALUE }))],
    ['an `after` whose key is not 64 hex characters', block(say({}, { clock: 3, after: { key: 'alice', seq: 4 } }))],
    ['an `after` whose key has 64 hex characters and more after them', block(say({}, { clock: 3, after: { key: 'ab'.repeat(32) + '!', seq: 4 } }))],
    ['an `after` whose key has 64 hex characters and more before them', block(say({}, { clock: 3, after: { key: '!' + 'ab'.repeat(32), seq: 4 } }))],
    ['an `after` whose seq is not an integer ≥ 0', block(say({}, { clock: 3, after: { key: 'ab'.repeat(32), seq: -1 } }))],
    ['an `after` whose seq is not an integer (1.5)', block(say({}, { clock: 3, after: { key: 'ab'.repeat(32), seq: 1.5 } }))],
    ['an `after` whose key is upper-case hex (a feed key is 64 lower-case hex characters)', block(say({}, { clock: 3, after: { key: 'AB'.repeat(32), seq: 4 } }))],
    ['a nick with a DEL (U+007F, a control character)', block(nick('ali\u007fce'))],
    ['a nick with a C1 control character (U+009B, the one-byte escape code)', block(nick('\u009b31malice'))],
    ['a channel with a DEL (U+007F, a control character)', block(say({ channel: 'gen\u007feral' }))],
    ['a channel with a C1 control character (U+009B)', block(say({ channel: '\u009b2Jgeneral' }))],
    ['a negative clock', block(say({}, { clock: -1 }))],
    ['a clock that is not an integer', block(say({}, { clock: 1.5 }))],
    [`a clock over ${LIMITS.clock} (LIMITS.clock)`, block(say({}, { clock: LIMITS.clock + 1 }))],
    ['clock 1e200', block(say({}, { clock: 1e200 }))],
    ['a clock that is not a number', block(say({}, { clock: '7' }))]
  ]
  for (const [what, bytes] of invalid) t.is(parseEntry(bytes), null, `invalid, so null: ${what}`)
})

test('compareMessages orders by clock, then timestamp, then author, then seq', async (t) => {
  const m = (clock: number, author: string, seq: number, timestamp: number): ChatMessage =>
    ({ author, seq, clock, channel: 'default', text: `${clock}/${timestamp}/${author}/${seq}`, timestamp })
  // The timestamps run against the clocks: a wall clock that is wrong must not change the order of clocks.
  t.ok(compareMessages(m(1, 'bb', 0, 9000), m(2, 'aa', 0, 1000)) < 0, 'the lower clock comes first, even with a later timestamp')
  t.ok(compareMessages(m(2, 'aa', 0, 1000), m(1, 'bb', 0, 9000)) > 0, 'and the other way round')
  t.ok(compareMessages(m(3, 'bb', 5, 1000), m(3, 'aa', 1, 9000)) < 0, 'equal clocks: the earlier timestamp comes first (how an entry without a clock follows the ones before it)')
  t.ok(compareMessages(m(3, 'aa', 5, 9000), m(3, 'bb', 1, 9000)) < 0, 'equal clocks and timestamps: the lower author key comes first')
  t.ok(compareMessages(m(3, 'bb', 1, 9000), m(3, 'aa', 5, 9000)) > 0, 'and the higher author key comes after')
  t.ok(compareMessages(m(3, 'bb', 1, 9000), m(3, 'bb', 2, 9000)) < 0, 'same clock, timestamp and author: the lower seq comes first')
  t.is(compareMessages(m(3, 'bb', 1, 5), m(3, 'bb', 1, 5)), 0, 'a message is equal to itself')
  const order = [m(1, 'cc', 0, 5000), m(2, 'bb', 1, 2000), m(2, 'aa', 1, 4000), m(2, 'bb', 0, 4000), m(5, 'aa', 2, 1000)]
  const shuffled = [order[3], order[0], order[4], order[2], order[1]]
  t.alike(shuffled.sort(compareMessages).map((x) => x.text), order.map((x) => x.text), 'sorting with it gives (clock, timestamp, author, seq) order')
})

test('the chat replicates on every connection, whichever side dialled, and reads blocks that are not JSON without stalling', async (t, k) => {
  const key = newKey()
  // A peer that is only dialled: alice finds it when she first looks up the topic, so her side of that
  // connection is the initiator. Then a peer that only dials: alice's side of that one is not.
  const dialled = await rawPeer(k, key, { client: false })
  const alice = await join(k, 'alice', key)
  const aliceKey = alice.swarm.keyPair.publicKey.toString('hex')
  await k.until('alice\'s chat to join its topic on the swarm', () => alice.swarm.status(topicOf(key)))
  await k.step('alice\'s first announcement and lookup', alice.swarm.flush())
  const dialler = await rawPeer(k, key, { server: false })
  const checks = [
    ['a peer alice dialled', dialled, 'alice dialled it, so her side is the initiator'],
    ['a peer that dialled alice', dialler, 'it dialled alice, so her side is not the initiator']
  ] as const
  for (const [who, peer, why] of checks) {
    await k.until(`the replication handshake with ${who}: join the topic as server and client, and replicate every connection the swarm gives you, with that connection's isInitiator`,
      () => { const c = peer.connections.get(aliceKey); return c && (c.handshake || c.error) })
    const error = peer.connections.get(aliceKey)?.error
    t.absent(error && /exchange key/i.test(error) ? error : undefined,
      `the chat key is the room's secret, multifeed's encryptionKey: both sides must open their multifeed with it, or no feed is exchanged (with ${who} the replication failed: ${error})`)
    t.absent(error, `exactly one side of a connection is the initiator: replicate(socket.isInitiator, …), not a fixed true or false (with ${who}, where ${why}, the replication failed${error ? `: ${error}` : ''})`)
  }
  await dialled.write(say({ text: 'hello alice' }))
  await k.until('alice to show a message from a peer she replicates with: replicate live (new blocks keep coming) and index every feed in the view',
    () => hasText(alice.chat, 'hello alice'))
  await dialled.write(Buffer.from('{ this is not JSON'), say({ text: 'after the bad block' }, { timestamp: NOW + 1 }))
  await k.until('alice to show the message that follows a block that is not JSON: read blocks as bytes (valueEncoding \'binary\') and parse them yourself, in a try; a \'json\' valueEncoding throws inside the indexer and stalls the rest of that feed',
    () => hasText(alice.chat, 'after the bad block'))
  t.alike(texts(alice.chat), ['hello alice', 'after the bad block'], 'a block that is not JSON is dropped, and the feed goes on')
})

test('two peers that each looked for the other too early still meet: the chat looks again soon', async (t, k) => {
  const key = newKey()
  const topic = topicOf(key)
  const alice = await join(k, 'alice', key)
  await k.until('alice\'s chat to join its topic on the swarm', () => alice.swarm.status(topic))
  await k.step('alice\'s first announcement and lookup', alice.swarm.flush())
  // What a race does when both join at the same moment, made certain: when bob looks, alice's
  // announcement is not on the DHT (here, the test takes it back), and bob announces after alice looked.
  await k.step('taking alice\'s announcement back off the DHT', alice.swarm.dht.unannounce(topic, alice.swarm.keyPair))
  const bob = await join(k, 'bob', key)
  await k.until('bob\'s chat to join its topic on the swarm', () => bob.swarm.status(topic))
  await k.step('bob\'s first announcement and lookup (alice is not on the DHT)', bob.swarm.flush())
  await k.step('alice.send', alice.chat.send('did we meet?'))
  await k.until('alice and bob to meet anyway: hyperswarm alone looks again after 10 minutes, so the chat must refresh its discovery (about 1 s, 2 s, 4 s … later)',
    // The one wait longer than 3 s: it waits for the chat's own timer, its first look again about 1 s after
    // joining (up to 1.5 s, with its randomness), then a connection and replication (under 1.4 s in all, measured
    // on a busy 2-core machine). 4 s leaves room for that, and shows a chat that never looks again within 6 s.
    () => hasText(bob.chat, 'did we meet?'), { timeout: 4000 })
  t.pass('alice and bob met: the chat looked for peers again soon enough')
})

test('on its own: sends at the same moment keep their order, history() is a copy, nick changes are announced', async (t, k) => {
  const alice = await join(k, 'alice', newKey())
  const nicks: unknown[] = []
  alice.chat.on('nick', (change) => nicks.push(change))
  const heard: string[] = []
  alice.chat.on('message', (m) => heard.push(m.text))
  // No await between them: none of these sends has seen the others' entries when it starts.
  const sent = await k.step('alice.send × 3, all at once: each must resolve with its own message (sends take turns on the feed, one at a time, each waiting for its own entry)', Promise.all(['one', 'two', 'three'].map((text) => alice.chat.send(text))))
  t.ok(sent.every((m) => m !== undefined && hasText(alice.chat, m.text)),
    'send() resolves once the view has indexed the message, with that message: history() shows all 3 already')
  t.alike(sent.map((m) => m?.text), ['one', 'two', 'three'],
    'each send() resolves with its own message, even when called at the same moment: sends take turns on the feed, each waiting for its own entry (the seq its append gave it)')
  const clocks = sent.map((m) => m?.clock)
  t.ok(clocks.every((c, i) => i === 0 || (c !== undefined && c > clocks[i - 1]!)),
    `each entry of a feed gets a higher clock than the one before it, even when sent at the same moment (a clock is believed up to one more than the entry it follows, and never below its feed's previous clock + 1): the 3 sends got clocks ${clocks.join(', ')}`)
  t.alike(texts(alice.chat), ['one', 'two', 'three'], 'and show in the order they were sent')
  t.alike(heard, ['one', 'two', 'three'], `a 'message' event comes for every message indexed, your own too (the app prints only what that event gives it): heard ${JSON.stringify(heard)}`)
  const twins = await k.step('alice.send("same") × 2, at once', Promise.all([alice.chat.send('same'), alice.chat.send('same')]))
  t.ok(twins[0] !== undefined && twins[1] !== undefined && twins[0].seq !== twins[1].seq,
    `each send() resolves with its own entry, found by the seq its append gave it, not by its text: two sends of "same" resolved with seqs ${twins.map((m) => m?.seq).join(' and ')}`)

  const copy = alice.chat.history()
  copy.reverse()
  copy.length = 1
  t.alike(texts(alice.chat), ['one', 'two', 'three', 'same', 'same'], 'history() returns a copy: a caller that reverses or shortens the array it got does not change the chat\'s history')

  await k.step('alice.setNick("alicia")', alice.chat.setNick('alicia'))
  t.alike(nicks, [{ author: alice.chat.author, nick: 'alicia' }], 'setNick() emits a \'nick\' event with the author and the new nick (the app shows nick changes from it)')
  await k.step('alice.setNick("alicia") again', alice.chat.setNick('alicia'))
  t.is(nicks.length, 1, 'a \'nick\' event is for a nick that changed: the same nick again is no change, and is not announced')
})

test('what the chat sends is always valid: never a control character, never an entry its peers would drop', async (t, k) => {
  const alice = await join(k, 'alice', newKey())
  for (const [what, call, said, code] of [
    ['send("\\u001b[2J")', () => alice.chat.send('\u001b[2Jhi'), /message/, 'U+001B'],
    ['send("two\\nlines")', () => alice.chat.send('two\nlines'), /message/, 'U+000A'],
    ['setNick("\\u001b[31mbob")', () => alice.chat.setNick('\u001b[31mbob'), /nick/, 'U+001B'],
    ['send("a DEL\\u007f")', () => alice.chat.send('a DEL\u007f'), /message/, 'U+007F'],
    ['send("\\u009b2J, a C1 escape code")', () => alice.chat.send('\u009b2J, a C1 escape code'), /message/, 'U+009B'],
    ['setNick("\\u009b31mbob")', () => alice.chat.setNick('\u009b31mbob'), /nick/, 'U+009B']
  ] as const) {
    const result = await k.step(what, outcome(call()))
    t.ok(result instanceof Error && /control character/.test(result.message),
      `${what} is rejected with an error that says why (it contains a control character): ${result === true ? 'it was sent' : result.message}`)
    t.ok(result instanceof Error && said.test(result.message) && result.message.includes(code),
      `and the error says where (in ${said.source === 'nick' ? 'a nick' : 'a message'}) and which character (${code}), so that the user can fix it: ${result === true ? 'it was sent' : result.message}`)
  }
  for (const [what, call] of [
    ['send("")', () => alice.chat.send('')],
    [`send() of ${LIMITS.text + 1} characters`, () => alice.chat.send('x'.repeat(LIMITS.text + 1))],
    ['send("hi", "two words")', () => alice.chat.send('hi', 'two words')],
    ['setNick("")', () => alice.chat.setNick('')],
    [`setNick() of ${LIMITS.nick + 1} characters`, () => alice.chat.setNick('n'.repeat(LIMITS.nick + 1))],
    [`send("hi") in a channel of ${LIMITS.channel + 1} characters`, () => alice.chat.send('hi', 'c'.repeat(LIMITS.channel + 1))],
    ['send("hi") in channel "\\u001b[2Jgeneral"', () => alice.chat.send('hi', '\u001b[2Jgeneral')],
    ['send("hi") in channel "gen\\u009beral"', () => alice.chat.send('hi', 'gen\u009beral')]
  ] as const) {
    // Written, such an entry would be dropped by every peer's parseEntry, alice's own view included: a send that never resolves.
    const result = await k.step(`${what} (must reject at once: parseEntry would drop that entry)`, outcome(call()))
    t.ok(result instanceof Error && /\w/.test(result.message),
      `${what} is rejected, with an error that says why: the chat writes only entries that parseEntry accepts (${result === true ? 'it was written' : result.message || 'an error without a message'})`)
  }
  t.alike(texts(alice.chat), [], 'and nothing was written')
  t.is(alice.chat.nickOf(alice.chat.author), 'alice', 'the nick did not change')
  for (const [what, call] of [
    [`send() of ${LIMITS.text} characters`, () => alice.chat.send('x'.repeat(LIMITS.text))],
    [`send("hi") in a channel of ${LIMITS.channel} characters`, () => alice.chat.send('hi', 'c'.repeat(LIMITS.channel))],
    [`setNick() of ${LIMITS.nick} characters`, () => alice.chat.setNick('n'.repeat(LIMITS.nick))]
  ] as const) {
    const result = await k.step(what, outcome(call()))
    t.is(result, true, `${what} is sent: the limits are the longest a text, a channel and a nick may be, not one less (${result === true ? 'sent' : result.message})`)
  }
})

test('a real cabal-core peer and the chat exchange messages and nicks both ways, and list each other as peers', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const carol = await cabalPeer(k, key)

  await k.step('cabal.publishNick("carol")', new Promise<void>((resolve, reject) => carol.cabal.publishNick('carol', (err) => err ? reject(err) : resolve())))
  await carol.publish('hello from cabal')
  await k.until('the chat to receive cabal\'s message', () => hasText(alice.chat, 'hello from cabal'))
  const fromCabal = alice.chat.history().find((m) => m.text === 'hello from cabal')!
  t.is(fromCabal.author, carol.localKey, 'its author is the cabal peer\'s feed key')
  await k.until('the chat to know cabal\'s nick', () => alice.chat.nickOf(carol.localKey) === 'carol')

  await k.step('alice.send', alice.chat.send('hello from kappa'))
  await k.until('cabal to show alice\'s message in #default', async () => (await carol.texts()).includes('hello from kappa'))
  await k.until('cabal to know alice\'s nick', async () => (await carol.nickOf(alice.chat.author)) === 'alice')
  await k.step('alice.setNick("alicia")', alice.chat.setNick('alicia'))
  await k.until('cabal to see alice\'s new nick', async () => (await carol.nickOf(alice.chat.author)) === 'alicia')
  t.pass('cabal-core reads the chat\'s messages and nicks, and the chat reads cabal\'s')

  await k.until('cabal-core to emit peer-added for alice: the chat sends its feed key in Cabal\'s \'peer-id\' extension',
    () => carol.added.has(alice.chat.author))
  await k.until('the chat to list the cabal peer with its feed key (peerInfo(), from the \'peer-id\' extension)',
    () => alice.chat.peerInfo().some((p) => p.author === carol.localKey))
  t.ok(alice.chat.peerInfo().every((p) => alice.chat.peers().includes(p.key)), 'peerInfo() lists the same connections as peers(), by swarm key')
})

test('close() leaves the topic, ends its connections, stops listening, and leaves the swarm running', async (t, k) => {
  const key = newKey()
  const swarm = await k.swarm()
  // A connection alice's swarm already has for another topic (another app on the same swarm): not the chat's to end.
  const otherTopic = crypto.randomBytes(32)
  const other = await k.swarm()
  other.on('connection', (socket) => socket.on('error', () => {}))
  await k.step('another app\'s peer announcing another topic', other.join(otherTopic, { server: true, client: false }).flushed())
  swarm.join(otherTopic, { server: false, client: true })
  await k.step('alice\'s swarm looking up the other topic', swarm.flush())
  const foreignConnection = () => [...swarm.connections].find((c) => c.remotePublicKey?.equals(other.keyPair.publicKey))
  await k.until('alice\'s swarm to connect to the peer of the other topic', () => foreignConnection())
  const foreign = foreignConnection()!
  foreign.on('error', () => {})
  const listeners = swarm.listenerCount('connection')
  const storage = await k.tmp()
  const alice = k.closes(await k.step('createChat() for alice', createChat({ storage, key, nick: 'alice', swarm })))
  const bob = await join(k, 'bob', key)
  await k.step('alice.send', alice.send('hi bob'))
  await k.until('bob to see alice\'s message', () => hasText(bob.chat, 'hi bob'))
  const connections = [...swarm.connections].filter((c) => c !== foreign)
  await k.step('alice.close()', alice.close())
  const discovery = swarm.status(topicOf(key))
  t.ok(!discovery || discovery.destroyed, 'close() leaves the chat\'s topic: alice\'s swarm no longer announces it or looks it up')
  t.ok(connections.length > 0 && connections.every((c) => c.destroying || c.destroyed),
    `close() ends the chat's connections (${connections.length} open before), so its peers see it go`)
  t.is(swarm.listenerCount('connection'), listeners, 'close() stops listening for connections: no handler of the closed chat is left on the swarm')
  t.absent(swarm.destroyed, 'and the swarm is still running: it was given to the chat, it is not the chat\'s to destroy')
  t.absent(foreign.destroying || foreign.destroyed,
    'close() ends only the chat\'s own connections: the one alice\'s swarm had for another topic before the chat started is not the chat\'s to end')
  const stillOpen = await openFilesUnder(storage)
  if (stillOpen) {
    t.alike(stillOpen, [], `close() closes the feeds (the multifeed) once the network is done: none of the storage's files is left open (${stillOpen.length} still are: ${stillOpen.slice(0, 3).join(', ')}…)`)
  }
  const late = await k.step('alice.send after close() (must reject at once: the chat is closed)', outcome(alice.send('too late')))
  t.ok(late instanceof Error && /closed/.test(late.message),
    `send() after close() rejects with an error that says the chat is closed (${late === true ? 'it was sent' : late.message})`)
})

test('createChat rejects a key that is not 64 hex characters, and a storage it cannot open', async (t, k) => {
  const swarm = await k.swarm()
  const hex = newKey()
  /** createChat's outcome; a chat it should not have made is closed again. */
  const attempt = (storage: string, key: string): Promise<true | Error> =>
    createChat({ storage, key, nick: 'alice', swarm }).then(async (chat) => { await chat.close(); return true as const }, (err: Error) => err)
  for (const [what, key] of [
    ['64 hex characters and a "x" after them', `${hex}x`],
    ['64 characters that are not hex', 'z'.repeat(64)],
    ['62 hex characters (31 bytes)', hex.slice(2)]
  ] as const) {
    const result = await k.step(`createChat() with a key of ${what} (must reject)`, attempt(await k.tmp(), key))
    t.ok(result instanceof Error && /key/.test(result.message),
      `a chat key is 64 hex characters: a key of ${what} is rejected with an error about the key (${result === true ? 'a chat was made' : result.message})`)
  }
  const file = path.join(await k.tmp(), 'a-file')
  await fs.writeFile(file, 'not a folder')
  const result = await k.step('createChat() in a storage under a file (must reject)', attempt(path.join(file, 'chat'), hex))
  t.ok(result instanceof Error, `createChat rejects when it cannot open its storage, with that error (${result === true ? 'a chat was made' : result.message})`)
})

/** Every file under `dir`, recursively. */
async function filesUnder (dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => !e.isDirectory()).map((e) => path.join(e.parentPath, e.name))
}

test('a send or a nick whose entry cannot be written rejects with the write\'s error, never hangs', async (t, k) => {
  // A full disk, on Linux: every write to /dev/full fails with ENOSPC (reads give zeros).
  const full = await fs.stat('/dev/full').then(() => true, () => false)
  const storage = await k.tmp()
  const swarm = await k.swarm()
  const chat = k.closes(await k.step('createChat() without a nick (nothing written yet)', createChat({ storage, key: newKey(), swarm })))
  if (!full) return t.pass('no /dev/full here: a full disk is only simulated on Linux')
  // The writer feed is the one hypercore that has a secret key; its blocks go to `data`, not written yet.
  const own = (await filesUnder(storage)).filter((f) => path.basename(f) === 'secret_key')
  t.is(own.length, 1, `the storage holds one writer feed, with its secret key (found ${own.length})`)
  await fs.rm(path.join(path.dirname(own[0]), 'data'), { force: true })
  await fs.symlink('/dev/full', path.join(path.dirname(own[0]), 'data'))
  for (const [what, call] of [['send("lost")', () => chat.send('lost')], ['setNick("lost")', () => chat.setNick('lost')]] as const) {
    const result = await k.step(`${what} on a full disk (an entry that cannot be written: it must reject with the write's error, not wait for it)`, outcome(call()))
    t.ok(result instanceof Error && (result as NodeJS.ErrnoException).code === 'ENOSPC',
      `an entry that cannot be written rejects ${what} with the write's own error (ENOSPC, no space left on device), so the user learns why: ${result === true ? 'it resolved' : `${(result as NodeJS.ErrnoException).code ?? 'no code'}: ${result.message}`}`)
  }
})

test('peers() and the \'peers\' event follow connections as they come and go; a malformed peer-id is ignored', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const events: string[][] = []
  alice.chat.on('peers', (list) => events.push(list))
  // A stranger's connection, handed to alice's swarm: a multifeed of its own that sends Cabal's 'peer-id'
  // extension, the malformed messages a hostile peer may send first, then two well-formed ones.
  const feeds = multifeed(await k.tmp(), { valueEncoding: 'binary', encryptionKey: Buffer.from(key, 'hex') })
  k.teardown(() => new Promise<void>((resolve) => feeds.close(() => resolve())))
  const feed = await k.step('the stranger\'s feed', new Promise<multifeed.Hypercore9Feed>((resolve, reject) => {
    feeds.writer('local', (err, f) => err ? reject(err) : resolve(f))
  }))
  const { ours, theirs, key: stranger } = await k.stranger(alice.swarm)
  const replication = feeds.replicate(true, { live: true })
  replication.on('error', () => theirs.destroy())
  const peerId = replication.registerExtension<unknown>('peer-id', { encoding: 'json' })
  const author = feed.key.toString('hex')
  const hex = newKey()
  const malformed = [null, 42, 'a string', {}, { id: 42 }, { id: [author] }, { id: 'zz'.repeat(32) }, { id: author.slice(2) },
    { id: `!${author}` }, { id: `${author}!` }, { id: author.toUpperCase() }]
  for (const message of [...malformed, { id: author }, { id: hex }]) peerId.send(message)
  theirs.pipe(replication).pipe(theirs)
  alice.swarm.emit('connection', ours, {} as never)
  await k.until('alice to list the stranger in peers() (its swarm key) as soon as its connection comes', () => alice.chat.peers().includes(stranger))
  // After its peer-id messages, on the same connection: once alice shows it, she has read them all.
  await k.step('the stranger appending a message', new Promise<void>((resolve, reject) => {
    feed.append(Buffer.from(JSON.stringify(say({ text: 'the stranger is here' }))), (err) => err ? reject(err) : resolve())
  }))
  await k.until('alice to show the stranger\'s message, sent after its peer-id messages: a malformed peer-id must not break the connection',
    () => hasText(alice.chat, 'the stranger is here'))
  const info = alice.chat.peerInfo().find((p) => p.key === stranger)
  t.is(info?.author, author,
    `a peer-id is a feed key, 64 lower-case hex characters, and a peer gives one: the chat ignores malformed ones and any after the first (peerInfo() says ${JSON.stringify(info?.author)})`)
  t.ok(events.filter((list) => list.includes(stranger)).length >= 2,
    `a 'peers' event comes when the peer connects and again when its peer-id arrives (peerInfo() changed): ${events.length} events`)

  ours.destroy()
  await k.until('alice to drop the stranger from peers() once its connection closed', () => !alice.chat.peers().includes(stranger))
  t.absent(events.at(-1)?.includes(stranger), 'and a \'peers\' event announces the new list, without the stranger')
})

test('a peer that sends bytes that are not the replication protocol is dropped, and the chat goes on', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const { ours, theirs, key: stranger } = await k.stranger(alice.swarm)
  alice.swarm.emit('connection', ours, {} as never)
  await k.until('alice to list the stranger in peers()', () => alice.chat.peers().includes(stranger))
  theirs.write(Buffer.from([0x05, 0xff, 0xff, 0xff, 0xff, 0xff]))
  await k.until('alice to drop a connection whose replication stream failed (on an error of the replication stream, destroy the connection)',
    () => !alice.chat.peers().includes(stranger))
  const sent = await k.step('alice.send after that', outcome(alice.chat.send('still here')))
  t.is(sent, true, 'and the chat goes on')
})

test('three peers exchange messages and all see the same history, in the same order', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const bob = await join(k, 'bob', key)
  const carol = await join(k, 'carol', key)
  const live: ChatMessage[] = []
  bob.chat.on('message', (m) => live.push(m))

  const sent = await k.step('alice.send("hi all")', alice.chat.send('hi all'))
  t.ok(hasText(alice.chat, 'hi all'), 'send() resolves once the view has indexed the message: alice\'s history() shows it already')
  t.is(sent?.text, 'hi all', 'and resolves with the message')
  t.is(sent?.author, alice.chat.author, 'written by alice\'s own feed')
  await k.until('bob to see "hi all"', () => hasText(bob.chat, 'hi all'))
  t.ok(live.some((m) => m.text === 'hi all' && m.author === alice.chat.author && m.channel === 'default'),
    'bob got alice\'s message live, as a "message" event with her author key and the default channel')
  const reply = await k.step('bob.send (a reply, after seeing "hi all")', bob.chat.send('hi alice'))
  t.ok(reply?.text === 'hi alice' && reply.author === bob.chat.author,
    `send() resolves with the message it wrote, bob's own (not another author's entry with the same seq): got ${JSON.stringify(reply?.text)}`)
  await Promise.all([
    k.step('alice.send', alice.chat.send('one')),
    k.step('carol.send', carol.chat.send('two')),
    k.step('bob.send', bob.chat.send('three'))
  ])
  await k.step('carol.send to #random', carol.chat.send('elsewhere', 'random'))

  const all = [alice, bob, carol]
  await k.until('every peer to have all 5 messages in #default and 1 in #random (feeds arrive in any order: an entry whose `after` is not indexed yet waits for it, it is never dropped)',
    () => all.every((p) => p.chat.history().length === 5 && p.chat.history('random').length === 1))
  for (const p of all) t.alike(ids(p.chat), sorted(p.chat), 'history() is in compareMessages order, not the order the messages arrived in')
  t.alike(ids(bob.chat), ids(alice.chat), 'bob\'s history is alice\'s, message for message, in the same order')
  t.alike(ids(carol.chat), ids(alice.chat), 'carol\'s history is alice\'s too')
  const order = texts(alice.chat)
  t.ok(order.indexOf('hi all') < order.indexOf('hi alice'), 'a reply comes after the message it saw (logical clocks)')
  t.alike(texts(alice.chat, 'random'), ['elsewhere'], 'channels are separate histories')
  t.alike(alice.chat.channels().sort(), ['default', 'random'], 'channels() lists every channel that has messages')
  const swarmKey = (p: Peer): string => p.swarm.keyPair.publicKey.toString('hex')
  await k.until('alice to list bob and carol as peers',
    () => alice.chat.peers().includes(swarmKey(bob)) && alice.chat.peers().includes(swarmKey(carol)))
  t.pass('peers() lists the swarm keys of the peers alice is connected to')

  // Hyperswarm can hold two connections to one peer for a moment (both sides dialled at once; one is
  // dropped a little later). Here, a second connection from bob's swarm key, replicating, handed to alice's swarm.
  const spare = multifeed(await k.tmp(), { valueEncoding: 'binary', encryptionKey: Buffer.from(key, 'hex') })
  k.teardown(() => new Promise<void>((resolve) => spare.close(() => resolve())))
  await k.step('a second multifeed for bob', new Promise<void>((resolve) => spare.ready(() => resolve())))
  const bobSide = new NoiseSecretStream(true, null, { keyPair: bob.swarm.keyPair })
  const aliceSide = new NoiseSecretStream(false, null, { keyPair: alice.swarm.keyPair })
  for (const s of [bobSide, aliceSide]) s.on('error', () => {})
  k.teardown(() => { bobSide.destroy(); aliceSide.destroy() })
  bobSide.rawStream.pipe(aliceSide.rawStream).pipe(bobSide.rawStream)
  await k.step('a second connection from bob\'s swarm key', aliceSide.opened)
  await k.until('alice to know bob\'s feed key, from his \'peer-id\' message', () => alice.chat.peerInfo().some((p) => p.key === swarmKey(bob) && p.author === bob.chat.author))
  const replication = spare.replicate(true, { live: true })
  replication.on('error', () => bobSide.destroy())
  bobSide.pipe(replication).pipe(bobSide)
  const handshake = k.once(replication as unknown as NodeJS.EventEmitter, 'handshake', 'alice to replicate on a second connection from bob')
  alice.swarm.emit('connection', aliceSide, {} as never)
  await handshake
  const times = (): number => alice.chat.peers().filter((p) => p === swarmKey(bob)).length
  t.is(times(), 1, `peers() lists each peer once, by swarm key, even while there are two connections to it (bob is listed ${times()} times)`)
  t.is(alice.chat.peerInfo().find((p) => p.key === swarmKey(bob))?.author, bob.chat.author,
    'peerInfo() keeps what a peer told us (its peer-id) while a second connection from it, that has told nothing yet, is open')
  const closed = k.once(aliceSide, 'close', 'the second connection from bob to close')
  aliceSide.destroy()
  await closed
  t.is(times(), 1, 'and while one connection to a peer is left, peers() still lists it')
})

test('a late joiner gets the whole history', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const bob = await join(k, 'bob', key)
  for (const text of ['a', 'b', 'c']) await k.step(`alice.send("${text}")`, alice.chat.send(text))
  await k.step('bob.send("d")', bob.chat.send('d'))
  await k.until('alice to see bob\'s "d"', () => hasText(alice.chat, 'd'))

  const dave = await join(k, 'dave', key)
  t.alike(texts(dave.chat), [], 'dave starts with an empty history')
  await k.until('dave to catch up on all 4 messages', () => dave.chat.history().length === 4)
  t.alike(ids(dave.chat), ids(alice.chat), 'dave has the same history as alice, in the same order')
  t.is(dave.chat.nickOf(alice.chat.author), 'alice', 'and knows alice\'s nick')
})

test('a peer that restarts from its storage keeps everything', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const bob = await join(k, 'bob', key)
  await k.step('alice.send', alice.chat.send('before the restart'))
  await k.step('bob.send', bob.chat.send('hello alice'))
  await k.until('alice to see bob\'s message', () => hasText(alice.chat, 'hello alice'))
  const author = alice.chat.author
  const before = ids(alice.chat)
  await k.step('alice.close()', alice.chat.close())

  await k.step('bob.send while alice is away', bob.chat.send('while you were away'))
  // As the app restarts without --nick: no nick, and the login name only as a default for a new chat.
  const again = await join(k, 'alice again', key, { storage: alice.storage, nick: null, defaultNick: 'login-name' })
  t.is(again.chat.author, author, 'the same storage gives the same author key')
  // Only what was on disk: the chat may be online already, and have bob's new message (it sorts last) too.
  t.alike(ids(again.chat).slice(0, before.length), before, 'createChat resolves with everything stored on disk already in history()')
  t.is(again.chat.nickOf(author), 'alice', 'createChat without a nick keeps the stored nick: a default nick only names a chat that has none yet')
  await k.until('alice to get the message she missed', () => hasText(again.chat, 'while you were away'))
  await k.step('alice.send after the restart', again.chat.send('back again'))
  await k.until('bob to see "back again"', () => hasText(bob.chat, 'back again'))
  t.alike(ids(bob.chat), ids(again.chat), 'and both agree on the history')
  await k.until('bob to still know alice as alice', () => bob.chat.nickOf(author) === 'alice')

  const fresh = await join(k, 'a new peer', key, { nick: null, defaultNick: 'login-name' })
  t.is(fresh.chat.nickOf(fresh.chat.author), 'login-name', 'a new chat without a nick of its own takes the default nick')
})

test('nick changes are seen by everyone, a spoofed nick for another author is not', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const bob = await join(k, 'bob', key)
  await k.until('bob to know alice\'s nick', () => bob.chat.nickOf(alice.chat.author) === 'alice')
  t.is(alice.chat.nickOf(alice.chat.author), 'alice', 'the nick given to createChat is alice\'s nick')

  const changes: unknown[] = []
  bob.chat.on('nick', (change) => changes.push(change))
  await k.step('alice.setNick("alicia")', alice.chat.setNick('alicia'))
  t.is(alice.chat.nickOf(alice.chat.author), 'alicia', 'alice sees her new nick at once')
  await k.until('bob to see alice\'s new nick', () => bob.chat.nickOf(alice.chat.author) === 'alicia')
  t.alike(changes, [{ author: alice.chat.author, nick: 'alicia' }], 'bob\'s chat emits a \'nick\' event when a peer changes nick')

  const mallory = await rawPeer(k, key)
  const a = alice.chat.author
  await mallory.write(
    { type: 'about', content: { name: 'mallory', key: a, author: a, id: a }, key: a, author: a, timestamp: Date.now() },
    { type: 'chat/text', content: { channel: 'default', text: 'mallory was here' }, timestamp: Date.now() }
  )
  await k.until('alice and bob to index mallory\'s entries (her about entry, then a message)',
    () => hasText(alice.chat, 'mallory was here') && hasText(bob.chat, 'mallory was here'))
  t.is(bob.chat.nickOf(a), 'alicia', 'an about entry names the author of the feed it is in: mallory cannot rename alice for bob')
  t.is(alice.chat.nickOf(a), 'alicia', 'nor for alice herself')
  t.is(bob.chat.nickOf(mallory.author), 'mallory', 'the about entry is the nick of its own author, mallory')
})

test('every valid entry moves the clock, about entries too; a clock is believed up to one more than the entry it follows', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const carol = await rawPeer(k, key)
  const mine = (seq: number): object => ({ key: carol.author, seq })
  // carol's feed: 0 a Cabal-style message (no clock), 1–2 about entries, the first following entry 0 (which has
  // no clock), the second following the first, 3 a message claiming clock 1000 after her entry 2, 4 a clockless
  // message, 5 an about entry after 3, 6 a clockless message with the same timestamp as 5.
  await carol.write(say({ text: 'one' }), nick('carol', { clock: 1, after: mine(0) }), nick('caro', { clock: 2, after: mine(1) }),
    say({ text: 'far ahead' }, { clock: 1000, after: mine(2), timestamp: NOW + 1 }), say({ text: 'later' }, { timestamp: NOW + 2 }),
    nick('caroline', { clock: 4, after: mine(3), timestamp: NOW + 3 }), say({ text: 'same moment' }, { timestamp: NOW + 3 }))
  await k.until('alice to index carol\'s 7 entries (an entry that follows one without a clock follows clock 0: it does not wait)',
    () => hasText(alice.chat, 'same moment'))
  const clockOf = (text: string): number | undefined => alice.chat.history().find((m) => m.text === text)?.clock
  t.is(clockOf('far ahead'), 3, 'a clock is believed up to one more than the entry it follows: "far ahead" follows carol\'s entry with clock 2, so its 1000 counts as 3')
  t.is(clockOf('later'), 3, 'an entry without a clock (Cabal\'s) gets the highest clock among the entries with an earlier timestamp: 3')
  t.is(clockOf('one'), 0, 'and carol\'s first message, earlier than every clock, gets 0')
  t.is(clockOf('same moment'), 3, 'an entry without a clock gets the highest clock among the entries with an EARLIER timestamp: "same moment" has the timestamp of carol\'s about entry with clock 4, so it gets 3')
  t.is(alice.chat.nickOf(carol.author), 'caroline', 'the last about entry of a feed is its nick')
  // dan's feed: an about entry with a low clock and an early timestamp, indexed after all of carol's.
  const dan = await rawPeer(k, key)
  await dan.write(nick('dan', { clock: 1, timestamp: NOW + 1 }))
  await k.until('alice to index dan\'s about entry', () => alice.chat.nickOf(dan.author) === 'dan')
  t.is(clockOf('later'), 3, 'a clockless entry keeps the highest clock among the entries with an earlier timestamp: dan\'s clock 1, earlier and lower, arriving last, does not lower "later" from 3')
  const sent = await k.step('alice.send', alice.chat.send('after them'))
  t.is(sent?.clock, 5, 'every valid entry counts toward the highest clock, about entries included: alice had seen clock 4 (carol\'s last about entry; dan\'s clock 1 came later, but is lower), so her message gets 5 (and names the entry it follows in `after`, or no peer believes that clock)')
  t.alike(texts(alice.chat), ['one', 'far ahead', 'later', 'same moment', 'after them'], 'and the history is in (clock, timestamp, author, seq) order')
  const written = await carol.read(alice.chat.author, sent.seq) as { clock?: unknown, after?: { key?: unknown, seq?: unknown } } | null
  t.ok(written?.clock === 5 && written.after?.key === carol.author && written.after.seq === 5,
    `the entry alice wrote says clock 5 (the highest clock seen + 1) and after: carol's entry 5, the one with clock 4: every peer checks that clock against it (it says clock ${written?.clock}, after ${JSON.stringify(written?.after)})`)
  // Entries that arrive last, with early timestamps and high clocks: a nick, then a message in another channel.
  await dan.write(nick('daniel', { clock: 6, after: { key: alice.chat.author, seq: sent.seq }, timestamp: NOW + 2.5 }))
  await k.until('alice to index dan\'s second about entry', () => alice.chat.nickOf(dan.author) === 'daniel')
  t.alike(texts(alice.chat), ['one', 'far ahead', 'later', 'after them', 'same moment'],
    `an entry without a clock gets the highest clock among the entries with an earlier timestamp, whenever they arrive, about entries included: dan's nick (clock 6, an earlier timestamp than "same moment") raises "same moment" to clock 6, after "after them" (clock 5) (clocks: ${alice.chat.history().map((m) => `${m.text} ${m.clock}`).join(', ')})`)
  await dan.write(say({ text: 'elsewhere', channel: 'other' }, { clock: 7, after: { key: dan.author, seq: 1 }, timestamp: NOW + 1.5 }))
  await k.until('alice to index dan\'s message in another channel', () => hasText(alice.chat, 'elsewhere', 'other'))
  t.alike(texts(alice.chat), ['one', 'far ahead', 'after them', 'later', 'same moment'],
    `and entries of every channel count: dan's message in "other" (clock 7, an earlier timestamp than "later") raises "later" and "same moment" to clock 7, after "after them" (clocks: ${alice.chat.history().map((m) => `${m.text} ${m.clock}`).join(', ')})`)
  // A clockless entry from an hour ahead: whatever alice sends next gets its clock, and sorts before it.
  await carol.write(say({ text: 'from the future' }, { timestamp: Date.now() + 3600 * 1000 }))
  await k.until('alice to index carol\'s entry from the future', () => hasText(alice.chat, 'from the future'))
  const own = await k.step('alice.send("mine")', alice.chat.send('mine'))
  t.ok(own?.text === 'mine' && own.author === alice.chat.author,
    `send() resolves with its own message (its author and the seq its append gave it), not the last one in the history: an entry without a clock from later sorts after it (resolved with ${JSON.stringify(own?.text)})`)
})

test('a feed\'s entries keep their order: a clock is never below its feed\'s previous clock + 1', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const carol = await rawPeer(k, key)
  const mine = (seq: number): object => ({ key: carol.author, seq })
  // carol's feed: about entries with clocks 1–4, each after the one before; "first" with clock 5 after entry 3;
  // then "second", claiming clock 1 (a peer whose clock went back, or a hostile one), after "first".
  await carol.write(nick('c1', { clock: 1 }), nick('c2', { clock: 2, after: mine(0) }), nick('c3', { clock: 3, after: mine(1) }),
    nick('carol', { clock: 4, after: mine(2) }), say({ text: 'first' }, { clock: 5, after: mine(3), timestamp: NOW + 1 }),
    say({ text: 'second' }, { clock: 1, after: mine(4), timestamp: NOW + 2 }))
  await k.until('alice to index carol\'s 6 entries', () => hasText(alice.chat, 'first') && hasText(alice.chat, 'second'))
  const clocks = alice.chat.history().map((m) => `${m.text}: ${m.clock}`).join(', ')
  t.alike(texts(alice.chat), ['first', 'second'],
    `a feed's entries keep their order: a clock is believed up to one more than the entry it follows, and never below its feed's previous clock + 1 ("second" claims clock 1 after "first", clock 5, so it counts as 6; alice has ${clocks})`)
})

test('no entry a member can write silences the chat', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const bob = await join(k, 'bob', key)
  await k.step('alice.send', alice.chat.send('before the attack'))
  await k.until('bob to see alice\'s message', () => hasText(bob.chat, 'before the attack'))
  const first = alice.chat.history()[0]
  const mallory = await rawPeer(k, key)
  const end = { clock: LIMITS.clock, timestamp: LIMITS.timestamp }
  await mallory.write(
    // Her first entry (seq 0) follows alice's message (seq 1): an entry of another feed, with a higher seq.
    say({ text: 'the end of time, after alice' }, { ...end, after: { key: first.author, seq: first.seq } }),
    nick('mallory', end),
    say({ text: 'the end of time' }, end),
    say({ text: 'the end of time, after itself' }, { ...end, after: { key: mallory.author, seq: 3 } }),
    say({ text: 'mallory is done' }, { timestamp: NOW }),
    // The entry it follows does not exist (yet): it waits for it, and so does the rest of her feed.
    say({ text: 'after an entry nobody has' }, { ...end, after: { key: newKey(), seq: 0 } })
  )
  await k.until('alice and bob to index mallory\'s entries up to "mallory is done", which comes after "the end of time, after itself": an `after` that names the entry itself, or a later entry of its own feed, follows nothing (no wait; believed up to the feed\'s previous clock + 1), or one such entry stops its feed for good',
    () => hasText(alice.chat, 'mallory is done') && hasText(bob.chat, 'mallory is done'))
  const biggest = Math.max(...alice.chat.history().map((m) => m.clock))
  t.ok(biggest < 100, `a clock is believed up to one more than the entry it follows: after mallory's clocks of ${LIMITS.clock}, alice's highest clock is ${biggest}`)
  const afterAlice = alice.chat.history().find((m) => m.text === 'the end of time, after alice')
  t.is(afterAlice?.clock, first.clock + 1,
    `a clock is believed up to one more than the entry it follows, in whatever feed: mallory's first entry follows alice's message (clock ${first.clock}), so its ${LIMITS.clock} counts as ${first.clock + 1}`)

  for (const [who, peer] of [['bob', bob], ['alice', alice]] as const) {
    const sent = await k.step(`${who}.send after mallory's entries`, outcome(peer.chat.send(`${who} is still here`)))
    t.is(sent, true, `${who} can still send after an entry with clock ${LIMITS.clock}: a clock is believed up to one more than the entry it follows (${sent === true ? 'sent' : sent.message})`)
    const renamed = await k.step(`${who}.setNick after mallory's entries`, outcome(peer.chat.setNick(`${who}2`)))
    t.is(renamed, true, `${who} can still change nick after mallory's entries (${renamed === true ? 'done' : renamed.message})`)
  }
  await k.until('alice and bob to see each other\'s messages', () => hasText(alice.chat, 'bob is still here') && hasText(bob.chat, 'alice is still here'))
  const order = texts(bob.chat)
  for (const text of ['the end of time', 'the end of time, after alice', 'the end of time, after itself']) {
    t.ok(order.indexOf(text) < order.indexOf('alice is still here'),
      `a message written after reading another sorts after it: "alice is still here" comes after mallory's "${text}"`)
  }
  t.absent(hasText(alice.chat, 'after an entry nobody has'), 'an entry that follows one nobody has waits for it: it is not shown')
  t.alike(ids(bob.chat), ids(alice.chat), 'alice and bob still agree on the history')
})

test('a reply that arrives before the message it follows waits for it, then shows after it', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  await k.until('alice\'s chat to join its topic on the swarm', () => alice.swarm.status(topicOf(key)))
  await k.step('alice\'s first announcement and lookup', alice.swarm.flush())
  // Two peers that only dial (neither announces): each meets alice and never the other, so whatever one
  // of them has of the other's feed came through alice.
  const asker = await rawPeer(k, key, { server: false })
  const replier = await rawPeer(k, key, { server: false })
  // The reply names the question (the asker's entry 0) before the asker has written it, and has an earlier timestamp.
  // Then one more entry that follows nothing: it may claim no more than its feed's previous clock + 1.
  await replier.write(say({ text: 'the answer' }, { clock: 2, after: { key: asker.author, seq: 0 }, timestamp: NOW - 1000 }),
    say({ text: 'and more' }, { clock: 3, timestamp: NOW - 500 }))
  await asker.read(replier.author, 1) // from alice: she has both now, and there is no question yet
  t.absent(hasText(alice.chat, 'the answer'), 'an entry whose `after` is not indexed yet waits for it: the answer is not shown before its question')
  t.absent(hasText(alice.chat, 'and more'), 'and the rest of its feed waits with it: "and more", after the answer in the replier\'s feed, is not shown before the answer (indexed first, it would get a clock that a peer who had the question first never gives it)')
  await asker.write(say({ text: 'the question' }, { clock: 1, timestamp: NOW }))
  await k.until('alice to show the answer once the question it follows arrives: an entry whose `after` is not indexed yet waits for it (with the rest of its feed), it is never dropped',
    () => hasText(alice.chat, 'and more'))
  t.alike(texts(alice.chat), ['the question', 'the answer', 'and more'], 'and the answer comes after the question it follows (by clock, whatever its timestamp), then the rest of its feed')
})

test('same entries, same history: whatever order they arrived in, live and after a restart', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const bob = await join(k, 'bob', key)
  await k.step('alice.send', alice.chat.send('alice first'))
  await k.step('bob.send', bob.chat.send('bob first'))
  await k.until('alice and bob to see both', () => alice.chat.history().length === 2 && bob.chat.history().length === 2)
  // Entries that arrive last but belong early: clockless ones with old timestamps, one with a small clock.
  const carol = await rawPeer(k, key)
  await carol.write(say({ text: 'written long ago' }, { timestamp: 1000 }), say({ text: 'a bit later' }, { timestamp: 2000 }), say({ text: 'clock 1' }, { clock: 1, timestamp: 3000 }))
  await k.until('alice and bob to index carol\'s 3 messages', () => alice.chat.history().length === 5 && bob.chat.history().length === 5)
  t.alike(texts(alice.chat).slice(0, 3), ['written long ago', 'a bit later', 'clock 1'],
    'carol\'s old entries sort first: history() is in compareMessages order, not the order the messages arrived in')
  t.alike(ids(alice.chat), sorted(alice.chat), 'alice\'s whole history is in compareMessages order')
  t.alike(ids(bob.chat), ids(alice.chat), 'bob, with the same entries, shows the same history')
  const highest = Math.max(...alice.chat.history().map((m) => m.clock))
  const answer = await k.step('alice.send after carol\'s messages', alice.chat.send('after carol'))
  t.is(answer?.clock, highest + 1,
    `a new message gets the highest clock seen + 1: ${highest + 1}, even though the last clock alice indexed (carol's "clock 1") is lower`)
  await k.until('bob to see "after carol"', () => hasText(bob.chat, 'after carol'))
  const live = ids(alice.chat)
  const lastSeq = Math.max(...alice.chat.history().filter((m) => m.author === alice.chat.author).map((m) => m.seq))
  await k.step('alice.close()', alice.chat.close())
  const again = await join(k, 'alice again', key, { storage: alice.storage, nick: 'alice' })
  t.alike(ids(again.chat), live, 'after a restart alice shows the history she showed live')
  const back = await k.step('alice.send after the restart', again.chat.send('back'))
  t.is(back?.seq, lastSeq + 1, 'createChat with the nick the chat already has writes no about entry: alice\'s next message is the next entry of her feed')
})

test('hostile entries from one peer do not disturb the others', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const bob = await join(k, 'bob', key)
  await k.step('alice.send', alice.chat.send('first'))
  const mallory = await rawPeer(k, key)
  const now = Date.now()
  const text = (content: unknown, extra: object = {}): object => ({ type: 'chat/text', content, timestamp: now, ...extra })
  await mallory.write(
    Buffer.from('{ this is not JSON'),
    Buffer.from([0xff, 0x00, 0xfe]),
    null, 42, 'a string', [1, 2, 3],
    { type: 'chat/text' },
    text(null),
    text({ channel: 'default', text: 42 }),
    text({ channel: 'default', text: '' }),
    text({ channel: 'default', text: 'x'.repeat(LIMITS.text + 1) }),
    text({ channel: ['default'], text: 'channel is not a string' }),
    text({ channel: 'default', text: 'negative clock' }, { clock: -1 }),
    text({ channel: 'default', text: 'clock is not a number' }, { clock: 'soon' }),
    text({ channel: 'default', text: 'clock from the far future' }, { clock: 1e300 }),
    text({ channel: 'default', text: 'timestamp 1e16' }, { timestamp: 1e16 }),
    text({ channel: 'default', text: 'timestamp Number.MAX_VALUE' }, { timestamp: Number.MAX_VALUE }),
    text({ channel: 'default', text: 'timestamp one past the Date range' }, { timestamp: LIMITS.timestamp + 1 }),
    { type: 'chat/text', content: { channel: 'default', text: 'no timestamp' } },
    { type: 'about', content: { name: 42 }, timestamp: now },
    { type: 'about', content: { name: '' }, timestamp: now },
    { type: 'about', content: { name: 'n'.repeat(LIMITS.nick + 1) }, timestamp: now },
    { type: 'chat/unknown', content: { channel: 'default', text: 'unknown type' }, timestamp: now },
    text({ channel: 'default', text: 'mallory says hi' })
  )
  await k.until('alice and bob to index mallory\'s last (valid) entry',
    () => hasText(alice.chat, 'mallory says hi') && hasText(bob.chat, 'mallory says hi'))
  t.alike(texts(alice.chat).sort(), ['first', 'mallory says hi'], 'only valid chat/text entries are in the history')
  t.is(alice.chat.nickOf(mallory.author), undefined, 'invalid about entries set no nick')

  await k.step('bob.send after the attack', bob.chat.send('still here'))
  await k.until('alice to see "still here"', () => hasText(alice.chat, 'still here'))
  t.alike(ids(bob.chat), ids(alice.chat), 'alice and bob still agree on the history')
})

test('the timestamps a chat writes keep increasing across a restart, even when the last one is ahead of the wall clock', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const author = alice.chat.author
  const sent = await k.step('alice.send', alice.chat.send('today'))
  await k.step('alice.close()', alice.chat.close())
  // While alice is away, her feed gets two more entries, a day ahead: as a run on a machine whose clock was
  // ahead. The last one is a nick: every entry of hers counts, not only her messages.
  const ahead = Date.now() + 24 * 3600 * 1000
  const nickAhead = ahead + 60 * 1000
  const feeds = multifeed(alice.storage, { valueEncoding: 'binary', encryptionKey: Buffer.from(key, 'hex') })
  await k.step('opening alice\'s storage', new Promise<void>((resolve) => feeds.ready(() => resolve())))
  const feed = feeds.feeds().find((f) => f.key.toString('hex') === author)
  t.ok(feed?.writable, 'alice\'s storage holds her own feed, writable')
  await k.step('writing an entry from a day ahead to alice\'s feed', new Promise<void>((resolve, reject) => {
    feed!.append(Buffer.from(JSON.stringify(say({ text: 'from tomorrow' }, { clock: sent.clock + 1, after: { key: author, seq: sent.seq }, timestamp: ahead }))), (err) => err ? reject(err) : resolve())
  }))
  await k.step('writing a nick from a minute later to alice\'s feed', new Promise<void>((resolve, reject) => {
    feed!.append(Buffer.from(JSON.stringify(nick('alice', { clock: sent.clock + 2, after: { key: author, seq: sent.seq + 1 }, timestamp: nickAhead }))), (err) => err ? reject(err) : resolve())
  }))
  await k.step('closing alice\'s storage', new Promise<void>((resolve) => feeds.close(() => resolve())))
  const again = await join(k, 'alice again', key, { storage: alice.storage })
  t.ok(hasText(again.chat, 'from tomorrow'), 'the chat reads its own feed from the storage')
  const next = await k.step('alice.send after the restart', again.chat.send('after tomorrow'))
  t.ok(next !== undefined && next.timestamp > nickAhead,
    `the timestamps one chat writes are strictly increasing, across restarts and whatever the wall clock says: its last entry on disk, a nick, has timestamp ${nickAhead}, so the next must be later (got ${next?.timestamp}${next !== undefined && next.timestamp > ahead ? ': later than its last message, not its last entry' : ': Date.now() alone went back'})`)
})

/** cabal-core 16 on a testnet swarm (its own swarm() would use the public DHT), connected as its swarm.js does. */
async function cabalPeer (k: KataContext, key: string, storage?: string) {
  const cabal = Cabal(storage ?? await k.tmp(), key)
  k.teardown(() => new Promise<void>((resolve) => cabal.close(() => resolve())))
  await k.step('cabal.ready', new Promise<void>((resolve) => cabal.ready(() => resolve())))
  const localKey = await k.step('cabal.getLocalKey', new Promise<string>((resolve, reject) => cabal.getLocalKey((err, key) => err ? reject(err) : resolve(key))))
  const added = new Set<string>()
  cabal.on('peer-added', (key: string) => added.add(key))
  const swarm = await k.swarm()
  swarm.on('connection', (socket) => {
    socket.on('error', () => {})
    const stream = cabal.replicate(socket.isInitiator)
    stream.on('error', () => socket.destroy())
    socket.pipe(stream).pipe(socket)
    // What cabal-core's swarm.js does on every connection: the 'peer-id' extension, both ways.
    let remoteKey: string | undefined
    const ext = stream.registerExtension<{ id?: string }>('peer-id', {
      encoding: 'json',
      onmessage (message) {
        if (remoteKey || typeof message?.id !== 'string' || Buffer.from(message.id, 'hex').length !== 32) return
        remoteKey = message.id
        cabal._addConnection(remoteKey)
      }
    })
    ext.send({ id: localKey })
  })
  swarm.join(topicOf(key))
  const texts = (): Promise<string[]> => new Promise((resolve) => {
    const out: string[] = []
    cabal.messages.read('default', { limit: 1000 })
      .on('data', (m) => { if (m.value?.content?.text) out.unshift(m.value.content.text) })
      .on('end', () => resolve(out))
      .on('error', () => resolve(out))
  })
  const nickOf = (who: string): Promise<string | undefined> => new Promise((resolve) => {
    cabal.users.getAll((err, users) => resolve(err ? undefined : users[who]?.name))
  })
  const publish = (text: string): Promise<void> => k.step(`cabal.publish("${text}")`, new Promise<void>((resolve, reject) => {
    cabal.publish({ type: 'chat/text', content: { channel: 'default', text } }, (err) => err ? reject(err) : resolve())
  }))
  return { cabal, localKey, added, texts, nickOf, publish }
}

test('Cabal keeps every message of a burst, and a Cabal reply stays after what it read, live and after a restart', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const carol = await cabalPeer(k, key)
  const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`)
  // All 20 at once: written within the same millisecond or two.
  const sent = await k.step('alice.send × 20, all at once', Promise.all(lines.map((line) => alice.chat.send(line))))
  const stamps = sent.map((m) => m.timestamp)
  t.ok(stamps.every((ts, i) => i === 0 || ts > stamps[i - 1]),
    'timestamps written by one chat are strictly increasing, even within one millisecond: cabal-core keeps one message per timestamp')
  await k.until('cabal-core\'s messages.read to keep all 20 lines of the burst (one message per timestamp: they must all differ)',
    async () => { const kept = await carol.texts(); return lines.every((line) => kept.includes(line)) })

  await carol.publish('a reply from cabal')
  await k.until('the chat to receive the cabal reply', () => hasText(alice.chat, 'a reply from cabal'))
  t.is(texts(alice.chat).at(-1), 'a reply from cabal',
    'a message written after reading another sorts after it: the Cabal reply (no clock) comes after the 20 lines it read, by its timestamp')
  await k.step('alice.send (an answer to cabal)', alice.chat.send('an answer'))
  t.is(texts(alice.chat).at(-1), 'an answer', 'and alice\'s answer comes after the Cabal reply')
  const live = ids(alice.chat)
  await k.step('alice.close()', alice.chat.close())
  const again = await join(k, 'alice again', key, { storage: alice.storage })
  t.alike(ids(again.chat), live, 'after a restart alice shows the history she showed live, the Cabal reply in the same place')
})
