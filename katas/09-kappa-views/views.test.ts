// Kata 09 — kappa views. Run it: npm test -- 09
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { onSlowDisk, syncOnce, test, type KataContext } from '../../src/harness/index.ts'
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

/** Wraps a saved view's hooks: which one called back with an error, and which error. */
function spied<Api> (view: View<Api>): { view: View<Api>, failure: () => string | null } {
  let failure: string | null = null
  for (const name of ['storeState', 'fetchState', 'clearIndex'] as const) {
    const hook = view[name] as ((...args: unknown[]) => void) | undefined
    if (typeof hook !== 'function') continue
    view[name] = ((...args: unknown[]) => {
      const cb = args.pop() as (err?: Error | null, ...rest: unknown[]) => void
      hook.call(view, ...args, (err?: Error | null, ...rest: unknown[]) => {
        if (err && !failure) failure = `${name} called back with the error "${err.message}"`
        cb(err, ...rest)
      })
    }) as never
  }
  return { view, failure: () => failure }
}

interface Hooks {
  storeState (state: Buffer, cb: (err?: Error | null) => void): void
  fetchState (cb: (err: Error | null, state?: Buffer | null) => void): void
  clearIndex (cb: (err?: Error | null) => void): void
}

/** The three state hooks of a saved view, or a failure naming the one it lacks. */
function hooksOf (t: { fail (message: string): void }, view: View<object>): Hooks | null {
  for (const name of ['storeState', 'fetchState', 'clearIndex'] as const) {
    if (typeof view[name] === 'function') continue
    t.fail(name === 'clearIndex'
      ? 'savedCounterView() has no clearIndex: multifeed-index calls clearIndex when a view\'s version changes (kappa-core\'s README says clearState, but that name is never called)'
      : `savedCounterView() has no ${name}: a view that saves its state gives the indexer storeState and fetchState`)
    return null
  }
  return view as View<object> & Hooks
}

/** Calls a callback-taking hook; resolves with the error it called back with (null for none). */
function call (hook: (cb: (err?: Error | null) => void) => void): Promise<Error | null> {
  return new Promise((resolve) => hook((err) => resolve(err ?? null)))
}

function fetched (hooks: Hooks): Promise<{ err: Error | null, state: Buffer | null }> {
  return new Promise((resolve) => hooks.fetchState((err, state) => resolve({ err: err ?? null, state: state ?? null })))
}

function described ({ err, state }: { err: Error | null, state: Buffer | null }): string {
  return err ? `the error "${err.message}"` : state ? `the state ${JSON.stringify(state.toString())}` : '(null, null)'
}

test('openPeer resolves only once the peer\'s feeds are ready, however slow the disk is to answer', async (t, k) => {
  const dir = await k.tmp()
  // For 1 s the disk answers nothing: the feeds cannot be loaded before, so openPeer cannot resolve before either.
  const { result } = await onSlowDisk(await k.tmp(), () => openPeer(dir, randomBytes(32)).then(async (opened) => {
    k.closes(opened)
    // A ready multifeed calls ready()'s callback on the next tick; one still loading its feeds does not.
    let ready = false
    opened.multifeed.ready(() => { ready = true })
    await new Promise((resolve) => setImmediate(resolve))
    return { ready }
  }))
  const { ready } = await k.step('openPeer(dir, encryptionKey) on a disk that took 1 s to answer', result)
  t.ok(ready, ready
    ? 'the peer\'s multifeed is ready when openPeer resolves, even on a slow disk'
    : 'openPeer resolves only once the peer is ready to use: on a disk that took 1 s to answer, openPeer resolved while its ' +
      'multifeed was still loading its feeds (wait until the multifeed itself is ready before handing the peer out)')
})

test('a counter view counts every entry once the indexer is ready', async (t, k) => {
  const alice = await peer(k, randomBytes(32))
  const counter = watched(counterView())
  alice.kappa.use('counter', counter.view)
  await k.step('indexed(peer) with no entries', indexed(alice))
  t.is(alice.kappa.api.counter.count(), 0, 'counterView(): nothing written yet, the count is 0')

  const first = await k.step('publish(peer, message)', publish(alice, chat('hello')))
  t.is(first.seq, 0, 'publish resolves with the seq of the new entry: the first entry of a new writer has seq 0')
  const feeds = alice.multifeed.feeds().map((feed) => feed.key.toString('hex'))
  t.is(feeds.length, 1,
    'openPeer: publish wrote to peer.multifeed, and it must be the multifeed kappa-core indexes: build kappa-core on the multifeed you made (given a storage path, kappa-core builds a second multifeed of its own)')
  t.alike(alice.kappa.feeds().map((feed) => feed.key.toString('hex')), feeds,
    'openPeer: kappa-core must run on peer.multifeed (its feeds are the same): build kappa-core on the multifeed you made, not on a storage path')
  t.is(first.key, feeds[0], 'publish resolves with the writer feed\'s key in hex')
  const second = await k.step('publish(peer, message) a second time', publish(alice, chat('how are you?')))
  t.is(second.key, first.key,
    'publish appends to the same feed every time: the peer\'s own writer is found by its name (\'local\'); asked for without a name, multifeed makes a new feed each time')
  t.is(second.seq, 1, 'publish: the second entry gets seq 1, publish resolves with the position of the new entry')
  await k.step('publish a third', publish(alice, about('alice')))
  await k.step('indexed(peer)', indexed(alice))
  t.is(counter.seen(), 3, 'indexed() resolves only once the views have indexed every entry: the counter\'s map was handed all 3 (wait until kappa says its views are ready)')
  t.is(alice.kappa.api.counter.count(), 3, 'counterView(): count() is the number of entries map received, here 3')
})

test('each call of a view function makes a view with its own state', async (t, k) => {
  const dir = await k.tmp()
  // One entry per batch: what is checked here is whose state it is, not how batches are counted.
  const one = (key: string, seq: number, value: Message): Array<Array<Entry<Message>>> => [[{ key, seq, value }]]
  const [a, b] = [counterView(), counterView()]
  await k.step('map() of two counterView()s: 2 entries into one, 1 into the other', async () => {
    await feed(a, [...one('aa', 0, chat('x')), ...one('aa', 1, chat('y'))])
    await feed(b, one('bb', 0, chat('z')))
  })
  t.alike([a.api.count(null as never), b.api.count(null as never)], [2, 1],
    'counterView(): each call makes a view with its own count (two cores, two views): keep the state inside the function, not at module level where every view shares it')
  const [n, m] = [nicknameView(), nicknameView()]
  await k.step('map() of two nicknameView()s, one author each', async () => {
    await feed(n, one('aa', 0, about('ann')))
    await feed(m, one('bb', 0, about('bob')))
  })
  t.alike([n.api.all(null as never), m.api.all(null as never)], [{ aa: 'ann' }, { bb: 'bob' }],
    'nicknameView(): each call makes a view with its own names: keep the state inside the function, not at module level where every view shares it')
  const [s, u] = [savedCounterView(path.join(dir, 's.json')), savedCounterView(path.join(dir, 'u.json'))]
  await k.step('map() of two savedCounterView()s: 2 entries into one, 1 into the other', async () => {
    await feed(s, [...one('aa', 0, chat('x')), ...one('aa', 1, chat('y'))])
    await feed(u, one('bb', 0, chat('z')))
  })
  t.alike([s.api.count(null as never), u.api.count(null as never)], [2, 1],
    'savedCounterView(): each call makes a view with its own count: keep the state inside the function, not at module level where every view shares it')
})

test('indexed waits for the views themselves, however long they take, not for a timer', async (t, k) => {
  const alice = await peer(k, randomBytes(32))
  await k.step('publish 2 entries', async () => { await publish(alice, chat('one')); await publish(alice, chat('two')) })
  // A view that takes its time: it holds each batch until the test lets it go, as a slow disk would.
  let held: (() => void) | null = null
  let seen = 0
  alice.kappa.use('slow', { map (entries: unknown[], next: () => void) { seen += entries.length; held = next }, api: {} })
  await k.until('the slow view to be handed its first batch', () => held)
  let settled = false
  const done = indexed(alice).then(() => { settled = true })
  const since = Date.now()
  await k.until('1.2 s while the slow view is still indexing', () => settled || Date.now() - since > 1200)
  t.absent(settled,
    'indexed() resolved while a view was still indexing (its map had not called next()): indexed must wait until kappa-core says its views are ready, not for a timer (a timer only guesses how long indexing takes)')
  const release = (): void => { const next = held; held = null; next?.() }
  await k.until('the slow view to index both entries', () => { release(); return seen >= 2 && held === null })
  release()
  await k.step('indexed(peer) once the slow view is done', done)
  t.is(seen, 2, 'indexed() resolved once the view had indexed both entries')
})

test('indexed waits for every view of the peer, not only one of them', async (t, k) => {
  const alice = await peer(k, randomBytes(32))
  await k.step('publish 2 entries', async () => { await publish(alice, chat('one')); await publish(alice, chat('two')) })
  // Three views: the one in the middle holds each batch until the test lets it go, the other two are quick.
  let held: (() => void) | null = null
  let seen = 0
  alice.kappa.use('counter', counterView())
  alice.kappa.use('slow', { map (entries: unknown[], next: () => void) { seen += entries.length; held = next }, api: {} })
  alice.kappa.use('nicknames', nicknameView())
  await k.until('the slow view to be handed its first batch', () => held)
  let settled = false
  const done = indexed(alice).then(() => { settled = true })
  let quick = false
  alice.kappa.ready(['counter', 'nicknames'], () => { quick = true })
  await k.until('the counter and nicknames views to be ready', () => quick)
  const since = Date.now()
  await k.until('a moment after the quick views are ready', () => settled || Date.now() - since > 200)
  t.absent(settled,
    'indexed() resolved once the counter and nicknames views were ready, while the view "slow" was still indexing: indexed must wait until every view of the peer has caught up, not one or some of them (kappa-core can wait for all its views at once)')
  const release = (): void => { const next = held; held = null; next?.() }
  await k.until('the slow view to index both entries', () => { release(); return seen >= 2 && held === null })
  release()
  await k.step('indexed(peer) once the slow view is done', done)
})

test('publish passes a failed write on to its caller', async (t, k) => {
  const alice = await peer(k, randomBytes(32))
  const feed = await k.step('alice\'s \'local\' writer feed', new Promise<{ append: unknown }>((resolve, reject) =>
    alice.multifeed.writer('local', (err, feed) => err ? reject(err) : resolve(feed))))
  // The next append fails, as on a full disk.
  feed.append = (_value: unknown, cb: (err: Error) => void) => {
    delete (feed as { append?: unknown }).append
    process.nextTick(cb, new Error('no space left on the device'))
  }
  const [full] = await k.step('publish(peer, message) while the disk is full', Promise.allSettled([publish(alice, chat('lost'))]))
  t.is(full.status, 'rejected',
    `publish must reject when the append fails (here: no space left on the device), not resolve as if the message were written; got ${full.status === 'fulfilled' ? `resolved with ${JSON.stringify(full.value)}` : full.status}`)
  const writer = alice.multifeed.writer
  alice.multifeed.writer = ((...args: unknown[]) => {
    alice.multifeed.writer = writer
    process.nextTick(args[args.length - 1] as (err: Error) => void, new Error('the writer feed cannot be opened'))
  }) as typeof writer
  const [unopened] = await k.step('publish(peer, message) when the writer cannot be opened', Promise.allSettled([publish(alice, chat('lost'))]))
  t.is(unopened.status, 'rejected',
    `publish must reject when its writer feed cannot be opened, passing the error on; got ${unopened.status === 'fulfilled' ? `resolved with ${JSON.stringify(unopened.value)}` : unopened.status}`)
  const after = await k.step('publish(peer, message) once the disk has room again', publish(alice, chat('written')))
  t.is(after.seq, 0, 'publish: the failed append wrote nothing, so the next entry is seq 0')
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
  t.is(alice.kappa.api.counter.count(), 12, 'counterView(): map receives a batch of entries per call (up to 10): count every entry of the batch, not the calls (12 entries)')
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
  t.is(alice.kappa.api.nicknames.get(key), 'alice', 'nicknameView(): the last about message in the author\'s own log wins')
  // A chat message after the last about, whose content happens to carry a `name` field.
  const signed = { type: 'chat/text', content: { channel: 'default', text: 'hi, alice here', name: 'signature' }, timestamp: Date.now() }
  await k.step('publish two chat messages after about("alice")', async () => {
    await publish(alice, chat('anyone here?'))
    await publish(alice, signed as Message)
  })
  await k.step('indexed(peer)', indexed(alice))
  t.is(alice.kappa.api.nicknames.get(key), 'alice',
    'nicknameView(): only messages of type \'about\' set a nickname (choose entries by their type, not by what their content holds): alice\'s chat messages after her about("alice") changed her name')
  t.is(alice.kappa.api.nicknames.get('00'.repeat(32)), null, 'nicknameView(): an author who never said their name has none: null')
  t.alike(alice.kappa.api.nicknames.all(), { [key]: 'alice' }, 'nicknameView(): all() maps author keys to nicknames')
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

  t.alike(carol.kappa.api.nicknames.all(), dave.kappa.api.nicknames.all(), 'nicknameView(): carol and dave see the same nicknames, whatever order their entries arrived in (compare seq, not arrival order)')
  t.is((carol.kappa.api.nicknames.all() as Record<string, string>)[bobKey], 'bob', 'nicknameView(): bob is called bob, his chat message after about("bob") is not a nickname (only entries of type about name an author)')
  t.is(dave.kappa.api.nicknames.get(aliceKey), 'alice', 'nicknameView(): alice\'s latest nickname is the last one in her log (the highest seq), whatever its timestamp says: a timestamp is only what her clock said')
  t.is(carol.kappa.api.counter.count(), 4, 'carol counted 4 entries')
  t.is(dave.kappa.api.counter.count(), 4, 'dave counted 4 entries')

  // Other indexers (sparse ones) can hand a view a feed's entries out of order: the view must not care.
  const ordered = nicknameView()
  const shuffled = nicknameView()
  const e = (key: string, seq: number, name: string): Entry<Message> => ({ key, seq, value: about(name, 0) })
  await k.step('map() over batches in log order', feed(ordered, [[e('aa', 0, 'a1'), e('aa', 1, 'a2')], [e('bb', 0, 'b1')]]))
  await k.step('map() over the same entries shuffled', feed(shuffled, [[e('bb', 0, 'b1'), e('aa', 1, 'a2')], [e('aa', 0, 'a1')]]))
  t.alike(shuffled.api.all(alice.kappa), ordered.api.all(alice.kappa), 'nicknameView(): the same entries in any order give the same nicknames (compare seq, not arrival order)')
  t.is(shuffled.api.get(alice.kappa, 'aa'), 'a2', 'nicknameView(): the entry with the highest seq is the latest')
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

test('savedCounterView keeps its promises: storeState, fetchState and clearIndex call back when done, with any error', async (t, k) => {
  const dir = await k.tmp()
  const file = path.join(dir, 'counter.json')
  const view = savedCounterView(file)
  const hooks = hooksOf(t, view)
  if (!hooks) return
  const position = Buffer.from('the indexer\'s position')

  // A view of its own for the first two checks: whatever it leaves running must not touch the file below.
  const never = hooksOf(t, savedCounterView(path.join(dir, 'never saved.json')))
  if (!never) return
  const nothing = await k.step('fetchState(cb) before anything was saved', fetched(never))
  t.alike(nothing, { err: null, state: null },
    `fetchState: when nothing was saved yet there is nothing to fetch, which is not an error: call back with (null, null); got ${described(nothing)}`)
  const cleared = await k.step('clearIndex(cb) before anything was saved', call((cb) => never.clearIndex(cb)))
  t.is(cleared, null,
    `clearIndex: clearing an index that does not exist yet must not fail (the indexer clears a view that has no saved state before its first run); got the error "${cleared?.message}"`)

  await k.step('map() two entries, one per batch', feed(view, [[{ key: 'aa', seq: 0, value: chat('x') }], [{ key: 'aa', seq: 1, value: chat('y') }]]))
  // On a disk that does not answer for a while, the write cannot be done before the disk answers again.
  let onDisk = false
  const saving = await onSlowDisk(await k.tmp(), () => call((cb) => hooks.storeState(position, (err) => { onDisk = existsSync(file); cb(err) })), 500)
  const stored = await k.step('storeState(position, cb) on a disk slow to answer', saving.result)
  t.is(stored, null, `storeState: saving in a directory that exists calls back without an error; got "${stored?.message}"`)
  t.ok(onDisk,
    'storeState must call back only once the write is done: when its callback ran, nothing was in the file yet (the indexer takes the callback as "saved" and moves on)')

  const restarted = savedCounterView(file)
  const restartedHooks = hooksOf(t, restarted)
  if (!restartedHooks) return
  const back = await k.step('a fresh savedCounterView(file): fetchState(cb)', fetched(restartedHooks))
  t.alike(back, { err: null, state: position },
    `fetchState must call back with the very buffer storeState was handed last (the indexer's position); got ${described(back)}`)
  t.is(restarted.api.count(null as never), 2,
    'fetchState must restore the count saved with the position: a fresh savedCounterView(file) fetched its state, so its count is the saved 2')

  let gone = false
  const wiping = await onSlowDisk(await k.tmp(), () => call((cb) => restartedHooks.clearIndex((err) => { gone = !existsSync(file); cb(err) })), 500)
  const wiped = await k.step('clearIndex(cb) after a save, on a disk slow to answer', wiping.result)
  t.is(wiped, null, `clearIndex calls back without an error; got "${wiped?.message}"`)
  t.ok(gone,
    'clearIndex must forget the stored position too, and call back only once it is gone: when its callback ran, the saved file was still there (the indexer would fetch the old position again and index nothing)')
  t.is(restarted.api.count(null as never), 0, 'clearIndex must forget the count too: after clearing, count() is 0')
  const afterClear = await k.step('fetchState(cb) after clearIndex', fetched(restartedHooks))
  t.alike(afterClear, { err: null, state: null }, `after clearIndex, fetchState finds nothing: (null, null); got ${described(afterClear)}`)

  const missing = hooksOf(t, savedCounterView(path.join(dir, 'no such directory', 'counter.json')))
  if (!missing) return
  const failed = await k.step('storeState(position, cb) into a directory that does not exist', call((cb) => missing.storeState(position, cb)))
  t.ok(failed instanceof Error,
    'storeState must call back with the error of a failed write (here: its directory does not exist), not swallow it: the indexer would believe a position was saved that never was')
  const unreadable = path.join(dir, 'a directory')
  await mkdir(unreadable)
  const broken = hooksOf(t, savedCounterView(unreadable))
  if (!broken) return
  const read = await k.step('fetchState(cb) of a file that cannot be read (it is a directory)', fetched(broken))
  t.ok(read.err instanceof Error,
    `fetchState must call back with the error when the saved state cannot be read (here: the file is a directory): a file you cannot read is not an empty one, and answering "nothing" re-indexes everything on top of what was saved; got ${described(read)}`)
  const corrupt = path.join(dir, 'corrupt.json')
  await writeFile(corrupt, 'not what storeState wrote')
  const garbled = hooksOf(t, savedCounterView(corrupt))
  if (!garbled) return
  const parsed = await k.step('fetchState(cb) of a corrupt file', fetched(garbled))
  t.ok(parsed.err instanceof Error,
    `fetchState must call back with an error when the saved state is corrupt, not answer "nothing" nor throw; got ${described(parsed)}`)
  const stuck = hooksOf(t, savedCounterView(path.join(corrupt, 'counter.json')))
  if (!stuck) return
  const refused = await k.step('clearIndex(cb) where the saved state cannot be removed (its directory is a file)', call((cb) => stuck.clearIndex(cb)))
  t.ok(refused instanceof Error,
    'clearIndex must call back with the error when the saved state cannot be removed (here: its directory is a file), not swallow it: the indexer would take the old position as gone while it is still there (only a file that is not there is nothing to clear)')
})

test('savedCounterView saves the count only with the indexer\'s position, when the indexer stores it', async (t, k) => {
  const file = path.join(await k.tmp(), 'counter.json')
  const view = savedCounterView(file)
  const hooks = hooksOf(t, view)
  if (!hooks) return
  const position = Buffer.from('after 2 entries')
  await k.step('map() 2 entries, then storeState(position after 2 entries, cb)', async () => {
    await feed(view, [[{ key: 'aa', seq: 0, value: chat('x') }, { key: 'aa', seq: 1, value: chat('y') }]])
    await call((cb) => hooks.storeState(position, cb))
  })
  // The indexer hands over a third entry, and the process dies before it stores the new position.
  await k.step('map() a 3rd entry, then a crash before storeState', feed(view, [[{ key: 'aa', seq: 2, value: chat('z') }]]))
  const restarted = savedCounterView(file)
  const restartedHooks = hooksOf(t, restarted)
  if (!restartedHooks) return
  const back = await k.step('a fresh savedCounterView(file): fetchState(cb)', fetched(restartedHooks))
  t.alike(back, { err: null, state: position }, `fetchState gives back the position storeState saved; got ${described(back)}`)
  const count = restarted.api.count(null as never)
  t.is(count, 2,
    `savedCounterView: after the crash, fetchState gave back the position saved after 2 entries, with a count of ${count}: the count and the indexer's position must be saved together, at the same moment (when the indexer calls storeState), or the indexer hands over the 3rd entry again and it is counted twice`)
})

test('a saved view resumes where it stopped, and rebuilds when its version goes up', async (t, k) => {
  const encryptionKey = randomBytes(32)
  const dir = await k.tmp()
  const file = path.join(await k.tmp(), 'counter.json')

  const first = await k.step('openPeer(dir)', openPeer(dir, encryptionKey))
  // kappa-core re-emits a view's errors on the core; the spy says which of the view's hooks called back with one.
  const spy = spied(savedCounterView(file))
  const viewFailed = new Promise<never>((_resolve, reject) => first.kappa.on('error', (err: Error) => reject(new Error(
    `the saved view stopped: ${spy.failure() ?? `the indexer failed: ${err.message}`}`))))
  viewFailed.catch(() => {})
  first.kappa.use('counter', 1, spy.view)
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
  t.is(second.kappa.api.counter.count(), 3, 'savedCounterView, same version: fetchState loads the count saved in the file')
  t.is(same.seen(), 0, 'savedCounterView, same version: no entry is indexed twice (storeState saved the indexer\'s position with the count)')
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
  t.is(bumped.seen(), 4, 'savedCounterView with version 2: the indexer calls clearIndex, which must forget the stored position too, so every entry is indexed again')
  t.is(third.kappa.api.counter.count(), 4, 'savedCounterView with version 2: clearIndex must forget the count too: rebuilt from the logs it is 4, not the saved count plus 4')
})
