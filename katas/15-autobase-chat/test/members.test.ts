// Kata 15 · apply: membership goes through the log.
import { isDeepStrictEqual } from 'node:util'
import crypto from 'hypercore-crypto'
import { linkSwarms, onHeldAutobaseUpdates, rawAutobaseWriter, settled, test, told, watchHostCalls } from '../../../src/harness/index.ts'
import { LIMITS } from '../chat.ts'
import { open, aliceAndBob, aliceAndBobApart, hostileMember, texts, hasText, unawaited, NOW, KEY, firstDifference } from './helpers.test.ts'

test('apply lets only the creator remove, never itself; a removed member can no longer write', async (t, k) => {
  const calls = watchHostCalls(k)
  const alice = await open(k, 'alice')
  const bob = await open(k, 'bob', alice.chat.key)
  await k.step('alice adds bob', alice.chat.addMember(bob.chat.writerKey))
  const raw = await hostileMember(k, alice.chat)
  await k.until('bob to be writable', () => bob.chat.writable)
  const everyone = [alice.chat.key, bob.chat.writerKey, raw.writerKey].sort()
  await raw.write(
    { type: 'remove', key: bob.chat.writerKey },
    { type: 'remove', key: alice.chat.writerKey },
    { type: 'message', channel: 'default', text: 'did it work?', timestamp: NOW }
  )
  await k.until('alice and bob to see the raw member\'s message after its removes', () => hasText(alice.chat, 'did it work?') && hasText(bob.chat, 'did it work?'))
  t.alike(alice.chat.members(), everyone, 'a remove from a member who is not the creator is ignored by apply: bob and alice are still members')
  t.alike(bob.chat.members(), everyone, 'on every peer')
  await raw.write(
    { type: 'remove', key: bob.chat.writerKey, by: alice.chat.writerKey },
    { type: 'remove', key: bob.chat.writerKey, author: alice.chat.writerKey },
    { type: 'message', channel: 'default', text: 'and now?', timestamp: NOW }
  )
  await k.until('alice and bob to see the raw member\'s message after its forged removes', () => hasText(alice.chat, 'and now?') && hasText(bob.chat, 'and now?'))
  t.alike(alice.chat.members(), everyone, 'apply: a remove that says it is "by" (or has an "author") the creator is by whoever wrote it: a field inside an entry names no one, the writer core the node came from does')
  t.alike(bob.chat.members(), everyone, 'on every peer')
  t.ok(bob.chat.writable, 'bob can still write')
  const byBob = await k.step('bob.removeMember (must reject: bob is not the creator)', settled(bob.chat.removeMember(raw.writerKey)))
  t.ok(byBob instanceof Error && /creator/.test(byBob.message), `removeMember by a member who is not the creator rejects, saying only the creator may (${told(byBob)})`)
  const self = await k.step('alice.removeMember(herself) (must reject)', settled(alice.chat.removeMember(alice.chat.writerKey)))
  t.ok(self instanceof Error && /creator/.test(self.message), `the creator cannot remove itself (${told(self)})`)
  await k.step('bob.send before his removal', bob.chat.send('before'))
  await k.until('alice to see bob\'s message', () => hasText(alice.chat, 'before'))
  const bobSaw: string[][] = []
  bob.chat.on('members', (m) => bobSaw.push(m))
  await k.step('alice.removeMember(bob)', alice.chat.removeMember(bob.chat.writerKey))
  t.alike(alice.chat.members(), [alice.chat.key, raw.writerKey].sort(), 'removeMember resolves once members() no longer shows bob')
  await k.until('bob to learn he was removed: bob.writable false (apply removes him from the base, not only from the view)', () => !bob.chat.writable)
  const waited = unawaited(calls)
  t.alike(waited.calls, [], waited.message)
  await k.until('a \'members\' event at bob without him', () => bobSaw.some((m) => !m.includes(bob.chat.writerKey)))
  const late = await k.step('bob.send after his removal (must reject)', settled(bob.chat.send('after')))
  t.ok(late instanceof Error && /member/i.test(late.message), `a removed member's send rejects: no longer a member (${told(late)})`)
  t.ok(hasText(alice.chat, 'before'), 'what bob wrote while a member stays in the history')
  await raw.write({ type: 'add', key: bob.chat.writerKey }, { type: 'message', channel: 'default', text: 'bob is back?', timestamp: NOW })
  await k.until('alice to see the raw member\'s message after its add', () => hasText(alice.chat, 'bob is back?'))
  t.absent(alice.chat.members().includes(bob.chat.writerKey), 'apply: a member who is not the creator cannot add back someone the creator removed')
  const back = await k.step('alice.addMember(bob) again (the creator adds back whom it removed)', settled(alice.chat.addMember(bob.chat.writerKey)))
  t.is(back, true, `apply lets the creator add back a member it removed: only the creator can (${told(back)})`)
  await k.until('bob to be writable again once the creator added him back (only the creator can add back a removed member)', () => bob.chat.writable)
  await k.step('bob.send once back', bob.chat.send('back again'))
  await k.until('alice to see bob\'s message once he is back', () => hasText(alice.chat, 'back again'))
})

test('apply ignores an add of someone already a member, the creator above all: nothing reaches Autobase, and the chat goes on on every peer', async (t, k) => {
  const { alice, bob } = await aliceAndBob(k)
  const calls = watchHostCalls(k)
  const raw = await hostileMember(k, alice.chat)
  await k.until('bob to see the raw member as a member', () => bob.chat.members().includes(raw.writerKey))
  const everyone = [alice.chat.key, bob.chat.writerKey, raw.writerKey].sort()
  const from = calls.length
  const membersEvents: string[][] = []
  alice.chat.on('members', (m) => membersEvents.push(m))
  await raw.write({ type: 'add', key: alice.chat.writerKey }, { type: 'add', key: bob.chat.writerKey }, { type: 'message', channel: 'default', text: 'still a chat?', timestamp: NOW })
  const lesson = 'apply must ignore an add of someone already a member (the creator above all): adding the creator again, as a non-indexer, would leave the base without an indexer and close it on every peer'
  // Autobase's first symptom is hypercore's own error, thrown in its own code: say what it means.
  k.explainStray(/Invalid checkout|Autobase is closing/, lesson)
  await k.until(`alice and bob to see the raw member's message after it added the creator and bob again (${lesson})`,
    () => hasText(alice.chat, 'still a chat?') && hasText(bob.chat, 'still a chat?'))
  const byAlice = await k.step('alice.send after the adds', settled(alice.chat.send('alice here')))
  t.is(byAlice, true, `the creator still writes (${lesson}) (${told(byAlice)})`)
  const byBob = await k.step('bob.send after the adds', settled(bob.chat.send('bob here')))
  t.is(byBob, true, `bob still writes (${lesson}) (${told(byBob)})`)
  await k.until(`alice and bob to see each other's messages after the adds (${lesson})`,
    () => hasText(alice.chat, 'bob here') && hasText(bob.chat, 'alice here'))
  t.alike(alice.chat.members(), everyone, 'the members are unchanged')
  t.alike(bob.chat.members(), everyone, 'on every peer')
  await k.step('alice.addMember(bob) although he already is a member (resolves: members() shows him)', alice.chat.addMember(bob.chat.writerKey))
  const again = calls.slice(from).filter((c) => c.method === 'addWriter' && c.peer === alice.chat.writerKey).map((c) => c.key === bob.chat.writerKey ? 'bob' : c.key)
  t.alike(again, [], 'apply must ignore an add of someone already a member: on alice\'s peer, an add of bob (already a member) reached host.addWriter again. An add is for someone who is not a member yet: the view says who is, before anything reaches Autobase')
  t.alike(membersEvents, [], 'and alice heard no \'members\' event: adds of members change no one\'s membership')
})

test('apply ignores a remove of the creator and of someone who is not a member, even from the creator: the chat goes on', async (t, k) => {
  // The creator here is a raw writer: it writes what the chat's own removeMember refuses to write.
  const adds = (v: unknown): string | null => (v as { type?: unknown })?.type === 'add' ? (v as { key?: unknown }).key as string : null
  const creator = await rawAutobaseWriter(k, null, { adds })
  const bob = await open(k, 'bob', creator.key)
  await creator.write({ type: 'add', key: bob.chat.writerKey })
  await k.until('bob to be a member once the (raw) creator added him', () => bob.chat.writable)
  await creator.write(
    { type: 'remove', key: creator.writerKey },
    { type: 'remove', key: KEY },
    { type: 'message', channel: 'default', text: 'after the removes', timestamp: NOW }
  )
  const lesson = 'apply must ignore a remove of the creator, even one the creator wrote itself, and a remove of someone who is not a member: passed on to Autobase, it throws ("Not allowed to remove the last indexer"), apply throws, and the base stops on every peer'
  k.explainStray(/Not allowed to remove the last indexer/, lesson)
  await k.until(`bob to show the creator's message written after its removes (${lesson})`, () => hasText(bob.chat, 'after the removes'))
  t.alike(bob.chat.members(), [creator.key, bob.chat.writerKey].sort(), 'apply: the creator is still a member, and the remove of a stranger changed no one')
  const sent = await k.step('bob.send after the removes', settled(bob.chat.send('still here')))
  t.is(sent, true, `apply: after those removes the chat goes on, bob still writes (${told(sent)})`)
  // Written by the creator itself, not through removeMember (which may refuse a stranger before apply sees it).
  const added = await k.step('bob.addMember(the stranger the creator removed) (a member adds someone who never was one)', settled(bob.chat.addMember(KEY)))
  t.is(added, true, `apply ignores a remove of someone who is not a member: it changes nothing, and does not mark them removed (which would bar a member from adding them later) (${told(added)})`)
})

test('apply holds at most LIMITS.members members: a member\'s adds beyond are ignored, addMember says the chat is full, and a remove frees a place', async (t, k) => {
  const alice = await open(k, 'alice')
  // A raw member whose own apply follows only the add of itself: the junk below is alice's to apply, not its own.
  let itself = ''
  const raw = await rawAutobaseWriter(k, alice.chat.key, { adds: (v) => (v as { type?: unknown, key?: unknown })?.type === 'add' && (v as { key?: unknown }).key === itself ? itself : null })
  itself = raw.writerKey
  await k.step('alice adding the raw member (addMember)', alice.chat.addMember(raw.writerKey))
  await k.until('the raw member to be writable', () => raw.writable())
  // Another peer of the same chat in this process: it applies the same adds, with a count of its own.
  const bob = await open(k, 'bob', alice.chat.key, { nick: null })
  // Keys that are valid hex and no one's core: junk a hostile member can write by the thousand.
  const junk = Array.from({ length: LIMITS.members }, () => ({ type: 'add', key: crypto.randomBytes(32).toString('hex') }))
  await raw.write(...junk, { type: 'message', channel: 'default', text: 'after the adds', timestamp: NOW })
  // Hundreds of writers to add, on two peers: more than 3 s on a busy machine.
  await k.until('alice and bob to show the raw member\'s message written after its adds', () => hasText(alice.chat, 'after the adds') && hasText(bob.chat, 'after the adds'), { timeout: 40000 })
  const listed = alice.chat.members().length
  t.is(listed, LIMITS.members, listed > LIMITS.members
    ? `apply holds at most LIMITS.members (${LIMITS.members}) members, the creator included: every add beyond is ignored (it listed ${listed}). Each member is a writer Autobase keeps in memory, so a member adding junk keys by the thousand must not grow the chat without end`
    : `apply takes adds until the chat holds LIMITS.members (${LIMITS.members}) members, the creator included: alice's chat stopped at ${listed}, with bob's chat of the same key open in the same process. What apply counts belongs to each chat's view, never to the module (shared by every chat, and every peer, in the process)`)
  t.alike(bob.chat.members(), alice.chat.members(), 'bob, another peer of the same chat in this process, holds the same members as alice: what apply counts belongs to each chat\'s view, never to the module (shared by every chat, and every peer, in the process)')
  const full = await k.step('alice.addMember when the chat is full (must reject)', settled(alice.chat.addMember(KEY)))
  t.ok(full instanceof Error && /full/.test(full.message), `addMember rejects at once when the chat already holds LIMITS.members, saying it is full (${told(full)})`)
  const member = alice.chat.members().find((key) => key !== alice.chat.key && key !== raw.writerKey)!
  await k.step('alice.removeMember(one of the members) in the full chat', alice.chat.removeMember(member))
  const added = await k.step('alice.addMember once a member was removed (must resolve: a place is free)', settled(alice.chat.addMember(KEY)))
  t.is(added, true, `apply: a remove frees the member's place, so the full chat takes one more member again (${told(added)}): apply's count of members goes down by one with each remove`)
  await raw.write({ type: 'add', key: crypto.randomBytes(32).toString('hex') }, { type: 'message', channel: 'default', text: 'after the remove', timestamp: NOW })
  await k.until('alice to show the raw member\'s message written after one more add', () => hasText(alice.chat, 'after the remove'))
  t.is(alice.chat.members().length, LIMITS.members,
    `apply: a remove frees exactly one place: after a remove and an add the chat is full again, and a member's add beyond is ignored (it listed ${alice.chat.members().length})`)
  const another = alice.chat.members().find((key) => key !== alice.chat.key && key !== raw.writerKey && key !== KEY)!
  await k.step('alice.removeMember(another member): one place free', alice.chat.removeMember(another))
  const two = [crypto.randomBytes(32).toString('hex'), crypto.randomBytes(32).toString('hex')]
  // Both pass addMember's check (one place free) before apply comes to either.
  const adds = await k.step('alice.addMember of two keys at once, with one place free', Promise.all(two.map((key) => settled(alice.chat.addMember(key)))))
  t.is(alice.chat.members().length, LIMITS.members,
    `apply holds at most LIMITS.members members whoever adds them, the creator too: two adds of alice's for one free place both reached the log (each passed addMember's check before apply came to the other), and alice's chat listed ${alice.chat.members().length}`)
  t.is(adds.filter((added) => added === true).length, 1, `one of the two adds resolves, the other rejects: the chat was full when apply came to it (${adds.map(told).join('; ')})`)
})

test('membership and history survive a restart, and apply keeps nothing outside the view', async (t, k) => {
  const { alice, bob } = await aliceAndBob(k)
  const raw = await hostileMember(k, alice.chat)
  const carol = await open(k, 'carol', alice.chat.key)
  await k.step('alice adds carol', alice.chat.addMember(carol.chat.writerKey))
  await k.step('alice removes carol', alice.chat.removeMember(carol.chat.writerKey))
  await k.step('bob.send', bob.chat.send('one'))
  await k.until('alice to see bob\'s message', () => hasText(alice.chat, 'one'))
  const before = alice.chat.history()
  await k.step('alice.close()', alice.chat.close())
  const again = await open(k, 'alice again', alice.chat.key, { storage: alice.storage, nick: null, defaultNick: 'not alice', swarm: alice.swarm })
  const diff = firstDifference(again.chat.history(), before)
  t.is(diff, '', `history(): after a restart, the history is back before createChat resolves, read from the view apply wrote (${diff})`)
  t.alike(again.chat.members(), [again.chat.key, bob.chat.writerKey, raw.writerKey].sort(), 'and the members')
  t.is(again.chat.nickOf(again.chat.author), 'alice', 'and the nicks: createChat keeps a stored nick, a stored nick wins over defaultNick (the nick for a chat that has none of ours yet)')
  t.ok(again.chat.writable, 'the creator can still write')
  await k.step('bob.send after alice\'s restart', bob.chat.send('two'))
  await k.until('the restarted alice to see bob\'s new message (a member stays a member across restarts: apply keeps its state in the view, never in memory)', () => hasText(again.chat, 'two'))
  t.alike(texts(again.chat), ['one', 'two'], 'the restarted alice shows bob\'s messages one after the other: apply keeps its state in the view, never in memory (which a restart or a reorder loses)')
  await raw.write({ type: 'add', key: carol.chat.writerKey }, { type: 'message', channel: 'default', text: 'carol is back?', timestamp: NOW })
  await k.until('the restarted alice to see the raw member\'s message after its add of carol', () => hasText(again.chat, 'carol is back?'))
  t.absent(again.chat.members().includes(carol.chat.writerKey),
    'after the creator\'s restart too, a member cannot add back someone the creator removed: apply keeps its state in the view, never in memory (which a restart or a reorder loses)')
  await k.step('alice.removeMember(bob) after the restart', again.chat.removeMember(bob.chat.writerKey))
  await k.until('bob to be removed after alice\'s restart', () => !bob.chat.writable)
  t.pass('the creator still removes after a restart')
  const last = await k.step('alice.send', again.chat.send('before the second restart'))
  await k.step('alice.close() again', again.chat.close())
  const third = await open(k, 'alice, a third time, with her own nick', alice.chat.key, { storage: alice.storage, nick: 'alice', swarm: alice.swarm })
  const next = await k.step('alice.send after it', third.chat.send('after the second restart'))
  t.is(next?.seq, last.seq + 1, 'createChat with the nick the chat already has writes no nick entry: alice\'s next message is the next node of her core')
  // Another chat in the same process: carol was removed from alice's chat, not from dave's.
  const dave = await open(k, 'dave', undefined, { nick: null, defaultNick: 'dave' })
  t.is(dave.chat.nickOf(dave.chat.author), 'dave', 'createChat publishes defaultNick for a new chat: it has no nick of ours yet')
  const daves = await hostileMember(k, dave.chat)
  await daves.write({ type: 'add', key: carol.chat.writerKey })
  await k.until('dave\'s chat to list the key the raw member added, a key removed from another chat (apply keeps its state in the view, never in memory: a set kept in memory is shared by every chat in the process)',
    () => dave.chat.members().includes(carol.chat.writerKey))
})

test('\'members\' tells every change of members(), a remove and an add read at once included', async (t, k) => {
  const { alice, bob } = await aliceAndBobApart(k)
  const eve = await open(k, 'eve', alice.chat.key, { swarm: await k.swarm({ firewall: () => true }), nick: null })
  let link = await linkSwarms(k, alice.swarm, eve.swarm)
  await k.until('eve (read-only) to see bob as a member', () => eve.chat.members().includes(bob.chat.writerKey))
  const heard: string[][] = []
  eve.chat.on('members', (members) => heard.push(members))
  link.cut()
  await k.until('eve to lose alice (peers() empty)', () => eve.chat.peers().length === 0)
  await k.step('alice.removeMember(bob) while eve is away', alice.chat.removeMember(bob.chat.writerKey))
  await k.step('alice.addMember(a key no chat of the test has) while eve is away', alice.chat.addMember(KEY))
  const calls = watchHostCalls(k)
  // eve's base applies both while no 'update' is told: her chat then reads the two changes in one read.
  await onHeldAutobaseUpdates(async () => {
    link = await linkSwarms(k, alice.swarm, eve.swarm)
    await k.until('eve\'s base to apply alice\'s remove and add', () => calls.some((c) => c.peer === eve.chat.writerKey && c.method === 'addWriter' && c.key === KEY))
    await new Promise((resolve) => setTimeout(resolve, 300)) // and to write its view
  }, 8000)
  await k.until('eve\'s members() to be alice\'s once they meet again', () => isDeepStrictEqual(eve.chat.members(), alice.chat.members()))
  t.alike(heard.at(-1), eve.chat.members(),
    `'members' tells every change of members(), with the new list: one read took bob out and put another member in, so the count stayed the same but the members changed (eve heard ${heard.length} 'members' event(s) since she saw bob)`)
})
