// Kata 12 · meeting the chat's peers and letting go: createChat replicates with every peer on the topic,
// even one that joined at the same moment; peers(), peerInfo() and 'peers' follow the connections; close()
// gives back what the chat took.
import crypto from 'hypercore-crypto'
import NoiseSecretStream from '@hyperswarm/secret-stream'
import { heldWrites, onHeldUnannounce, connectionsEndOnSlowDisk, openFilesUnder, rawMember, test, watchTimers } from '../../../src/harness/index.ts'
import { createChat } from '../chat.ts'
import { NOW, announced, hasText, join, member, newKey, outcome, say, texts, topicOf, type Peer } from './helpers.test.ts'

test('createChat replicates on every connection, whichever side dialled, and reads blocks that are not JSON without stalling', async (t, k) => {
  const key = newKey()
  // A peer that is only dialled: alice finds it when she first looks up the topic, so her side of that
  // connection is the initiator. Then a peer that only dials: alice's side of that one is not.
  const dialled = await member(k, key, { client: false })
  const alice = await join(k, 'alice', key)
  const aliceKey = alice.swarm.keyPair.publicKey.toString('hex')
  await announced(k, alice, key)
  const dialler = await member(k, key, { server: false })
  const checks = [
    ['a peer alice dialled', dialled, 'alice dialled it, so her side is the initiator'],
    ['a peer that dialled alice', dialler, 'it dialled alice, so her side is not the initiator']
  ] as const
  for (const [who, peer, why] of checks) {
    await k.until(`the replication handshake with ${who}: join the topic as server and client, and replicate every connection the swarm gives you, with that connection's isInitiator`,
      () => { const c = peer.connections.get(aliceKey); return c && (c.handshake || c.error) })
    const error = peer.connections.get(aliceKey)?.error
    t.absent(error && /exchange key/i.test(error) ? error : undefined,
      `the chat key is the room's secret, multifeed's encryptionKey: both sides must open their multifeed with it, or no feed is exchanged (with ${who} the replication failed: ${error})`)
    t.absent(error, `exactly one side of a connection is the initiator, and the connection tells each side which it is: createChat must replicate as that side, not always the same (with ${who}, where ${why}, the replication failed${error ? `: ${error}` : ''})`)
  }
  await dialled.write(say({ text: 'hello alice' }))
  await k.until('alice to show a message from a peer she replicates with: replicate live (new blocks keep coming) and index every feed in the view',
    () => hasText(alice.chat, 'hello alice'))
  await dialled.write(Buffer.from('{ this is not JSON'), say({ text: 'after the bad block' }, { timestamp: NOW + 1 }))
  await k.until('alice to show the message that follows a block that is not JSON, both written after her first sync with that peer: replication must stay live (new blocks keep coming on the same connection, not only what was there when it began), and createChat\'s view must drop a block that is not JSON and go on (parseEntry decides what a block means; a \'json\' valueEncoding throws inside the indexer and stalls the rest of that feed)',
    () => hasText(alice.chat, 'after the bad block'))
  t.alike(texts(alice.chat), ['hello alice', 'after the bad block'], 'a block that is not JSON is dropped, and the feed goes on')
})

test('createChat looks for peers again soon: two peers that each looked for the other too early still meet', async (t, k) => {
  const key = newKey()
  const topic = topicOf(key)
  const alice = await join(k, 'alice', key)
  await announced(k, alice, key)
  // What a race does when both join at the same moment, made certain: when bob looks, alice's
  // announcement is not on the DHT (here, the test takes it back), and bob announces after alice looked.
  await k.step('taking alice\'s announcement back off the DHT', alice.swarm.dht.unannounce(topic, alice.swarm.keyPair))
  const bob = await join(k, 'bob', key)
  await announced(k, bob, key) // and alice is not on the DHT
  await k.step('alice.send', alice.chat.send('did we meet?'))
  await k.until('alice and bob to meet anyway: hyperswarm alone looks again after 10 minutes, so createChat must refresh its discovery (about 1 s, 2 s, 4 s … later)',
    // The one wait longer than 3 s: it waits for the chat's own timer, its first look again about 1 s after
    // joining (up to 1.5 s, with its randomness), then a connection and replication (under 1.4 s in all, measured
    // on a busy 2-core machine). 4 s leaves room for that, and shows a chat that never looks again within 6 s.
    () => hasText(bob.chat, 'did we meet?'), { timeout: 4000 })
  t.pass('alice and bob met: the chat looked for peers again soon enough')
})

test('peers(), peerInfo() and the \'peers\' event follow connections as they come and go; createChat ignores a malformed peer-id', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const events: string[][] = []
  alice.chat.on('peers', (list) => events.push(list))
  // A stranger's connection, handed to alice's swarm: a multifeed of its own that sends Cabal's 'peer-id'
  // extension, the malformed messages a hostile peer may send first, then two well-formed ones.
  const stranger = await rawMember(k, key)
  const author = stranger.author
  const hex = newKey()
  const malformed = [null, 42, 'a string', {}, { id: 42 }, { id: [author] }, { id: 'zz'.repeat(32) }, { id: author.slice(2) },
    { id: `!${author}` }, { id: `${author}!` }, { id: author.toUpperCase() }]
  const { ours, key: strangerKey } = await stranger.handTo(alice.swarm, (replication) => {
    const peerId = replication.registerExtension<unknown>('peer-id', { encoding: 'json' })
    for (const message of [...malformed, { id: author }, { id: hex }]) peerId.send(message)
  })
  await k.until('alice to list the stranger in peers() (its swarm key) as soon as its connection comes', () => alice.chat.peers().includes(strangerKey))
  // After its peer-id messages, on the same connection: once alice shows it, she has read them all.
  await stranger.write(say({ text: 'the stranger is here' }))
  await k.until('alice to show the stranger\'s message, sent after its peer-id messages: a malformed peer-id must not break the connection createChat replicates on',
    () => hasText(alice.chat, 'the stranger is here'))
  const info = alice.chat.peerInfo().find((p) => p.key === strangerKey)
  t.is(info?.author, author,
    `a peer-id is a feed key, 64 lower-case hex characters, and a peer gives one: createChat's connections ignore malformed ones and any after the first (peerInfo() says ${JSON.stringify(info?.author)})`)
  t.ok(events.filter((list) => list.includes(strangerKey)).length >= 2,
    `createChat emits a 'peers' event when the peer connects and again when its peer-id arrives (peerInfo() changed): ${events.length} events`)

  ours.destroy()
  await k.until('alice to drop the stranger from peers() once its connection closed (createChat forgets a connection when it closes)', () => !alice.chat.peers().includes(strangerKey))
  t.absent(events.at(-1)?.includes(strangerKey), 'and a \'peers\' event announces the new list, without the stranger')
})

test('peers() lists each peer once, even while hyperswarm holds two connections to it; peerInfo() keeps what it told us', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const bob = await join(k, 'bob', key)
  const swarmKey = (p: Peer): string => p.swarm.keyPair.publicKey.toString('hex')
  await k.until('alice to list bob as a peer', () => alice.chat.peers().includes(swarmKey(bob)))
  // Hyperswarm can hold two connections to one peer for a moment (both sides dialled at once; one is
  // dropped a little later). Here, a second connection from bob's swarm key, replicating, handed to alice's swarm.
  const spare = await rawMember(k, key, { writer: false })
  const bobSide = new NoiseSecretStream(true, null, { keyPair: bob.swarm.keyPair })
  const aliceSide = new NoiseSecretStream(false, null, { keyPair: alice.swarm.keyPair })
  for (const s of [bobSide, aliceSide]) s.on('error', () => {})
  k.teardown(() => { bobSide.destroy(); aliceSide.destroy() })
  bobSide.rawStream.pipe(aliceSide.rawStream).pipe(bobSide.rawStream)
  await k.step('a second connection from bob\'s swarm key', aliceSide.opened)
  await k.until('alice to know bob\'s feed key, from his \'peer-id\' message: createChat sends its own feed key in Cabal\'s \'peer-id\' extension on every connection, and peerInfo() lists the one it receives',
    () => alice.chat.peerInfo().some((p) => p.key === swarmKey(bob) && p.author === bob.chat.author))
  const replication = spare.feeds.replicate(true, { live: true })
  replication.on('error', () => bobSide.destroy())
  bobSide.pipe(replication).pipe(bobSide)
  const handshake = k.once(replication as unknown as NodeJS.EventEmitter, 'handshake', 'alice to replicate on a second connection from bob')
  alice.swarm.emit('connection', aliceSide, {} as never)
  await handshake
  const times = (): number => alice.chat.peers().filter((p) => p === swarmKey(bob)).length
  t.is(times(), 1, `peers() lists each peer once, by swarm key, even while there are two connections to it (bob is listed ${times()} times)`)
  t.is(alice.chat.peerInfo().find((p) => p.key === swarmKey(bob))?.author, bob.chat.author,
    'peerInfo() keeps what a peer told us (its peer-id) while a second connection from it, that has told nothing yet, is open')
  const infos = alice.chat.peerInfo().filter((p) => p.key === swarmKey(bob)).length
  t.is(infos, 1, `peerInfo() lists each peer once too, as peers() does, whatever its connections (bob is listed ${infos} times)`)
  const closed = k.once(aliceSide, 'close', 'the second connection from bob to close')
  aliceSide.destroy()
  await closed
  t.is(times(), 1, 'and while one connection to a peer is left, peers() still lists it')
})

test('createChat drops a peer that sends bytes that are not the replication protocol, and the chat goes on', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const { ours, theirs, key: stranger } = await k.stranger(alice.swarm)
  alice.swarm.emit('connection', ours, {} as never)
  await k.until('alice to list the stranger in peers()', () => alice.chat.peers().includes(stranger))
  theirs.write(Buffer.from([0x05, 0xff, 0xff, 0xff, 0xff, 0xff]))
  await k.until('alice to drop a connection whose replication stream failed (createChat: on an error of the replication stream, destroy the connection)',
    () => !alice.chat.peers().includes(stranger))
  const sent = await k.step('alice.send after that', outcome(alice.chat.send('still here')))
  t.is(sent, true, 'and the chat goes on')
})

test('close() leaves the topic, ends its connections, stops listening, and leaves the swarm running', async (t, k) => {
  const key = newKey()
  const swarm = await k.swarm()
  // A connection alice's swarm already has for another topic (another app on the same swarm): not the chat's to end.
  const otherTopic = crypto.randomBytes(32)
  const other = await k.swarm()
  other.on('connection', (socket) => socket.on('error', () => {}))
  await k.step('another app\'s peer announcing another topic', other.join(otherTopic, { server: true, client: false }).flushed())
  swarm.join(otherTopic, { server: false, client: true })
  await k.step('alice\'s swarm looking up the other topic', swarm.flush())
  const foreignConnection = () => [...swarm.connections].find((c) => c.remotePublicKey?.equals(other.keyPair.publicKey))
  await k.until('alice\'s swarm to connect to the peer of the other topic', () => foreignConnection())
  const foreign = foreignConnection()!
  foreign.on('error', () => {})
  const listeners = swarm.listenerCount('connection')
  const storage = await k.tmp()
  const timers = watchTimers()
  const alice = k.closes(await k.step('createChat() for alice', createChat({ storage, key, nick: 'alice', swarm })))
  const bob = await join(k, 'bob', key)
  await k.step('alice.send', alice.send('hi bob'))
  await k.until('bob to see alice\'s message', () => hasText(bob.chat, 'hi bob'))
  const connections = [...swarm.connections].filter((c) => c !== foreign)
  await k.step('alice.close()', alice.close())
  const discovery = swarm.status(topicOf(key))
  t.ok(!discovery || discovery.destroyed, 'close() leaves the chat\'s topic: alice\'s swarm no longer announces it or looks it up')
  t.ok(connections.length > 0 && connections.every((c) => c.destroying || c.destroyed),
    `close() ends the chat's connections (${connections.length} open before), so its peers see it go`)
  t.is(swarm.listenerCount('connection'), listeners, 'close() stops listening for connections: no handler of the closed chat is left on the swarm')
  t.absent(swarm.destroyed, 'and the swarm is still running: it was given to the chat, it is not the chat\'s to destroy')
  t.absent(foreign.destroying || foreign.destroyed,
    'close() ends only the chat\'s own connections: the one alice\'s swarm had for another topic before the chat started is not the chat\'s to end')
  const stillOpen = await openFilesUnder(storage)
  if (stillOpen) {
    t.alike(stillOpen, [], `close() closes the feeds (the multifeed) once the network is done: none of the storage's files is left open (${stillOpen.length} still are: ${stillOpen.slice(0, 3).join(', ')}…)`)
  }
  const late = await k.step('alice.send after close() (must reject at once: the chat is closed)', outcome(alice.send('too late')))
  t.ok(late instanceof Error && /closed/.test(late.message),
    `send() after close() rejects with an error that says the chat is closed (${late === true ? 'it was sent' : late.message})`)
  await k.step('bob.close()', bob.chat.close())
  t.alike(timers.running(), [], 'close() stops every timer its chat set (looking for peers again, waiting for an entry\'s time): with alice\'s and bob\'s chats closed, a timer of theirs is still running, and keeps a closed chat alive (and the process with it) until it fires')
})

test('close() lets go of the network first: its peers see it go even while its feeds are still closing', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const bob = await join(k, 'bob', key)
  await k.step('alice.send', alice.chat.send('hi bob'))
  await k.until('bob to see alice\'s message', () => hasText(bob.chat, 'hi bob'))
  const connections = [...alice.swarm.connections]
  // A disk that does not answer for a while: closing the feeds takes that long. The network needs no disk.
  const { ended, closed } = await connectionsEndOnSlowDisk(await k.tmp(), connections, () => alice.chat.close(), 4000)
  await k.step('alice.close() once the disk answers again', closed)
  t.ok(ended,
    `close() lets go of the network first, then closes the feeds: while alice's disk was slow, her close() kept her ${connections.length} connection(s) open for 4 s, so her peers went on replicating with feeds that were closing`)
})

test('close() lets a send under way finish or fail first: it never resolves while that send is still pending', async (t, k) => {
  const key = newKey()
  const storage = await k.tmp()
  // A disk that takes alice's entry but holds its write back, until close() settles or 2 s pass.
  const disk = heldWrites(storage)
  const alice = k.closes(await k.step('createChat() for alice', createChat({ storage: disk.storage, key, nick: 'alice', swarm: await k.swarm() })))
  const writing = disk.hold()
  let sent: true | Error | undefined
  const sending = outcome(alice.send('under way')).then((result) => (sent = result))
  await k.step('alice.send("under way") to begin writing its entry (the disk holds the write back)', writing)
  const closing = await disk.releaseAfter(() => alice.close())
  t.absent(closing.settledWhileHeld,
    'close() waits for a send under way (its entry being written when close() was called) to finish or fail: it resolved while that entry was still being written, so the send was left to end after the chat had closed (or never: the view it waits on is stopped)')
  await k.step('alice.close() once the disk writes again', closing.result)
  t.ok(sent !== undefined,
    'close() resolves only once a send under way has finished (its entry written and shown) or failed: it resolved while that send was still pending')
  const result = await k.step('alice.send("under way")', sending)
  if (result !== true) return t.pass(`the send under way when close() was called failed: ${result.message}`)
  const again = await join(k, 'alice again', key, { storage, nick: null })
  t.ok(hasText(again.chat, 'under way'), 'a send that resolved wrote its entry: after close(), the storage holds "under way"')
})

test('send and close() are each chat\'s own: another chat in the same process, its disk holding a write back, holds up neither', async (t, k) => {
  // Two chats in one process (an app with two rooms open): one on a disk that holds its writes back.
  const disk = heldWrites(await k.tmp())
  const slow = k.closes(await k.step('createChat() for a chat on a slow disk', createChat({ storage: disk.storage, key: newKey(), nick: 'slow', swarm: await k.swarm() })))
  const alice = await join(k, 'alice', newKey())
  const stuck: Array<Promise<unknown>> = []
  for (const [what, work] of [['alice.send("not held up")', () => alice.chat.send('not held up')], ['alice.chat.close()', () => alice.chat.close()]] as const) {
    const writing = disk.hold()
    stuck.push(outcome(slow.send(`held back before ${what}`)))
    await k.step('the slow chat\'s send to begin writing its entry (its disk holds the write back)', writing)
    const held = await disk.releaseAfter<unknown>(work, 4000)
    t.ok(held.settledWhileHeld,
      `send() takes turns only with the sends of its own chat, and close() waits only for its own chat's sends: ${what} did not settle in 4 s while another chat in the same process had a write held back by its disk. What a chat keeps (its queue of sends, its sends under way) belongs to that chat, made by createChat, never to the module`)
    await k.step(what, held.result)
  }
  await k.step('the slow chat\'s sends, once its disk writes again', Promise.all(stuck))
})

/** Counts every look a chat takes on `swarm`: a join of a topic, or a refresh of the discovery a join gave (`at`: when each came). */
function countLooks (swarm: Peer['swarm']): { looks: number, at: number[] } {
  const seen = { looks: 0, at: [] as number[] }
  const look = (): void => { seen.looks++; seen.at.push(Date.now()) }
  const join = swarm.join.bind(swarm)
  swarm.join = (topic, opts) => {
    look()
    const discovery = join(topic, opts)
    const refresh = discovery.refresh.bind(discovery)
    discovery.refresh = (...args) => { look(); return refresh(...args) }
    return discovery
  }
  return seen
}

test('createChat keeps looking for peers, less and less often: after its first look again, another one comes, each later after the one before', async (t, k) => {
  const swarm = await k.swarm()
  const seen = countLooks(swarm)
  k.closes(await k.step('createChat() for alice', createChat({ storage: await k.tmp(), key: newKey(), nick: 'alice', swarm })))
  // About 1 s after joining, then about 2 s after that (with their randomness, 4.5 s at most in all).
  await k.until('createChat to look for peers again twice (a join, then two refreshes of its discovery): peers that missed each other twice must still meet, so the chat keeps looking, less and less often',
    () => seen.looks >= 3, { timeout: 6000 })
  // Then about 4 s after that (10.5 s at most in all).
  await k.until('createChat to look for peers a third time (a join, then three refreshes of its discovery)', () => seen.looks >= 4, { timeout: 14000 })
  const gaps = seen.at.slice(1, 4).map((at, i) => at - seen.at[i])
  t.ok(gaps[2] >= 1900 && gaps[2] > gaps[0],
    `createChat looks for peers again soon, then less and less often (a chat that refreshes every second for ever loads the DHT for nothing): its looks again came ${gaps.join(' ms, ')} ms apart`)
})

test('close() leaves the topic for the chat alone: another join of the same topic on the swarm it was lent goes on', async (t, k) => {
  const key = newKey()
  const swarm = await k.swarm()
  // Another app (or another chat) on the same swarm has joined the same topic: that join is not the chat's.
  const other = swarm.join(topicOf(key), { server: true, client: false })
  await k.step('another join of the chat\'s topic on alice\'s swarm, announced', other.flushed())
  const chat = k.closes(await k.step('createChat() for alice', createChat({ storage: await k.tmp(), key, nick: 'alice', swarm })))
  await k.step('alice.close()', chat.close())
  const status = swarm.status(topicOf(key))
  t.ok(status && !status.destroyed,
    'close() ends the chat\'s own join of its topic (the discovery its join gave), never the topic for the whole swarm: another join of that topic on the swarm it was lent still announces it')
})

test('close() resolves once the chat has left its topic: its discovery is destroyed, unannounced from the DHT', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  await announced(k, alice, key)
  const held = await onHeldUnannounce(alice.swarm, () => alice.chat.close(), 1500)
  await k.step('alice.close() once the DHT unannounces again', held.result)
  t.absent(held.settledWhileHeld,
    'close() waits until the chat has left its topic (its discovery\'s destroy, which unannounces it from the DHT): it resolved while the unannounce was still held back, so a peer that looks the topic up right after close() still finds it')
})

test('close() stops looking for peers: after it, the chat refreshes no discovery', async (t, k) => {
  const swarm = await k.swarm()
  const seen = countLooks(swarm)
  const chat = k.closes(await k.step('createChat() for alice', createChat({ storage: await k.tmp(), key: newKey(), nick: 'alice', swarm })))
  t.ok(seen.looks > 0, 'createChat joins the chat\'s topic on the swarm it is given')
  await k.step('alice.close(), right after createChat', chat.close())
  const before = seen.looks
  // The chat's first look again comes about 1 s after it joined (1.5 s at most): a timer left running fires by then.
  await k.step('waiting 1.6 s after close()', new Promise((resolve) => setTimeout(resolve, 1600)))
  t.is(seen.looks - before, 0, `close() stops looking for peers: it clears the timer that refreshes the discovery (after close(), the chat looked ${seen.looks - before} more time(s))`)
})
