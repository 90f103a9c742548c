// Kata 07 — replication over the swarm. Run it: npm test -- 07
import type Hypercore from 'hypercore'
import { inNewProcess, onHeldAnnounce, test } from '../../src/harness/index.ts'
import { openLog, openPeer, shareLog, type Peer } from './replicate.ts'

/** Reads entries 0..length-1 that are already on this peer's disk (no network). */
async function localEntries (log: Hypercore, length: number): Promise<unknown[]> {
  const entries = []
  for (let i = 0; i < length; i++) entries.push(await log.get(i, { wait: false }))
  return entries
}

/**
 * Watches the peer's swarm leaving the network: whether its destroy() has finished, and whether the
 * store had already begun to close by then (a store closed under a live swarm meets its connections closed).
 */
function watchLeaving (peer: Peer): { left: boolean, storeClosedFirst: boolean } {
  const seen = { left: false, storeClosedFirst: false }
  const destroy = peer.swarm.destroy.bind(peer.swarm)
  peer.swarm.destroy = (async (...args: Parameters<typeof destroy>) => {
    await destroy(...args)
    if (!seen.left) seen.storeClosedFirst = peer.store.closing !== null
    seen.left = true
  }) as typeof destroy
  return seen
}

test('openPeer opens a corestore in dir; openLog without a key gives its own writable JSON log', async (t, k) => {
  const swarm = await k.swarm()
  const peer = await k.step('openPeer(dir, swarm)', openPeer(await k.tmp(), swarm))
  t.ok(peer.store.opened, 'the store is ready when openPeer resolves (wait until it is ready before resolving)')
  let open = true
  k.teardown(() => open ? peer.close() : null)
  const log = await k.step('openLog(peer)', openLog(peer))
  t.ok(log.opened, 'the log is ready when openLog resolves')
  t.ok(log.writable, 'a peer\'s own log is writable')
  // A log of raw bytes refuses an object with a TypeError of Node's that names no function: say what it means.
  const appended = await k.step('appending { hello: \'world\' } to the log', log.append({ hello: 'world' }).then(() => null, (err: Error) => err))
  if (appended) {
    const rawBytes = appended instanceof TypeError && /must be of type string or an instance of Buffer/.test(appended.message)
    t.fail(rawBytes
      ? `openLog(peer) gave a log that stores raw bytes, so it refused the entry { hello: 'world' } ("${appended.message}"): a log's value encoding, chosen when openLog opens it, decides what its entries are, and a peer's own log holds JSON`
      : `appending to the log openLog(peer) gave failed: ${appended.message}`)
    return
  }
  t.alike(await k.step('reading entry 0', log.get(0)), { hello: 'world' }, 'entries are JSON')
  const again = await k.step('openLog(peer) a second time', openLog(peer))
  t.alike(again.key, log.key, 'openLog(peer) gives the same log every time: your own log is found by a name that never changes, so it is always the same log')
})

test('close() leaves the network first, then closes the store, and resolves once both are done', async (t, k) => {
  const swarm = await k.swarm()
  const peer = await k.step('openPeer(dir, swarm)', openPeer(await k.tmp(), swarm))
  let open = true
  k.teardown(() => open ? peer.close() : null)
  await k.step('openLog(peer)', openLog(peer))
  const leaving = watchLeaving(peer)

  open = false
  await k.step('peer.close()', peer.close())
  t.ok(swarm.destroyed, 'close() leaves the network: the swarm is destroyed, so no new connection reaches the closed store')
  t.absent(leaving.storeClosedFirst,
    'close() closed the store while the swarm was still leaving the network: its connections still replicate the store, and a new one may arrive; wait until the swarm is destroyed, then close the store')
  t.ok(leaving.left, 'close() resolves only once the swarm has left the network (wait for it)')
  t.ok(peer.store.closed, 'close() resolves only once the store is closed (wait for it), so its directory can be reopened')
})

test('a peer\'s own log survives a restart: the same directory gives the same log, entries and all', async (t, k) => {
  const dir = await k.tmp()
  const before = await k.step('openPeer(dir)', openPeer(dir, await k.swarm()))
  let open = true
  k.teardown(() => open ? before.close() : null)
  const log = await k.step('openLog(peer)', openLog(before))
  await k.step('appending 2 entries', log.append([{ n: 1 }, { n: 2 }]))
  open = false
  await k.step('peer.close()', before.close())

  const after = await k.step('openPeer(the same dir, a new swarm): a restart', openPeer(dir, await k.swarm()))
  k.teardown(() => after.close())
  const again = await k.step('openLog(peer) after the restart', openLog(after))
  t.alike(again.key, log.key,
    'openLog(peer) gives the same log after a restart: your own log is found by a name that stays the same between runs (not a random name, not the time), or the restarted peer writes to a new log and its old entries are lost')
  t.alike(await localEntries(again, 2), [{ n: 1 }, { n: 2 }], 'its entries are still there')
  t.ok(again.writable, 'and it is still writable')
})

test('a peer\'s own log survives a restart of the app: a new process on the same directory gets the same log', async (t, k) => {
  const dir = await k.tmp()
  const before = await k.step('openPeer(dir)', openPeer(dir, await k.swarm()))
  let open = true
  k.teardown(() => open ? before.close() : null)
  const log = await k.step('openLog(peer)', openLog(before))
  await k.step('appending 2 entries', log.append([{ n: 1 }, { n: 2 }]))
  open = false
  await k.step('peer.close()', before.close())

  // The app started again: a new process, whose modules start from scratch, opens the same directory.
  const restarted = await k.step('openPeer(the same dir) and openLog(peer) in a new process: the app restarted', inNewProcess(k, `
    const { default: Hyperswarm } = await import(${JSON.stringify(import.meta.resolve('hyperswarm'))})
    const { openPeer, openLog } = await import(${JSON.stringify(new URL('./replicate.ts', import.meta.url).href)})
    const peer = await openPeer(${JSON.stringify(dir)}, new Hyperswarm({ bootstrap: ${JSON.stringify(await k.bootstrap())} }))
    const log = await openLog(peer)
    const entries = []
    for (let i = 0; i < Math.min(log.length, 2); i++) entries.push(await log.get(i, { wait: false }))
    const key = log.key.toString('hex')
    await peer.close()
    return { key, entries }
  `), 45000) as { key: string, entries: unknown[] }
  t.is(restarted.key, log.key!.toString('hex'),
    'openLog(peer) in a new process on the same directory gave another log: your own log\'s name must be the same in every run of the app (not made when the module loads from the process id, a random number or the time), or the restarted app writes to a new log and its old entries are lost')
  t.alike(restarted.entries, [{ n: 1 }, { n: 2 }], 'and the restarted app reads its entries')
}, { budget: 60000 })

test('a writer\'s appends reach two other peers live', async (t, k) => {
  const alice = await k.step('openPeer(alice)', openPeer(await k.tmp(), await k.swarm()))
  const bob = await k.step('openPeer(bob)', openPeer(await k.tmp(), await k.swarm()))
  const carol = await k.step('openPeer(carol)', openPeer(await k.tmp(), await k.swarm()))
  for (const peer of [alice, bob, carol]) k.teardown(() => peer.close())

  const log = await k.step('openLog(alice)', openLog(alice))
  const atBob = await k.step('openLog(bob, alice\'s key)', openLog(bob, log.key!))
  t.ok(atBob.opened, 'a copy is ready when openLog resolves too (wait until the log is ready, with a key as without)')
  const atCarol = await k.step('openLog(carol, alice\'s key)', openLog(carol, log.key!))
  t.absent(atBob.writable, 'bob holds a replica: he cannot write to alice\'s log')

  await k.step('shareLog(alice)', shareLog(alice, log))
  await k.step('shareLog(bob)', shareLog(bob, atBob))
  t.ok(bob.swarm.connections.size >= 1,
    'when shareLog(bob) resolves, bob is already connected to alice: shareLog waits for the swarm to flush (announced, looked up, connections made)')
  await k.step('shareLog(carol)', shareLog(carol, atCarol))

  await k.until('alice\'s log is replicating with a peer (openPeer must replicate the store on the connections the swarm makes: the swarm only connects peers, and a connection that is not replicated carries no log)',
    () => log.peers.length >= 1)
  await k.until('alice\'s log is replicating with both bob and carol (openPeer must replicate the store on every connection the swarm makes, not only the first)',
    () => log.peers.length >= 2)
  for (const n of [1, 2, 3]) {
    await k.step(`alice appends entry ${n}`, log.append({ n }))
    await k.until(`bob has entry ${n} without asking for it (a copy downloads only what is asked for: openLog(peer, key) must ask for every block, live)`,
      () => atBob.contiguousLength >= n)
    await k.until(`carol has entry ${n} without asking for it (a copy downloads only what is asked for: openLog(peer, key) must ask for every block, live)`,
      () => atCarol.contiguousLength >= n)
  }
  const [first] = await localEntries(atBob, 1)
  t.absent(Buffer.isBuffer(first), 'openLog(bob, key) gave bob bytes, not JSON: a copy decodes blocks with the encoding it is opened with, so open it with the same value encoding as the log')
  t.alike(await localEntries(atBob, 3), [{ n: 1 }, { n: 2 }, { n: 3 }], 'bob has every entry, in order, without asking')
  t.alike(await localEntries(atCarol, 3), [{ n: 1 }, { n: 2 }, { n: 3 }], 'so does carol')
})

test('shareLog announces a log under its discovery key, never under the key itself', async (t, k) => {
  const alice = await k.step('openPeer(alice)', openPeer(await k.tmp(), await k.swarm()))
  k.teardown(() => alice.close())
  const log = await k.step('openLog(alice)', openLog(alice))
  // alice's swarm announces only after 2 s: a share that waits for a time, not for the swarm, resolves first.
  const sharing = await onHeldAnnounce(alice.swarm, () => shareLog(alice, log))
  t.absent(sharing.settledWhileHeld,
    'shareLog resolved while alice\'s swarm had not yet announced her (the DHT held the announcement back for 2 s): shareLog resolves once the swarm has flushed, however long the DHT takes (a timer only guesses)')
  await k.step('shareLog(alice)', sharing.result)
  t.absent(alice.swarm.status(log.key!), 'alice is on the DHT under the log\'s discovery key, not its key: the key is the right to read it, and the DHT is public')

  const reader = await k.swarm()
  reader.join(log.discoveryKey!, { server: false, client: true })
  await k.until('a peer that looks up the log\'s discovery key finds alice (shareLog must join the swarm on the discovery key)',
    () => reader.connections.size >= 1)
  t.pass('whoever knows the key can compute the discovery key and find the peers that share the log')
})

test('while shareLog runs, the log is finding peers: an update() made meanwhile waits for them', async (t, k) => {
  const alice = await k.step('openPeer(alice)', openPeer(await k.tmp(), await k.swarm()))
  k.teardown(() => alice.close())
  const log = await k.step('openLog(alice)', openLog(alice))
  await k.step('alice appends 3 entries', log.append([{ n: 1 }, { n: 2 }, { n: 3 }]))
  await k.step('shareLog(alice)', shareLog(alice, log))

  const bob = await k.step('openPeer(bob)', openPeer(await k.tmp(), await k.swarm()))
  k.teardown(() => bob.close())
  const atBob = await k.step('openLog(bob, alice\'s key)', openLog(bob, log.key!))
  const sharing = shareLog(bob, atBob)
  const updating = atBob.update() // made while shareLog(bob) is running, as an app would on start-up
  await k.step('shareLog(bob)', sharing)
  const updated = await k.step('bob\'s update(), made while shareLog(bob) was running', updating)
  t.ok(updated, 'bob\'s update() waited for alice and learned of her entries: shareLog must tell the log it is finding peers until the swarm has flushed (otherwise update() answers "nothing new" at once, before any peer is met)')
  t.is(atBob.length, 3, 'so right after shareLog, bob knows alice\'s log has 3 entries')
})

test('once the swarm has flushed, the log is done finding peers: with nobody there, update() answers "nothing new"', async (t, k) => {
  const alice = await k.step('openPeer(alice)', openPeer(await k.tmp(), await k.swarm()))
  k.teardown(() => alice.close())
  const log = await k.step('openLog(alice)', openLog(alice)) // never shared: nobody serves it

  const bob = await k.step('openPeer(bob)', openPeer(await k.tmp(), await k.swarm()))
  k.teardown(() => bob.close())
  const atBob = await k.step('openLog(bob, alice\'s key)', openLog(bob, log.key!))
  const sharing = shareLog(bob, atBob)
  const updating = atBob.update()
  await k.step('shareLog(bob)', sharing)
  const updated = await k.step('bob\'s update() answering once shareLog is done (nobody has the log: shareLog must tell the log it is done finding peers once the swarm has flushed, or every update waits forever)', updating)
  t.is(updated, false, 'nothing new: nobody else has the log')
})

test('one connection carries every log both peers share, both ways', async (t, k) => {
  const alice = await k.step('openPeer(alice)', openPeer(await k.tmp(), await k.swarm()))
  const bob = await k.step('openPeer(bob)', openPeer(await k.tmp(), await k.swarm()))
  for (const peer of [alice, bob]) k.teardown(() => peer.close())

  const aliceLog = await k.step('openLog(alice)', openLog(alice))
  const bobLog = await k.step('openLog(bob)', openLog(bob))
  await k.step('alice appends', aliceLog.append({ from: 'alice' }))
  await k.step('bob appends', bobLog.append({ from: 'bob' }))
  const bobsCopy = await k.step('openLog(bob, alice\'s key)', openLog(bob, aliceLog.key!))
  const alicesCopy = await k.step('openLog(alice, bob\'s key)', openLog(alice, bobLog.key!))

  await k.step('shareLog(alice, her log)', shareLog(alice, aliceLog))
  await k.step('shareLog(bob, his log)', shareLog(bob, bobLog))
  await k.step('shareLog(bob, his copy of alice\'s log)', shareLog(bob, bobsCopy))
  await k.step('shareLog(alice, her copy of bob\'s log)', shareLog(alice, alicesCopy))

  await k.until('bob has alice\'s entry', () => bobsCopy.contiguousLength >= 1)
  await k.until('alice has bob\'s entry', () => alicesCopy.contiguousLength >= 1)
  t.alike(await localEntries(alicesCopy, 1), [{ from: 'bob' }], 'alice reads bob\'s log')
  t.alike(await localEntries(bobsCopy, 1), [{ from: 'alice' }], 'bob reads alice\'s log')
  t.is(alice.swarm.connections.size, 1, 'two topics, one peer: hyperswarm keeps a single connection and the corestore replicates both logs over it')
})

test('a late joiner catches up on history', async (t, k) => {
  const alice = await k.step('openPeer(alice)', openPeer(await k.tmp(), await k.swarm()))
  k.teardown(() => alice.close())
  const log = await k.step('openLog(alice)', openLog(alice))
  await k.step('alice appends 3 entries', log.append([{ n: 1 }, { n: 2 }, { n: 3 }]))
  await k.step('shareLog(alice)', shareLog(alice, log))

  const bob = await k.step('openPeer(bob)', openPeer(await k.tmp(), await k.swarm()))
  k.teardown(() => bob.close())
  const atBob = await k.step('openLog(bob, alice\'s key)', openLog(bob, log.key!))
  await k.step('shareLog(bob)', shareLog(bob, atBob))
  await k.until('bob has alice\'s 3 old entries (a copy downloads only what is asked for: openLog(peer, key) must ask for every block)',
    () => atBob.contiguousLength >= 3)
  t.alike(await localEntries(atBob, 3), [{ n: 1 }, { n: 2 }, { n: 3 }], 'bob downloaded the whole history')

  await k.step('alice appends entry 4', log.append({ n: 4 }))
  await k.until('bob has entry 4 (openLog(peer, key) must download live: blocks appended later too)', () => atBob.contiguousLength >= 4)
  t.pass('and then stays live')
})

test('shareLog lets readers find each other: a late joiner catches up from a reader while the writer is away', async (t, k) => {
  const alice = await k.step('openPeer(alice)', openPeer(await k.tmp(), await k.swarm()))
  let aliceOpen = true
  k.teardown(() => aliceOpen ? alice.close() : null)
  const log = await k.step('openLog(alice)', openLog(alice))
  await k.step('alice appends 3 entries', log.append([{ n: 1 }, { n: 2 }, { n: 3 }]))
  await k.step('shareLog(alice)', shareLog(alice, log))

  const bob = await k.step('openPeer(bob)', openPeer(await k.tmp(), await k.swarm()))
  k.teardown(() => bob.close())
  const atBob = await k.step('openLog(bob, alice\'s key)', openLog(bob, log.key!))
  await k.step('shareLog(bob)', shareLog(bob, atBob))
  await k.until('bob has alice\'s 3 entries', () => atBob.contiguousLength >= 3)
  aliceOpen = false
  await k.step('alice.close(): the writer goes offline', alice.close())

  const carol = await k.step('openPeer(carol)', openPeer(await k.tmp(), await k.swarm()))
  k.teardown(() => carol.close())
  const atCarol = await k.step('openLog(carol, alice\'s key)', openLog(carol, log.key!))
  await k.step('shareLog(carol)', shareLog(carol, atCarol))
  await k.until('carol, who came after alice left, has alice\'s 3 entries from bob (shareLog must announce every peer under the topic, a reader as well as the writer: a reader who only looks up can never be found, so readers never meet and a late joiner finds only the writer)',
    () => atCarol.contiguousLength >= 3)
  t.alike(await localEntries(atCarol, 3), [{ n: 1 }, { n: 2 }, { n: 3 }], 'every peer that holds a copy serves it')
})

test('shareLog lets a writer find the readers who were there first', async (t, k) => {
  const alice = await k.step('openPeer(alice)', openPeer(await k.tmp(), await k.swarm()))
  k.teardown(() => alice.close())
  const log = await k.step('openLog(alice)', openLog(alice))
  await k.step('alice appends 3 entries', log.append([{ n: 1 }, { n: 2 }, { n: 3 }]))

  const bob = await k.step('openPeer(bob)', openPeer(await k.tmp(), await k.swarm()))
  k.teardown(() => bob.close())
  const atBob = await k.step('openLog(bob, alice\'s key)', openLog(bob, log.key!))
  await k.step('shareLog(bob), before alice is online (nobody there yet)', shareLog(bob, atBob))
  await k.step('shareLog(alice), with bob already waiting', shareLog(alice, log))
  t.ok(alice.swarm.connections.size >= 1,
    'shareLog(alice) resolved without meeting bob, who shares her log and was there first: shareLog must look the topic up as well as announce it, for every peer, the writer too (a writer that only waits to be found never meets the readers who came before it)')
  await k.until('bob has alice\'s 3 entries', () => atBob.contiguousLength >= 3)
  t.alike(await localEntries(atBob, 3), [{ n: 1 }, { n: 2 }, { n: 3 }], 'the reader who came first gets the log')
})

test('shareLog leaves the log done finding peers even when it fails', async (t, k) => {
  const alice = await k.step('openPeer(alice)', openPeer(await k.tmp(), await k.swarm()))
  k.teardown(() => alice.close())
  const log = await k.step('openLog(alice)', openLog(alice))

  const bobSwarm = await k.swarm()
  const bob = await k.step('openPeer(bob)', openPeer(await k.tmp(), bobSwarm))
  k.teardown(() => bob.close())
  const atBob = await k.step('openLog(bob, alice\'s key)', openLog(bob, log.key!))
  await k.step('bob\'s swarm is destroyed (the network is gone)', bobSwarm.destroy())
  const failed = await k.step('shareLog(bob) on a destroyed swarm', shareLog(bob, atBob).then(() => null, (err: Error) => err))
  t.ok(failed, 'shareLog(bob) rejects when it cannot join the swarm: pass the failure on')
  const updated = await k.step('an update() of bob\'s copy after shareLog failed (shareLog must tell the log it is done finding peers whatever happens, failure included, or every update of that log waits for ever)',
    atBob.update())
  t.is(updated, false, 'nothing new: nobody is there')
})

test('a peer that restarts still has everything and catches up on what it missed', async (t, k) => {
  const alice = await k.step('openPeer(alice)', openPeer(await k.tmp(), await k.swarm()))
  k.teardown(() => alice.close())
  const log = await k.step('openLog(alice)', openLog(alice))
  await k.step('shareLog(alice)', shareLog(alice, log))

  const bobDir = await k.tmp()
  let bob: Peer = await k.step('openPeer(bob)', openPeer(bobDir, await k.swarm()))
  let bobOpen = true
  k.teardown(() => bobOpen ? bob.close() : null)
  let atBob = await k.step('openLog(bob, alice\'s key)', openLog(bob, log.key!))
  await k.step('shareLog(bob)', shareLog(bob, atBob))
  await k.step('alice appends 2 entries', log.append([{ n: 1 }, { n: 2 }]))
  await k.until('bob has 2 entries', () => atBob.contiguousLength >= 2)

  bobOpen = false
  await k.step('bob.close()', bob.close())
  await k.step('alice appends 2 more while bob is away', log.append([{ n: 3 }, { n: 4 }]))

  bob = await k.step('openPeer(bob) again, same dir, new swarm', openPeer(bobDir, await k.swarm()))
  bobOpen = true
  atBob = await k.step('openLog(bob, alice\'s key) again', openLog(bob, log.key!))
  t.ok(atBob.contiguousLength >= 2, 'before touching the network, bob still has the 2 entries he had on disk')
  t.alike(await localEntries(atBob, 2), [{ n: 1 }, { n: 2 }], 'and reads them offline')

  await k.step('shareLog(bob) again', shareLog(bob, atBob))
  await k.until('bob\'s reopened copy is replicating with alice again', () => atBob.peers.length >= 1)
  await k.until('bob catches up to 4 entries (a copy downloads only what is asked for, and a reopened copy is asked for nothing: openLog(peer, key) must ask for every block, live, every time it opens a copy, not only the first)',
    () => atBob.contiguousLength >= 4)
  t.alike(await localEntries(atBob, 4), [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }], 'bob caught up on what he missed')
})
