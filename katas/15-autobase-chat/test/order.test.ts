// Kata 15 · apply: one order, the same view on every peer, through every reorder.
import { isDeepStrictEqual } from 'node:util'
import { holdViewReads, settled, test, told, watchHostCalls, watchViewReads } from '../../../src/harness/index.ts'
import { type Chat, type ChatMessage } from '../chat.ts'
import { open, aliceAndBob, aliceAndBobApart, hostileMember, texts, hasText, brief, unawaited, KEY, NOW, firstDifference } from './helpers.test.ts'

test('apply keeps every message where the log puts it, whatever its timestamp: a writer\'s clock may be behind or ahead', async (t, k) => {
  const alice = await open(k, 'alice')
  const raw = await hostileMember(k, alice.chat)
  await k.step('alice.send("now")', alice.chat.send('now'))
  const ahead = Date.now() + 3600_000
  await raw.write(
    { type: 'message', channel: 'default', text: 'an hour ahead', timestamp: ahead },
    { type: 'message', channel: 'default', text: 'years behind', timestamp: NOW },
    { type: 'message', channel: 'default', text: 'last', timestamp: ahead }
  )
  await k.until('alice to show the raw member\'s last message', () => hasText(alice.chat, 'last'))
  const shown = texts(alice.chat)
  t.alike(shown, ['now', 'an hour ahead', 'years behind', 'last'],
    `apply keeps every valid message where the log puts it, whatever its timestamp: the raw member wrote "years behind" (a timestamp years before alice's "now") after "an hour ahead". A timestamp is what its writer's clock said, and a clock may be behind or ahead: it is shown with the message, never a reason to drop a message or move it (alice's history() shows ${brief(shown)})`)
})

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
  // history() may show the read before its events are told: wait for them.
  await k.until('bob to hear alice\'s "a1" and "a2" (a \'message\' event for each new message his chat shows)', () => heard.includes('a1') && heard.includes('a2'))
  t.alike(heard.sort(), ['a1', 'a2'], `bob heard a 'message' event once for each new message (alice's two): a reorder moves his own messages, it does not make them new (he heard ${brief(heard)})`)
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
  const calls = watchHostCalls(k)
  await k.step('alice.removeMember(bob) while apart', alice.chat.removeMember(bob.chat.writerKey))
  const nicks: string[] = []
  bob.chat.on('nick', (n) => nicks.push(`${n.author === bob.chat.author ? 'bob' : 'alice'} is "${n.nick}"`))
  await meet()
  await k.until('bob to learn he was removed once they meet again (bob.writable false: apply removes him from the base, not only from the view)', () => !bob.chat.writable)
  const late = unawaited(calls)
  t.alike(late.calls, [], late.message)
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
  // Either is right: apply would skip it (task 6: refuse at once, saying so), or members() already does not show dave.
  const gone = await k.step('alice removes dave, who was never a member', settled(alice.chat.removeMember(KEY)))
  t.ok(gone === true || /member/.test(gone.message), `removeMember of someone who is not a member resolves (members() does not show them), or refuses at once saying they are not a member (${told(gone)})`)
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
