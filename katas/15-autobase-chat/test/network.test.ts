// Kata 15 · The network, and close(): peers found, connections shared, letting go.
import { isDeepStrictEqual } from 'node:util'
import crypto from 'hypercore-crypto'
import { announcedOn, linkSwarms, connectionsEndOnSlowDisk, onHeldUnannounce, onSlowDisk, settled, test, told, watchTimers } from '../../../src/harness/index.ts'
import { createChat } from '../chat.ts'
import { open, hasText, topicOf } from './helpers.test.ts'

test('a peer that sends bytes that are not the replication protocol is dropped, and the chat goes on', async (t, k) => {
  const alice = await open(k, 'alice')
  const { ours, theirs, key: stranger } = await k.stranger(alice.swarm)
  const events: string[][] = []
  alice.chat.on('peers', (peers) => events.push(peers))
  alice.swarm.emit('connection', ours, {} as never)
  await k.until('alice to list the stranger in peers()', () => alice.chat.peers().includes(stranger))
  t.ok(events.some((peers) => peers.includes(stranger)), 'a \'peers\' event comes when a peer connects, listing it (the app shows who is connected from it)')
  theirs.write(Buffer.from([0x05, 0xff, 0xff, 0xff, 0xff, 0xff]))
  await k.until('alice to drop a connection whose replication failed (replicate the base on the connection the swarm gives you: its replication ends it on bad bytes)',
    () => !alice.chat.peers().includes(stranger))
  const sent = await k.step('alice.send after that', settled(alice.chat.send('still here')))
  t.is(sent, true, `and the chat goes on (${told(sent)})`)
})

test('createChat replicates on the connections its swarm already has: hyperswarm opens no second connection to a peer', async (t, k) => {
  const a = await k.swarm()
  const b = await k.swarm()
  const elsewhere = crypto.randomBytes(32)
  await k.step('one swarm joining another topic first', a.join(elsewhere).flushed()) // then the other: it finds the first
  await k.step('the other swarm joining it', b.join(elsewhere).flushed())
  await k.until('the two swarms to be connected before any chat exists', () => a.connections.size > 0 && b.connections.size > 0)
  const alice = await open(k, 'alice', undefined, { swarm: a })
  const bob = await open(k, 'bob', alice.chat.key, { swarm: b })
  await k.step('alice.send', alice.chat.send('over the old connection'))
  await k.until('bob to read alice\'s message over the connection their swarms already had (createChat must replicate on the connections the swarm already has as well as on the new ones: the swarm is already connected to alice, so it will open no second connection to her)',
    () => hasText(bob.chat, 'over the old connection'))
  t.ok(bob.chat.peers().includes(a.keyPair.publicKey.toString('hex')), 'createChat: peers() lists alice, whose connection was there before the chat')
})

test('peers() lists a peer once, however many connections it has to us, and \'peers\' comes only when that list changes', async (t, k) => {
  const alice = await open(k, 'alice', undefined, { swarm: await k.swarm({ firewall: () => true }) })
  const bob = await open(k, 'bob', alice.chat.key, { swarm: await k.swarm({ firewall: () => true }) })
  const events: string[][] = []
  alice.chat.on('peers', (peers) => events.push(peers))
  const first = await linkSwarms(k, alice.swarm, bob.swarm)
  const second = await linkSwarms(k, alice.swarm, bob.swarm)
  await k.until('alice to list bob in peers()', () => alice.chat.peers().includes(bob.swarm.keyPair.publicKey.toString('hex')))
  t.alike(alice.chat.peers(), [bob.swarm.keyPair.publicKey.toString('hex')], 'peers() lists each peer once, by its swarm key, although two connections lead to bob (a reconnect can overlap the old connection)')
  first.cut()
  second.cut()
  await k.until('alice to see bob go (a \'peers\' event without him) once both connections closed', () => events.some((peers) => peers.length === 0))
  const again = events.filter((peers, i) => i > 0 && isDeepStrictEqual(peers, events[i - 1]))
  t.alike(again, [], `'peers' tells a change of peers(): a second connection to bob, or the close of one of his two, changes nothing, so no event comes for it (alice heard ${events.map((peers) => `[${peers.map((p) => p.slice(0, 4)).join(', ')}]`).join(', ')})`)
})

test('close() lets go of the network first: its peers see it go even while its base and storage are still closing', async (t, k) => {
  const alice = await open(k, 'alice')
  const bob = await open(k, 'bob', alice.chat.key)
  await k.step('alice.send', alice.chat.send('hi bob'))
  await k.until('bob to see alice\'s message', () => hasText(bob.chat, 'hi bob'))
  const connections = [...alice.swarm.connections]
  // A disk that does not answer for a while: closing the base and its storage takes that long. The network needs no disk.
  const { ended, closed } = await connectionsEndOnSlowDisk(await k.tmp(), connections, () => alice.chat.close(), 3000)
  await k.step('alice.close() once the disk answers again', closed)
  t.ok(ended,
    `close() lets go of the network first, then closes the base and its storage: while alice's disk was slow, her close() kept her ${connections.length} connection(s) open for 3 s, so her peers went on replicating with a base that was closing`)
})

test('two peers that each looked for the other too early still meet: createChat\'s chat looks again soon', async (t, k) => {
  const alice = await open(k, 'alice', undefined, { nick: null }) // no nick to publish: createChat has nothing to wait for but the join
  const topic = topicOf(alice.chat)
  const found = await announcedOn(k, topic)
  t.ok(found.includes(alice.swarm.keyPair.publicKey.toString('hex')),
    'createChat: when it resolves, the DHT already finds the chat on its topic, even with no nick to publish: resolve only once the chat is announced there')
  // What a race does when both join at the same moment, made certain: when bob looks, alice's announcement
  // is not on the DHT (the test takes it back), and bob announces after alice looked.
  await k.step('taking alice\'s announcement back off the DHT', alice.swarm.dht.unannounce(topic, alice.swarm.keyPair))
  const bob = await open(k, 'bob', alice.chat.key)
  await k.step('alice.send', alice.chat.send('did we meet?'))
  await k.until('alice and bob to meet anyway: hyperswarm alone looks again after 10 minutes, so the chat createChat made must refresh its discovery itself: soon after joining, then less and less often, as in kata 12',
    // The one wait longer than 3 s: the chat's first look again comes about 1 s after it joined, then a connection and replication.
    () => hasText(bob.chat, 'did we meet?'), { timeout: 4000 })
  t.pass('alice and bob met: the chat looked for peers again soon enough')
})

test('createChat keeps looking for peers, less and less often: each look again comes later after the one before', async (t, k) => {
  const swarm = await k.swarm()
  // When the chat looks: its join of the topic, then each refresh of the discovery that join gave.
  const at: number[] = []
  const join = swarm.join.bind(swarm)
  swarm.join = (topic, opts) => {
    at.push(Date.now())
    const discovery = join(topic, opts)
    const refresh = discovery.refresh.bind(discovery)
    discovery.refresh = (...args) => { at.push(Date.now()); return refresh(...args) }
    return discovery
  }
  const timers = watchTimers()
  const chat = k.closes(await k.step('createChat() for alice', createChat({ storage: await k.tmp(), nick: 'alice', swarm })))
  // About 1 s after joining, then about 2 s after that.
  await k.until('createChat\'s chat to look for peers again twice (two refreshes of the discovery its join gave): peers that missed each other twice must still meet, so the chat keeps looking',
    () => at.length >= 3, { timeout: 6000 })
  // The first wait is about 1 s (after the join was flushed); the next one must be longer.
  const gap = at[2] - at[1]
  t.ok(gap >= 1500,
    `createChat's chat looks for peers again soon, then less and less often, each wait longer than the one before (a chat that refreshes every second for ever loads the DHT for nothing): its second look again came ${gap} ms after its first`)
  await k.step('alice.close()', chat.close())
  t.alike(timers.running(), [], 'close() stops every timer its chat set (its next look for peers): a timer left running keeps a closed chat alive, and the process with it, until it fires (minutes later)')
})

test('close() resolves once the chat has left its topic: its discovery is destroyed, unannounced from the DHT', async (t, k) => {
  const alice = await open(k, 'alice')
  await k.until('alice\'s chat to join its topic on the swarm', () => alice.swarm.status(topicOf(alice.chat)))
  await k.step('alice\'s first announcement and lookup', alice.swarm.flush())
  const held = await onHeldUnannounce(alice.swarm, () => alice.chat.close(), 1500)
  await k.step('alice.close() once the DHT unannounces again', held.result)
  t.absent(held.settledWhileHeld,
    'close() waits until the chat has left its topic (its discovery\'s destroy, which unannounces it from the DHT): it resolved while the unannounce was still held back, so a peer that looks the topic up right after close() still finds it')
})

test('close() resolves once the base and its storage are closed: a chat opened on that storage right after finds it let go', async (t, k) => {
  const alice = await open(k, 'alice')
  await k.step('alice.send', alice.chat.send('hi'))
  // A disk that does not answer for 1.5 s: closing the base and its storage takes that long, at least.
  const started = Date.now()
  let closedAfter = -1
  await onSlowDisk(await k.tmp(), () => alice.chat.close().then(() => { closedAfter = Date.now() - started }), 1500)
  await k.until('alice.close() to resolve once the disk answers again', () => closedAfter >= 0)
  t.ok(closedAfter >= 1400,
    `close() resolves only once the base and its storage are closed: with alice's disk not answering for 1.5 s, her close() resolved after ${closedAfter} ms, before they could be, so a chat opened on that storage right after finds it still locked`)
})
