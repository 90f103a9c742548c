// Kata 12 · clocks every peer can check: a clock is believed only as far as the entries show, so that
// whatever order the entries arrive in, every peer gives each the same clock, and no member can exhaust them.
import { rawMember, test, type RawMember } from '../../../src/harness/index.ts'
import { LIMITS } from '../chat.ts'
import { NOW, announced, clocked, hasText, ids, join, member, newKey, nick, outcome, readFeeds, say, texts, topicOf } from './helpers.test.ts'

test('createChat believes a clock only as far as the entries show: two peers that got the same entries in different orders agree', async (t, k) => {
  const key = newKey()
  // Two members' feeds, written before anyone reads them: ann's entries follow one another; bea's one entry
  // claims a clock far ahead, and names no entry it follows.
  const ann = await rawMember(k, key)
  const anns = (seq: number): object => ({ key: ann.author, seq })
  await ann.write(nick('ann', { clock: 1 }), say({ text: 'ann: one' }, { clock: 2, after: anns(0), timestamp: NOW + 1 }),
    say({ text: 'ann: two' }, { clock: 3, after: anns(1), timestamp: NOW + 2 }))
  const bea = await rawMember(k, key)
  await bea.write(say({ text: 'bea: far ahead' }, { clock: 1000, timestamp: NOW + 3 }))
  const annFirst = await readFeeds(k, 'alice', key, [ann, 'ann: two'], [bea, 'bea: far ahead'])
  const beaFirst = await readFeeds(k, 'bob', key, [bea, 'bea: far ahead'], [ann, 'ann: two'])
  t.alike(beaFirst, annFirst,
    `createChat believes a clock only as far as the entries show (the entry its \`after\` names, its feed's previous entry), never by what this reader happens to have indexed: alice got ann's feed first and bob bea's, and they must show the same entries with the same clocks (alice: ${annFirst.join(', ')}; bob: ${beaFirst.join(', ')})`)
})

test('createChat: an about entry counts for a clockless entry stamped after it whichever comes first, so two peers agree', async (t, k) => {
  const key = newKey()
  // dan's feed: a nick with a clock, then a Cabal message stamped before it (placed at the nick's time, as its
  // feed was written in order); erin's one Cabal message is stamped after the nick.
  const dan = await rawMember(k, key)
  await dan.write(nick('dan', { clock: 1 }), say({ text: 'dan: placed at his nick' }, { timestamp: NOW - 10 }))
  const erin = await rawMember(k, key)
  await erin.write(say({ text: 'erin: after his nick' }, { timestamp: NOW + 1 }))
  const danFirst = await readFeeds(k, 'alice', key, [dan, 'dan: placed at his nick'], [erin, 'erin: after his nick'])
  const erinFirst = await readFeeds(k, 'bob', key, [erin, 'erin: after his nick'], [dan, 'dan: placed at his nick'])
  t.alike(danFirst, erinFirst,
    `createChat places an entry without a clock after every entry stamped earlier, about entries too, whether that entry was indexed before it or arrives after it: alice got dan's nick first and bob last (alice: ${danFirst.join(', ')}; bob: ${erinFirst.join(', ')})`)
})

test('createChat judges a clock that follows a clockless entry stamped after it: no wait, no loop, the same clocks on every peer', async (t, k) => {
  const key = newKey()
  // cab writes as Cabal does (no clock); its entry is stamped after ann's first, which names it as the entry it
  // follows: the clockless entry sorts after what its timestamp comes after, and ann's entry after what it follows.
  const cab = await rawMember(k, key)
  await cab.write(say({ text: 'cab: stamped later' }, { timestamp: NOW + 10 }))
  const ann = await rawMember(k, key)
  await ann.write(say({ text: 'ann: follows cab' }, { clock: 5, after: { key: cab.author, seq: 0 }, timestamp: NOW }),
    say({ text: 'ann: goes on' }, { clock: 6, after: { key: ann.author, seq: 0 }, timestamp: NOW + 1 }))
  const cabFirst = await readFeeds(k, 'alice', key, [cab, 'cab: stamped later'], [ann, 'ann: goes on'])
  const annFirst = await readFeeds(k, 'bob', key, [ann], [cab, 'ann: goes on'])
  t.is(cabFirst.length, 3, `createChat shows all three entries, however a clocked entry and a later-stamped clockless one it follows refer to each other (alice: ${cabFirst.join(', ')})`)
  t.alike(annFirst, cabFirst,
    `createChat gives a clocked entry that follows a clockless one stamped after it the same clock on every peer, whatever order their feeds came in: one whose \`after\` has not arrived waits for it, it is not dropped (alice got cab's feed first: ${cabFirst.join(', ')}; bob got ann's: ${annFirst.join(', ')})`)
})

test('createChat: a clock that follows a clockless entry stamped after it cannot loop: the clocks stay bounded and the same on every peer, whatever order the feeds come in', async (t, k) => {
  const key = newKey()
  // A hostile feed: a clockless entry, then one stamped a second before it that follows it and claims the
  // largest clock there is. The first sorts after what its timestamp comes after, the second after what it
  // follows: believed naively, each pushes the other up, again and again.
  const cyc = await rawMember(k, key)
  await cyc.write(say({ text: 'cyc: clockless' }, { timestamp: NOW + 10 }),
    say({ text: 'cyc: follows it' }, { clock: LIMITS.clock, after: { key: cyc.author, seq: 0 }, timestamp: NOW + 10 - 1000 }))
  // An honest feed stamped before both.
  const ann = await rawMember(k, key)
  const anns = (seq: number): object => ({ key: ann.author, seq })
  await ann.write(nick('ann', { clock: 1, timestamp: NOW - 2000 }), say({ text: 'ann: earlier' }, { clock: 2, after: anns(0), timestamp: NOW - 1999 }))
  const cycFirst = await readFeeds(k, 'alice', key, [cyc, 'cyc: follows it'], [ann, 'ann: earlier'])
  const annFirst = await readFeeds(k, 'bob', key, [ann, 'ann: earlier'], [cyc, 'cyc: follows it'])
  const highest = (history: string[]): number => Math.max(...history.map((m) => Number(/clock (\d+)/.exec(m)?.[1] ?? NaN)))
  t.ok(highest(cycFirst) < 100 && highest(annFirst) < 100,
    `createChat: a clock that follows a clockless entry is believed only as far as the entries show, once: clocks that raise each other in a loop must not climb (alice: ${cycFirst.join(', ')}; bob: ${annFirst.join(', ')})`)
  t.alike(annFirst, cycFirst,
    `createChat: a clock that follows a clockless entry comes from the entries alone, never from the order they arrived in: alice got the hostile feed first and bob the honest one, and they must show the same clocks (alice: ${cycFirst.join(', ')}; bob: ${annFirst.join(', ')})`)
})

test('createChat: a clockless entry and a backdated entry written after it in the same feed cannot push each other up: their clocks stay put, and so does the next send', async (t, k) => {
  const key = newKey()
  // A hostile feed: a clockless entry, then one with clock 0 that follows it in the feed but is stamped half a
  // second before it. The first sorts after what is stamped before it (the second), the second after its
  // feed's previous entry (the first): taken as rules to apply until nothing changes, each raises the other for ever.
  const mallory = await rawMember(k, key)
  await mallory.write(say({ text: 'mallory: clockless' }, { timestamp: NOW + 1000 }), say({ text: 'mallory: backdated' }, { clock: 0, timestamp: NOW + 500 }))
  const alice = await join(k, 'alice', key, { nick: null })
  await (await mallory.copy()).handTo(alice.swarm)
  await k.until('createChat for alice to show both of mallory\'s entries, a clockless one and one written after it but stamped before it: the view judges each entry once, from the entries alone, and goes on (it never raises clocks until nothing changes: these two would never stop)',
    () => hasText(alice.chat, 'mallory: clockless') && hasText(alice.chat, 'mallory: backdated'))
  const history = clocked(alice.chat)
  const highest = Math.max(...alice.chat.history().map((m) => m.clock))
  t.ok(highest <= 1,
    `createChat: no entry can push the clocks further than the entries show. mallory's clockless entry comes after her backdated one (stamped earlier), and the backdated one after the clockless one (before it in her feed), so their clocks must be 1 at most; each judged once, they cannot raise each other (alice shows: ${history.join(', ')})`)
  const backdated = alice.chat.history().find((m) => m.text === 'mallory: backdated')
  t.is(backdated?.timestamp, NOW + 500,
    `createChat shows a message that has a clock at the timestamp its author wrote: its clock places it, and its timestamp is only the author's wall clock, for display and ties (only an entry without a clock has its timestamp bounded by its feed): mallory's backdated entry says ${NOW + 500}, alice shows ${backdated?.timestamp}`)
  const sent = await k.step('alice.send("after them")', alice.chat.send('after them'))
  t.ok(sent.clock <= 2,
    `send follows the highest clock the chat has judged: after mallory's two entries (clocks 1 at most), alice's message must have clock 2 at most, but it has ${sent.clock} (alice shows: ${clocked(alice.chat).join(', ')})`)
})

test('createChat: entries stamped earlier that arrive last leave every clock as a peer that had them first gives it, the clocks of entries that follow clockless ones too', async (t, k) => {
  const key = newKey()
  // dan's entries, each after the one before (clocks 1 to 3), are stamped before all of quinn's.
  const dan = await rawMember(k, key)
  const dans = (seq: number): object => ({ key: dan.author, seq })
  await dan.write(nick('dan', { clock: 1, timestamp: NOW + 1 }), nick('daniel', { clock: 2, after: dans(0), timestamp: NOW + 2 }),
    say({ text: 'dan: early' }, { clock: 3, after: dans(1), timestamp: NOW + 3 }))
  // quinn writes clockless entries, each followed by one with a clock that names it: a clockless entry's clock
  // rises when dan's arrive, and whatever a clock took from it must not stay behind.
  const quinn = await rawMember(k, key)
  const quinns = (seq: number): object => ({ key: quinn.author, seq })
  await quinn.write(say({ text: 'quinn: clockless' }, { timestamp: NOW + 10 }),
    say({ text: 'quinn: follows it' }, { clock: 100, after: quinns(0), timestamp: NOW + 11 }),
    say({ text: 'quinn: clockless again' }, { timestamp: NOW + 12 }),
    say({ text: 'quinn: follows that' }, { clock: 100, after: quinns(2), timestamp: NOW + 13 }))
  const danFirst = await readFeeds(k, 'alice', key, [dan, 'dan: early'], [quinn, 'quinn: follows that'])
  const danLast = await readFeeds(k, 'bob', key, [quinn, 'quinn: follows that'], [dan, 'dan: early'])
  t.alike(danLast, danFirst,
    `createChat judges a clock from the entries alone, never from what this reader had when it came: alice got dan's feed first and bob last, and they must show the same clocks. A clock judged from what a clockless entry had before earlier-stamped entries arrived must be judged again when they come, as far as it goes (or never depend on it) (alice: ${danFirst.join(', ')}; bob: ${danLast.join(', ')})`)
})

test('createChat: every valid entry moves the clock, about entries too; a claimed clock counts only as far as the entry it follows justifies', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const carol = await member(k, key)
  const mine = (seq: number): object => ({ key: carol.author, seq })
  // carol's feed: 0 a Cabal-style message (no clock), 1–2 about entries, the first following entry 0 (which has
  // no clock), the second following the first, 3 a message claiming clock 1000 after her entry 2, 4 a clockless
  // message, 5 an about entry after 3, 6 a clockless message with the same timestamp as 5.
  await carol.write(say({ text: 'one' }), nick('carol', { clock: 1, after: mine(0) }), nick('caro', { clock: 2, after: mine(1) }),
    say({ text: 'far ahead' }, { clock: 1000, after: mine(2), timestamp: NOW + 1 }), say({ text: 'later' }, { timestamp: NOW + 2 }),
    nick('caroline', { clock: 4, after: mine(3), timestamp: NOW + 3 }), say({ text: 'same moment' }, { timestamp: NOW + 3 }))
  await k.until('alice to index carol\'s 7 entries (an entry that follows one without a clock follows clock 0: it does not wait)',
    () => hasText(alice.chat, 'same moment'))
  const clockOf = (text: string): number | undefined => alice.chat.history().find((m) => m.text === text)?.clock
  t.is(clockOf('far ahead'), 3, 'createChat (checkable clocks): "far ahead" claims clock 1000 but follows carol\'s entry with clock 2: its claim counts only as far as that entry justifies')
  t.is(clockOf('later'), 3, 'createChat places an entry without a clock (Cabal\'s) after the entries with a clock and an earlier timestamp: "later" was stamped after "far ahead", so it sorts after it, at its clock')
  t.is(clockOf('one'), 0, 'and carol\'s first message, earlier than every clock, gets 0')
  t.is(clockOf('same moment'), 3, 'createChat places an entry without a clock after the entries with an earlier timestamp only: "same moment" shares its timestamp with carol\'s nick (clock 4), and does not sort after it')
  t.is(alice.chat.nickOf(carol.author), 'caroline', 'the last about entry of a feed is its nick')
  // dan's feed: an about entry with a low clock and an early timestamp, indexed after all of carol's.
  const dan = await member(k, key)
  await dan.write(nick('dan', { clock: 1, timestamp: NOW + 1 }))
  await k.until('alice to index dan\'s about entry', () => alice.chat.nickOf(dan.author) === 'dan')
  t.is(clockOf('later'), 3, 'createChat: an entry without a clock never moves back: dan\'s clock 1, stamped earlier and arriving last, does not put "later" before "far ahead"')
  const sent = await k.step('alice.send', alice.chat.send('after them'))
  t.is(sent?.clock, 5, 'send (checkable clocks): alice\'s message must sort after every entry she has seen, about entries included (carol\'s last nick has clock 4; dan\'s clock 1 came later, but is lower), and send() names the entry it follows in `after`, or no peer believes its clock')
  t.alike(texts(alice.chat), ['one', 'far ahead', 'later', 'same moment', 'after them'], 'and the history is in (clock, timestamp, author, seq) order')
  const written = await carol.read(alice.chat.author, sent.seq) as { clock?: unknown, after?: { key?: unknown, seq?: unknown } } | null
  t.ok(written?.clock === 5 && written.after?.key === carol.author && written.after.seq === 5,
    `send (checkable clocks): the entry alice's send() wrote claims the clock it sorts at, and names in \`after\` the entry that justifies it, carol's entry 5 (clock 4): every peer checks the claim against it (it says clock ${written?.clock}, after ${JSON.stringify(written?.after)})`)
  // Entries that arrive last, with early timestamps and high clocks: a nick, then a message in another channel.
  await dan.write(nick('daniel', { clock: 6, after: { key: alice.chat.author, seq: sent.seq }, timestamp: NOW + 2.5 }))
  await k.until('alice to index dan\'s second about entry', () => alice.chat.nickOf(dan.author) === 'daniel')
  t.alike(texts(alice.chat), ['one', 'far ahead', 'later', 'after them', 'same moment'],
    `createChat places an entry without a clock after the entries with an earlier timestamp, whenever they arrive, about entries included: dan's nick (clock 6), stamped before "same moment" and arriving last, puts "same moment" after "after them" (clock 5) (clocks: ${alice.chat.history().map((m) => `${m.text} ${m.clock}`).join(', ')})`)
  await dan.write(say({ text: 'elsewhere', channel: 'other' }, { clock: 7, after: { key: dan.author, seq: 1 }, timestamp: NOW + 1.5 }))
  await k.until('alice to index dan\'s message in another channel', () => hasText(alice.chat, 'elsewhere', 'other'))
  t.alike(texts(alice.chat), ['one', 'far ahead', 'after them', 'later', 'same moment'],
    `and entries of every channel count: dan's message in "other" (clock 7), stamped before "later", puts "later" and "same moment" after "after them" (clocks: ${alice.chat.history().map((m) => `${m.text} ${m.clock}`).join(', ')})`)
  // A clockless entry from half a minute ahead (within LIMITS.skew): whatever alice sends next sorts before it.
  await carol.write(say({ text: 'from the future' }, { timestamp: Date.now() + LIMITS.skew / 2 }))
  await k.until('alice to show carol\'s entry from half a minute ahead: it is within LIMITS.skew of her clock, so createChat shows it at once (only an entry from further ahead waits for its time)',
    () => hasText(alice.chat, 'from the future'))
  const own = await k.step('alice.send("mine")', alice.chat.send('mine'))
  t.ok(own?.text === 'mine' && own.author === alice.chat.author,
    `send() resolves with its own message (its author and the seq its append gave it), not the last one in the history: an entry without a clock from later sorts after it (resolved with ${JSON.stringify(own?.text)})`)
})

test('createChat: a feed\'s entries keep their order, whatever clocks they claim', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const carol = await member(k, key)
  const mine = (seq: number): object => ({ key: carol.author, seq })
  // carol's feed: about entries with clocks 1–4, each after the one before; "first" with clock 5 after entry 3;
  // then "second", claiming clock 1 and an earlier timestamp (a peer whose clock went back, or a hostile one), after "first".
  await carol.write(nick('c1', { clock: 1 }), nick('c2', { clock: 2, after: mine(0) }), nick('c3', { clock: 3, after: mine(1) }),
    nick('carol', { clock: 4, after: mine(2) }), say({ text: 'first' }, { clock: 5, after: mine(3), timestamp: NOW + 1 }),
    say({ text: 'second' }, { clock: 1, after: mine(4), timestamp: NOW }))
  await k.until('alice to index carol\'s 6 entries', () => hasText(alice.chat, 'first') && hasText(alice.chat, 'second'))
  const clocks = alice.chat.history().map((m) => `${m.text}: ${m.clock}`).join(', ')
  t.alike(texts(alice.chat), ['first', 'second'],
    `createChat keeps a feed's order (checkable clocks): "second" comes after "first" in carol's feed, yet claims clock 1 and an earlier timestamp; it must still sort after "first" (alice has ${clocks})`)
  // dan's feed mixes entries with clocks and one without (a storage Cabal wrote to too); the last claims clock 1, backdated.
  const dan = await member(k, key)
  const his = (seq: number): object => ({ key: dan.author, seq })
  await dan.write(say({ channel: 'dan', text: 'd1' }, { clock: 1 }), say({ channel: 'dan', text: 'd2' }, { clock: 2, after: his(0), timestamp: NOW + 1 }),
    say({ channel: 'dan', text: 'd3 (no clock)' }, { timestamp: NOW + 2 }), say({ channel: 'dan', text: 'd4' }, { clock: 1, timestamp: NOW }))
  await k.until('alice to index dan\'s 4 entries', () => hasText(alice.chat, 'd4', 'dan'))
  t.alike(texts(alice.chat, 'dan').filter((text) => text !== 'd3 (no clock)'), ['d1', 'd2', 'd4'],
    `createChat keeps a feed's order through an entry without a clock: dan's "d4" follows "d2" in his feed, with a clockless entry between, and must sort after it; the entry without a clock passes its feed's clock on, it does not start it again (alice has ${alice.chat.history('dan').map((m) => `${m.text}: ${m.clock}`).join(', ')})`)
})

test('createChat: a reply that arrives before the message it follows waits for it, then shows after it', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  await announced(k, alice, key)
  // Two peers that only dial (neither announces): each meets alice and never the other, so whatever one
  // of them has of the other's feed came through alice.
  const asker = await member(k, key, { server: false })
  const replier = await member(k, key, { server: false })
  // The reply names the question (the asker's entry 0) before the asker has written it, and has an earlier timestamp.
  // Then one more entry that follows nothing: its claim counts only as far as its own feed justifies.
  await replier.write(say({ text: 'the answer' }, { clock: 2, after: { key: asker.author, seq: 0 }, timestamp: NOW - 1000 }),
    say({ text: 'and more' }, { clock: 3, timestamp: NOW - 500 }))
  await asker.read(replier.author, 1) // from alice: she has both now, and there is no question yet
  t.absent(hasText(alice.chat, 'the answer'), 'an entry whose `after` is not indexed yet waits for it: the answer is not shown before its question')
  t.absent(hasText(alice.chat, 'and more'), 'and the rest of its feed waits with it: "and more", after the answer in the replier\'s feed, is not shown before the answer (indexed first, it would get a clock that a peer who had the question first never gives it)')
  await asker.write(say({ text: 'the question' }, { clock: 1, timestamp: NOW }))
  await k.until('alice to show the answer once the question it follows arrives: an entry whose `after` is not indexed yet waits for it (with the rest of its feed), it is never dropped',
    () => hasText(alice.chat, 'and more'))
  t.alike(texts(alice.chat), ['the question', 'the answer', 'and more'], 'and the answer comes after the question it follows (by clock, whatever its timestamp), then the rest of its feed')
})

test('createChat: entries stamped earlier, with lower clocks, that arrive last change nothing of what was stamped after them: a clockless entry after all of them gets the same clock on every peer', async (t, k) => {
  const key = newKey()
  // pat's entries climb to clock 5, stamped after all of quin's, which climb to clock 3.
  const pat = await rawMember(k, key)
  const pats = (seq: number): object => ({ key: pat.author, seq })
  await pat.write(...[1, 2, 3, 4, 5].map((clock, seq) => say({ text: `pat ${clock}` }, { clock, timestamp: NOW + 5 + clock, ...(seq > 0 ? { after: pats(seq - 1) } : {}) })))
  const quin = await rawMember(k, key)
  const quins = (seq: number): object => ({ key: quin.author, seq })
  await quin.write(...[1, 2, 3].map((clock, seq) => say({ text: `quin ${clock}` }, { clock, timestamp: NOW + 2 + clock, ...(seq > 0 ? { after: quins(seq - 1) } : {}) })))
  // And a Cabal entry stamped after all of them: it sorts after pat's last (clock 5), whatever came first.
  const cab = await rawMember(k, key)
  await cab.write(say({ text: 'cab: after all' }, { timestamp: NOW + 11 }))
  const quinFirst = await readFeeds(k, 'alice', key, [quin, 'quin 3'], [pat, 'pat 5'], [cab, 'cab: after all'])
  const patFirst = await readFeeds(k, 'bob', key, [pat, 'pat 5'], [quin, 'quin 3'], [cab, 'cab: after all'])
  t.alike(patFirst, quinFirst,
    `createChat gives an entry without a clock the clock of everything stamped before it, whatever order it came in: entries stamped earlier with lower clocks that arrive last take nothing away from what later-stamped entries reached (alice got quin's feed first: ${quinFirst.join(', ')}; bob got pat's first: ${patFirst.join(', ')})`)
})

test('createChat: however much of a feed waits behind a reply, none of it is lost once the message it follows arrives', async (t, k) => {
  const key = newKey()
  const first = await join(k, 'alice', key, { nick: null })
  await announced(k, first, key)
  // The asker stays away until the question is written: alice's storage gets its feed after the replier's.
  const asker = await rawMember(k, key)
  const replier = await member(k, key, { server: false })
  // A reply to a question not written yet, and a long feed behind it: all of it waits for the question.
  const behind = 250
  await replier.write(say({ text: 'reply 0' }, { clock: 2, after: { key: asker.author, seq: 0 }, timestamp: NOW + 1 }),
    ...Array.from({ length: behind }, (_, i) => say({ text: `reply ${i + 1}` }, { clock: i + 3, timestamp: NOW + 2 + i })))
  // A courier with no feed of its own reads the whole feed from alice: she has all of it on disk now.
  const courier = await rawMember(k, key, { writer: false })
  await courier.join(topicOf(key), { server: false })
  for (let seq = 0; seq <= behind; seq++) await courier.read(replier.author, seq)
  await k.step('alice.close()', first.chat.close())
  // Started again, she has read all of it from disk before createChat resolves: it all waits.
  const alice = await join(k, 'alice', key, { storage: first.storage, nick: null })
  t.is(alice.chat.history().length, 0, 'an entry whose `after` is not indexed yet waits for it, with the rest of its feed: nothing of the replier\'s is shown before the question')
  await asker.write(say({ text: 'the question' }, { clock: 1, timestamp: NOW }))
  await asker.handTo(alice.swarm)
  await k.until(`alice to show all ${behind + 2} messages once the question arrives: createChat must lose nothing of a feed that waited, however long it is`,
    () => alice.chat.history().length === behind + 2)
  t.alike(texts(alice.chat), ['the question', ...Array.from({ length: behind + 1 }, (_, i) => `reply ${i}`)],
    'and in feed order after the question: every entry that waited is indexed once what it follows is, none skipped, none twice')
  await k.step('alice.close()', alice.chat.close())
  const again = await join(k, 'alice', key, { storage: alice.storage, nick: null })
  t.is(again.chat.history().length, behind + 2,
    `createChat resolves once everything on disk is shown: started again with the question and all the replies on disk (the replies first, so they wait for the question again), alice must show all ${behind + 2} when createChat resolves, the replies read again from disk too (she shows ${again.chat.history().length})`)
})

test('createChat keeps two Cabal messages stamped at the same moment by two authors: both shown, in author order, on every peer; and the others of theirs in timestamp order', async (t, k) => {
  const key = newKey()
  const cab = await rawMember(k, key)
  const cob = await rawMember(k, key)
  await cab.write(say({ text: 'cab: at noon' }, { timestamp: NOW }), say({ text: 'cab: later' }, { timestamp: NOW + 2 }))
  await cob.write(say({ text: 'cob: at noon' }, { timestamp: NOW }), say({ text: 'cob: in between' }, { timestamp: NOW + 1 }))
  /** A reader given the two feeds one after the other: its texts once it shows all four. Closed before the next reader starts. */
  const reader = async (name: string, first: RawMember, second: RawMember): Promise<string[]> => {
    const peer = await join(k, name, key, { nick: null })
    await (await first.copy()).handTo(peer.swarm)
    await k.until(`${name} to show the first feed's messages`, () => peer.chat.history().length === 2)
    await (await second.copy()).handTo(peer.swarm)
    await k.until(`${name} to show all four messages: two messages without a clock, written at the same moment by two authors, are two messages; createChat must keep both (a history keyed by timestamp alone keeps one) (${name} shows ${texts(peer.chat).join(', ')})`,
      () => peer.chat.history().length === 4)
    const shown = texts(peer.chat)
    await k.step(`${name}.close()`, peer.chat.close())
    return shown
  }
  const noon = [cab, cob].sort((a, b) => a.author < b.author ? -1 : 1).map((m) => m === cab ? 'cab: at noon' : 'cob: at noon')
  const expected = [...noon, 'cob: in between', 'cab: later']
  t.alike(await reader('alice', cab, cob), expected, 'alice got cab\'s feed first: messages without a clock are in timestamp order, and two at the same moment in author order, as compareMessages orders them')
  t.alike(await reader('bob', cob, cab), expected, 'bob got cob\'s feed first, and shows them in the same order: messages without a clock by timestamp, then author, whatever order they arrived in')
})

test('createChat: no entry a member can write silences the chat', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const bob = await join(k, 'bob', key)
  await k.step('alice.send', alice.chat.send('before the attack'))
  await k.until('bob to see alice\'s message', () => hasText(bob.chat, 'before the attack'))
  const first = alice.chat.history()[0]
  const mallory = await member(k, key)
  const end = { clock: LIMITS.clock, timestamp: LIMITS.timestamp }
  await mallory.write(
    // Her first entry (seq 0) follows alice's message (seq 1): an entry of another feed, with a higher seq.
    say({ text: 'the end of time, after alice' }, { ...end, after: { key: first.author, seq: first.seq } }),
    nick('mallory', end),
    say({ text: 'the end of time' }, end),
    say({ text: 'the end of time, after itself' }, { ...end, after: { key: mallory.author, seq: 3 } }),
    // (With a clock: without one, it could be placed no earlier than the end of time before it, and would wait for it.)
    say({ text: 'mallory is done' }, { clock: 1, timestamp: NOW }),
    // The entry it follows does not exist (yet): it waits for it, and so does the rest of her feed.
    say({ text: 'after an entry nobody has' }, { ...end, after: { key: newKey(), seq: 0 } })
  )
  await k.until('alice and bob to index mallory\'s entries up to "mallory is done", which comes after "the end of time, after itself": createChat must not wait for an `after` naming the entry itself or a later entry of its own feed (it can never arrive first: such an entry follows nothing), or one such entry stops its feed for good',
    () => hasText(alice.chat, 'mallory is done') && hasText(bob.chat, 'mallory is done'))
  const biggest = Math.max(...alice.chat.history().map((m) => m.clock))
  t.ok(biggest < 100, `createChat (checkable clocks): no single entry can push the clocks far: after mallory's claims of ${LIMITS.clock}, alice's highest clock is ${biggest}`)
  const afterAlice = alice.chat.history().find((m) => m.text === 'the end of time, after alice')
  t.is(afterAlice?.clock, first.clock + 1,
    `createChat (checkable clocks): mallory's first entry follows alice's message (clock ${first.clock}), in another feed: its claim of ${LIMITS.clock} counts only as far as that message justifies`)

  for (const [who, peer] of [['bob', bob], ['alice', alice]] as const) {
    const sent = await k.step(`${who}.send after mallory's entries`, outcome(peer.chat.send(`${who} is still here`)))
    t.is(sent, true, `send: ${who} can still send after entries claiming clock ${LIMITS.clock} (checkable clocks: no claim can use the clocks up) (${sent === true ? 'sent' : sent.message})`)
    const renamed = await k.step(`${who}.setNick after mallory's entries`, outcome(peer.chat.setNick(`${who}2`)))
    t.is(renamed, true, `${who} can still change nick after mallory's entries (${renamed === true ? 'done' : renamed.message})`)
  }
  await k.until('alice and bob to see each other\'s messages', () => hasText(alice.chat, 'bob is still here') && hasText(bob.chat, 'alice is still here'))
  const order = texts(bob.chat)
  for (const text of ['the end of time', 'the end of time, after alice', 'the end of time, after itself']) {
    t.ok(order.indexOf(text) < order.indexOf('alice is still here'),
      `a message written after reading another sorts after it: "alice is still here" comes after mallory's "${text}"`)
  }
  t.absent(hasText(alice.chat, 'after an entry nobody has'), 'an entry that follows one nobody has waits for it: it is not shown')
  t.alike(ids(bob.chat), ids(alice.chat), 'alice and bob still agree on the history')
})

test('createChat believes the timestamp of an entry without a clock only as far as it can check it: against its feed and the reader\'s clock', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  // carol writes as Cabal does: timestamps and no clocks.
  const carol = await member(k, key)
  // (And then a nick, as this chat writes it: with a clock, a millisecond after "hello".)
  const hello = Date.now()
  await carol.write(say({ text: 'hello' }, { timestamp: hello }), nick('carol', { clock: 1, timestamp: hello + 1 }))
  await k.until('alice to show carol\'s "hello" and her nick', () => hasText(alice.chat, 'hello') && alice.chat.nickOf(carol.author) === 'carol')
  await k.step('alice.send("an answer")', alice.chat.send('an answer'))
  // Backdating: written after "hello" and her nick in carol's feed, they claim an hour, then two hours, before them.
  await carol.write(say({ text: 'backdated' }, { timestamp: hello - 3600 * 1000 }), say({ text: 'backdated again' }, { timestamp: hello - 7200 * 1000 }))
  await k.until('alice to show carol\'s backdated messages', () => hasText(alice.chat, 'backdated again'))
  t.alike(texts(alice.chat), ['hello', 'backdated', 'backdated again', 'an answer'],
    `createChat places an entry without a clock no earlier than its feed's previous entry (a feed is written in order), as that entry was placed, not as it claims: "backdated" and "backdated again" come after carol's "hello" in her feed, so neither is placed hours before it, whatever their timestamps say (the history: ${texts(alice.chat).join(', ')})`)
  const placed = ['backdated', 'backdated again'].map((text) => alice.chat.history().find((m) => m.text === text)?.timestamp)
  t.alike(placed, [hello + 1, hello + 1],
    `createChat places an entry without a clock no earlier than its feed's previous entry, whatever its kind: the backdated messages follow carol's nick (an entry with a clock, stamped hello + 1 ms), so each is placed at that timestamp (they are placed at hello ${placed.map((ts) => ts === undefined ? 'missing' : `${ts >= hello ? '+' : '-'} ${Math.abs(ts - hello)} ms`).join(' and ')})`)

  // Pinning: an entry stamped at the end of time would stay last in its channel for ever.
  await carol.write(say({ text: 'pinned' }, { timestamp: LIMITS.timestamp }), say({ text: 'stuck behind it' }, { timestamp: Date.now() }))
  // The same through a nick: eve's nick (with a clock) is stamped at the end of time, her message (without) now.
  const eve = await member(k, key)
  await eve.write(nick('eve', { clock: 1, timestamp: LIMITS.timestamp }), say({ text: 'pinned after a nick' }, { timestamp: Date.now() }))
  await k.until('alice to index eve\'s nick (an entry with a clock is placed by its clock: it does not wait for its timestamp)', () => alice.chat.nickOf(eve.author) === 'eve')
  const dan = await member(k, key)
  const soon = Date.now() + LIMITS.skew + 2000
  await dan.write(say({ text: 'two seconds too soon' }, { timestamp: soon }))
  await k.until('alice to show dan\'s message once its time is within LIMITS.skew of her clock (an entry from further ahead waits for its time, it is not dropped)',
    () => hasText(alice.chat, 'two seconds too soon'), { timeout: 6000 })
  const shown = Date.now()
  t.ok(shown >= soon - LIMITS.skew,
    `createChat shows an entry without a clock stamped beyond the reader's clock + LIMITS.skew only once its time comes within the skew (it waits, with the rest of its feed; believed now, it would sort after everything written until then): dan's was ${soon - LIMITS.skew - shown} ms early`)
  t.absent(hasText(alice.chat, 'pinned'), 'an entry without a clock stamped at the end of time is not shown: it waits for its time (believed, it would stay last in its channel for ever)')
  t.absent(hasText(alice.chat, 'stuck behind it'), 'and the rest of its feed waits with it (a feed is read in order)')
  t.absent(hasText(alice.chat, 'pinned after a nick'),
    'createChat checks the skew against the timestamp an entry without a clock is placed at, not the one it claims: eve\'s "pinned after a nick" claims now, but follows her nick stamped at the end of time, so it is placed there and waits for its time (shown, it would stay last in its channel for ever)')
  const last = await k.step('alice.send("still last")', alice.chat.send('still last'))
  t.alike(texts(alice.chat).slice(-2), [last.text, 'two seconds too soon'],
    `so alice's new message comes before dan's alone (stamped a minute ahead, within the skew, it sorts last until its time is past), not before one pinned at the end of time (the history: ${texts(alice.chat).join(', ')})`)
})
