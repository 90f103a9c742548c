// Kata 04 — corestore. Run it: npm test -- 04
import type { Test } from 'brittle'
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import { onSlowDisk, test, type KataContext } from '../../src/harness/index.ts'
import { namedCore, openKeys, openStore, replicateStores } from './store.ts'

async function storeIn (k: KataContext, dir?: string): Promise<Corestore> {
  return k.closes(await k.step('openStore(dir)', openStore(dir ?? await k.tmp())))
}

// replicateStores(), with its streams destroyed after the test, whatever it returned.
function connect (k: KataContext, a: Corestore, b: Corestore): unknown[] {
  const pair: unknown = replicateStores(a, b)
  const streams = Array.isArray(pair) ? pair : []
  k.teardown(() => { for (const stream of streams) stream?.destroy?.() })
  return streams
}

// Appends JSON values to a core namedCore gave; a core without JSON entries fails the test here, saying so
// (hypercore's own error would be "The first argument must be of type string…"). False when it failed.
async function appendJson (t: Test, k: KataContext, core: Hypercore, entries: unknown, name: string): Promise<boolean> {
  try {
    await k.step(`appending to '${name}'`, core.append(entries as Buffer))
    return true
  } catch (err) {
    if (err instanceof Error && err.name === 'PendingError') throw err
    const cause = (err as { code?: string }).code ?? String(err)
    t.fail(`namedCore must give a core with JSON entries (valueEncoding: 'json'): appending the object ${JSON.stringify(entries)} to '${name}' failed (${cause})`)
    return false
  }
}

// A writable named core in `store`, holding `entries`: what a peer has to share (null when the append failed the test).
async function coreWith (t: Test, k: KataContext, store: Corestore, name: string, entries: unknown[]): Promise<Hypercore | null> {
  const core = await k.step(`namedCore(store, '${name}')`, namedCore(store, name))
  return await appendJson(t, k, core, entries, name) ? core : null
}

const hex = (core: Hypercore): string => core.key!.toString('hex')

// Reads a whole replicated core through the real hypercore API, each block bounded.
async function readAll (k: KataContext, core: Hypercore, length: number, label: string): Promise<unknown[]> {
  const entries = []
  for (let i = 0; i < length; i++) {
    const arrives = `${label}: entry ${i} to arrive over replicateStores' streams (a pair piped into each other both ways, one side initiating, the other responding)`
    entries.push(await k.step(arrives, core.get(i, { timeout: 4000 })))
  }
  return entries
}

async function storedDiscoveryKeys (store: Corestore): Promise<string[]> {
  const keys: string[] = []
  for await (const discoveryKey of store.list()) keys.push((discoveryKey as Buffer).toString('hex'))
  return keys
}

test('namedCore gives a writable core, and the same name gives the same key again, even after reopening the store', async (t, k) => {
  const dir = await k.tmp()
  const store = await storeIn(k, dir)
  t.ok(store.opened, 'the store is ready when openStore resolves (a store opens in the background: wait until it is ready)')
  const chat = await k.step('namedCore(store, \'chat\')', namedCore(store, 'chat'))
  t.ok(chat.opened, 'the core is ready when namedCore resolves (store.get returns it before it has opened)')
  t.ok(chat.writable, 'a named core is yours: writable')
  if (!await appendJson(t, k, chat, { text: 'hi' }, 'chat')) return
  const again = await k.step('namedCore(store, \'chat\') again', namedCore(store, 'chat'))
  t.alike(again.key, chat.key, 'asking for the same name gives the same core (same key)')
  t.is(again.length, 1, 'and it sees the entry appended through the first handle')
  await k.step('closing the store', store.close())

  const reopened = await storeIn(k, dir)
  const after = await k.step('namedCore(reopened store, \'chat\')', namedCore(reopened, 'chat'))
  t.alike(after.key, chat.key, 'the reopened store derives the same key from the same name')
  t.ok(after.writable, 'still writable')
  t.alike(await k.step('reading entry 0', after.get(0)), { text: 'hi' }, 'with its JSON entry still there')
})

test('openStore, namedCore and openKeys resolve only once what they open is ready, however slow the disk is to answer', async (t, k) => {
  const store = await storeIn(k)
  const alice = await storeIn(k)
  const theirs = await coreWith(t, k, alice, 'chat', [{ text: 'hi' }])
  if (!theirs) return
  const dir = await k.tmp()
  // For 1 s the disk answers nothing: nothing can open before, so no function can resolve before either.
  const { result } = await onSlowDisk(await k.tmp(), () => Promise.all([
    openStore(dir).then((opened) => k.closes(opened).opened),
    namedCore(store, 'notes').then((core) => core.opened),
    openKeys(store, [hex(theirs)]).then((cores) => cores.every((core) => core.opened))
  ]))
  const [storeOpened, namedOpened, keysOpened] = await k.step('openStore, namedCore and openKeys on a disk that took 1 s to answer', result)
  const guess = '(a timer guesses how long opening takes; wait until it is ready)'
  t.ok(storeOpened, storeOpened
    ? 'the store is ready when openStore resolves, even on a slow disk'
    : `openStore resolves only once the store is ready: on a disk that took 1 s to answer, openStore resolved before the store had opened ${guess}`)
  t.ok(namedOpened, namedOpened
    ? 'the core is ready when namedCore resolves, even on a slow disk'
    : `namedCore resolves only once the core is ready: on a disk that took 1 s to answer, namedCore resolved before the core had opened ${guess}`)
  t.ok(keysOpened, keysOpened
    ? 'every core is ready when openKeys resolves, even on a slow disk'
    : `openKeys resolves only once every core is ready: on a disk that took 1 s to answer, openKeys resolved before its cores had opened ${guess}`)
})

test('a store that cannot open makes openStore reject', async (t, k) => {
  const dir = await k.tmp()
  await storeIn(k, dir)
  // Only one store may have a directory open at a time: the second one cannot lock it.
  let second: Corestore | null = null
  let failure: unknown = null
  try {
    second = await k.step('openStore(dir) of a directory another open store holds', openStore(dir))
    k.closes(second)
  } catch (err) {
    if (err instanceof Error && (err.name === 'PendingError' || /not implemented/i.test(err.message))) throw err
    failure = err
  }
  t.ok(failure instanceof Error, `openStore must reject when the store cannot open (here another open store holds the directory): waiting until it is ready fails, and that error must reach the caller, not be swallowed (it resolved with a store that ${second?.opened === true ? 'is open' : 'never opened'})`)
})

test('namedCore gives another core for the same name in another namespace, or in another store: names are local', async (t, k) => {
  const store = await storeIn(k)
  const plain = await k.step('namedCore(store, \'chat\')', namedCore(store, 'chat'))
  const inA = await k.step('namedCore(store, \'chat\', \'app-a\')', namedCore(store, 'chat', 'app-a'))
  const inAagain = await k.step('namedCore(store, \'chat\', \'app-a\') again', namedCore(store, 'chat', 'app-a'))
  const inB = await k.step('namedCore(store, \'chat\', \'app-b\')', namedCore(store, 'chat', 'app-b'))
  const otherName = await k.step('namedCore(store, \'notes\', \'app-a\')', namedCore(store, 'notes', 'app-a'))
  const own = store.get({ name: 'chat' })
  const ownInA = store.namespace('app-a').get({ name: 'chat' })
  await k.step('the store\'s own \'chat\' (no namespace, and in namespace app-a) to be ready', Promise.all([own.ready(), ownInA.ready()]))
  t.alike(inA.key, ownInA.key, '\'chat\' in namespace app-a is the core the store\'s namespace app-a derives (store.namespace): a namespace is hashed into the key, it is not part of the name (\'app-a/chat\' is just another plain name)')
  t.alike(plain.key, own.key, 'without a namespace, namedCore gives the store\'s own \'chat\': no namespace at all (an empty namespace is a namespace too, with other keys)')
  t.alike(inAagain.key, inA.key, 'the same name in the same namespace is the same core')
  t.unlike(inA.key, plain.key, '\'chat\' in namespace app-a is not the store\'s own \'chat\'')
  t.unlike(inB.key, inA.key, '\'chat\' in app-b is not \'chat\' in app-a')
  t.unlike(otherName.key, inA.key, 'another name in the same namespace is another core')
  t.ok([plain, inA, inB, otherName].every((core) => core.writable), 'all of them are writable: they are yours')

  const inEmpty = await k.step('namedCore(store, \'chat\', \'\')', namedCore(store, 'chat', ''))
  const ownInEmpty = store.namespace('').get({ name: 'chat' })
  await k.step('\'chat\' in the store\'s empty namespace to be ready', ownInEmpty.ready())
  t.alike(inEmpty.key, ownInEmpty.key, 'an empty namespace is a namespace too: namedCore(store, \'chat\', \'\') is \'chat\' in namespace \'\', not the store\'s own \'chat\' (a namespace is given when it is not undefined, even if it is an empty string)')
  t.unlike(inEmpty.key, plain.key, 'so \'chat\' in namespace \'\' and the plain \'chat\' are two cores')

  const elsewhere = await storeIn(k)
  const theirs = await k.step('namedCore(another store, \'chat\')', namedCore(elsewhere, 'chat'))
  t.unlike(theirs.key, plain.key, 'another store (another primary key) gets another key for \'chat\'')
})

test('openKeys opens a peer\'s core by its key, read over the stores\' replication', async (t, k) => {
  const alice = await storeIn(k)
  const chat = await coreWith(t, k, alice, 'chat', [{ text: 'hello' }, { text: 'bob?' }])
  if (!chat) return
  const bob = await storeIn(k)
  const [copy] = await k.step('openKeys(bob, [chat key])', openKeys(bob, [hex(chat)]))
  t.ok(copy?.opened, 'bob\'s core is ready when openKeys resolves (store.get returns it before it has opened)')
  t.alike(copy?.key, chat.key, 'bob\'s core has the key he was given')
  t.is(copy?.writable, false, 'it is alice\'s core: read-only for bob')
  connect(k, alice, bob)
  t.alike(await readAll(k, copy, 2, 'bob\'s copy'), [{ text: 'hello' }, { text: 'bob?' }], 'bob reads alice\'s entries, as JSON (openKeys must open each core with JSON entries, or it hands you raw bytes)')
})

test('replicateStores carries many cores over one pair of streams', async (t, k) => {
  const alice = await storeIn(k)
  const made = [
    await coreWith(t, k, alice, 'chat', [{ c: 0 }]),
    await coreWith(t, k, alice, 'photos', [{ p: 0 }, { p: 1 }]),
    await coreWith(t, k, alice, 'profile', [{ name: 'alice' }])
  ]
  if (made.includes(null)) return
  const cores = made as Hypercore[]
  const bob = await storeIn(k)
  // bob already has chat open, so its new session is ready long before the two other cores have opened.
  await k.step('openKeys(bob, [chat key])', openKeys(bob, [hex(cores[0])]))
  let openedOnResolve: boolean[] = []
  const copies = await k.step('openKeys(bob, 3 keys)', openKeys(bob, cores.map(hex)).then((opened) => {
    openedOnResolve = opened.map((core) => core.opened)
    return opened
  }))
  t.is(copies.length, 3, 'one core per key')
  t.alike(openedOnResolve, [true, true, true], 'every core is ready the moment openKeys resolves, not just the first (chat was open already, so it was ready first: wait for every one)')
  t.alike(copies.map((core) => core.key), cores.map((core) => core.key), 'in the order of the keys')
  const streams = connect(k, alice, bob)
  const isInitiator = streams.map((stream) => (stream as { noiseStream?: { isInitiator?: boolean } })?.noiseStream?.isInitiator)
  t.alike(isInitiator, [true, false], 'replicateStores returns [initiator, responder]: the first stream is a\'s, the one that initiates')
  t.alike(await readAll(k, copies[0], 1, 'chat'), [{ c: 0 }], 'chat arrived')
  const alicesSide = cores[0].peers[0]?.stream as { isInitiator?: boolean } | undefined
  t.is(alicesSide?.isInitiator, true, alicesSide?.isInitiator === true
    ? 'a initiates: alice\'s side of the connection is the initiator'
    : 'replicateStores(a, b): a initiates and b responds, but alice\'s side of the connection (store a\'s stream) was the responder')
  t.is((streams[0] as { noiseStream?: unknown })?.noiseStream, cores[0].peers[0]?.stream,
    'replicateStores returns a\'s stream first: the initiator of [initiator, responder] is store a\'s')
  t.alike(await readAll(k, copies[1], 2, 'photos'), [{ p: 0 }, { p: 1 }], 'photos arrived')
  t.alike(await readAll(k, copies[2], 1, 'profile'), [{ name: 'alice' }], 'profile arrived')
  t.alike(copies.map((core) => core.peers.length), [1, 1, 1], 'each of bob\'s cores has exactly one peer: alice')

  for (const stream of streams) (stream as { destroy (): void }).destroy()
  await k.until('bob\'s cores to lose their peer once the one stream pair is destroyed', () => copies.every((core) => core.peers.length === 0))
  t.pass('destroying the returned pair disconnected all 3 cores: they all travelled on it')
})

test('corestore does not exchange keys: a peer gets only the cores it was given keys for', async (t, k) => {
  const alice = await storeIn(k)
  const shared = await coreWith(t, k, alice, 'shared', [{ s: 'for bob' }])
  const secret = await coreWith(t, k, alice, 'secret', [{ s: 'diary' }])
  if (!shared || !secret) return
  const bob = await storeIn(k)
  const [copy] = await k.step('openKeys(bob, [shared key])', openKeys(bob, [hex(shared)]))
  connect(k, alice, bob)
  t.alike(await readAll(k, copy, 1, 'shared'), [{ s: 'for bob' }], 'the core bob has the key for arrives')
  const stored = await storedDiscoveryKeys(bob)
  t.ok(stored.includes(shared.discoveryKey!.toString('hex')), 'bob\'s store holds the shared core')
  t.absent(stored.includes(secret.discoveryKey!.toString('hex')), 'but not alice\'s other core, although it was open on the same stream')
})

test('a key opened after replication started syncs over the running stream', async (t, k) => {
  const alice = await storeIn(k)
  const first = await coreWith(t, k, alice, 'first', [{ n: 1 }])
  if (!first) return
  const bob = await storeIn(k)
  connect(k, alice, bob)
  const [one] = await k.step('openKeys(bob, [first key])', openKeys(bob, [hex(first)]))
  t.alike(await readAll(k, one, 1, 'first'), [{ n: 1 }], 'a core opened after the streams were piped arrives')

  const later = await coreWith(t, k, alice, 'later', [{ n: 2 }, { n: 3 }])
  if (!later) return
  const [two] = await k.step('openKeys(bob, [later key]) once alice shares it', openKeys(bob, [hex(later)]))
  t.alike(await readAll(k, two, 2, 'later'), [{ n: 2 }, { n: 3 }], 'so does a core alice created later, once bob is given its key')
})
