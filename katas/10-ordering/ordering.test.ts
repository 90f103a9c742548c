// Kata 10 — ordering across writers. Run it: npm test -- 10
import { randomBytes } from 'node:crypto'
import kappa from 'kappa-core'
import multifeed from 'multifeed'
import { syncOnce, test, type KataContext } from '../../src/harness/index.ts'
import { TIMELINE, compareEntries, post, timelineView, type ChatMessage, type Entry, type Kappa } from './ordering.ts'

type Timeline = Array<Entry<ChatMessage>>

/** A peer: a multifeed in its own dir, a kappa-core on it, your timeline view in it. */
async function peer (k: KataContext, encryptionKey: Buffer): Promise<Kappa> {
  const view = timelineView()
  const feeds = multifeed(await k.tmp(), { valueEncoding: 'json', encryptionKey })
  k.teardown(() => new Promise<void>((resolve) => feeds.close(() => resolve())))
  const core = kappa(null, { multifeed: feeds })
  core.use(TIMELINE, view)
  await k.step('the multifeed is ready', new Promise<void>((resolve) => feeds.ready(resolve)))
  return core
}

async function timeline (k: KataContext, core: Kappa, channel = 'default'): Promise<Timeline> {
  await k.step('the timeline view is ready', new Promise<void>((resolve) => core.ready(TIMELINE, resolve)))
  return core.api[TIMELINE].messages(channel) as Timeline
}

/** Appends `value` to the core's own 'local' feed directly, as another app on the same chat might. */
function append (core: Kappa, value: unknown): Promise<number> {
  return new Promise((resolve, reject) => core.writer('local', (err, feed) => {
    if (err) return reject(err)
    feed.append(value, (err: Error | null, seq: number) => err ? reject(err) : resolve(seq))
  }))
}

const texts = (list: Timeline): string[] => list.map((entry) => entry.value.content.text)
const msg = (clock: number, key: string, seq: number, timestamp = 0): Entry<ChatMessage> =>
  ({ key, seq, value: { type: 'chat/text', content: { channel: 'default', text: `${clock}/${key}/${seq}` }, timestamp, clock } })

/** compareEntries' answer as words, for the failure messages: which of the two it puts first. */
function putsFirst (a: Entry<ChatMessage>, b: Entry<ChatMessage>): string {
  const order = compareEntries(a, b)
  const name = (e: Entry<ChatMessage>): string => `(clock ${e.value.clock}, key ${e.key}, seq ${e.seq})`
  if (order < 0) return `${name(a)} first`
  if (order > 0) return `${name(b)} first`
  return typeof order === 'number' ? 'neither (0)' : `neither (it returned ${String(order)}, not a number)`
}

test('compareEntries orders by clock, then author key, then seq', async (t) => {
  const a = msg(1, 'aa', 0)
  const b = msg(2, 'bb', 0, 9999)
  t.ok(compareEntries(a, b) < 0, `the lower clock comes first: got ${putsFirst(a, b)}`)
  t.ok(compareEntries(b, a) > 0, `and the other way round: got ${putsFirst(b, a)}`)
  const [early, late] = [msg(1, 'bb', 0), msg(2, 'aa', 0)]
  t.ok(compareEntries(early, late) < 0,
    `the clock comes first, the key only breaks ties: clock 1 by key bb comes before clock 2 by key aa; got ${putsFirst(early, late)}`)
  const [stamped, prompt] = [msg(1, 'bb', 0, 5000), msg(2, 'aa', 0, 10)]
  t.ok(compareEntries(stamped, prompt) < 0,
    `the lower clock comes first even when its timestamp is later: wall clocks lie, the timestamp plays no part in the order; got ${putsFirst(stamped, prompt)}`)
  const [lowKey, highKey] = [msg(3, 'aa', 5), msg(3, 'bb', 1)]
  t.ok(compareEntries(lowKey, highKey) < 0,
    `equal clocks: the lower author key comes first (ascending, compared as hex strings: 'aa' before 'bb'), whatever the seqs; got ${putsFirst(lowKey, highKey)}`)
  t.ok(compareEntries(highKey, lowKey) > 0, `and the other way round: the lower author key still comes first; got ${putsFirst(highKey, lowKey)}`)
  const [lateLow, earlyHigh] = [msg(3, 'aa', 0, 9000), msg(3, 'bb', 0, 10)]
  t.ok(compareEntries(lateLow, earlyHigh) < 0 && compareEntries(earlyHigh, lateLow) > 0,
    `equal clocks: the lower author key comes first even when its timestamp is later: the timestamp breaks no tie either (equal clocks mean neither author had seen the other, and a wall clock says nothing about that); got ${putsFirst(lateLow, earlyHigh)}`)
  const [seq1, seq2] = [msg(3, 'bb', 1), msg(3, 'bb', 2)]
  t.ok(compareEntries(seq1, seq2) < 0, `same clock and author: the lower seq comes first; got ${putsFirst(seq1, seq2)}`)
  t.is(compareEntries(msg(3, 'bb', 1), msg(3, 'bb', 1)), 0, 'an entry is equal to itself')
  const sorted = [msg(1, 'cc', 0), msg(2, 'aa', 1), msg(2, 'bb', 0), msg(2, 'bb', 1), msg(5, 'aa', 2)]
  const shuffled = [sorted[3], sorted[0], sorted[4], sorted[2], sorted[1]]
  t.alike(shuffled.sort(compareEntries).map((e) => e.value.content.text), sorted.map((e) => e.value.content.text),
    'sorting with it gives one total order, timestamps play no part')
})

test('each core has its own timeline and its own clock: nothing shared between cores', async (t, k) => {
  const alice = await peer(k, randomBytes(32))
  const bob = await peer(k, randomBytes(32))
  await k.step('alice posts "one", then "two"', async () => { await post(alice, 'default', 'one'); await post(alice, 'default', 'two') })
  const before = await timeline(k, bob)
  const seen = bob.api[TIMELINE].highestClock()
  t.is(seen, 0,
    `timelineView(): each call makes a view with its own state (one per core): bob, who never synced with alice, has seen no clock, yet his view's highestClock() is ${seen} (keep the view's state inside timelineView(), not at module level)`)
  t.alike(texts(before), [],
    'timelineView(): each core has its own timeline: bob\'s view holds none of alice\'s posts (keep the view\'s state inside timelineView(), not at module level)')
  const first = await k.step('bob, who has never synced with alice, posts', post(bob, 'default', 'hi'))
  const got = first.value.clock
  t.is(got, 1, got < 1
    ? `post: a new message's clock must be higher than every clock its core has seen: bob's view has seen none (highestClock() is 0), so his first post gets 1, not ${got}`
    : `post: bob has seen nothing of alice's, so his first post gets clock 1, not ${got}: post takes its clock from this core's own view, and keeps nothing at module level that every core shares`)
  t.alike(texts(await timeline(k, bob)), ['hi'], 'timelineView(): bob\'s view holds his own post only')
  t.alike(texts(await timeline(k, alice)), ['one', 'two'], 'and alice\'s holds her two')
})

test('messages() is sorted by (clock, key, seq), whatever order map gets the entries in', async (t, k) => {
  const view = timelineView()
  const index = (label: string, entries: Timeline): Promise<void> => k.step(`map(${label}, next)`,
    new Promise<void>((resolve, reject) => view.map(entries, (err) => err ? reject(err) : resolve())))
  await index('clocks 5, 2 and 1', [msg(5, 'aa', 2), msg(2, 'bb', 0), msg(1, 'cc', 0)])
  await index('clock 2 by aa, then clock 2 by bb seq 1, in a later batch', [msg(2, 'aa', 1), msg(2, 'bb', 1)])
  const got = texts(view.api.messages(null as never, 'default'))
  t.alike(got, ['1/cc/0', '2/aa/1', '2/bb/0', '2/bb/1', '5/aa/2'],
    `timelineView(): messages() is sorted by (clock, key, seq), not in the order the entries reached map: each entry goes at its place (texts are clock/key/seq); got ${got.join(', ')}`)
  t.is(view.api.highestClock(null as never), 5, 'timelineView(): highestClock() is the highest clock indexed, whatever the order')
  t.alike(view.api.messages(null as never, 'nowhere'), [], 'a channel nobody wrote to has no messages: []')
})

test('post gives every message one more than the highest clock seen', async (t, k) => {
  const encryptionKey = randomBytes(32)
  const alice = await peer(k, encryptionKey)
  const bob = await peer(k, encryptionKey)
  const clocks: number[] = []
  for (const text of ['one', 'two', 'three']) {
    clocks.push((await k.step(`alice posts "${text}"`, post(alice, 'default', text))).value.clock)
  }
  t.alike(clocks, [1, 2, 3], `post: a fresh peer counts 1, 2, 3 (each new clock is higher than every clock the core has seen, its own last post included: wait until the view is up to date): got ${clocks.join(', ')}`)
  await k.step('alice and bob sync', syncOnce(alice, bob))
  const reply = await k.step('bob posts', post(bob, 'default', 'hi alice'))
  t.is(reply.value.clock, 4, `post: bob has seen clock 3, so his first post gets 4, not ${reply.value.clock}`)
  t.is(reply.value.type, 'chat/text', 'post writes a chat/text message')
  t.alike(reply.value.content, { channel: 'default', text: 'hi alice' }, 'with its channel and text as content')
  const both = await k.step('alice and bob post at once', Promise.all([post(alice, 'default', 'a'), post(bob, 'default', 'b')]))
  t.alike(both.map((entry) => entry.value.clock), [4, 5], `post: alice had not seen 4 yet, so she says 4 too; bob goes on with 5 (got ${both.map((entry) => entry.value.clock).join(' and ')})`)
})

test('post resolves with the entry it wrote: its author\'s feed key, its seq, its value', async (t, k) => {
  const alice = await peer(k, randomBytes(32))
  const feed = await k.step('alice\'s \'local\' writer feed', new Promise<{ key: Buffer }>((resolve, reject) =>
    alice.writer('local', (err, feed) => err ? reject(err) : resolve(feed))))
  const key = feed.key.toString('hex')
  const one = await k.step('alice posts "one"', post(alice, 'default', 'one', { timestamp: 1700000000000 }))
  const two = await k.step('alice posts "two"', post(alice, 'default', 'two', { timestamp: 1700000000001 }))
  t.is(one.key, key,
    `post resolves with the entry: its key is its author's feed key in hex (the public key of the 'local' writer, not its discovery key): got ${String(one.key)}, expected ${key}`)
  t.alike([one.seq, two.seq], [0, 1],
    `post resolves with the entry: its seq is its position in the feed, the first post seq 0, the second seq 1 (not the feed's length after the append); got ${String(one.seq)} and ${String(two.seq)}`)
  t.alike(one.value, { type: 'chat/text', content: { channel: 'default', text: 'one' }, timestamp: 1700000000000, clock: 1 },
    'post resolves with the entry: its value is the message written, with its clock')
  const list = await timeline(k, alice)
  t.alike(list.map((entry) => [entry.key, entry.seq, entry.value.content.text]), [[key, 0, 'one'], [key, 1, 'two']],
    'the timeline holds the same (key, seq) as post resolved with: the entry as every peer sees it')
  const zero = await k.step('alice posts "1970" with timestamp 0', post(alice, 'default', '1970', { timestamp: 0 }))
  t.is(zero.value.timestamp, 0,
    `post: a timestamp of 0 is a timestamp too, only a timestamp left out means now; got ${zero.value.timestamp}`)
})

test('posts on the same core at once still get different clocks', async (t, k) => {
  const alice = await peer(k, randomBytes(32))
  const clocks = (list: Timeline): number[] => list.map((entry) => entry.value.clock)
  const bySeq = (list: Timeline): Timeline => [...list].sort((a, b) => a.seq - b.seq)
  const first = await k.step('a fresh alice posts three messages at once',
    Promise.all([post(alice, 'default', 'x'), post(alice, 'default', 'y'), post(alice, 'default', 'z')]))
  t.alike(clocks(first).sort((a, b) => a - b), [1, 2, 3],
    `post: three posts started together on one core get clocks 1, 2 and 3, not the same clock twice (a core's posts take turns: each starts once the one before is written): got ${clocks(first).join(', ')}`)
  t.is(new Set(first.map((entry) => entry.key)).size, 1, 'post: all three go to the one \'local\' feed (not a new feed per concurrent post)')
  t.alike(clocks(bySeq(first)), [1, 2, 3], 'post: the clocks grow with seq, each post counted the one written before it')
  const more = await k.step('alice posts two more at once', Promise.all([post(alice, 'default', 'x'), post(alice, 'default', 'y')]))
  t.alike(clocks(bySeq(more)), [4, 5], `post: two posts at once after clock 3 get 4 and 5 (in seq order), not 4 twice: got ${clocks(bySeq(more)).join(', ')}`)
  t.ok(more.every((entry) => entry.key === first[0].key), 'they go to the same \'local\' feed')
  const list = await timeline(k, alice)
  t.alike(list.map((entry) => [entry.seq, entry.value.clock]), [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]],
    'the timeline holds all 5 messages ([seq, clock] pairs), in the order they were written')
})

test('a post stuck on one core does not hold up the posts of another core', async (t, k) => {
  const alice = await peer(k, randomBytes(32))
  const bob = await peer(k, randomBytes(32))
  const feed = await k.step('alice\'s \'local\' writer feed', new Promise<{ append: unknown }>((resolve, reject) =>
    alice.writer('local', (err, feed) => err ? reject(err) : resolve(feed))))
  // Alice's disk stops answering: her next append calls back only when the test lets it.
  let held: (() => void) | null = null
  feed.append = (value: unknown, cb: unknown) => {
    held = () => { delete (feed as { append?: unknown }).append; (feed.append as (v: unknown, cb: unknown) => void)(value, cb) }
  }
  const stuck = post(alice, 'default', 'stuck')
  await k.until('alice\'s post to reach her disk', () => held)
  let written = false
  const bobs = post(bob, 'default', 'meanwhile').then((entry) => { written = true; return entry })
  const since = Date.now()
  await k.until('bob\'s post to be written (or 2 s)', () => written || Date.now() - since > 2000)
  t.ok(written,
    'post: bob\'s post waited for alice\'s, which is stuck on her disk: a core\'s posts take turns with that core\'s other posts only, not with every core\'s (keep the turns per core, not in one queue at module level)')
  held!()
  const both = await k.step('alice\'s post once her disk answers, and bob\'s', Promise.all([stuck, bobs]))
  t.alike(both.map((entry) => entry.value.clock), [1, 1], 'each core counts its own clock: alice\'s post and bob\'s both get 1')
})

test('a post that fails does not block the posts after it', async (t, k) => {
  const alice = await peer(k, randomBytes(32))
  const feed = await k.step('alice\'s \'local\' writer feed', new Promise<{ append: unknown }>((resolve, reject) =>
    alice.writer('local', (err, feed) => err ? reject(err) : resolve(feed))))
  // The next append on alice's feed fails, as on a full disk; the ones after it work again.
  feed.append = (_value: unknown, cb: (err: Error) => void) => {
    delete (feed as { append?: unknown }).append
    process.nextTick(cb, new Error('no space left on the device'))
  }
  const [failed, after] = await k.step('alice posts "lost" (its append fails, as on a full disk) and "after" at once',
    Promise.allSettled([post(alice, 'default', 'lost'), post(alice, 'default', 'after')]))
  t.is(failed.status, 'rejected',
    `post must reject when its append fails (here: no space left on the device), passing the error on: a post that resolves says a message was written that never was; got ${failed.status === 'fulfilled' ? `resolved with ${JSON.stringify(failed.value)}` : failed.status}`)
  t.is(after.status, 'fulfilled',
    `post: a failed post must not block the next ones, the post after it waits for it to settle, written or failed; got ${after.status === 'rejected' ? `rejected with "${String((after.reason as Error)?.message ?? after.reason)}"` : after.status}`)
  t.alike(texts(await timeline(k, alice)), ['after'], 'the timeline holds "after"')
  // The next core.writer() call fails (the writer feed cannot be opened); post must reject, not crash.
  let opened = false
  const writer = alice.writer
  alice.writer = ((_name: string, ...rest: unknown[]) => {
    alice.writer = writer
    opened = true
    process.nextTick(rest[rest.length - 1] as (err: Error) => void, new Error('the writer feed cannot be opened'))
  }) as typeof alice.writer
  const [unopened, again] = await k.step('post(alice, …) twice at once: "lost" (its writer cannot be opened), then "again"',
    Promise.allSettled([post(alice, 'default', 'lost'), post(alice, 'default', 'again')]))
  if (opened) t.is(unopened.status, 'rejected', `post must reject when its writer feed cannot be opened, passing the error on; got ${unopened.status}`)
  t.is(again.status, 'fulfilled', `post: a failed post must not block the next ones, "again" is written; got ${again.status}`)
  t.alike(texts(await timeline(k, alice)), ['after', 'again'], 'the timeline holds "after", then "again"')
})

test('every entry with a clock counts, an about message too', async (t, k) => {
  const encryptionKey = randomBytes(32)
  const alice = await peer(k, encryptionKey)
  const bob = await peer(k, encryptionKey)
  await k.step('bob posts "hi" (clock 1)', post(bob, 'default', 'hi'))
  await k.step('bob changes his nick: an about message with clock 2, then one without a clock (as Cabal writes it)', async () => {
    await append(bob, { type: 'about', content: { name: 'bob' }, timestamp: Date.now(), clock: 2 })
    await append(bob, { type: 'about', content: { name: 'bobby' }, timestamp: Date.now() })
  })
  await k.step('bob sets the topic of channel default: a chat/topic entry, content { channel, text }, as cabal-core writes it',
    append(bob, { type: 'chat/topic', content: { channel: 'default', text: 'lunch plans' }, timestamp: Date.now() }))
  await k.step('alice and bob sync', syncOnce(alice, bob))
  await k.step('alice\'s timeline view is ready', new Promise<void>((resolve) => alice.ready(TIMELINE, resolve)))
  const highest = alice.api[TIMELINE].highestClock()
  t.is(highest, 2,
    `timelineView(): highestClock() is 2, not ${highest}: bob's about message has clock 2, and every entry with a clock counts, not only chat messages`)
  const reply = await k.step('alice posts', post(alice, 'default', 'hi bob'))
  t.is(reply.value.clock, 3, `post: alice had seen the about message with clock 2, so her post gets 3, not ${reply.value.clock}`)
  const list = texts(await timeline(k, alice))
  t.alike(list, ['hi', 'hi bob'],
    `timelineView(): choose chat messages by type (chat/text), not by shape: bob's chat/topic entry has a content.channel and a content.text too, and his about entries are no chat messages either; the timeline holds only the two posts, got ${JSON.stringify(list)}`)
})

test('messages() hands out a copy: what a caller does with it leaves the view alone', async (t, k) => {
  const alice = await peer(k, randomBytes(32))
  await k.step('alice posts "one", then "two"', async () => { await post(alice, 'default', 'one'); await post(alice, 'default', 'two') })
  const list = await timeline(k, alice)
  list.reverse()
  list.pop()
  list.push(msg(99, 'ff', 0))
  t.alike(texts(await timeline(k, alice)), ['one', 'two'],
    'a caller reversed, popped and pushed on the list it got, and messages() still gives "one", "two": hand out a copy, not the view\'s own array')
  await k.step('alice posts "three"', post(alice, 'default', 'three'))
  t.alike(texts(await timeline(k, alice)), ['one', 'two', 'three'], 'and the view goes on indexing in order')
  t.alike(texts(list), ['two', '99/ff/0'], '(the caller\'s list stays as the caller left it: a copy taken at the time)')
})

test('a reply is ordered after the message it answers, whatever the wall clocks say', async (t, k) => {
  const encryptionKey = randomBytes(32)
  const alice = await peer(k, encryptionKey)
  const bob = await peer(k, encryptionKey)
  await k.step('bob posts first', post(bob, 'default', 'anyone here?'))
  await k.step('alice and bob sync', syncOnce(alice, bob))
  const hour = 60 * 60 * 1000
  // Alice's clock is an hour fast; bob's is right.
  const question = await k.step('alice asks', post(alice, 'default', 'lunch?', { timestamp: Date.now() + hour }))
  await k.step('alice and bob sync', syncOnce(alice, bob))
  const answer = await k.step('bob answers', post(bob, 'default', 'yes!', { timestamp: Date.now() }))
  t.ok(answer.value.timestamp < question.value.timestamp, '(by timestamp, the answer would come before the question)')
  t.ok(answer.value.clock > question.value.clock, 'bob had seen the question: his answer has a higher clock')
  await k.step('alice and bob sync', syncOnce(alice, bob))
  t.alike(texts(await timeline(k, alice)), ['anyone here?', 'lunch?', 'yes!'], 'alice sees the question, then the answer')
  t.alike(texts(await timeline(k, bob)), ['anyone here?', 'lunch?', 'yes!'], 'so does bob')
})

test('messages with equal timestamps are all kept', async (t, k) => {
  const encryptionKey = randomBytes(32)
  const peers = [await peer(k, encryptionKey), await peer(k, encryptionKey), await peer(k, encryptionKey)]
  const now = 1700000000000
  await k.step('three peers post at the same millisecond', Promise.all(peers.map((p, i) => post(p, 'default', `hello from ${i}`, { timestamp: now }))))
  await k.step('peer 0 posts twice more at the same millisecond', async () => {
    await post(peers[0], 'default', 'again', { timestamp: now })
    await post(peers[0], 'default', 'again', { timestamp: now })
  })
  await k.step('everyone syncs', async () => { await syncOnce(peers[0], peers[1]); await syncOnce(peers[1], peers[2]); await syncOnce(peers[0], peers[1]) })
  for (const [i, p] of peers.entries()) {
    const list = await timeline(k, p)
    t.is(list.length, 5, `peer ${i} keeps all 5 messages (equal timestamps and equal texts are not duplicates)`)
    t.alike(texts(list).sort(), ['again', 'again', 'hello from 0', 'hello from 1', 'hello from 2'], `peer ${i} has every one of them`)
  }
})

test('every peer ends with the same total order, whatever the replication order', async (t, k) => {
  const encryptionKey = randomBytes(32)
  const [a, b, c] = [await peer(k, encryptionKey), await peer(k, encryptionKey), await peer(k, encryptionKey)]
  await k.step('a, b and c post, syncing in between', async () => {
    await post(a, 'default', 'a1')
    await post(b, 'default', 'b1')
    await syncOnce(a, b)
    await post(c, 'default', 'c1', { timestamp: 0 })
    await post(c, 'other', 'elsewhere')
    await post(b, 'default', 'b2')
    await syncOnce(c, b)
    await post(a, 'default', 'a2')
    await post(c, 'default', 'c2', { timestamp: Date.now() + 1e9 })
  })
  await k.step('a syncs with c, then b; c with b', async () => { await syncOnce(a, c); await syncOnce(a, b); await syncOnce(c, b) })
  const [ta, tb, tc] = [await timeline(k, a), await timeline(k, b), await timeline(k, c)]
  t.is(ta.length, 6, 'a has the 6 messages of channel default')
  for (const [name, list] of [['a', ta], ['b', tb], ['c', tc]] as const) {
    t.alike(texts(list), texts([...list].sort(compareEntries)),
      `${name}'s messages() is sorted by (clock, key, seq), not in the order the entries were indexed`)
  }
  t.alike(texts(tb), texts(ta), 'b has them in the same order as a')
  t.alike(texts(tc), texts(ta), 'c has them in the same order as a')
  t.ok(ta.findIndex((e) => e.value.content.text === 'b1') < ta.findIndex((e) => e.value.content.text === 'b2'), 'an author\'s own messages keep their order')
  t.ok(ta.findIndex((e) => e.value.content.text === 'b2') < ta.findIndex((e) => e.value.content.text === 'c2'), 'c had seen b2 before writing c2: c2 comes after')
  t.alike(texts(await timeline(k, a, 'other')), ['elsewhere'], 'each channel has its own timeline')
})
