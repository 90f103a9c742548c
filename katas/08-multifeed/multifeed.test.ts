// Kata 08 — multifeed. Run it: npm test -- 08
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import crypto from 'hypercore-crypto'
import multifeed from 'multifeed'
import type DHT from 'hyperdht'
import type Hyperswarm from 'hyperswarm'
import type { Test } from 'brittle'
import { onHeldAnnounce, test, type KataContext } from '../../src/harness/index.ts'
import {
  appendEntry, closeMultifeed, joinSwarm, listFeeds, localWriter, openMultifeed, readFeed, syncStreams,
  type Feed, type Multifeed
} from './multifeed.ts'

/** Opens a multifeed in a fresh dir that is closed after the test. */
async function open (k: KataContext, label: string, roomSecret?: Buffer): Promise<Multifeed> {
  k.explainStray(/Noise handshake/, NOISE)
  k.explainStray(/crypto_generichash_KEYBYTES/, ROOM_KEY)
  const multi = await k.step(`openMultifeed(${label})`, openMultifeed(await k.tmp(), roomSecret))
  k.teardown(() => closeMultifeed(multi))
  return multi
}

/** A multifeed whose local writer already holds `entries`. */
async function withEntries (k: KataContext, label: string, entries: unknown[], roomSecret?: Buffer): Promise<Multifeed> {
  const multi = await open(k, label, roomSecret)
  const feed = await k.step(`localWriter(${label})`, localWriter(multi))
  for (const entry of entries) await append(k, label, feed, entry)
  return multi
}

/**
 * appendEntry(feed, entry) as a step. A feed that stores raw bytes refuses an object with a TypeError of
 * Node's that names no function: it is said here for what it means (where the encoding is chosen).
 */
function append (k: KataContext, label: string, feed: Feed, entry: unknown): Promise<number> {
  return k.step(`appendEntry(${label})`, async () => {
    try {
      return await appendEntry(feed, entry)
    } catch (err) {
      if (!(err instanceof TypeError) || !/must be of type string or an instance of Buffer/.test(err.message)) throw err
      throw new Error(`openMultifeed gave a multifeed whose feeds store raw bytes, so appendEntry(${label}) could not store ${JSON.stringify(entry)} ("${err.message}"): openMultifeed decides how every feed of the multifeed encodes its entries (its value encoding), and this room's entries are JSON values`)
    }
  })
}

const ROOM_KEY = 'openMultifeed(dir, roomSecret) gave multifeed a room secret it cannot use as a key (a key is 32 bytes): pass the secret on as the 32 bytes it is, not converted'
const NOISE = 'the two replication streams failed their Noise handshake, which needs exactly one initiator: in syncStreams one side replicates as the initiator and the other not; in joinSwarm each side takes the flag from its connection'

/**
 * syncStreams(a, b) between two multifeeds that should sync. A rejection fails the test with what it
 * means (not as "your code threw"); resolves whether it synced. `whenResolved` runs the moment it resolves.
 */
async function sync (t: Test, k: KataContext, label: string, a: Multifeed, b: Multifeed, whenResolved = (): void => {}): Promise<boolean> {
  const failed = await k.step(`syncStreams(${label})`, syncStreams(a, b).then(() => { whenResolved(); return null }, (err: Error) => err))
  if (!failed) return true
  const why = /Noise handshake/.test(failed.message) ? NOISE : 'two multifeeds of the same room should sync'
  t.fail(`syncStreams(${label}) rejected with "${failed.message}": ${why}`)
  return false
}

/** What a promise settled with: { value } or { error }. */
function settled<T> (work: Promise<T>): Promise<{ value?: T, error?: Error }> {
  return work.then((value) => ({ value }), (error: Error) => ({ error }))
}

function keysOf (multi: Multifeed): string[] {
  return listFeeds(multi).map((info) => info.key).sort()
}

interface ReplicateCall {
  isInitiator: boolean
  /** Whether it was asked to replicate live (multifeed's only way to keep a stream open once in sync). */
  live: boolean
  /** Whether the stream completed its handshake with the other side's. */
  handshake: boolean
  ended: boolean
  closed: boolean
  /** Every error the stream emitted. */
  errors: Error[]
  /** An error the stream emitted while nobody listened for 'error' (in a real process: a crash). */
  unhandled: Error | null
}

/**
 * Records every multi.replicate(isInitiator, …) call: the flag it got, whether its stream has ended or
 * closed, and its errors. An 'error' emitted with no listener would crash the process; it is recorded
 * (and kept from crashing the suite) so a test can say what was missing.
 */
function watchReplicate (multi: Multifeed): ReplicateCall[] {
  const calls: ReplicateCall[] = []
  const replicate = multi.replicate.bind(multi)
  multi.replicate = ((isInitiator: boolean, opts?: Parameters<Multifeed['replicate']>[1]) => {
    const stream = replicate(isInitiator, opts)
    const call: ReplicateCall = { isInitiator, live: opts?.live === true, handshake: false, ended: false, closed: false, errors: [], unhandled: null }
    ;(stream as unknown as NodeJS.EventEmitter).once('handshake', () => { call.handshake = true })
    stream.once('end', () => { call.ended = true })
    stream.once('close', () => { call.closed = true })
    const emit = stream.emit.bind(stream) as (event: string | symbol, ...args: unknown[]) => boolean
    stream.emit = ((event: string | symbol, ...args: unknown[]) => {
      if (event === 'error') {
        call.errors.push(args[0] as Error)
        if (stream.listenerCount('error') === 0) { call.unhandled ??= args[0] as Error; return false }
      }
      return emit(event, ...args)
    }) as typeof stream.emit
    calls.push(call)
    return stream
  }) as typeof multi.replicate
  return calls
}

/** The public keys (hex) of every peer announced on `topic` on the DHT. */
async function announced (dht: DHT, topic: Buffer): Promise<string[]> {
  const keys: string[] = []
  for await (const reply of dht.lookup(topic)) {
    for (const peer of reply.peers) keys.push(peer.publicKey.toString('hex'))
  }
  return keys
}

/** Removes a feed's first entry from this disk (as a peer that holds only part of a feed lacks some): it stays in the feed. */
function clearFirst (feed: Feed): Promise<void> {
  const clear = (feed as unknown as { clear: (start: number, end: number, cb: (err: Error | null) => void) => void }).clear.bind(feed)
  return new Promise((resolve, reject) => clear(0, 1, (err) => err ? reject(err) : resolve()))
}

const publicKeyOf = (swarm: Hyperswarm): string => swarm.keyPair.publicKey.toString('hex')
const hex = (key: Buffer): string => key.toString('hex')

test('every multifeed is its own: two side by side have their own writers and feeds', async (t, k) => {
  const alice = await open(k, 'alice')
  const bob = await open(k, 'bob')
  const alicesWriter = await k.step('localWriter(alice)', localWriter(alice))
  t.is(listFeeds(bob).length, 0,
    'openMultifeed(bob) gave a multifeed that already lists alice\'s writer: openMultifeed keeps nothing at module level, every call opens a multifeed of its own')
  const bobsWriter = await k.step('localWriter(bob)', localWriter(bob))
  t.not(hex(bobsWriter.key), hex(alicesWriter.key),
    'localWriter(bob) gave alice\'s feed: localWriter keeps nothing at module level, each multifeed has its own writer')
  await append(k, 'alice\'s writer', alicesWriter, { from: 'alice' })
  t.alike(listFeeds(bob).map((info) => info.length), [0], 'bob\'s multifeed holds only his own, empty feed')
})

test('a multifeed starts empty and has one local writer, the same one after reopening', async (t, k) => {
  const dir = await k.tmp()
  const multi = await k.step('openMultifeed(dir)', openMultifeed(dir))
  t.alike(listFeeds(multi), [], 'a new multifeed lists no feeds')
  const writer = await k.step('localWriter(multi)', localWriter(multi))
  t.ok(writer.writable, 'the local writer is writable')
  const again = await k.step('localWriter(multi) a second time', localWriter(multi))
  t.is(hex(again.key), hex(writer.key), 'localWriter(multi) asked again gives the same feed, not a new one (the local writer is found by its name)')
  t.is(listFeeds(multi).length, 1, 'so the multifeed lists exactly one feed')
  await k.step('closeMultifeed(multi)', closeMultifeed(multi))
  t.ok(multi.closed, 'after closeMultifeed() resolves, the multifeed is closed (multi.closed is true)')
  t.ok(writer.closed, 'and so are its feeds: the local writer is closed too')

  const reopened = await k.step('openMultifeed(dir) again', openMultifeed(dir))
  t.is(listFeeds(reopened).length, 1,
    'reopened, the multifeed lists its local writer from disk as soon as openMultifeed resolves: openMultifeed must wait until the multifeed is ready (it loads its feeds first)')
  k.teardown(() => closeMultifeed(reopened))
  const writerAgain = await k.step('localWriter(reopened)', localWriter(reopened))
  t.is(hex(writerAgain.key), hex(writer.key),
    'after reopening the directory, the local writer is still the same feed (found by its name, which the multifeed stores)')
})

test('appendEntry writes JSON to a feed; listFeeds and readFeed show it', async (t, k) => {
  const multi = await open(k, 'multi')
  const feed = await k.step('localWriter(multi)', localWriter(multi))
  const empty = await k.step('readFeed(an empty feed)', readFeed(feed).catch((err: Error) => err))
  t.alike(empty, [], `a feed with no entries reads as an empty list${empty instanceof Error ? ` (readFeed failed: "${empty.message}": hypercore 9 refuses a batch read of zero entries, so an empty feed has nothing to read)` : ''}`)
  t.is(await append(k, 'feed', feed, { text: 'hi' }), 0, 'the first entry gets sequence number 0')
  t.is(await append(k, 'feed', feed, { text: 'there' }), 1, 'the second gets 1')
  t.alike(listFeeds(multi), [{ key: feed.key.toString('hex'), length: 2, writable: true }],
    'listFeeds gives each feed\'s key (hex), length and whether it is ours')
  t.alike(await k.step('readFeed(feed)', readFeed(feed)), [{ text: 'hi' }, { text: 'there' }], 'readFeed gives every entry, in order')
  // A feed's length is how many entries it has, not how many this disk holds (a peer may hold only some).
  await k.step('clearing the first entry from the disk', clearFirst(feed))
  const [info] = listFeeds(multi)
  t.is(info.length, 2,
    `listFeeds gave length ${info.length} for a feed of 2 entries whose first is no longer on this disk: a FeedInfo's length is the feed's length (how many entries it has), not how many of them are downloaded`)
})

test('appendEntry resolves each entry\'s own sequence number, also for appends made at once', async (t, k) => {
  const multi = await open(k, 'multi')
  const feed = await k.step('localWriter(multi)', localWriter(multi))
  const seqs = await k.step('three appendEntry(feed) calls at once',
    Promise.all([{ n: 0 }, { n: 1 }, { n: 2 }].map((entry) => appendEntry(feed, entry))))
  t.alike(seqs, [0, 1, 2],
    `appendEntry resolved ${JSON.stringify(seqs)} for three entries appended at once: each append must resolve with the position its own entry got, which the feed tells the append that wrote it (by the time an append completes, other appends may have made the feed longer)`)
})

test('two multifeeds exchange every feed over a piped stream', async (t, k) => {
  const alice = await withEntries(k, 'alice', [{ from: 'alice' }])
  const bob = await withEntries(k, 'bob', [{ from: 'bob' }, { from: 'bob', n: 2 }])
  const alicesStreams = watchReplicate(alice)
  const bobsStreams = watchReplicate(bob)
  // What had ended at the moment syncStreams resolved (not a moment later).
  let endedWhenResolved: boolean[] = []
  const synced = await sync(t, k, 'alice, bob', alice, bob,
    () => { endedWhenResolved = [...alicesStreams, ...bobsStreams].map((call) => call.ended) })
  if (!synced) return
  const whoEnded = endedWhenResolved.length !== 2 ? 'not just two streams'
    : endedWhenResolved[0] ? 'only alice\'s (the initiator\'s) had' : endedWhenResolved[1] ? 'only bob\'s had' : 'neither had'
  t.ok(endedWhenResolved.length === 2 && endedWhenResolved.every(Boolean),
    `syncStreams resolves only once both replication streams have ended (when it resolved, ${whoEnded}): the sync is over when each of the two streams has ended, whatever events led there`)

  t.is(listFeeds(alice).length, 2, 'alice now has 2 feeds: hers and bob\'s')
  t.alike(keysOf(alice), keysOf(bob), 'both have the same set of feeds')
  t.alike(listFeeds(alice).map((info) => info.writable).sort(), [false, true],
    'listFeeds says alice\'s own feed is writable and bob\'s copy at alice is not')
  const bobsAtAlice = alice.feeds().find((feed) => !feed.writable)!
  t.alike(await k.step('readFeed(bob\'s feed at alice)', readFeed(bobsAtAlice)), [{ from: 'bob' }, { from: 'bob', n: 2 }],
    'and the entries came with them')
  const alicesAtBob = bob.feeds().find((feed) => !feed.writable)!
  t.alike(await k.step('readFeed(alice\'s feed at bob)', readFeed(alicesAtBob)), [{ from: 'alice' }], 'both ways')

  const carol = await withEntries(k, 'carol', [])
  await k.step('syncStreams(carol, bob), a second sync (syncStreams keeps its state in the call, nothing at module level)', syncStreams(carol, bob))
  t.is(listFeeds(carol).length, 3, 'carol, who only met bob, gets alice\'s feed too: feeds are passed on')
  t.alike(listFeeds(carol).filter((info) => !info.writable).map((info) => info.length).sort(), [1, 2],
    'with their entries: the 2 feeds carol received are not writable and hold alice\'s 1 and bob\'s 2 entries')
})

test('two syncs at once each finish, each once its own two streams have ended', async (t, k) => {
  const pairs = [
    [await withEntries(k, 'alice', [{ from: 'alice' }]), await withEntries(k, 'bob', [{ from: 'bob' }])],
    [await withEntries(k, 'carol', [{ from: 'carol' }]), await withEntries(k, 'dave', [{ from: 'dave' }])]
  ]
  const watched = pairs.map(([a, b]) => [watchReplicate(a), watchReplicate(b)])
  const endedWhenResolved: boolean[][] = [[], []]
  await k.step('syncStreams(alice, bob) and syncStreams(carol, dave), at the same time (each call must keep its own count of ended streams: state kept outside the call, at module level, is shared by both calls)',
    Promise.all(pairs.map(([a, b], i) => syncStreams(a, b).then(() => { endedWhenResolved[i] = watched[i].flat().map((call) => call.ended) }))))
  t.ok(endedWhenResolved.every((ended) => ended.length === 2 && ended.every(Boolean)),
    'each syncStreams resolved only once its own two streams had ended, not on the ends of the other sync (syncStreams counts in the call, nothing at module level)')
  t.alike(keysOf(pairs[0][0]), keysOf(pairs[0][1]), 'alice and bob are in sync')
  t.alike(keysOf(pairs[1][0]), keysOf(pairs[1][1]), 'carol and dave are in sync')
  t.is(listFeeds(pairs[0][0]).length, 2, 'and the two syncs did not mix: alice has her feed and bob\'s, no more')
})

test('localWriter rejects when multifeed cannot create the writer', async (t, k) => {
  const dir = await k.tmp()
  await writeFile(path.join(dir, '0'), 'a file where the first feed\'s folder goes')
  const multi = await k.step('openMultifeed(a dir with a file in the way)', openMultifeed(dir))
  k.teardown(() => closeMultifeed(multi))
  const writer = await k.step('localWriter(multi)', settled(localWriter(multi)))
  t.ok(writer.error,
    `localWriter resolved ${writer.value === undefined ? 'undefined' : 'a feed'} although multifeed could not create the writer (a file is in the way): when a callback gets an error, reject with it`)
})

test('appendEntry rejects when the feed refuses the entry', async (t, k) => {
  const alice = await withEntries(k, 'alice', [{ from: 'alice' }])
  const bob = await open(k, 'bob')
  if (!await sync(t, k, 'alice, bob', alice, bob)) return
  const copy = bob.feeds().find((feed) => !feed.writable)!
  const appended = await k.step('appendEntry(alice\'s feed at bob)', settled(appendEntry(copy, { from: 'bob' })))
  t.ok(appended.error,
    `appendEntry resolved ${String(appended.value)} for a feed that is not writable (a copy of alice's feed): hypercore refused it in the callback, so appendEntry must reject with that error`)
  if (appended.error) t.comment(`appendEntry rejected with: ${appended.error.message}`)
})

test('readFeed rejects when an entry cannot be read', async (t, k) => {
  // A feed written by a multifeed of raw bytes: the entry is no JSON.
  const dir = await k.tmp()
  const raw = multifeed(dir, { valueEncoding: 'binary' })
  await k.step('writing an entry that is not JSON', new Promise<void>((resolve, reject) => raw.writer('local', (err, feed) => {
    if (err) return reject(err)
    feed.append(Buffer.from('{ not JSON'), (err) => err ? reject(err) : raw.close(() => resolve()))
  })))
  const multi = await k.step('openMultifeed(that dir)', openMultifeed(dir))
  k.teardown(() => closeMultifeed(multi))
  const [feed] = multi.feeds()
  const read = await k.step('readFeed(a feed whose entry is not JSON)', settled(readFeed(feed)))
  t.ok(read.error,
    `readFeed resolved ${JSON.stringify(read.value)} although the feed could not decode its entry: when the read's callback gets an error, readFeed must reject with it`)
})

test('two multifeeds replicate live over a hyperswarm connection', async (t, k) => {
  const topic = crypto.randomBytes(32)
  const alice = await withEntries(k, 'alice', [{ from: 'alice' }])
  const bob = await withEntries(k, 'bob', [{ from: 'bob' }])
  const alicesStreams = watchReplicate(alice)
  const bobsStreams = watchReplicate(bob)
  const aliceSwarm = await k.swarm()
  // alice's swarm announces only after 2 s: a join that waits for a time, not for its announcement, resolves first.
  const { result, settledWhileHeld } = await onHeldAnnounce(aliceSwarm, () => joinSwarm(alice, aliceSwarm, topic))
  t.absent(settledWhileHeld,
    'joinSwarm resolved while alice\'s swarm had not yet announced her on the topic (the DHT held the announcement back for 2 s): joinSwarm resolves once the join is announced, whenever that is (a timer guesses how long the DHT takes)')
  await k.step('joinSwarm(alice)', result)
  const keys = await k.step('a DHT lookup of the topic', announced(await k.dht(), topic))
  t.ok(keys.includes(publicKeyOf(aliceSwarm)), 'when joinSwarm resolves, alice is announced on the topic (the join is flushed)')
  await k.step('joinSwarm(bob)', joinSwarm(bob, await k.swarm(), topic))

  await k.until('alice and bob each call multi.replicate for their connection (joinSwarm replicates on every connection)',
    () => alicesStreams.length >= 1 && bobsStreams.length >= 1)
  const flags = [alicesStreams[0].isInitiator, bobsStreams[0].isInitiator]
  t.ok(flags[0] !== flags[1],
    `joinSwarm: exactly one side of a connection is the initiator, so take the flag from the connection, which knows who dialled (alice passed ${flags[0]}, bob passed ${flags[1]})`)

  const notLive = [...alicesStreams, ...bobsStreams].filter((call) => !call.live).length
  t.is(notLive, 0,
    `joinSwarm started ${notLive} replication streams that are not live: a stream that is not live ends once both sides are in sync, so what is appended later waits for another connection; joinSwarm must replicate live`)
  await k.until('alice\'s and bob\'s replication streams to complete their handshake (joinSwarm must connect each replication stream with its connection both ways: what arrives on the connection goes into the stream, and what the stream sends goes out on the connection)',
    () => alicesStreams.some((call) => call.handshake) && bobsStreams.some((call) => call.handshake))
  const bobsFeed = await k.step('localWriter(bob)', localWriter(bob))
  const bobsKey = bobsFeed.key.toString('hex')
  await k.until('alice has bob\'s feed with 1 entry', () => listFeeds(alice).some((info) => info.key === bobsKey && info.length === 1))
  await k.until('bob has alice\'s feed', () => listFeeds(bob).length === 2)

  await append(k, 'bob\'s feed, while connected', bobsFeed, { from: 'bob', n: 2 })
  await k.until('bob\'s new entry reaches alice (the replication must be live: a stream that is not live ends once in sync)',
    () => listFeeds(alice).some((info) => info.key === bobsKey && info.length === 2))
  const ended = [...alicesStreams, ...bobsStreams].filter((call) => call.ended || call.closed).length
  t.is(ended, 0,
    `no replication stream ended while alice and bob stayed connected (${ended} did): joinSwarm must replicate live, so the stream stays open and new entries flow over the same connection (a stream that is not live ends once in sync)`)
  t.alike(await k.step('readFeed(bob\'s feed at alice)', readFeed(alice.feed(bobsKey)!)), [{ from: 'bob' }, { from: 'bob', n: 2 }],
    'the connection stays open and new entries flow live')
})

test('joinSwarm replicates on a connection that comes while its join is still being announced', async (t, k) => {
  const topic = crypto.randomBytes(32)
  const alice = await withEntries(k, 'alice', [{ from: 'alice' }])
  const bob = await withEntries(k, 'bob', [{ from: 'bob' }])
  const bobsStreams = watchReplicate(bob)
  const aliceSwarm = await k.swarm()
  await k.step('joinSwarm(alice)', joinSwarm(alice, aliceSwarm, topic))
  const bobSwarm = await k.swarm()
  // bob's swarm cannot announce until a connection came (or 5 s passed): meanwhile it dials alice, a peer it knows.
  const held = await onHeldAnnounce(bobSwarm, async () => {
    const joined = settled(joinSwarm(bob, bobSwarm, topic))
    const connected = new Promise((resolve) => bobSwarm.once('connection', resolve))
    bobSwarm.joinPeer(aliceSwarm.keyPair.publicKey)
    await connected
    return { joined }
  }, 5000)
  const { joined } = await k.step('bob\'s swarm to connect to alice while joinSwarm(bob) is announcing', held.result)
  const join = await k.step('joinSwarm(bob)', joined)
  if (join.error) throw join.error
  await k.until('bob to replicate on the connection his swarm made while joinSwarm(bob) was still announcing (joinSwarm must listen for connections before it joins: a peer can connect before the join is announced, and a connection nobody listened for is never replicated)',
    () => bobsStreams.length >= 1)
  await k.until('bob and alice have each other\'s feed', () => listFeeds(bob).length === 2 && listFeeds(alice).length === 2)
  t.alike(keysOf(bob), keysOf(alice), 'bob and alice have the same feeds')
})

test('closeMultifeed resolves for every caller, also for two closes at once', async (t, k) => {
  const multi = await k.step('openMultifeed(dir)', openMultifeed(await k.tmp()))
  const writer = await k.step('localWriter(multi)', localWriter(multi))
  const closes = await k.step('two closeMultifeed(multi) calls at once', Promise.all([settled(closeMultifeed(multi)), settled(closeMultifeed(multi))]))
  const failed = closes.find((close) => close.error !== undefined)
  t.absent(failed,
    `closeMultifeed(multi), called twice at once, rejected with ${String(failed?.error)}: multifeed's close callback reports no error (multifeed 6 drops it); what it passes is the caller's place in the queue of close calls (0, 1, …), so closeMultifeed resolves once the multifeed is closed, for every caller`)
  t.ok(multi.closed && writer.closed, 'and when both resolved, the multifeed and its writer are closed')
})

test('a peer who joins later gets every feed: joinSwarm replicates on each connection, not only the first', async (t, k) => {
  const topic = crypto.randomBytes(32)
  const alice = await withEntries(k, 'alice', [{ from: 'alice' }])
  const bob = await withEntries(k, 'bob', [{ from: 'bob' }])
  const carol = await withEntries(k, 'carol', [{ from: 'carol' }])
  await k.step('joinSwarm(alice)', joinSwarm(alice, await k.swarm(), topic))
  await k.step('joinSwarm(bob)', joinSwarm(bob, await k.swarm(), topic))
  await k.until('alice and bob both have 2 feeds', () => listFeeds(alice).length === 2 && listFeeds(bob).length === 2)
  await k.step('joinSwarm(carol), after alice and bob met', joinSwarm(carol, await k.swarm(), topic))
  await k.until('carol, who joined after alice and bob had met, has all 3 feeds (joinSwarm must replicate on every connection its swarm makes, for as long as it runs, not only on the first)',
    () => listFeeds(carol).length === 3)
  await k.until('alice has carol\'s feed too', () => listFeeds(alice).length === 3)
  t.alike(keysOf(carol), keysOf(alice), 'carol has the same feeds as alice')
})

test('a connection that fails does not take the process down', async (t, k) => {
  const topic = crypto.randomBytes(32)
  const alice = await withEntries(k, 'alice', [{ from: 'alice' }])
  const bob = await withEntries(k, 'bob', [{ from: 'bob' }])
  const bobSwarm = await k.swarm()
  await k.step('joinSwarm(alice)', joinSwarm(alice, await k.swarm(), topic))
  await k.step('joinSwarm(bob)', joinSwarm(bob, bobSwarm, topic))
  await k.until('alice and bob both have 2 feeds', () => listFeeds(alice).length === 2 && listFeeds(bob).length === 2)

  // A peer's connection dies mid-replication, as they do on real networks.
  await k.until('bob\'s swarm holds a connection to alice (joinSwarm replicates live, so the connection stays open)',
    () => bobSwarm.connections.size >= 1)
  const [conn] = bobSwarm.connections
  k.explainStray(/the connection failed/,
    'joinSwarm left a failed connection\'s \'error\' unhandled, which crashes the process: it needs an \'error\' handler on the connection and on the replication stream')
  conn.destroy(new Error('the connection failed'))
  await k.until('bob\'s failed connection to close', () => conn.destroyed && !bobSwarm.connections.has(conn))
  const feed = await k.step('localWriter(bob)', localWriter(bob))
  t.is(await append(k, 'bob\'s feed, after the failure', feed, { from: 'bob', n: 2 }), 1,
    'bob goes on working: the error of one connection was handled, not thrown')
})

test('peers with the same room secret exchange feeds', async (t, k) => {
  const secret = crypto.randomBytes(32)
  const topic = crypto.randomBytes(32)
  const alice = await withEntries(k, 'alice', [{ from: 'alice' }], secret)
  const bob = await withEntries(k, 'bob', [{ from: 'bob' }], secret)
  await k.step('joinSwarm(alice)', joinSwarm(alice, await k.swarm(), topic))
  await k.step('joinSwarm(bob)', joinSwarm(bob, await k.swarm(), topic))
  await k.until('alice and bob both have 2 feeds', () => listFeeds(alice).length === 2 && listFeeds(bob).length === 2)
  t.alike(keysOf(alice), keysOf(bob), 'same secret: same room, same feeds')
})

test('multifeeds with different room secrets do not exchange feeds, and syncStreams rejects', async (t, k) => {
  const alice = await withEntries(k, 'alice', [{ from: 'alice' }], crypto.randomBytes(32))
  const bob = await withEntries(k, 'bob', [{ from: 'bob' }], crypto.randomBytes(32))
  const watched = [watchReplicate(alice), watchReplicate(bob)]
  const streams = (): ReplicateCall[] => watched.flat()
  // A sync between different rooms may fail or simply end; either way nothing may cross.
  const failed = await k.step('syncStreams(alice, bob) across rooms', syncStreams(alice, bob).then(() => null, (err: Error) => err))
  await k.until('the failed replication streams to close', () => streams().length === 2 && streams().every((call) => call.closed))
  const unhandled = streams().find((call) => call.unhandled)?.unhandled
  t.absent(unhandled, `syncStreams left an 'error' of a replication stream unhandled (${unhandled?.message ?? ''}), which crashes the process: a replication stream can emit 'error' more than once, so keep listening for it until the stream is gone`)
  t.is(listFeeds(alice).length, 1, 'another room secret: alice still has only her own feed (openMultifeed(dir, roomSecret) must make the room secret the key every peer has to prove it knows)')
  t.is(listFeeds(bob).length, 1, 'another room secret: bob still has only his own feed')
  t.ok(failed, 'the streams errored ("Exchange key did not match remote"), so syncStreams must reject, not resolve as if in sync')
  if (failed) t.comment(`syncStreams rejected with: ${failed.message}`)
})

test('a stranger with another room secret on the same topic gets nothing, and the failed streams do not crash the process', async (t, k) => {
  const topic = crypto.randomBytes(32)
  const alice = await withEntries(k, 'alice', [{ from: 'alice' }], crypto.randomBytes(32))
  const stranger = await withEntries(k, 'a stranger with another room secret', [{ from: 'stranger' }], crypto.randomBytes(32))
  const alicesStreams = watchReplicate(alice)
  const strangersStreams = watchReplicate(stranger)
  const streams = (): ReplicateCall[] => [...alicesStreams, ...strangersStreams]
  await k.step('joinSwarm(alice)', joinSwarm(alice, await k.swarm(), topic))
  await k.step('joinSwarm(stranger)', joinSwarm(stranger, await k.swarm(), topic))
  await k.until('a replication stream between alice and the stranger to fail ("Exchange key did not match remote") and close',
    () => streams().some((call) => call.errors.length > 0 && call.closed))
  const unhandled = streams().find((call) => call.unhandled)?.unhandled
  t.absent(unhandled, `joinSwarm needs an 'error' handler on the replication stream itself, not only on the connection: a replication stream failed (${unhandled?.message ?? ''}) and nothing handled it, which crashes the process`)
  t.is(listFeeds(stranger).length, 1, 'another room secret: the stranger still has only its own feed (openMultifeed(dir, roomSecret) must make the room secret the key every peer has to prove it knows)')
  t.is(listFeeds(alice).length, 1, 'and alice got nothing from the stranger')
})
