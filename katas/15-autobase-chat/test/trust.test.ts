// Kata 15 · apply: a writer's entry is its own, and never trusted.
import { isDeepStrictEqual } from 'node:util'
import { test } from '../../../src/harness/index.ts'
import { LIMITS } from '../chat.ts'
import { open, hostileMember, texts, hasText, NOW, brief, KEY } from './helpers.test.ts'

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
