// Kata 12 · Cabal's wire format: a real cabal-core peer and the chat read each other's messages, nicks and
// peers; Cabal keeps every message the chat writes, and a Cabal message lands after what its writer read.
import { cabalPeer, test } from '../../../src/harness/index.ts'
import { hasText, ids, join, newKey, texts } from './helpers.test.ts'

test('createChat speaks Cabal: a real cabal-core peer and the chat exchange messages and nicks both ways, and list each other as peers', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const carol = await cabalPeer(k, key)

  await carol.publishNick('carol')
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

  await k.until('cabal-core to emit peer-added for alice: createChat sends its feed key in Cabal\'s \'peer-id\' extension',
    () => carol.added.has(alice.chat.author))
  await k.until('the chat to list the cabal peer with its feed key (peerInfo(), from the \'peer-id\' extension)',
    () => alice.chat.peerInfo().some((p) => p.author === carol.localKey))
  t.ok(alice.chat.peerInfo().every((p) => alice.chat.peers().includes(p.key)), 'peerInfo() lists the same connections as peers(), by swarm key')
})

test('send: Cabal keeps every message of a burst and of 200 pasted lines, and a Cabal reply stays after what it read, live and after a restart', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const carol = await cabalPeer(k, key)
  // alice's last entry is written while her wall clock is a second ahead (a clock that was then set back):
  // her next ones cannot be both later than it and not ahead of the wall clock, unless she waits that second out.
  const realNow = Date.now
  Date.now = () => realNow() + 1000
  try {
    await k.step('alice.send while her wall clock is a second ahead', alice.chat.send('a second ahead'))
  } finally { Date.now = realNow }
  for (const count of [20, 200]) {
    const lines = Array.from({ length: count }, (_, i) => `${count === 20 ? 'burst' : 'pasted'} line ${i + 1}`)
    // All at once, as a paste into the app sends them: written within the same millisecond or two.
    const sent = await k.step(`alice.send × ${count}, all at once`,
      Promise.all(lines.map((line) => alice.chat.send(line))), count === 20 ? 3000 : 10000)
    const now = Date.now()
    const stamps = sent.map((m) => m.timestamp)
    t.ok(stamps.every((ts, i) => i === 0 || ts > stamps[i - 1]),
      'timestamps written by one chat are strictly increasing, even within one millisecond: cabal-core keeps one message per timestamp')
    // Cabal reads a timestamp's whole milliseconds: a fraction within the current one is not ahead.
    const ahead = stamps.filter((ts) => Math.floor(ts) > now)
    t.is(ahead.length, 0,
      `send stamps no entry ahead of the wall clock when its previous entry is only a moment ahead: cabal-core re-stamps an entry from its future with the moment it reads it, and files a channel's messages by timestamp, so that one can take another's place${ahead.length ? ` (${ahead.length} of the ${count} lines were stamped up to ${Math.max(...ahead) - now} ms ahead of it)` : ''}`)
    // (cabal-core indexes 200 lines into leveldb one batch at a time: on a busy machine that takes seconds.)
    await k.until(`cabal-core's messages.read to keep all ${count} lines (one message per timestamp, and none re-stamped: send never stamps ahead of the wall clock)`,
      async () => { const kept = await carol.texts(); return lines.every((line) => kept.includes(line)) }, { timeout: count === 20 ? 3000 : 10000 })
  }

  await carol.publish('a reply from cabal')
  await k.until('the chat to receive the cabal reply', () => hasText(alice.chat, 'a reply from cabal'))
  t.is(texts(alice.chat).at(-1), 'a reply from cabal',
    'a message written after reading another sorts after it: the Cabal reply (no clock) comes after the 220 lines it read, by its timestamp')
  await k.step('alice.send (an answer to cabal)', alice.chat.send('an answer'))
  t.is(texts(alice.chat).at(-1), 'an answer', 'and alice\'s answer comes after the Cabal reply')
  const live = ids(alice.chat)
  await k.step('alice.close()', alice.chat.close())
  const again = await join(k, 'alice again', key, { storage: alice.storage })
  t.alike(ids(again.chat), live, 'after a restart alice shows the history she showed live, the Cabal reply in the same place')
  // bob has written nothing yet (not even a nick): no entry of his own feed lifts his answer; only what it follows does.
  const bob = await join(k, 'bob', key, { nick: null })
  await carol.publish('another reply from cabal')
  await k.until('bob to receive the history and the second cabal reply', () => hasText(bob.chat, 'an answer') && hasText(bob.chat, 'another reply from cabal'), { timeout: 10000 })
  await k.step('bob.send (his first message: an answer to the second cabal reply)', bob.chat.send('bob answers'))
  t.is(texts(bob.chat).at(-1), 'bob answers',
    `bob's first message, an answer to the last Cabal reply he read, comes after it: send follows the entry with the highest clock a reader can check (one with a clock of its own), never a clockless one, whose clock no reader can check (bob's answer is at ${texts(bob.chat).indexOf('bob answers')} of ${texts(bob.chat).length})`)
})
