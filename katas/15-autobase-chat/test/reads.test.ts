// Kata 15 · What the app sees: the chat reads only what changed in the view.
import { linkSwarms, openViewSessions, test, watchViewReads } from '../../../src/harness/index.ts'
import { open, hostileMember, texts, NOW, KEY, firstDifference } from './helpers.test.ts'

test('the chat reads only what changed in the view: one more message after sixty reads a few entries, not the sixty', async (t, k) => {
  const alice = await open(k, 'alice')
  const raw = await hostileMember(k, alice.chat)
  await raw.write(...Array.from({ length: 60 }, (_, i) => ({ type: 'message', channel: 'default', text: `m${i}`, timestamp: NOW })))
  // Sixty nodes to apply at once: more than 3 s on a busy machine.
  await k.until('alice to show the raw member\'s sixty messages', () => alice.chat.history().length === 60, { timeout: 10000 })
  const reads = watchViewReads(k)
  await k.step('alice.send after sixty messages', alice.chat.send('one more'))
  const read = reads.entries
  t.ok(read <= 20,
    `history() and the events read only what changed: for one new message after sixty, alice's chat read ${read} entries of the view. The view is a log: reading all of it again on every update costs O(n) per update, so a chat of 10000 messages grinds. Read only what changed since the chat last read it`)
  t.alike(texts(alice.chat).slice(-2), ['m59', 'one more'], 'and history() still shows every message, the new one last')
})

test('the chat closes what it opens to read the view: thirty more messages leave no more sessions open on it', async (t, k) => {
  const alice = await open(k, 'alice')
  await k.step('alice.send("first")', alice.chat.send('first'))
  const before = openViewSessions()
  for (let i = 0; i < 30; i++) await k.step(`alice.send ${i}`, alice.chat.send(`m${i}`))
  const grown = openViewSessions() - before
  t.ok(grown <= 2, `createChat: a snapshot or checkout of the view that a read opens is closed when the read is done: after thirty more messages, ${grown} more sessions are open on the view (opened by reads and never closed: each holds its memory until close())`)
})

test('a late joiner hears each author\'s nick before that author\'s messages, even a nick written after them, and the members between the two', async (t, k) => {
  const alice = await open(k, 'alice', undefined, { nick: null, swarm: await k.swarm({ firewall: () => true }) })
  await k.step('alice.addMember(a key no chat of the test has)', alice.chat.addMember(KEY))
  for (const text of ['one', 'two', 'three']) await k.step(`alice.send("${text}")`, alice.chat.send(text))
  await k.step('alice.setNick("alice"), after her three messages', alice.chat.setNick('alice'))
  // bob opens before he can reach alice: his first read of her part of the view comes after his listeners.
  const bob = await open(k, 'bob', alice.chat.key, { swarm: await k.swarm({ firewall: () => true }) })
  const heard: string[] = []
  bob.chat.on('nick', ({ author, nick }) => { if (author === alice.chat.author) heard.push(`nick ${nick}`) })
  bob.chat.on('members', () => heard.push('members'))
  bob.chat.on('message', (m) => { if (m.author === alice.chat.author) heard.push(`message ${m.text} by ${bob.chat.nickOf(m.author) ?? 'no nick'}`) })
  await linkSwarms(k, alice.swarm, bob.swarm)
  // Heard, not only shown: a read may show what it read before it tells it.
  await k.until('bob to hear alice\'s three messages (\'message\' events)', () => heard.filter((h) => h.startsWith('message')).length === 3)
  t.is(bob.chat.nickOf(alice.chat.author), 'alice', 'bob knows alice\'s nick: it is in the view he read')
  const firstNick = heard.indexOf('nick alice')
  const firstMembers = heard.indexOf('members')
  const firstMessage = heard.findIndex((h) => h.startsWith('message'))
  t.ok(firstNick !== -1 && firstNick < firstMessage,
    `the 'nick' event comes before the messages of the same read, even a nick that comes after them in the view: tell what changed in the view in an order the app can show (nicks, members, then messages: it names each message's author as it hears it, and would show a key where the nick belongs), not in the order you read it (bob heard: ${heard.slice(0, 5).join(', ')})`)
  t.ok(heard.filter((h) => h.startsWith('message')).every((h) => h.endsWith('by alice')), `and at each of her messages, nickOf already gives her nick, although she wrote it after them (bob heard: ${heard.slice(0, 5).join(', ')})`)
  t.ok(firstMembers !== -1 && firstNick < firstMembers && firstMembers < firstMessage,
    `the 'members' event of a read comes after its 'nick' events and before its messages, as ChatEvents says: nicks, members, then messages (bob heard: ${heard.slice(0, 5).join(', ')})`)
})

test('a late joiner of a long chat shows all of it, each message told once: the view it was fast-forwarded to comes block by block as it reads', async (t, k) => {
  const LONG = 100
  const alice = await open(k, 'alice', undefined, { swarm: await k.swarm({ firewall: () => true }) })
  // One at a time, each signed on its own: a peer that joins this far behind is fast-forwarded (Autobase: 16 or more).
  for (let i = 0; i < LONG; i++) await k.step(`alice.send("m${i}"), one at a time`, alice.chat.send(`m${i}`))
  const bob = await open(k, 'bob', alice.chat.key, { swarm: await k.swarm({ firewall: () => true }) })
  const heard = new Map<string, number>()
  bob.chat.on('message', (m) => heard.set(m.text, (heard.get(m.text) ?? 0) + 1))
  const late = `Autobase fast-forwards a peer that joins far behind to the view the indexer signed, without applying what came before, and downloads that view's blocks as they are read: a read waits for a block that is only not here yet (one a truncation took away never comes)`
  k.explainStray(/BLOCK_NOT_AVAILABLE|Block is not available/, `history(): bob joined alice's chat of ${LONG} messages late, and a read of his view failed on a block not downloaded yet. ${late}`)
  await linkSwarms(k, alice.swarm, bob.swarm)
  await k.until(`bob's history() to show alice's ${LONG} messages (${late})`, () => bob.chat.history().length === LONG, { timeout: 10000 })
  const diff = firstDifference(bob.chat.history(), alice.chat.history())
  t.is(diff, '', `history(): bob, who joined late, shows alice's history message for message (${diff})`)
  await k.until(`bob to hear each of the ${LONG} messages ('message', once each, after the read that placed it)`, () => heard.size === LONG)
  const twice = [...heard].filter(([, n]) => n > 1).map(([text]) => text)
  t.alike(twice, [], '\'message\' tells each message once, however the late joiner read the view')
})
