// Kata 12 — the kappa chat. Run it: npm test -- 12
import crypto from 'hypercore-crypto'
import multifeed from 'multifeed'
import Cabal from 'cabal-core'
import type Hyperswarm from 'hyperswarm'
import { test, type KataContext } from '../../src/harness/index.ts'
import { LIMITS, chatTopic, compareMessages, createChat, parseEntry, type Chat, type ChatMessage } from './chat.ts'

const newKey = (): string => crypto.randomBytes(32).toString('hex')
/** The topic every Cabal client joins: hypercore's discovery key of the chat key. */
const topicOf = (key: string): Buffer => crypto.discoveryKey(Buffer.from(key, 'hex'))

interface Peer { chat: Chat, swarm: Hyperswarm, storage: string }

async function join (k: KataContext, name: string, key: string, opts: { storage?: string, nick?: string } = {}): Promise<Peer> {
  const storage = opts.storage ?? await k.tmp()
  const swarm = await k.swarm()
  const chat = k.closes(await k.step(`createChat() for ${name}`, createChat({ storage, key, nick: opts.nick ?? name, swarm })))
  return { chat, swarm, storage }
}

const texts = (chat: Chat, channel?: string): string[] => chat.history(channel).map((m) => m.text)
const ids = (chat: Chat, channel?: string): string[] => chat.history(channel).map((m) => `${m.author}@${m.seq}:${m.text}`)
const hasText = (chat: Chat, text: string, channel?: string): boolean => texts(chat, channel).includes(text)

/** A raw multifeed peer on the chat's topic, writing whatever bytes the test wants: an intruder. */
async function rawPeer (k: KataContext, key: string): Promise<{ author: string, write (...entries: Array<unknown>): Promise<void> }> {
  const feeds = multifeed(await k.tmp(), { valueEncoding: 'binary', encryptionKey: Buffer.from(key, 'hex') })
  k.teardown(() => new Promise<void>((resolve) => feeds.close(() => resolve())))
  const feed = await k.step('the raw peer\'s feed', new Promise<multifeed.Hypercore9Feed>((resolve, reject) => {
    feeds.writer('local', (err, f) => err ? reject(err) : resolve(f))
  }))
  const swarm = await k.swarm()
  swarm.on('connection', (socket) => {
    socket.on('error', () => {})
    const stream = feeds.replicate(socket.isInitiator, { live: true })
    stream.on('error', () => socket.destroy())
    socket.pipe(stream).pipe(socket)
  })
  await k.step('the raw peer announcing the topic', swarm.join(topicOf(key)).flushed())
  return {
    author: feed.key.toString('hex'),
    write: (...entries) => k.step('the raw peer appending', new Promise<void>((resolve, reject) => {
      const blocks = entries.map((e) => Buffer.isBuffer(e) ? e : Buffer.from(JSON.stringify(e)))
      feed.append(blocks, (err) => err ? reject(err) : resolve())
    }))
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
    ['extra fields, in the entry and in its content', block(say({ mentions: ['bob'] }, { client: 'some newer client' }))]
  ]
  for (const [what, bytes] of valid) t.ok(parseEntry(bytes), `valid: ${what}`)

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
    ['a negative clock', block(say({}, { clock: -1 }))],
    ['a clock that is not an integer', block(say({}, { clock: 1.5 }))],
    [`a clock over ${LIMITS.clock} (LIMITS.clock)`, block(say({}, { clock: LIMITS.clock + 1 }))],
    ['clock 1e200', block(say({}, { clock: 1e200 }))],
    ['a clock that is not a number', block(say({}, { clock: '7' }))]
  ]
  for (const [what, bytes] of invalid) t.is(parseEntry(bytes), null, `invalid, so null: ${what}`)
})

test('compareMessages orders by clock, then author, then seq, never by timestamp', async (t) => {
  const m = (clock: number, author: string, seq: number, timestamp: number): ChatMessage =>
    ({ author, seq, clock, channel: 'default', text: `${clock}/${author}/${seq}`, timestamp })
  // The timestamps run against the clocks: a wall clock that is wrong must not change the order.
  t.ok(compareMessages(m(1, 'bb', 0, 9000), m(2, 'aa', 0, 1000)) < 0, 'the lower clock comes first, even with a later timestamp')
  t.ok(compareMessages(m(2, 'aa', 0, 1000), m(1, 'bb', 0, 9000)) > 0, 'and the other way round')
  t.ok(compareMessages(m(3, 'aa', 5, 9000), m(3, 'bb', 1, 1000)) < 0, 'equal clocks: the lower author key comes first')
  t.ok(compareMessages(m(3, 'bb', 1, 9000), m(3, 'bb', 2, 1000)) < 0, 'same clock and author: the lower seq comes first')
  t.is(compareMessages(m(3, 'bb', 1, 5), m(3, 'bb', 1, 5)), 0, 'a message is equal to itself')
  const sorted = [m(1, 'cc', 0, 5000), m(2, 'aa', 1, 4000), m(2, 'bb', 0, 3000), m(2, 'bb', 1, 2000), m(5, 'aa', 2, 1000)]
  const shuffled = [sorted[3], sorted[0], sorted[4], sorted[2], sorted[1]]
  t.alike(shuffled.sort(compareMessages).map((x) => x.text), sorted.map((x) => x.text), 'sorting with it gives (clock, author, seq) order')
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
    () => hasText(bob.chat, 'did we meet?'), { timeout: 8000 })
  t.pass('alice and bob met: the chat looked for peers again soon enough')
})

test('close() leaves the topic, ends its connections, stops listening, and leaves the swarm running', async (t, k) => {
  const key = newKey()
  const swarm = await k.swarm()
  const listeners = swarm.listenerCount('connection')
  const alice = k.closes(await k.step('createChat() for alice', createChat({ storage: await k.tmp(), key, nick: 'alice', swarm })))
  const bob = await join(k, 'bob', key)
  await k.step('alice.send', alice.send('hi bob'))
  await k.until('bob to see alice\'s message', () => hasText(bob.chat, 'hi bob'), { timeout: 8000 })
  const connections = [...swarm.connections]
  await k.step('alice.close()', alice.close())
  const discovery = swarm.status(topicOf(key))
  t.ok(!discovery || discovery.destroyed, 'close() leaves the chat\'s topic: alice\'s swarm no longer announces it or looks it up')
  t.ok(connections.length > 0 && connections.every((c) => c.destroying || c.destroyed),
    `close() ends the chat's connections (${connections.length} open before), so its peers see it go`)
  t.is(swarm.listenerCount('connection'), listeners, 'close() stops listening for connections: no handler of the closed chat is left on the swarm')
  t.absent(swarm.destroyed, 'and the swarm is still running: it was given to the chat, it is not the chat\'s to destroy')
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
  await k.step('bob.send (a reply, after seeing "hi all")', bob.chat.send('hi alice'))
  await Promise.all([
    k.step('alice.send', alice.chat.send('one')),
    k.step('carol.send', carol.chat.send('two')),
    k.step('bob.send', bob.chat.send('three'))
  ])
  await k.step('carol.send to #random', carol.chat.send('elsewhere', 'random'))

  const all = [alice, bob, carol]
  await k.until('every peer to have all 5 messages in #default and 1 in #random',
    () => all.every((p) => p.chat.history().length === 5 && p.chat.history('random').length === 1), { timeout: 10000 })
  t.alike(ids(bob.chat), ids(alice.chat), 'bob\'s history is alice\'s, message for message, in the same order')
  t.alike(ids(carol.chat), ids(alice.chat), 'carol\'s history is alice\'s too')
  const order = texts(alice.chat)
  t.ok(order.indexOf('hi all') < order.indexOf('hi alice'), 'a reply comes after the message it saw (logical clocks)')
  t.alike(texts(alice.chat, 'random'), ['elsewhere'], 'channels are separate histories')
  const swarmKey = (p: Peer): string => p.swarm.keyPair.publicKey.toString('hex')
  await k.until('alice to list bob and carol as peers',
    () => alice.chat.peers().includes(swarmKey(bob)) && alice.chat.peers().includes(swarmKey(carol)))
  t.pass('peers() lists the swarm keys of the peers alice is connected to')
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
  await k.until('dave to catch up on all 4 messages', () => dave.chat.history().length === 4, { timeout: 8000 })
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
  const again = await join(k, 'alice again', key, { storage: alice.storage, nick: 'alice' })
  t.is(again.chat.author, author, 'the same storage gives the same author key')
  // Only what was on disk: the chat may be online already, and have bob's new message (it sorts last) too.
  t.alike(ids(again.chat).slice(0, before.length), before, 'createChat resolves with everything stored on disk already in history()')
  t.is(again.chat.nickOf(author), 'alice', 'her nick is still known')
  await k.until('alice to get the message she missed', () => hasText(again.chat, 'while you were away'))
  await k.step('alice.send after the restart', again.chat.send('back again'))
  await k.until('bob to see "back again"', () => hasText(bob.chat, 'back again'))
  t.alike(ids(bob.chat), ids(again.chat), 'and both agree on the history')
})

test('nick changes are seen by everyone, a spoofed nick for another author is not', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const bob = await join(k, 'bob', key)
  await k.until('bob to know alice\'s nick', () => bob.chat.nickOf(alice.chat.author) === 'alice')
  t.is(alice.chat.nickOf(alice.chat.author), 'alice', 'the nick given to createChat is alice\'s nick')

  await k.step('alice.setNick("alicia")', alice.chat.setNick('alicia'))
  t.is(alice.chat.nickOf(alice.chat.author), 'alicia', 'alice sees her new nick at once')
  await k.until('bob to see alice\'s new nick', () => bob.chat.nickOf(alice.chat.author) === 'alicia')

  const mallory = await rawPeer(k, key)
  const a = alice.chat.author
  await mallory.write(
    { type: 'about', content: { name: 'mallory', key: a, author: a, id: a }, key: a, author: a, timestamp: Date.now() },
    { type: 'chat/text', content: { channel: 'default', text: 'mallory was here' }, timestamp: Date.now() }
  )
  await k.until('alice and bob to index mallory\'s entries (her about entry, then a message)',
    () => hasText(alice.chat, 'mallory was here') && hasText(bob.chat, 'mallory was here'), { timeout: 8000 })
  t.is(bob.chat.nickOf(a), 'alicia', 'an about entry names the author of the feed it is in: mallory cannot rename alice for bob')
  t.is(alice.chat.nickOf(a), 'alicia', 'nor for alice herself')
  t.is(bob.chat.nickOf(mallory.author), 'mallory', 'the about entry is the nick of its own author, mallory')
})

test('every valid entry moves the clock: one without a clock follows its feed, about entries count', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const carol = await rawPeer(k, key)
  // As Cabal writes them (no clock), with one about entry that carries a clock.
  await carol.write(say({ text: 'one' }), nick('carol', { clock: 5 }), say({ text: 'two' }), nick('caroline'))
  await k.until('alice to index carol\'s 4 entries', () => alice.chat.nickOf(carol.author) === 'caroline', { timeout: 8000 })
  const clockOf = (text: string): number | undefined => alice.chat.history().find((m) => m.text === text)?.clock
  t.is(clockOf('one'), 1, 'an entry without a clock gets the previous clock of its own feed + 1: carol\'s first entry gets 1')
  t.is(clockOf('two'), 6, 'carol\'s "two" follows her about entry with clock 5 in her feed: it gets the previous clock of its own feed + 1, 6')
  const sent = await k.step('alice.send', alice.chat.send('after them'))
  t.is(sent?.clock, 8,
    'alice had seen clock 7 (carol\'s last about entry, 6 + 1): every valid entry counts toward the highest clock, about entries too, so her message gets 8')
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
    { type: 'chat/text', content: { channel: 'default', text: 'no timestamp' } },
    { type: 'about', content: { name: 42 }, timestamp: now },
    { type: 'about', content: { name: '' }, timestamp: now },
    { type: 'about', content: { name: 'n'.repeat(LIMITS.nick + 1) }, timestamp: now },
    { type: 'chat/unknown', content: { channel: 'default', text: 'unknown type' }, timestamp: now },
    text({ channel: 'default', text: 'mallory says hi' })
  )
  await k.until('alice and bob to index mallory\'s last (valid) entry',
    () => hasText(alice.chat, 'mallory says hi') && hasText(bob.chat, 'mallory says hi'), { timeout: 8000 })
  t.alike(texts(alice.chat).sort(), ['first', 'mallory says hi'], 'only valid chat/text entries are in the history')
  t.is(alice.chat.nickOf(mallory.author), undefined, 'invalid about entries set no nick')

  await k.step('bob.send after the attack', bob.chat.send('still here'))
  await k.until('alice to see "still here"', () => hasText(alice.chat, 'still here'))
  t.alike(ids(bob.chat), ids(alice.chat), 'alice and bob still agree on the history')
})

test('a real cabal-core peer and the chat exchange messages and nicks both ways', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)

  // cabal-core 16, replicated over a testnet swarm (its own swarm() would use the public DHT).
  const cabal = Cabal(await k.tmp(), key)
  k.teardown(() => new Promise<void>((resolve) => cabal.close(() => resolve())))
  await k.step('cabal.ready', new Promise<void>((resolve) => cabal.ready(() => resolve())))
  const carol = await k.step('cabal.getLocalKey', new Promise<string>((resolve, reject) => cabal.getLocalKey((err, key) => err ? reject(err) : resolve(key))))
  const swarm = await k.swarm()
  swarm.on('connection', (socket) => {
    socket.on('error', () => {})
    const stream = cabal.replicate(socket.isInitiator)
    stream.on('error', () => socket.destroy())
    socket.pipe(stream).pipe(socket)
  })
  swarm.join(topicOf(key))

  await k.step('cabal.publishNick("carol")', new Promise<void>((resolve, reject) => cabal.publishNick('carol', (err) => err ? reject(err) : resolve())))
  await k.step('cabal.publish(chat/text)', new Promise<void>((resolve, reject) => {
    cabal.publish({ type: 'chat/text', content: { channel: 'default', text: 'hello from cabal' } }, (err) => err ? reject(err) : resolve())
  }))
  await k.until('the chat to receive cabal\'s message', () => hasText(alice.chat, 'hello from cabal'), { timeout: 8000 })
  const fromCabal = alice.chat.history().find((m) => m.text === 'hello from cabal')!
  t.is(fromCabal.author, carol, 'its author is the cabal peer\'s feed key')
  await k.until('the chat to know cabal\'s nick', () => alice.chat.nickOf(carol) === 'carol')

  await k.step('alice.send', alice.chat.send('hello from kappa'))
  const cabalTexts = (): Promise<string[]> => new Promise((resolve) => {
    const out: string[] = []
    cabal.messages.read('default', { limit: 100 })
      .on('data', (m) => { if (m.value?.content?.text) out.push(m.value.content.text) })
      .on('end', () => resolve(out))
      .on('error', () => resolve(out))
  })
  await k.until('cabal to show alice\'s message in #default', async () => (await cabalTexts()).includes('hello from kappa'))
  const cabalNick = (who: string): Promise<string | undefined> => new Promise((resolve) => {
    cabal.users.getAll((err, users) => resolve(err ? undefined : users[who]?.name))
  })
  await k.until('cabal to know alice\'s nick', async () => (await cabalNick(alice.chat.author)) === 'alice')
  await k.step('alice.setNick("alicia")', alice.chat.setNick('alicia'))
  await k.until('cabal to see alice\'s new nick', async () => (await cabalNick(alice.chat.author)) === 'alicia')
  t.pass('cabal-core reads the chat\'s messages and nicks, and the chat reads cabal\'s')
})
