// Kata 12 · the three pure functions: the topic of a key, what a valid entry is, the order of a history.
import crypto from 'hypercore-crypto'
import { test } from '../../../src/harness/index.ts'
import { LIMITS, chatTopic, compareMessages, parseEntry, type ChatMessage } from '../chat.ts'
import { NOW, block, nick, say } from './helpers.test.ts'

test('chatTopic: the discovery key of the chat key (the topic Cabal joins), never the key itself', async (t) => {
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

test('parseEntry keeps every valid entry, Cabal\'s included, returns only what it checked, and drops everything else', async (t) => {
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
    // Characters are code points (kata 11): an emoji is one, though .length says two. Every peer must count alike.
    [`a text of ${LIMITS.text} emoji (parseEntry counts characters as code points, as every peer must: ${LIMITS.text}, though .length says ${LIMITS.text * 2} UTF-16 units)`, block(say({ text: '😀'.repeat(LIMITS.text) }))],
    [`a channel of ${LIMITS.channel} emoji (parseEntry counts a channel's characters as code points too, not UTF-16 units)`, block(say({ channel: '😀'.repeat(LIMITS.channel) }))],
    [`a nick of ${LIMITS.nick} emoji (parseEntry counts a nick's characters as code points too, not UTF-16 units)`, block(nick('😀'.repeat(LIMITS.nick)))],
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
    [`a text of ${LIMITS.text + 1} emoji (one code point over the limit)`, block(say({ text: '😀'.repeat(LIMITS.text + 1) }))],
    ['an empty channel', block(say({ channel: '' }))],
    [`a channel over ${LIMITS.channel} characters`, block(say({ channel: 'c'.repeat(LIMITS.channel + 1) }))],
    ['a channel with a space in it', block(say({ channel: 'two words' }))],
    ['a channel with a no-break space in it (U+00A0: whitespace too, not only the ASCII space)', block(say({ channel: 'two\u00a0words' }))],
    ['a channel with an ideographic space in it (U+3000)', block(say({ channel: 'two\u3000words' }))],
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

test('compareMessages: one order every peer computes the same way, by clock, then timestamp, then author, then seq', async (t) => {
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
