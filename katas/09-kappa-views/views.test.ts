// Kata 09 — kappa views. Run it: npm test -- 09
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { syncOnce, test, type KataContext } from '../../src/harness/index.ts'
import {
  counterView, indexed, nicknameView, openPeer, publish, savedCounterView,
  type Entry, type Message, type Peer, type View
} from './views.ts'

const chat = (text: string, timestamp = Date.now()): Message =>
  ({ type: 'chat/text', content: { channel: 'default', text }, timestamp })
const about = (name: string, timestamp = Date.now()): Message =>
  ({ type: 'about', content: { name }, timestamp })

async function peer (k: KataContext, encryptionKey: Buffer, dir?: string): Promise<Peer> {
  return k.closes(await k.step('openPeer(dir, encryptionKey)', openPeer(dir ?? await k.tmp(), encryptionKey)))
}

/** One non-live replication between two peers: resolves once both sides are done. */
const sync = (a: Peer, b: Peer): Promise<void> => syncOnce(a.multifeed, b.multifeed)

/** Feeds `batches` straight into a view's map, in that order, as an indexer would. */
async function feed (view: View<object>, batches: Array<Array<Entry<Message>>>): Promise<void> {
  for (const batch of batches) {
    await new Promise<void>((resolve, reject) => view.map(batch, (err) => err ? reject(err) : resolve()))
  }
}

/** Wraps a view's map so the test can see how many entries the indexer hands it. */
function watched<Api> (view: View<Api>): { view: View<Api>, seen: () => number } {
  let seen = 0
  const map = view.map.bind(view)
  view.map = (entries, next) => { seen += entries.length; map(entries, next) }
  return { view, seen: () => seen }
}

test('a counter view counts every entry once the indexer is ready', async (t, k) => {
  const alice = await peer(k, randomBytes(32))
  const counter = watched(counterView())
  alice.kappa.use('counter', counter.view)
  await k.step('indexed(peer) with no entries', indexed(alice))
  t.is(alice.kappa.api.counter.count(), 0, 'nothing written yet: the count is 0')

  const first = await k.step('publish(peer, message)', publish(alice, chat('hello')))
  t.is(first.seq, 0, 'the first entry of a new writer has seq 0')
  const feeds = alice.multifeed.feeds().map((feed) => feed.key.toString('hex'))
  t.is(feeds.length, 1,
    'publish wrote to peer.multifeed, and it is the multifeed kappa-core indexes: create the multifeed yourself and hand it to kappa-core as { multifeed } (given a storage path, kappa-core builds a second multifeed of its own)')
  t.alike(alice.kappa.feeds().map((feed) => feed.key.toString('hex')), feeds,
    'kappa-core runs on peer.multifeed (its feeds are the same): hand your multifeed to kappa-core as { multifeed }')
  t.is(first.key, feeds[0], 'publish returns the writer feed\'s key in hex')
  const second = await k.step('publish(peer, message) a second time', publish(alice, chat('how are you?')))
  t.is(second.key, first.key,
    'publish appends to the same feed every time: the peer\'s writer is found by its name (\'local\'); asked for without a name, multifeed makes a new feed each time')
  t.is(second.seq, 1, 'the second entry gets seq 1: publish resolves with the position of the new entry')
  await k.step('publish a third', publish(alice, about('alice')))
  await k.step('indexed(peer)', indexed(alice))
  t.is(counter.seen(), 3, 'indexed() resolves only once the views have indexed every entry: the counter\'s map was handed all 3 (wait until kappa is ready)')
  t.is(alice.kappa.api.counter.count(), 3, 'count() is the number of entries map received (each call brings a batch of them), here 3')
})

test('only peers with the same encryptionKey replicate: a stranger gets nothing', async (t, k) => {
  const alice = await peer(k, randomBytes(32))
  await k.step('alice publishes', publish(alice, chat('for the room only')))
  const stranger = await peer(k, randomBytes(32))
  // Between two rooms the streams fail (each may emit more than one error) or simply end; either way nothing may cross.
  await k.step('a sync between alice and a peer with another encryptionKey', new Promise<void>((resolve) => {
    const streams = [alice.multifeed.replicate(true, { live: false }), stranger.multifeed.replicate(false, { live: false })]
    let open = streams.length
    for (const stream of streams) {
      stream.on('error', () => {})
      stream.once('close', () => { if (--open === 0) resolve() })
    }
    streams[0].pipe(streams[1]).pipe(streams[0])
  }))
  t.is(stranger.multifeed.feeds().length, 0,
    'a peer with another encryptionKey got alice\'s feed: openPeer must give the multifeed the encryptionKey (the room secret); without it every multifeed uses multifeed\'s public default key, and anyone replicates with the room')
  t.is(alice.multifeed.feeds().length, 1, 'and alice still has only her own feed')
})

test('map receives entries in batches: the counter counts entries, not calls', async (t, k) => {
  const alice = await peer(k, randomBytes(32))
  await k.step('publish 12 entries', async () => {
    for (let n = 1; n <= 12; n++) await publish(alice, chat(`message ${n}`))
  })
  // Used after the entries are written: the indexer hands them over in batches of up to 10.
  const counter = watched(counterView())
  alice.kappa.use('counter', counter.view)
  await k.until('the indexer to hand the counter all 12 entries', () => counter.seen() >= 12)
  t.is(alice.kappa.api.counter.count(), 12, 'map receives a batch of up to 10 entries per call: count every entry of the batch, not the calls (12 entries)')
})

test('a key-value view keeps the latest nickname of each author', async (t, k) => {
  const alice = await peer(k, randomBytes(32))
  alice.kappa.use('nicknames', nicknameView())
  const { key } = await k.step('publish about("al")', publish(alice, about('al')))
  await k.step('publish a chat message and about("alice")', async () => {
    await publish(alice, chat('call me alice'))
    await publish(alice, about('alice'))
  })
  await k.step('indexed(peer)', indexed(alice))
  t.is(alice.kappa.api.nicknames.get(key), 'alice', 'the last about message in the author\'s own log wins')
  // A chat message after the last about, whose content happens to carry a `name` field.
  const signed = { type: 'chat/text', content: { channel: 'default', text: 'hi, alice here', name: 'signature' }, timestamp: Date.now() }
  await k.step('publish two chat messages after about("alice")', async () => {
    await publish(alice, chat('anyone here?'))
    await publish(alice, signed as Message)
  })
  await k.step('indexed(peer)', indexed(alice))
  t.is(alice.kappa.api.nicknames.get(key), 'alice',
    'only messages of type \'about\' set a nickname (check the entry\'s type, not its content): alice\'s chat messages after her about("alice") changed her name')
  t.is(alice.kappa.api.nicknames.get('00'.repeat(32)), null, 'an author who never said their name has none: null')
  t.alike(alice.kappa.api.nicknames.all(), { [key]: 'alice' }, 'all() maps author keys to nicknames')
})

test('the same entries, indexed in another arrival order, give the same view state', async (t, k) => {
  const encryptionKey = randomBytes(32)
  const alice = await peer(k, encryptionKey)
  const bob = await peer(k, encryptionKey)
  // Alice's clock jumps back: her newest nickname carries the oldest timestamp.
  const { key: aliceKey } = await k.step('alice publishes about("al")', publish(alice, about('al', 2000)))
  const { key: bobKey } = await k.step('bob publishes about("bob") and a chat message', async () => {
    const named = await publish(bob, about('bob', 1000))
    await publish(bob, chat('hi all', 1001))
    return named
  })

  // Carol hears from alice first, and from alice again after alice renamed herself; dave the other way round.
  const carol = await peer(k, encryptionKey)
  const dave = await peer(k, encryptionKey)
  for (const observer of [carol, dave]) {
    observer.kappa.use('nicknames', nicknameView())
    observer.kappa.use('counter', counterView())
  }
  await k.step('carol syncs with alice', sync(alice, carol))
  await k.step('alice publishes about("alice") with an old timestamp', publish(alice, about('alice', 500)))
  await k.step('carol syncs with bob, then alice', async () => { await sync(bob, carol); await sync(alice, carol) })
  await k.step('dave syncs with bob, then alice', async () => { await sync(bob, dave); await sync(alice, dave) })
  await k.step('indexed(carol) and indexed(dave)', Promise.all([indexed(carol), indexed(dave)]))

  t.alike(carol.kappa.api.nicknames.all(), dave.kappa.api.nicknames.all(), 'carol and dave see the same nicknames')
  t.is((carol.kappa.api.nicknames.all() as Record<string, string>)[bobKey], 'bob', 'bob is called bob: his chat message after about("bob") is not a nickname (only about messages name an author)')
  t.is(dave.kappa.api.nicknames.get(aliceKey), 'alice', 'alice\'s latest nickname is the last one in her log, whatever its timestamp says')
  t.is(carol.kappa.api.counter.count(), 4, 'carol counted 4 entries')
  t.is(dave.kappa.api.counter.count(), 4, 'dave counted 4 entries')

  // Other indexers (sparse ones) can hand a view a feed's entries out of order: the view must not care.
  const ordered = nicknameView()
  const shuffled = nicknameView()
  const e = (key: string, seq: number, name: string): Entry<Message> => ({ key, seq, value: about(name, 0) })
  await k.step('map() over batches in log order', feed(ordered, [[e('aa', 0, 'a1'), e('aa', 1, 'a2')], [e('bb', 0, 'b1')]]))
  await k.step('map() over the same entries shuffled', feed(shuffled, [[e('bb', 0, 'b1'), e('aa', 1, 'a2')], [e('aa', 0, 'a1')]]))
  t.alike(shuffled.api.all(alice.kappa), ordered.api.all(alice.kappa), 'the same entries in any order: the same nicknames (compare seq, not arrival)')
  t.is(shuffled.api.get(alice.kappa, 'aa'), 'a2', 'the entry with the highest seq is the latest')
})

test('a fresh kappa on the same storage rebuilds an in-memory view from the logs', async (t, k) => {
  const encryptionKey = randomBytes(32)
  const dir = await k.tmp()
  const first = await k.step('openPeer(dir)', openPeer(dir, encryptionKey))
  first.kappa.use('counter', counterView())
  await k.step('publish 3 entries', async () => {
    for (const text of ['one', 'two', 'three']) await publish(first, chat(text))
  })
  await k.step('indexed(peer)', indexed(first))
  await k.step('peer.close()', first.close())
  t.ok(first.multifeed.closed, 'after close() resolves, the peer\'s multifeed is closed (multifeed.closed is true)')

  const again = await peer(k, encryptionKey, dir)
  t.is(again.multifeed.feeds().length, 1, 'the reopened peer has its writer feed back from disk')
  again.kappa.use('counter', counterView())
  await k.step('indexed(reopened peer)', indexed(again))
  t.is(again.kappa.api.counter.count(), 3, 'the view lived in memory, yet it is back: rebuilt from the logs')
})

test('a saved view resumes where it stopped, and rebuilds when its version goes up', async (t, k) => {
  const encryptionKey = randomBytes(32)
  const dir = await k.tmp()
  const file = path.join(await k.tmp(), 'counter.json')

  const first = await k.step('openPeer(dir)', openPeer(dir, encryptionKey))
  // kappa-core re-emits a view's errors on the core: an error in fetchState or storeState lands here.
  const viewFailed = new Promise<never>((_resolve, reject) => first.kappa.on('error', (err: Error) => reject(new Error(
    `the saved view failed: ${err.message} (fetchState must answer cb(null, null) when nothing was saved yet, and storeState must save without error)`))))
  viewFailed.catch(() => {})
  first.kappa.use('counter', 1, savedCounterView(file))
  await k.step('publish 3 entries', async () => {
    for (const text of ['one', 'two', 'three']) await publish(first, chat(text))
  })
  await k.step('indexed(peer), the view\'s file not written yet', Promise.race([indexed(first), viewFailed]))
  t.is(first.kappa.api.counter.count(), 3, 'version 1 counted 3 entries')
  await k.step('peer.close()', first.close())
  t.ok(first.multifeed.closed, 'after close() resolves, the peer\'s multifeed is closed (multifeed.closed is true)')

  const second = await k.step('openPeer(dir) again', openPeer(dir, encryptionKey))
  const same = watched(savedCounterView(file))
  second.kappa.use('counter', 1, same.view)
  await k.step('indexed(reopened peer)', indexed(second))
  t.is(second.kappa.api.counter.count(), 3, 'same version: the count is loaded from the file')
  t.is(same.seen(), 0, 'same version: no entry is indexed twice (the indexer\'s state was saved with the count)')
  await k.step('publish a 4th entry', publish(second, chat('four')))
  await k.step('indexed(peer)', indexed(second))
  t.is(second.kappa.api.counter.count(), 4, 'and it goes on counting new entries')
  t.is(same.seen(), 1, 'only the new entry was indexed')
  await k.step('peer.close()', second.close())
  t.ok(second.multifeed.closed, 'after close() resolves, the peer\'s multifeed is closed (multifeed.closed is true)')

  const third = await peer(k, encryptionKey, dir)
  const bumped = watched(savedCounterView(file))
  third.kappa.use('counter', 2, bumped.view)
  await k.step('indexed(peer with version 2)', indexed(third))
  t.is(bumped.seen(), 4, 'version 2: the indexer calls clearIndex (not clearState), which must forget the stored indexer position too (the saved state), so every entry is indexed again')
  t.is(third.kappa.api.counter.count(), 4, 'version 2: clearIndex must forget the count too: rebuilt from the logs it is 4, not the saved count plus 4')
})
