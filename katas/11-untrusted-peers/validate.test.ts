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
/** JSON text with raw bytes in the middle: `before`, the bytes, `after`. */
const withBytes = (before: string, bytes: number[], after: string): Buffer => Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)])

/** What an error map passed to next() means: it stopped the indexer (said for what it is, not as "your code threw"). */
const passedOn = (err: Error): Error => new Error(`safeChatView's map passed an error to next() ("${err.message}"): an error stops the indexer for good, so never stop the indexer on a bad entry: skip it, count it, and call next() with no error once the batch is done`)

/** A verdict in words, for the failure messages: what the code under test answered. */
function outcome (verdict: unknown): string {
  if (typeof verdict !== 'object' || verdict === null) return `${String(verdict)} (not a verdict)`
  const v = verdict as { ok?: unknown, reason?: unknown }
  if (v.ok === true) return 'accepted'
  if (v.ok === false) return `rejected as '${String(v.reason)}'`
  return `${JSON.stringify(verdict)} (not a verdict)`
}

const ALICE = 'a1'.repeat(32)
const BOB = 'b0'.repeat(32)
const MALLORY = 'ee'.repeat(32)
/** Names every object inherits from Object.prototype: a peer may use them as channel names or nicknames. */
const INHERITED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty']

/** Hostile entries, each with one defect, and the reason it must be rejected for. */
function hostile (victim: string): Array<[string, Buffer, Reason]> {
  return [
    ['plain text', Buffer.from('hello, I am not JSON'), 'not-json'],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe, 0x00, 0x7b]), 'not-json'],
    ['a byte 0xFF inside a JSON string (JSON text is UTF-8: bytes that are not UTF-8 are not JSON, not a text holding "\uFFFD")',
      withBytes('{"type":"chat/text","content":{"channel":"default","text":"', [0xff], '"},"timestamp":1}'), 'not-json'],
    ['a "€" cut short inside a JSON string (JSON text is UTF-8: bytes that are not UTF-8 are not JSON, not a text holding "\uFFFD")',
      withBytes('{"type":"about","content":{"name":"', [0xe2, 0x82], '"},"timestamp":1}'), 'not-json'],
    ['JSON cut short', Buffer.from('{"type":"chat/text","content":{'), 'not-json'],
    ['JSON null', json(null), 'malformed'],
    ['a JSON array', json([chat('hi')]), 'malformed'],
    ['a number as text', json({ type: 'chat/text', content: { channel: 'default', text: 42 }, timestamp: 1 }), 'malformed'],
    ['content as a string', json({ type: 'chat/text', content: 'hi', timestamp: 1 }), 'malformed'],
    ['no timestamp', json({ type: 'chat/text', content: { channel: 'default', text: 'hi' } }), 'malformed'],
    ['a timestamp as a string (a timestamp is a number of ms)', json(chat('hi', { timestamp: '2023-11-14' })), 'malformed'],
    ['a null timestamp (a timestamp is a number of ms)', json(chat('hi', { timestamp: null })), 'malformed'],
    ['a negative timestamp (a timestamp is from 0 to LIMITS.maxTimestamp)', json(chat('hi', { timestamp: -1 })), 'malformed'],
    ['a timestamp that is not finite (1e400 parses as Infinity)', Buffer.from('{"type":"chat/text","content":{"channel":"default","text":"hi"},"timestamp":1e400}'), 'malformed'],
    [`timestamp ${LIMITS.maxTimestamp + 1} (over LIMITS.maxTimestamp, outside the Date range: a bad timestamp is malformed, too-large is for sizes)`,
      json(chat('hi', { timestamp: LIMITS.maxTimestamp + 1 })), 'malformed'],
    ['timestamp 1e300 (outside the Date range: a bad timestamp is malformed, too-large is for sizes)', json(chat('hi', { timestamp: 1e300 })), 'malformed'],
    ['an about message with a timestamp as a string', json({ type: 'about', content: { name: 'x' }, timestamp: 'now' }), 'malformed'],
    ['an about message with a negative timestamp (an about message\'s timestamp is as a chat message\'s: from 0 to LIMITS.maxTimestamp)',
      json({ type: 'about', content: { name: 'x' }, timestamp: -1 }), 'malformed'],
    [`an about message with timestamp ${LIMITS.maxTimestamp + 1} (an about message's timestamp is as a chat message's: from 0 to LIMITS.maxTimestamp)`,
      json({ type: 'about', content: { name: 'x' }, timestamp: LIMITS.maxTimestamp + 1 }), 'malformed'],
    ['a number as nickname', json({ type: 'about', content: { name: 7 }, timestamp: 1 }), 'malformed'],
    ['an empty channel', json({ type: 'chat/text', content: { channel: '', text: 'hi' }, timestamp: 1 }), 'malformed'],
    ['an empty nickname', json(about('')), 'malformed'],
    ['a 5000-character text', json(chat('x'.repeat(5000))), 'too-large'],
    [`a text over ${LIMITS.maxText} characters`, json(chat('y'.repeat(LIMITS.maxText + 1))), 'too-large'],
    [`a nickname over ${LIMITS.maxName} characters`, json(about('z'.repeat(LIMITS.maxName + 1))), 'too-large'],
    [`a channel over ${LIMITS.maxChannel} characters (LIMITS.maxChannel)`, json({ type: 'chat/text', content: { channel: 'c'.repeat(LIMITS.maxChannel + 1), text: 'hi' }, timestamp: 1 }), 'too-large'],
    // Well-formed but for their size: the stray field passes the schema (it is dropped), only the byte limit stops them.
    [`a valid chat padded past ${LIMITS.maxEntryBytes} bytes`, json(chat('hi', { pad: 'p'.repeat(LIMITS.maxEntryBytes) })), 'too-large'],
    [`a valid chat of fewer than ${LIMITS.maxEntryBytes} characters but more bytes`, json(chat('hi', { pad: '€'.repeat(LIMITS.maxEntryBytes / 2) })), 'too-large'],
    ['type chat/delete', json({ type: 'chat/delete', content: { channel: 'default', seq: 0 }, timestamp: 1 }), 'unknown-type'],
    ['type admin/ban', json({ type: 'admin/ban', content: { key: victim }, timestamp: 1 }), 'unknown-type'],
    // Names every object has through Object.prototype: a schema table looked up with `in` "knows" them.
    ['type "toString" (a name every object inherits: look types up as own keys)', json({ type: 'toString', content: {}, timestamp: 1 }), 'unknown-type'],
    ['type "__proto__" (a name every object inherits: look types up as own keys)', json({ type: '__proto__', content: {}, timestamp: 1 }), 'unknown-type'],
    ['an empty object (no type at all: an entry is an object with a string type, else malformed; unknown-type is for a string type you don\'t know)', json({}), 'malformed'],
    ['no type (an entry is an object with a string type, else malformed; unknown-type is for a string type you don\'t know)', json({ content: { channel: 'default', text: 'hi' }, timestamp: 1 }), 'malformed'],
    ['type 5 (an entry is an object with a string type, else malformed; unknown-type is for a string type you don\'t know)', json({ type: 5, content: { channel: 'default', text: 'hi' }, timestamp: 1 }), 'malformed'],
    ['content.key "bob" (a key is 64 lowercase hex digits: anything else is malformed, not an impersonation)', json(about('bob', { key: 'bob' })), 'malformed'],
    ['content.key of 65 hex digits, "0" in front of a key (a key is exactly 64 lowercase hex digits: malformed)', json(about('bob', { key: `0${victim}` })), 'malformed'],
    ['content.key of 65 hex digits, "0" after a key (a key is exactly 64 lowercase hex digits: malformed)', json(about('bob', { key: `${victim}0` })), 'malformed'],
    ['content.key null (a key is 64 lowercase hex digits, or absent: null is malformed, not an impersonation)', json(about('nobody', { key: null })), 'malformed'],
    ['a nickname for another key', json(about('alice', { key: victim })), 'impersonation'],
    ['clock 1e300', json(chat('from the future', { clock: 1e300 })), 'absurd-clock'],
    ['a negative clock', json(chat('from the past', { clock: -5 })), 'absurd-clock'],
    ['clock 2^53', json(chat('overflow', { clock: 2 ** 53 })), 'absurd-clock'],
    ['clock 1.5', json(chat('fraction', { clock: 1.5 })), 'absurd-clock'],
    ['clock null (a clock is a whole number, or absent: null is neither)', json(chat('no clock', { clock: null })), 'absurd-clock'],
    ['clock "5", a string (a clock is a number: a string that looks like one is not converted)', json(chat('stringly', { clock: '5' })), 'absurd-clock'],
    [`clock ${LIMITS.maxClock + 1}, one over LIMITS.maxClock (the clock needs a fixed upper bound: a safe integer is not enough)`,
      json(chat('just over', { clock: LIMITS.maxClock + 1 })), 'absurd-clock'],
    ['clock 2^40 (over LIMITS.maxClock: the clock needs a fixed upper bound, or one peer pushes everyone\'s next clock towards 2^53)',
      json(chat('far ahead', { clock: 2 ** 40 })), 'absurd-clock'],
    ['an about message with clock 2^40 (over LIMITS.maxClock)', json({ type: 'about', content: { name: 'far ahead' }, timestamp: 1, clock: 2 ** 40 }), 'absurd-clock']
  ]
}

function tally (reasons: Reason[]): Partial<Record<Reason, number>> {
  const counts: Partial<Record<Reason, number>> = {}
  for (const reason of reasons) counts[reason] = (counts[reason] ?? 0) + 1
  return counts
}

test('validateEntry accepts well-formed messages of known types', async (t) => {
  const accepts = (what: string, value: unknown, author = ALICE): void => {
    const verdict = validateEntry(value, author)
    t.is(outcome(verdict), 'accepted', `${what} is accepted; got ${outcome(verdict)}`)
  }
  const hello = validateEntry(json(chat('hello', { clock: 3 })), ALICE)
  t.is(outcome(hello), 'accepted', `a chat/text message is accepted; got ${outcome(hello)}`)
  if (hello.ok) t.alike(hello.message.content, { channel: 'default', text: 'hello' }, 'and parsed: its content is there')
  const named = validateEntry(json(about('alice')), ALICE)
  t.is(outcome(named), 'accepted', `an about message is accepted; got ${outcome(named)}`)
  if (named.ok) t.is(named.message.type, 'about', 'and parsed as one')
  const own = validateEntry(json(about('alice', { key: ALICE })), ALICE)
  t.alike(own.ok ? own.message.content : outcome(own), { name: 'alice', key: ALICE },
    `validateEntry accepts an about message naming its own author's key, and keeps it as written: its content.key is a field the about type declares, so it stays; got ${own.ok ? JSON.stringify(own.message.content) : outcome(own)}`)
  accepts('a chat message without a clock (the clock is optional)', json(chat('no clock')))
  accepts('a chat message with an empty text (a text may be empty: only its length has a limit; the channel may not be empty)', json(chat('')))
  accepts('an entry as a string', JSON.stringify(chat('as a string')))
  accepts('an entry in a plain Uint8Array, not a Buffer (bytes are bytes: another encoding or a browser peer hands out a Uint8Array)',
    new Uint8Array(json(chat('plain bytes'))))
  const intl = validateEntry(json(chat('€ and 中文')), ALICE)
  const intlText = intl.ok && 'text' in intl.message.content ? intl.message.content.text : outcome(intl)
  t.is(intlText, '€ and 中文', `entries are UTF-8: a text of "€ and 中文" reads back unchanged (decode the bytes as UTF-8); got ${JSON.stringify(intlText)}`)
  for (const name of INHERITED) {
    accepts(`a chat message to channel '${name}' (channel names are data: a name every object inherits is a channel name like any other)`,
      json({ type: 'chat/text', content: { channel: name, text: 'hi' }, timestamp: 1 }))
  }
  accepts('an about message naming its author \'__proto__\' (nicknames are data too)', json(about('__proto__')))
  for (const author of [ALICE, BOB]) {
    accepts(`an about message "sam" from ${author === ALICE ? 'alice, then from bob' : 'bob, after alice'} (validateEntry's answer depends only on the entry and its author: two authors may both call themselves "sam")`,
      json(about('sam')), author)
  }
  accepts(`a text of exactly ${LIMITS.maxText} characters`, json(chat('t'.repeat(LIMITS.maxText))))
  accepts(`a channel of exactly ${LIMITS.maxChannel} characters`, json({ type: 'chat/text', content: { channel: 'c'.repeat(LIMITS.maxChannel), text: 'hi' }, timestamp: 1 }))
  accepts(`a nickname of exactly ${LIMITS.maxName} characters`, json(about('n'.repeat(LIMITS.maxName))))
  // Characters are Unicode code points, as zod 4 counts them: every peer must count alike, and an emoji is one character.
  accepts(`a text of ${LIMITS.maxText} emoji (validateEntry counts characters as code points, as zod does: ${LIMITS.maxText} characters, though .length says ${LIMITS.maxText * 2} UTF-16 units)`,
    json(chat('😀'.repeat(LIMITS.maxText))))
  accepts(`a nickname of ${LIMITS.maxName} emoji (validateEntry counts a nickname's characters as code points too: ${LIMITS.maxName}, though .length says ${LIMITS.maxName * 2})`,
    json(about('🐱'.repeat(LIMITS.maxName))))
  accepts(`a channel of ${LIMITS.maxChannel} emoji (validateEntry counts a channel's characters as code points too: ${LIMITS.maxChannel}, though .length says ${LIMITS.maxChannel * 2})`,
    json({ type: 'chat/text', content: { channel: '🌊'.repeat(LIMITS.maxChannel), text: 'hi' }, timestamp: 1 }))
  // Checking is not converting: what a peer wrote is what every peer keeps.
  const spaced = validateEntry(json({ type: 'chat/text', content: { channel: ' general ', text: 'hi' }, timestamp: 1 }), ALICE)
  const channel = spaced.ok && spaced.message.type === 'chat/text' ? JSON.stringify(spaced.message.content.channel) : outcome(spaced)
  t.is(channel, '" general "',
    `validateEntry checks, it does not convert: channel " general " is accepted and kept as written (trimmed, it would land in the channel "general" someone else made); got ${channel}`)
  const padded = validateEntry(json(about(' sam ')), ALICE)
  const name = padded.ok && padded.message.type === 'about' ? JSON.stringify(padded.message.content.name) : outcome(padded)
  t.is(name, '" sam "', `validateEntry checks, it does not convert: nickname " sam " is accepted and kept as written; got ${name}`)
  accepts('clock 0', json(chat('zero', { clock: 0 })))
  accepts(`clock ${LIMITS.maxClock} (LIMITS.maxClock)`, json(chat('at the bound', { clock: LIMITS.maxClock })))
  accepts('timestamp 0', json(chat('1970', { timestamp: 0 })))
  accepts('a timestamp with a fraction (cabal-core makes its timestamps unique that way)', json(chat('fraction', { timestamp: 1700000000000.001 })))
  accepts(`timestamp ${LIMITS.maxTimestamp} (LIMITS.maxTimestamp, the last moment a Date can hold)`, json(chat('275760', { timestamp: LIMITS.maxTimestamp })))
  accepts('an about message with timestamp 0', json({ type: 'about', content: { name: '1970' }, timestamp: 0 }))
  accepts(`an about message with timestamp ${LIMITS.maxTimestamp} (LIMITS.maxTimestamp)`, json({ type: 'about', content: { name: '275760' }, timestamp: LIMITS.maxTimestamp }))
  // Stray fields: Cabal and newer versions of the chat add fields; a peer that refuses them splits the room.
  accepts('a chat message with a field your schema does not know (stray fields are accepted: Cabal and future versions add fields)',
    json(chat('newer client', { after: { key: ALICE, seq: 0 } })))
  accepts('a chat message whose content has a field your schema does not know (stray fields are accepted, in content too)',
    json({ type: 'chat/text', content: { channel: 'default', text: 'hi', mentions: [ALICE] }, timestamp: 1 }))
  accepts('an about message with fields your schema does not know (stray fields are accepted: Cabal and future versions add fields)',
    json({ type: 'about', content: { name: 'alice', avatar: 'cat.png' }, timestamp: 1, clock: 2, after: null }))
  const stray = validateEntry(Buffer.from('{"type":"chat/text","content":{"channel":"default","text":"hi","mentions":[]},"timestamp":1,"after":null,"__proto__":{"admin":true}}'), ALICE)
  if (stray.ok) {
    const keys = Object.keys(stray.message).sort()
    const contentKeys = Object.keys(stray.message.content).sort()
    t.ok(keys.join() === 'content,timestamp,type' && contentKeys.join() === 'channel,text' && !Object.hasOwn(stray.message, '__proto__'),
      `stray fields are accepted and left behind: the message is the schema's data (only the fields it knows), not the parsed JSON; got fields ${keys.join(', ')}${Object.hasOwn(stray.message, '__proto__') ? ' and an own __proto__' : ''}, content ${contentKeys.join(', ')}`)
  } else {
    t.fail(`a chat message with stray fields (after, content.mentions, an own __proto__) is accepted; got ${outcome(stray)}`)
  }
  const strayAbout = validateEntry(Buffer.from(`{"type":"about","content":{"name":"alice","key":"${ALICE}","avatar":"cat.png","__proto__":{"admin":true}},"timestamp":1,"clock":2,"after":null,"__proto__":{"admin":true}}`), ALICE)
  if (strayAbout.ok) {
    const keys = Object.keys(strayAbout.message).sort()
    const contentKeys = Object.keys(strayAbout.message.content).sort()
    const ownProto = Object.hasOwn(strayAbout.message, '__proto__') || Object.hasOwn(strayAbout.message.content, '__proto__')
    t.ok(keys.join() === 'clock,content,timestamp,type' && contentKeys.join() === 'key,name' && !ownProto,
      `validateEntry leaves an about message's stray fields behind too, at the top and in its content: the message is the schema's data (only the fields the about type declares), not the parsed JSON; got fields ${keys.join(', ')}, content ${contentKeys.join(', ')}${ownProto ? ', and an own __proto__' : ''}`)
  } else {
    t.fail(`validateEntry accepts an about message with stray fields (after, content.avatar, an own __proto__); got ${outcome(strayAbout)}`)
  }
  // Padded with a stray field to exactly the limit.
  const unpadded = json(chat('hi', { pad: '' })).length
  const exact = json(chat('hi', { pad: 'p'.repeat(LIMITS.maxEntryBytes - unpadded) }))
  accepts(`an entry of exactly ${exact.length} bytes (LIMITS.maxEntryBytes is the largest size allowed: only more is too large)`, exact)
  accepts(`an entry as a string of exactly ${exact.length} bytes (validateEntry measures a string in bytes as it does bytes, and LIMITS.maxEntryBytes is allowed, for a string as for bytes: only more is too large)`, exact.toString())
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
    t.alike(verdict, { ok: false, reason }, `${what}: rejected as '${reason}'; got ${outcome(verdict)}`)
  }
  const euros = JSON.stringify(chat('hi', { pad: '€'.repeat(LIMITS.maxEntryBytes / 2) }))
  const verdict = validateEntry(euros, MALLORY)
  t.alike(verdict, { ok: false, reason: 'too-large' },
    `the same padded chat as a string: ${euros.length} characters but ${Buffer.byteLength(euros)} bytes in UTF-8, rejected as 'too-large' (the limit is in bytes; a string's .length counts characters); got ${outcome(verdict)}`)
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json(chat('behind a BOM'))])
  for (const [what, value] of [['bytes', bom], ['a string', `\uFEFF${JSON.stringify(chat('behind a BOM'))}`]] as const) {
    const verdict = validateEntry(value, MALLORY)
    t.alike(verdict, { ok: false, reason: 'not-json' },
      `validateEntry: a byte-order mark in front of the JSON (${what}) is not JSON (JSON on the wire carries none, RFC 8259; JSON.parse refuses it, and bytes and strings are judged alike): 'not-json'; got ${outcome(verdict)}`)
  }
  const upper = validateEntry(json(about('mallory', { key: MALLORY.toUpperCase() })), MALLORY)
  t.alike(upper, { ok: false, reason: 'malformed' },
    `content.key is 64 lowercase hex digits (as a key's toString('hex') writes it): mallory's own key in uppercase is malformed; got ${outcome(upper)}`)
  for (const [what, value] of [['undefined', undefined], ['a number', 42], ['an object', { type: 'chat/text' }]] as const) {
    // Not t.execution: it awaits what the function returns, and code that hangs would end the run here.
    let verdict
    try {
      verdict = validateEntry(value, MALLORY)
    } catch (err) {
      t.fail(`validateEntry threw on ${what}: ${(err as Error).message}`)
      continue
    }
    t.is(verdict.ok, false, `${what} is not bytes of JSON: rejected; got ${outcome(verdict)}`)
  }
})

test('validateEntry: an entry that breaks several rules gets one reason, the same on every peer', async (t) => {
  const long = 'y'.repeat(LIMITS.maxText + 1)
  const cases: Array<[string, unknown, Reason]> = [
    [`not JSON and over ${LIMITS.maxEntryBytes} bytes: the size is checked first`, Buffer.alloc(LIMITS.maxEntryBytes + 1, '{'), 'too-large'],
    [`invalid UTF-8 and over ${LIMITS.maxEntryBytes} bytes: the size is checked first, before decoding`, Buffer.alloc(LIMITS.maxEntryBytes + 1, 0xff), 'too-large'],
    [`a string, not JSON and over ${LIMITS.maxEntryBytes} bytes: the size is checked first, for strings too`, '{'.repeat(LIMITS.maxEntryBytes + 1), 'too-large'],
    ['an unknown type whose text is too long: the type is checked before any schema', json({ type: 'chat/delete', content: { channel: 'default', text: long }, timestamp: 1 }), 'unknown-type'],
    ['an unknown type with a clock of -1: the type is checked before the clock (a newer client\'s message is judged by its type first)', json({ type: 'x/new', content: {}, timestamp: 1, clock: -1 }), 'unknown-type'],
    ['a text too long and a clock of -1: a bad clock wins', json(chat(long, { clock: -1 })), 'absurd-clock'],
    ['a number as channel and a text too long: too long wins over malformed', json({ type: 'chat/text', content: { channel: 5, text: long }, timestamp: 1 }), 'too-large'],
    ['no timestamp and a clock of 1.5: a bad clock wins over malformed', json({ type: 'chat/text', content: { channel: 'default', text: 'hi' }, clock: 1.5 }), 'absurd-clock'],
    ['a nickname too long, claimed for another key: the schema is checked before impersonation', json(about('z'.repeat(LIMITS.maxName + 1), { key: ALICE })), 'too-large']
  ]
  for (const [what, value, reason] of cases) {
    const verdict = validateEntry(value, MALLORY)
    t.alike(verdict, { ok: false, reason }, `several rules broken, ${what} ('${reason}'); got ${outcome(verdict)}`)
  }
})

test('safeChatView() makes a new view each time: nothing one view indexed or counted shows in another', async (t, k) => {
  const first = safeChatView()
  await k.step('map(a bad entry and a good one, next) on a first view (map must call next() after each batch, bad entries or not)', new Promise<void>((resolve, reject) =>
    first.map([{ key: MALLORY, seq: 0, value: Buffer.from('not json') }, { key: MALLORY, seq: 1, value: json(chat('in the first view')) }],
      (err) => err ? reject(passedOn(err)) : resolve())))
  const second = safeChatView()
  const counted = second.api.rejected(null as never)
  t.alike(counted, {}, `safeChatView(): a new view has refused nothing yet (keep its counts inside the view, not in the module: they would leak from one view into the next); got ${JSON.stringify(counted)}`)
  const kept = texts(second.api.messages(null as never, 'default'))
  t.alike(kept, [], `safeChatView(): a new view holds no messages yet (keep its state inside the view, not in the module); got ${JSON.stringify(kept)}`)
})

test('safeChatView\'s map indexes each batch whole: every entry of it, then one next()', async (t, k) => {
  const view = safeChatView()
  let calls = 0
  const batch: Array<Entry<unknown>> = [
    { key: MALLORY, seq: 0, value: Buffer.from('not json') },
    { key: MALLORY, seq: 1, value: json(chat('one')) },
    { key: MALLORY, seq: 2, value: json({ type: 'chat/delete', content: {}, timestamp: 1 }) },
    { key: MALLORY, seq: 3, value: Buffer.from('{"type":"chat/text","content":{"channel":"default","text":"two","mentions":[]},"timestamp":1,"after":null,"__proto__":{"admin":true}}') },
    { key: MALLORY, seq: 4, value: json(about('mallory')) },
    { key: MALLORY, seq: 5, value: json(chat('x'.repeat(LIMITS.maxText + 1))) }
  ]
  let atNext: string[] | null = null
  await k.step('map(a batch of good and bad entries, next) to call next() once the batch is done, bad entries or not',
    new Promise<void>((resolve, reject) => view.map(batch, (err) => {
      calls++
      atNext ??= texts(view.api.messages(null as never, 'default'))
      if (err) reject(passedOn(err)); else resolve()
    })))
  await new Promise((resolve) => setImmediate(resolve))
  const list = view.api.messages(null as never, 'default')
  t.alike(texts(list), ['one', 'two'],
    `map indexes a batch whole: every entry of it, a bad one skipped and counted (not the end of the batch); got ${JSON.stringify(texts(list))}`)
  t.is(calls, 1, `map calls next() once per batch, after every entry of it (not once per entry): next() was called ${calls} times`)
  t.alike(atNext, ['one', 'two'],
    `safeChatView's map calls next() once the batch is indexed, not before: next() says "done", and a reader let in at that moment must find the whole batch; when next() was called, messages('default') held ${JSON.stringify(atNext)}`)
  t.alike(view.api.rejected(null as never), { 'not-json': 1, 'unknown-type': 1, 'too-large': 1 }, 'the batch\'s three bad entries are counted')
  const two = list.find((entry) => entry.value.content.text === 'two')
  if (two) {
    const keys = Object.keys(two.value).sort()
    t.ok(keys.join() === 'content,timestamp,type' && !Object.hasOwn(two.value, '__proto__'),
      `stray fields are left behind: messages() holds the schema's data, not the parsed JSON; got fields ${keys.join(', ')}${Object.hasOwn(two.value, '__proto__') ? ' and an own __proto__' : ''}`)
  }
  t.alike(view.api.messages(null as never, 'nowhere'), [], 'a channel nobody wrote to has no messages: []')
  t.is(view.api.nickname(null as never, MALLORY), 'mallory', 'mallory named herself')
  for (const name of ['toString', '__proto__', 'constructor']) {
    const got = view.api.nickname(null as never, name)
    t.is(got, null, `nickname('${name}') is null: no about message came from a feed of that key (keys are data: an object's inherited names are no nicknames); got ${typeof got === 'function' ? 'a function' : JSON.stringify(got)}`)
  }
  const counts = view.api.rejected(null as never)
  counts['not-json'] = 99
  delete counts['too-large']
  t.alike(view.api.rejected(null as never), { 'not-json': 1, 'unknown-type': 1, 'too-large': 1 },
    'rejected() hands out a copy: a caller that changes the counts it got leaves the view\'s alone')

  const mine = view.api.messages(null as never, 'default')
  try {
    mine.push(mine[0])
    mine.length = 1
  } catch {} // a frozen list refuses: fine too
  const again = texts(view.api.messages(null as never, 'default'))
  t.alike(again, ['one', 'two'], `messages() hands out a copy: a caller that adds to or cuts the list it got leaves the view's messages alone; got ${JSON.stringify(again)}`)
  const theirs = view.api.messages(null as never, 'default')
  try {
    for (const entry of theirs) entry.value.content.text = 'changed by a caller'
  } catch {} // a frozen message refuses: fine too
  const still = texts(view.api.messages(null as never, 'default'))
  t.alike(still, ['one', 'two'],
    `messages() hands out a copy all the way down: a caller that changes a message it got (its text) leaves the view's alone, or any caller could put unchecked data behind your boundary; got ${JSON.stringify(still)}`)

  const none = view.api.messages(null as never, 'nowhere')
  try {
    none.push(...view.api.messages(null as never, 'default'))
  } catch {} // a frozen list refuses: fine too
  const after = [view.api.messages(null as never, 'nowhere'), view.api.messages(null as never, 'elsewhere'), safeChatView().api.messages(null as never, 'nowhere')]
  t.alike(after.map(texts), [[], [], []],
    `messages() hands out a new list for a channel nobody wrote to as well: a caller that pushes onto the [] it got leaves every answer alone (a shared empty list would put its pushes in every empty channel of every view); got ${JSON.stringify(after.map(texts))} for this view's 'nowhere' and 'elsewhere' and a new view's 'nowhere'`)
})

test('safeChatView: channel names are data: a channel named like something every object inherits (__proto__, constructor, toString) is a channel like any other', async (t, k) => {
  const view = safeChatView()
  const read = (channel: string): string => {
    try {
      const list: unknown = view.api.messages(null as never, channel)
      return Array.isArray(list) ? JSON.stringify(texts(list)) : `${typeof list} (not a list)`
    } catch (err) {
      return `an exception: ${(err as Error).message}`
    }
  }
  for (const channel of INHERITED) {
    const got = read(channel)
    t.is(got, '[]', `messages('${channel}') is [] while nobody wrote there (channel names come from peers: what every object inherits is no channel); got ${got}`)
  }
  let threw = ''
  const entries = INHERITED.map((channel, seq) => ({ key: ALICE, seq, value: json({ type: 'chat/text', content: { channel, text: `in ${channel}` }, timestamp: 1 }) }))
  await k.step(`map(a message to each of the channels ${INHERITED.join(', ')}, next)`, new Promise<void>((resolve, reject) => {
    try {
      view.map(entries, (err) => err ? reject(passedOn(err)) : resolve())
    } catch (err) {
      threw = (err as Error).message
      resolve()
    }
  }))
  for (const channel of INHERITED) {
    const got = read(channel)
    t.is(got, JSON.stringify([`in ${channel}`]),
      `a message to channel '${channel}' is kept: messages('${channel}') returns it (channel names are data: a name every object inherits is a channel like any other)${threw ? `; map threw: ${threw}` : ''}; got ${got}`)
  }
  const counted = view.api.rejected(null as never)
  t.alike(counted, {}, `safeChatView refuses none of them: they are honest messages (and this view is new: it has counted nothing else); got ${JSON.stringify(counted)}`)
})

test('safeChatView: a channel is its exact name: "General" and "general" are two channels', async (t, k) => {
  const view = safeChatView()
  const entries = ['General', 'general'].map((channel, seq) => ({ key: ALICE, seq, value: json({ type: 'chat/text', content: { channel, text: `in ${channel}` }, timestamp: 1 }) }))
  await k.step('map(a message to "General" and one to "general", next)', new Promise<void>((resolve, reject) =>
    view.map(entries, (err) => err ? reject(passedOn(err)) : resolve())))
  for (const channel of ['General', 'general']) {
    const got = texts(view.api.messages(null as never, channel))
    t.alike(got, [`in ${channel}`],
      `messages('${channel}') holds only the message sent to '${channel}': safeChatView files a message under its channel's exact name, as every peer does (a name it converts merges channels their authors kept apart); got ${JSON.stringify(got)}`)
  }
})

test('safeChatView keeps an author\'s messages whatever order their clocks reach it in: a clock is judged on its own, not against the author\'s others', async (t, k) => {
  const view = safeChatView()
  const index = (label: string, entries: Array<Entry<unknown>>): Promise<void> => k.step(`map(${label}, next)`,
    new Promise<void>((resolve, reject) => view.map(entries, (err) => err ? reject(passedOn(err)) : resolve())))
  await index('alice\'s seq 1 "later" with clock 5', [{ key: ALICE, seq: 1, value: json(chat('later', { clock: 5 })) }])
  await index('alice\'s seq 0 "earlier" with clock 3, in a later batch', [{ key: ALICE, seq: 0, value: json(chat('earlier', { clock: 3 })) }])
  await index('alice\'s seq 2 "same clock" with clock 5 again', [{ key: ALICE, seq: 2, value: json(chat('same clock', { clock: 5 })) }])
  const kept = texts(view.api.messages(null as never, 'default'))
  t.alike(kept, ['earlier', 'later', 'same clock'],
    `safeChatView keeps all three of alice's messages, though clock 3 came after clock 5 and clock 5 came twice: whether a clock is absurd is validateEntry's verdict on the entry alone, the same on every peer; a view that refuses a clock not above the author's last decides by arrival order, and peers that got the entries in another order disagree; got ${JSON.stringify(kept)}`)
  const counted = view.api.rejected(null as never)
  t.alike(counted, {}, `safeChatView refuses none of them (their clocks are each within LIMITS); got ${JSON.stringify(counted)}`)
})

test('safeChatView: two authors may both call themselves "sam", whichever the view sees first', async (t, k) => {
  for (const [first, second] of [[ALICE, BOB], [BOB, ALICE]]) {
    const view = safeChatView()
    const who = (key: string): string => key === ALICE ? 'alice' : 'bob'
    const label = `${who(first)}'s "sam" first, then ${who(second)}'s`
    for (const [batch, key] of [first, second].entries()) {
      await k.step(`map(${who(key)}'s about message "sam", next)`, new Promise<void>((resolve, reject) =>
        view.map([{ key, seq: batch, value: json(about('sam')) }], (err) => err ? reject(passedOn(err)) : resolve())))
    }
    const names = [view.api.nickname(null as never, ALICE), view.api.nickname(null as never, BOB)]
    t.alike(names, ['sam', 'sam'],
      `a nickname is no claim on a name: alice and bob both call themselves "sam" (${label}) and both keep it; a rule that depends on what the view saw first makes peers that got the entries in another order disagree; got alice ${JSON.stringify(names[0])}, bob ${JSON.stringify(names[1])}`)
    const counted = view.api.rejected(null as never)
    t.alike(counted, {}, `two authors with one nickname: nothing is refused (${label}); got ${JSON.stringify(counted)}`)
  }
})

test('safeChatView over a hostile peer\'s feed, replicated next to honest ones: every honest message is kept, no bad one', async (t, k) => {
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
  const kept = texts(view.messages('default'))
  t.alike(kept, ['anyone?', 'bob here', 'hi, alice here', 'mallory says hi'],
    `exactly the well-formed chat messages are in the view: all honest ones, no hostile one (index every entry of each batch, then call next() once); got ${JSON.stringify(kept)}`)
  t.is(view.nickname(aliceKey), 'alice', `mallory's claim on alice's key changed nothing: alice is still alice; got ${JSON.stringify(view.nickname(aliceKey))}`)
  t.is(view.nickname(bobKey), 'bob', `bob is bob; got ${JSON.stringify(view.nickname(bobKey))}`)
  t.is(view.nickname(malloryKey), 'mallory', `mallory may name herself; got ${JSON.stringify(view.nickname(malloryKey))}`)
  const counted = view.rejected()
  t.alike(counted, tally(attacks.map(([, , reason]) => reason)), `every rejected entry is counted under its reason; got ${JSON.stringify(counted)}`)
})

test('safeChatView still answers and keeps indexing after hostile entries', async (t, k) => {
  const encryptionKey = randomBytes(32)
  const alice = await peer(k, encryptionKey, 'json')
  const mallory = await peer(k, encryptionKey, 'binary')
  const observer = await peer(k, encryptionKey, 'binary', true)
  const garbage = hostile(MALLORY)
  const before = tally(garbage.map(([, , reason]) => reason))
  await k.step('mallory writes garbage', append(mallory, garbage.map(([, bytes]) => bytes)))
  await k.step('alice writes', append(alice, [chat('first')]))
  await k.step('the observer syncs', async () => { await sync(mallory, observer); await sync(alice, observer) })
  const first = texts((await api(k, observer)).messages('default'))
  t.alike(first, ['first'], `after the garbage, alice's message is in; got ${JSON.stringify(first)}`)

  await k.step('mallory and alice write more', async () => {
    await append(mallory, [Buffer.from('\u0000\u0001'), json({ type: 'about' })])
    await append(alice, [chat('second')])
  })
  await k.step('the observer syncs again', async () => { await sync(mallory, observer); await sync(alice, observer) })
  const view = await api(k, observer)
  const both = texts(view.messages('default'))
  t.alike(both, ['first', 'second'], `the indexer did not get stuck: new messages still come in; got ${JSON.stringify(both)}`)
  const counted = view.rejected()
  t.is(counted['not-json'], (before['not-json'] ?? 0) + 1, `the new garbage is counted too (${before['not-json'] ?? 0} + 1 not-json); got ${String(counted['not-json'])}`)
  t.is(counted.malformed, (before.malformed ?? 0) + 1, `(${before.malformed ?? 0} + 1 malformed); got ${String(counted.malformed)}`)
})

test('safeChatView\'s map never throws, whatever the entries hold', async (t, k) => {
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
      view.map(weird, (err) => err ? reject(passedOn(err)) : resolve())
    } catch (err) {
      reject(err)
    }
  }))
  t.absent(({} as Record<string, unknown>).polluted, 'nothing leaked into Object.prototype')
  const kept = texts(view.api.messages(null as never, 'default'))
  t.alike(kept, ['fine'], `the one good entry was indexed; got ${JSON.stringify(kept)}`)
  const notJson = view.api.rejected(null as never)['not-json']
  t.is(notJson, 3, `undefined, null and a non-bytes object were rejected as not-json; got ${String(notJson)}`)
})

test('safeChatView: the latest nickname is the one with the highest seq, whatever order map gets them in', async (t, k) => {
  const view = safeChatView()
  const index = (label: string, entries: Array<Entry<unknown>>): Promise<void> => k.step(`map(${label}, next)`,
    new Promise<void>((resolve, reject) => view.map(entries, (err) => err ? reject(passedOn(err)) : resolve())))
  const nick = (key: string): string | null => view.api.nickname(null as never, key)
  await index('alice\'s seq 2 "alice", then her seq 0 "al"', [
    { key: ALICE, seq: 2, value: json(about('alice')) },
    { key: ALICE, seq: 0, value: json(about('al')) }
  ])
  t.is(nick(ALICE), 'alice',
    `the latest nickname is the one with the highest seq, not the last one map was handed: seq 2 "alice" is later than seq 0 "al"; got ${JSON.stringify(nick(ALICE))}`)
  await index('alice\'s seq 1 "ally", in a later batch', [{ key: ALICE, seq: 1, value: json(about('ally')) }])
  t.is(nick(ALICE), 'alice', `seq 1 arrived last but seq 2 is still the highest: "alice"; got ${JSON.stringify(nick(ALICE))}`)
  await index('bob\'s seq 0 "bob", alice\'s seq 3 "alice2", alice\'s seq 4 claiming bob\'s key', [
    { key: BOB, seq: 0, value: json(about('bob')) },
    { key: ALICE, seq: 3, value: json(about('alice2')) },
    { key: ALICE, seq: 4, value: json(about('bob', { key: BOB })) }
  ])
  t.is(nick(ALICE), 'alice2', `a higher seq does win: seq 3 "alice2" (seq 4 is an impersonation, rejected); got ${JSON.stringify(nick(ALICE))}`)
  t.is(nick(BOB), 'bob', `each author has their own latest nickname: bob is "bob"; got ${JSON.stringify(nick(BOB))}`)
  t.is(nick(MALLORY), null, `an author with no accepted about message has none: null; got ${JSON.stringify(nick(MALLORY))}`)
})
