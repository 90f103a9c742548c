// Kata 12 · what a hostile member can and cannot do: whatever it writes to its own feed, the others drop what
// does not fit and go on, agreeing; it cannot rename anyone but itself.
import { test } from '../../../src/harness/index.ts'
import { LIMITS, type Chat } from '../chat.ts'
import { NOW, hasText, ids, join, member, newKey, outcome, say, texts } from './helpers.test.ts'

test('createChat drops hostile entries from one member, and the others go on, agreeing', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const bob = await join(k, 'bob', key)
  await k.step('alice.send', alice.chat.send('first'))
  const mallory = await member(k, key)
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
  t.alike(badClocks(alice.chat), [], 'createChat: every message has a clock, a whole number from 0, also mallory\'s after the blocks dropped before it (a dropped block is skipped, and its feed\'s clock goes on from the entries before it)')
})

test('createChat: nick changes are seen by everyone; a nick spoofed for another author is not', async (t, k) => {
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
  t.alike(changes, [{ author: alice.chat.author, nick: 'alicia' }], 'bob\'s chat (createChat\'s view) emits a \'nick\' event when a peer changes nick')

  const mallory = await member(k, key)
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

test('createChat judges an entry whose `after` names a dropped entry: it never waits for it, and its feed goes on', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  // mallory has two feeds (two members here): the first starts with a block every peer drops; the second's
  // first entry names that dropped block as the entry it follows, and honest entries come after it.
  const first = await member(k, key)
  const second = await member(k, key)
  await first.write(Buffer.from('{ dropped: not JSON'), say({ text: 'mallory\'s first feed goes on' }, { clock: 1, timestamp: NOW }))
  await k.until('alice to show mallory\'s first feed (its dropped block, then a valid entry: a dropped block is skipped, and its feed\'s clock goes on from the entries before it)', () => hasText(alice.chat, 'mallory\'s first feed goes on'))
  await second.write(
    say({ text: 'after a dropped entry' }, { clock: 9, after: { key: first.author, seq: 0 }, timestamp: NOW + 1 }),
    say({ text: 'honest, later in that feed' }, { clock: 10, after: { key: second.author, seq: 0 }, timestamp: NOW + 2 }))
  await k.until('alice to show "honest, later in that feed": createChat must judge an entry whose `after` names an entry it dropped (that entry is here and will never be indexed: nothing is left to wait for), or that whole feed stalls for good',
    () => hasText(alice.chat, 'honest, later in that feed'))
  const sent = await k.step('alice.send after them', outcome(alice.chat.send('alice goes on')))
  t.is(sent, true, `createChat: what follows a dropped entry is judged, never a stalled chat (${sent === true ? 'sent' : sent.message})`)
  t.alike(badClocks(alice.chat), [], 'createChat: every message has a clock, a whole number from 0, also one that follows a dropped entry, or comes after one in its feed (a dropped entry passes no clock on: judge the entry that names it as if it named nothing it can check)')
})

/** The messages of a history whose clock is not a whole number from 0 (NaN, say, from a dropped entry's missing clock). */
function badClocks (chat: Chat): string[] {
  return chat.history().filter((m) => !(Number.isSafeInteger(m.clock) && m.clock >= 0)).map((m) => `"${m.text}" has clock ${m.clock}`)
}
