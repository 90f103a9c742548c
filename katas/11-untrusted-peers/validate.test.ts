// Kata 11 — untrusted peers. Run it: npm test -- 11
import { randomBytes } from 'node:crypto'
import kappa from 'kappa-core'
import multifeed from 'multifeed'
import { syncOnce, test, type KataContext } from '../../src/harness/index.ts'
import { LIMITS, safeChatView, validateEntry, type ChatMessage, type Entry, type Kappa, type Reason, type SafeChatApi } from './validate.ts'

const VIEW = 'chat'

interface Peer { core: Kappa, feeds: ReturnType<typeof multifeed> }

/** A peer whose feeds hold `encoding` blocks; with `view`, it indexes them with your safeChatView. */
async function peer (k: KataContext, encryptionKey: Buffer, encoding: 'json' | 'binary', view = false): Promise<Peer> {
  const chat = view ? safeChatView() : null
  const feeds = multifeed(await k.tmp(), { valueEncoding: encoding, encryptionKey })
  k.teardown(() => new Promise<void>((resolve) => feeds.close(() => resolve())))
  const core = kappa(null, { multifeed: feeds })
  if (chat) core.use(VIEW, chat)
  await k.step('the multifeed is ready', new Promise<void>((resolve) => feeds.ready(resolve)))
  return { core, feeds }
}

function append (p: Peer, values: unknown[]): Promise<string> {
  return new Promise((resolve, reject) => {
    p.feeds.writer('local', (err, feed) => {
      if (err) return reject(err)
      feed.append(values, (err) => err ? reject(err) : resolve(feed.key.toString('hex')))
    })
  })
}

/** One non-live replication between two peers: resolves once both sides are done. */
const sync = (a: Peer, b: Peer): Promise<void> => syncOnce(a.feeds, b.feeds)

async function api (k: KataContext, p: Peer): Promise<SafeChatApi> {
  await k.step('the view to index every entry (map must call next() after each batch, bad entries or not)',
    new Promise<void>((resolve) => p.core.ready(VIEW, resolve)))
  return p.core.api[VIEW] as unknown as SafeChatApi
}

const chat = (text: string, extra: object = {}): object => ({ type: 'chat/text', content: { channel: 'default', text }, timestamp: 1700000000000, ...extra })
const about = (name: string, extra: object = {}): object => ({ type: 'about', content: { name, ...extra }, timestamp: 1700000000000 })
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))
const texts = (list: Array<Entry<ChatMessage>>): string[] => list.map((e) => e.value.content.text).sort()

const ALICE = 'a1'.repeat(32)
const MALLORY = 'ee'.repeat(32)

/** Hostile entries, each with one defect, and the reason it must be rejected for. */
function hostile (victim: string): Array<[string, Buffer, Reason]> {
  return [
    ['plain text', Buffer.from('hello, I am not JSON'), 'not-json'],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe, 0x00, 0x7b]), 'not-json'],
    ['JSON cut short', Buffer.from('{"type":"chat/text","content":{'), 'not-json'],
    ['JSON null', json(null), 'malformed'],
    ['a JSON array', json([chat('hi')]), 'malformed'],
    ['a number as text', json({ type: 'chat/text', content: { channel: 'default', text: 42 }, timestamp: 1 }), 'malformed'],
    ['content as a string', json({ type: 'chat/text', content: 'hi', timestamp: 1 }), 'malformed'],
    ['no timestamp', json({ type: 'chat/text', content: { channel: 'default', text: 'hi' } }), 'malformed'],
    ['a number as nickname', json({ type: 'about', content: { name: 7 }, timestamp: 1 }), 'malformed'],
    ['a 5000-character text', json(chat('x'.repeat(5000))), 'too-large'],
    [`a text over ${LIMITS.maxText} characters`, json(chat('y'.repeat(LIMITS.maxText + 1))), 'too-large'],
    [`a nickname over ${LIMITS.maxName} characters`, json(about('z'.repeat(LIMITS.maxName + 1))), 'too-large'],
    // Well-formed but for their size: the stray field passes the schema (it is dropped), only the byte limit stops them.
    [`a valid chat padded past ${LIMITS.maxEntryBytes} bytes`, json(chat('hi', { pad: 'p'.repeat(LIMITS.maxEntryBytes) })), 'too-large'],
    [`a valid chat of fewer than ${LIMITS.maxEntryBytes} characters but more bytes`, json(chat('hi', { pad: '€'.repeat(LIMITS.maxEntryBytes / 2) })), 'too-large'],
    ['type chat/delete', json({ type: 'chat/delete', content: { channel: 'default', seq: 0 }, timestamp: 1 }), 'unknown-type'],
    ['type admin/ban', json({ type: 'admin/ban', content: { key: victim }, timestamp: 1 }), 'unknown-type'],
    // Names every object has through Object.prototype: a schema table looked up with `in` "knows" them.
    ['type "toString" (a name every object inherits: look types up as own keys)', json({ type: 'toString', content: {}, timestamp: 1 }), 'unknown-type'],
    ['type "__proto__" (a name every object inherits: look types up as own keys)', json({ type: '__proto__', content: {}, timestamp: 1 }), 'unknown-type'],
    ['a nickname for another key', json(about('alice', { key: victim })), 'impersonation'],
    ['clock 1e300', json(chat('from the future', { clock: 1e300 })), 'absurd-clock'],
    ['a negative clock', json(chat('from the past', { clock: -5 })), 'absurd-clock'],
    ['clock 2^53', json(chat('overflow', { clock: 2 ** 53 })), 'absurd-clock'],
    ['clock 1.5', json(chat('fraction', { clock: 1.5 })), 'absurd-clock']
  ]
}

function tally (reasons: Reason[]): Partial<Record<Reason, number>> {
  const counts: Partial<Record<Reason, number>> = {}
  for (const reason of reasons) counts[reason] = (counts[reason] ?? 0) + 1
  return counts
}

test('validateEntry accepts well-formed messages of known types', async (t) => {
  const hello = validateEntry(json(chat('hello', { clock: 3 })), ALICE)
  t.ok(hello.ok, 'a chat/text message is accepted')
  if (hello.ok) t.alike(hello.message.content, { channel: 'default', text: 'hello' }, 'and parsed: its content is there')
  t.ok(validateEntry(json(chat('no clock')), ALICE).ok, 'the clock is optional')
  t.ok(validateEntry(json(chat('t'.repeat(LIMITS.maxText))), ALICE).ok, `a text of exactly ${LIMITS.maxText} characters is fine`)
  const named = validateEntry(json(about('alice')), ALICE)
  t.ok(named.ok, 'an about message is accepted')
  if (named.ok) t.is(named.message.type, 'about', 'and parsed as one')
  t.ok(validateEntry(json(about('alice', { key: ALICE })), ALICE).ok, 'an about message naming its own author\'s key is fine')
  t.ok(validateEntry(JSON.stringify(chat('as a string')), ALICE).ok, 'the entry may come as a string too')
})

test('validateEntry rejects each kind of hostile entry with its reason, and never throws', async (t) => {
  for (const [what, bytes, reason] of hostile(ALICE)) {
    let verdict
    try {
      verdict = validateEntry(bytes, MALLORY)
    } catch (err) {
      if (/not implemented/.test((err as Error).message)) throw err
      t.fail(`validateEntry threw on ${what}: ${(err as Error).message}`)
      continue
    }
    t.alike(verdict, { ok: false, reason }, `${what}: rejected as '${reason}'`)
  }
  const euros = JSON.stringify(chat('hi', { pad: '€'.repeat(LIMITS.maxEntryBytes / 2) }))
  t.alike(validateEntry(euros, MALLORY), { ok: false, reason: 'too-large' },
    `the same padded chat as a string: ${euros.length} characters but ${Buffer.byteLength(euros)} bytes in UTF-8, rejected as 'too-large' (the limit is in bytes; a string's .length counts characters)`)
  for (const [what, value] of [['undefined', undefined], ['a number', 42], ['an object', { type: 'chat/text' }]] as const) {
    t.execution(() => validateEntry(value, MALLORY), `no throw on ${what}`)
    t.is(validateEntry(value, MALLORY).ok, false, `${what} is not bytes of JSON: rejected`)
  }
})

test('when an entry breaks several rules, the first check in the lesson\'s order gives the reason', async (t) => {
  const long = 'y'.repeat(LIMITS.maxText + 1)
  const cases: Array<[string, unknown, Reason]> = [
    [`not JSON and over ${LIMITS.maxEntryBytes} bytes: the size is checked first`, Buffer.alloc(LIMITS.maxEntryBytes + 1, '{'), 'too-large'],
    ['an unknown type whose text is too long: the type is checked before any schema', json({ type: 'chat/delete', content: { channel: 'default', text: long }, timestamp: 1 }), 'unknown-type'],
    ['a text too long and a clock of -1: a bad clock wins', json(chat(long, { clock: -1 })), 'absurd-clock'],
    ['a number as channel and a text too long: too long wins over malformed', json({ type: 'chat/text', content: { channel: 5, text: long }, timestamp: 1 }), 'too-large'],
    ['no timestamp and a clock of 1.5: a bad clock wins over malformed', json({ type: 'chat/text', content: { channel: 'default', text: 'hi' }, clock: 1.5 }), 'absurd-clock'],
    ['a nickname too long, claimed for another key: the schema is checked before impersonation', json(about('z'.repeat(LIMITS.maxName + 1), { key: ALICE })), 'too-large']
  ]
  for (const [what, value, reason] of cases) {
    t.alike(validateEntry(value, MALLORY), { ok: false, reason }, `several rules broken, ${what} ('${reason}')`)
  }
})

test('a hostile peer\'s feed, replicated next to honest ones: every honest message is kept, no bad one', async (t, k) => {
  const encryptionKey = randomBytes(32)
  const alice = await peer(k, encryptionKey, 'json')
  const bob = await peer(k, encryptionKey, 'json')
  const mallory = await peer(k, encryptionKey, 'binary')
  const observer = await peer(k, encryptionKey, 'binary', true)

  const aliceKey = await k.step('alice writes', append(alice, [about('alice'), chat('hi, alice here'), chat('anyone?', { clock: 2 })]))
  const bobKey = await k.step('bob writes', append(bob, [chat('bob here'), about('bob')]))
  const attacks = hostile(aliceKey)
  // Mallory's feed mixes well-formed messages in with the attacks: form is checked, not reputation.
  const malloryKey = await k.step('mallory writes', append(mallory, [
    json(about('mallory')), ...attacks.slice(0, 10).map(([, bytes]) => bytes), json(chat('mallory says hi')), ...attacks.slice(10).map(([, bytes]) => bytes)
  ]))
  await k.step('the observer syncs with mallory, alice and bob', async () => {
    await sync(mallory, observer)
    await sync(alice, observer)
    await sync(bob, observer)
  })

  const view = await api(k, observer)
  t.alike(texts(view.messages('default')), ['anyone?', 'bob here', 'hi, alice here', 'mallory says hi'],
    'exactly the well-formed chat messages are in the view: all honest ones, no hostile one')
  t.is(view.nickname(aliceKey), 'alice', 'mallory\'s claim on alice\'s key changed nothing: alice is still alice')
  t.is(view.nickname(bobKey), 'bob', 'bob is bob')
  t.is(view.nickname(malloryKey), 'mallory', 'mallory may name herself')
  t.alike(view.rejected(), tally(attacks.map(([, , reason]) => reason)), 'every rejected entry is counted under its reason')
})

test('the view still answers and keeps indexing after hostile entries', async (t, k) => {
  const encryptionKey = randomBytes(32)
  const alice = await peer(k, encryptionKey, 'json')
  const mallory = await peer(k, encryptionKey, 'binary')
  const observer = await peer(k, encryptionKey, 'binary', true)
  await k.step('mallory writes garbage', append(mallory, hostile(MALLORY).map(([, bytes]) => bytes)))
  await k.step('alice writes', append(alice, [chat('first')]))
  await k.step('the observer syncs', async () => { await sync(mallory, observer); await sync(alice, observer) })
  t.alike(texts((await api(k, observer)).messages('default')), ['first'], 'after the garbage, alice\'s message is in')

  await k.step('mallory and alice write more', async () => {
    await append(mallory, [Buffer.from('\u0000\u0001'), json({ type: 'about' })])
    await append(alice, [chat('second')])
  })
  await k.step('the observer syncs again', async () => { await sync(mallory, observer); await sync(alice, observer) })
  const view = await api(k, observer)
  t.alike(texts(view.messages('default')), ['first', 'second'], 'the indexer did not get stuck: new messages still come in')
  t.is(view.rejected()['not-json'], 4, 'the new garbage is counted too (3 + 1 not-json)')
  t.is(view.rejected().malformed, 7, '(6 + 1 malformed)')
})

test('map never throws, whatever the entries hold', async (t, k) => {
  const view = safeChatView()
  const weird: Array<Entry<unknown>> = [
    { key: MALLORY, seq: 0, value: undefined },
    { key: MALLORY, seq: 1, value: null },
    { key: MALLORY, seq: 2, value: { type: 'chat/text', content: { channel: 'default', text: 'an object, not bytes' }, timestamp: 1 } },
    { key: MALLORY, seq: 3, value: Buffer.from('{"__proto__":{"polluted":true},"type":"about","content":{"name":"proto"},"timestamp":1}') },
    { key: MALLORY, seq: 4, value: json(chat('fine')) }
  ]
  await k.step('map(weird entries, next)', new Promise<void>((resolve, reject) => {
    try {
      view.map(weird, (err) => err ? reject(err) : resolve())
    } catch (err) {
      reject(err)
    }
  }))
  t.absent(({} as Record<string, unknown>).polluted, 'nothing leaked into Object.prototype')
  t.alike(texts(view.api.messages(null as never, 'default')), ['fine'], 'the one good entry was indexed')
  t.is(view.api.rejected(null as never)['not-json'], 3, 'undefined, null and a non-bytes object were rejected as not-json')
})
