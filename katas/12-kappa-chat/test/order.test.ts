// Kata 12 · one order for everyone: every peer with the same entries shows the same history, live, to a late
// joiner, and after a restart, whatever order the entries arrived in.
import { test } from '../../../src/harness/index.ts'
import type { ChatMessage } from '../chat.ts'
import { clocked, hasText, ids, join, member, newKey, say, sorted, texts, type Peer } from './helpers.test.ts'

test('history() is the same on every peer: three peers exchange messages and all show them in the same order', async (t, k) => {
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
    'bob got alice\'s message live: createChat\'s view emits a "message" event with her author key and the default channel')
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
  await k.until('every peer to have all 5 messages in #default and 1 in #random: createChat\'s view keeps every valid message, those sent at the same moment too ("one", "two" and "three" may share a timestamp: a history keyed by timestamp keeps one of them), and feeds arrive in any order (an entry whose `after` is not indexed yet waits for it, it is never dropped)',
    () => all.every((p) => p.chat.history().length === 5 && p.chat.history('random').length === 1))
  for (const p of all) t.alike(ids(p.chat), sorted(p.chat), 'history() is in compareMessages order, not the order the messages arrived in (createChat\'s view keeps each channel sorted)')
  // Feeds come in whatever order the connections give them: an entry can arrive before the one its `after` names.
  const same = (who: string, peer: Peer): string =>
    `createChat gives every entry the same clock on every peer, whatever order the feeds arrive in: an entry whose \`after\` is not indexed yet waits for it (with the rest of its feed), or its clock depends on what came first. ${who}'s history must be alice's, message for message (${who}: ${clocked(peer.chat).join(', ')}; alice: ${clocked(alice.chat).join(', ')})`
  t.alike(ids(bob.chat), ids(alice.chat), same('bob', bob))
  t.alike(ids(carol.chat), ids(alice.chat), same('carol', carol))
  const order = texts(alice.chat)
  t.ok(order.indexOf('hi all') < order.indexOf('hi alice'), 'a reply comes after the message it saw (logical clocks)')
  t.alike(texts(alice.chat, 'random'), ['elsewhere'], 'channels are separate histories')
  t.alike(alice.chat.channels().sort(), ['default', 'random'], 'channels() lists every channel that has messages')
  const swarmKey = (p: Peer): string => p.swarm.keyPair.publicKey.toString('hex')
  await k.until('alice to list bob and carol as peers',
    () => alice.chat.peers().includes(swarmKey(bob)) && alice.chat.peers().includes(swarmKey(carol)))
  t.pass('peers() lists the swarm keys of the peers alice is connected to')
})

test('createChat: a late joiner gets the whole history, in the same order', async (t, k) => {
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

test('createChat: a peer that restarts from its storage keeps everything, its nick included, and writes no nick it already has', async (t, k) => {
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
  const backAgain = await k.step('alice.send after the restart', again.chat.send('back again'))
  await k.until('bob to see "back again"', () => hasText(bob.chat, 'back again'))
  t.alike(ids(bob.chat), ids(again.chat), 'and both agree on the history')
  await k.until('bob to still know alice as alice', () => bob.chat.nickOf(author) === 'alice')

  const fresh = await join(k, 'a new peer', key, { nick: null, defaultNick: 'login-name' })
  t.is(fresh.chat.nickOf(fresh.chat.author), 'login-name', 'a new chat without a nick of its own takes the default nick')

  // As the app restarts with --nick alice: the nick the chat already has.
  await k.step('alice.close() again', again.chat.close())
  const third = await join(k, 'alice a third time', key, { storage: alice.storage, nick: 'alice' })
  const next = await k.step('alice.send after starting with the nick she already has', third.chat.send('same nick'))
  t.is(next?.seq, backAgain.seq + 1,
    `createChat with the nick the chat already has writes no about entry (the same nick again is no change): alice's next message must be the next entry of her feed, ${backAgain.seq + 1}, and it is ${next?.seq}`)
})

test('history(): same entries, same history, whatever order they arrived in, live and after a restart', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const bob = await join(k, 'bob', key)
  await k.step('alice.send', alice.chat.send('alice first'))
  await k.step('bob.send', bob.chat.send('bob first'))
  await k.until('alice and bob to see both', () => alice.chat.history().length === 2 && bob.chat.history().length === 2)
  // Entries that arrive last but belong early: clockless ones with old timestamps, one with a small clock.
  const carol = await member(k, key)
  await carol.write(say({ text: 'written long ago' }, { timestamp: 1000 }), say({ text: 'a bit later' }, { timestamp: 2000 }), say({ text: 'clock 1' }, { clock: 1, timestamp: 3000 }))
  await k.until('alice and bob to index carol\'s 3 messages', () => alice.chat.history().length === 5 && bob.chat.history().length === 5)
  t.alike(ids(alice.chat), sorted(alice.chat), 'history() is in compareMessages order, not the order the messages arrived in: alice\'s whole history is')
  t.alike(texts(alice.chat).slice(0, 3), ['written long ago', 'a bit later', 'clock 1'],
    `createChat's view gives carol's entries the clocks that sort them first, whenever they arrive: the two without a clock (Cabal's) were written long before alice's and bob's messages, and an entry without a clock gets its clock from the entries with an earlier timestamp, not from the entries indexed before it (clocks: ${alice.chat.history().map((m) => `${m.text} ${m.clock}`).join(', ')})`)
  t.alike(ids(bob.chat), ids(alice.chat), 'bob, with the same entries, shows the same history')
  const highest = Math.max(...alice.chat.history().map((m) => m.clock))
  const answer = await k.step('alice.send after carol\'s messages', alice.chat.send('after carol'))
  t.is(answer?.clock, highest + 1,
    `send: a new message sorts after every entry seen, the highest clock too (${highest}), even though the last clock alice indexed (carol's "clock 1") is lower`)
  await k.until('bob to see "after carol"', () => hasText(bob.chat, 'after carol'))
  const live = ids(alice.chat)
  const lastSeq = Math.max(...alice.chat.history().filter((m) => m.author === alice.chat.author).map((m) => m.seq))
  await k.step('alice.close()', alice.chat.close())
  const again = await join(k, 'alice again', key, { storage: alice.storage, nick: 'alice' })
  t.alike(ids(again.chat), live, 'after a restart alice shows the history she showed live')
  const back = await k.step('alice.send after the restart', again.chat.send('back'))
  t.is(back?.seq, lastSeq + 1, 'createChat with the nick the chat already has writes no about entry: alice\'s next message is the next entry of her feed')
})
