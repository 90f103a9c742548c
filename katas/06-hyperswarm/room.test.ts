// Kata 06 — hyperswarm. Run it: npm test -- 06
import b4a from 'b4a'
import crypto from 'hypercore-crypto'
import type DHT from 'hyperdht'
import type Hyperswarm from 'hyperswarm'
import { onHeldAnnounce, onHeldUnannounce, test, type KataContext } from '../../src/harness/index.ts'
import { broadcast, checkTopic, joinRoom, leaveRoom, topicFor, trackPeers } from './room.ts'

const hex = (key: Uint8Array): string => b4a.toString(key, 'hex')
const SERVER = { server: true, client: false }
const CLIENT = { server: false, client: true }
// The suite's own topics, so each test fails on the function it is about (not on topicFor).
const topic = (): Buffer => crypto.randomBytes(32)

/** The public keys (hex) `swarm` has an open connection to. */
function connectedTo (swarm: Hyperswarm): string[] {
  return [...swarm.connections].map((socket) => hex(socket.remotePublicKey!))
}

function isConnected (swarm: Hyperswarm, other: Hyperswarm): boolean {
  return connectedTo(swarm).includes(hex(other.keyPair.publicKey))
}

/** A swarm from the test with an 'error' listener on each connection (a peer going away must not crash the suite). */
async function quietSwarm (k: KataContext): Promise<Hyperswarm> {
  const swarm = await k.swarm()
  swarm.on('connection', (socket) => { socket.on('error', () => {}) })
  return swarm
}

/** Runs `fn` and returns what it threw (or null); a stub's "not implemented" still fails the test. */
async function thrown (fn: () => unknown): Promise<unknown> {
  try {
    await fn()
    return null
  } catch (err) {
    if (err instanceof Error && /not implemented/i.test(err.message)) throw err
    return err
  }
}

/** A Buffer of the wrong length is out of range: a RangeError whose message says "32 bytes". */
function isTopicError (err: unknown): boolean {
  return err instanceof RangeError && /32 bytes/.test(err.message)
}

/** Watches `swarm.leave`, so the suite sees whether leaveRoom resolved while the swarm was still leaving, and which topics reached it. */
function watchLeave (swarm: Hyperswarm, topics: unknown[] = []): () => 'not called' | 'leaving' | 'left' {
  let state: 'not called' | 'leaving' | 'left' = 'not called'
  const leave = swarm.leave.bind(swarm)
  swarm.leave = async (topic: Buffer) => {
    topics.push(topic)
    state = 'leaving'
    try {
      return await leave(topic)
    } finally {
      state = 'left'
    }
  }
  return () => state
}

/** The public keys (hex) announced on `topic`, as a fresh DHT lookup finds them. */
async function announced (dht: DHT, topic: Buffer): Promise<string[]> {
  const keys: string[] = []
  for await (const reply of dht.lookup(topic)) {
    for (const peer of reply.peers) keys.push(hex(peer.publicKey))
  }
  return keys
}

test('topicFor hashes a room name to a stable 32-byte topic', async (t) => {
  const lobby = topicFor('lobby')
  t.ok(b4a.isBuffer(lobby), 'topicFor returns a Buffer')
  t.is(lobby.byteLength, 32, 'topicFor gives 32 bytes, whatever the length of the name')
  t.is(topicFor('a much longer room name, with spaces ✓').byteLength, 32, 'topicFor gives 32 bytes for a long name too')
  t.alike(topicFor('lobby'), lobby, 'topicFor gives the same topic for the same name every time (so peers who only share the name meet)')
  t.unlike(topicFor('Lobby'), lobby, 'topicFor gives another topic for another name')
  const long = 'a room name longer than thirty-two bytes, number '
  t.unlike(topicFor(long + 'one'), topicFor(long + 'two'), 'topicFor gave names that differ only after their 32nd byte the same topic: hash the whole name')
  t.absent(b4a.includes(lobby, b4a.from('lobby')), 'topicFor\'s topic contains the name: a hash keeps the room\'s name from the DHT nodes that store the topic')
  // In latin1, 'ч' 'а' 'т' (U+0447, U+0430, U+0442) keep only their low bytes: 'G0B'.
  t.unlike(topicFor('чат'), topicFor('G0B'), 'topicFor gave the rooms "чат" and "G0B" the same topic: hash the bytes of the name\'s UTF-8 encoding, where every character keeps all of its bits (latin1 or binary keep one byte of each)')
  // Every peer of a room must derive the same topic from its name: the bytes hashed are the name's UTF-8.
  t.alike(lobby, crypto.hash(b4a.from('lobby', 'utf-8')), 'topicFor(\'lobby\') is not the hash of the UTF-8 bytes of "lobby": peers meet only if they all hash the same bytes, so encode the name as UTF-8 (not UTF-16 or another encoding) and hash it with hypercore-crypto\'s hash')
})

test('checkTopic gives a topic that is not 32 bytes a clear error, and joinRoom checks first', async (t, k) => {
  const good = topic()
  t.alike(checkTopic(good), good, 'a 32-byte Buffer is a topic: checkTopic returns it')

  const short = await thrown(() => checkTopic(Buffer.from('lobby')))
  t.ok(short instanceof RangeError, `checkTopic(a 5-byte Buffer): the right kind of value with a length out of range is a RangeError, not a TypeError (got: ${String(short)})`)
  t.ok(isTopicError(short), `checkTopic's error says a topic must be "32 bytes" (got: ${String(short)})`)
  const long = await thrown(() => checkTopic(Buffer.alloc(33)))
  t.ok(isTopicError(long), `checkTopic refuses a 33-byte Buffer too: a RangeError that says "32 bytes" (got: ${String(long)})`)
  const text = await thrown(() => checkTopic('lobby'))
  t.ok(text instanceof TypeError, `checkTopic('lobby'): a string is the wrong kind of value for a topic, a TypeError (got: ${String(text)})`)
  t.ok(text instanceof Error && /32 bytes/.test(text.message), `checkTopic's TypeError says a topic must be "32 bytes" too (got: ${String(text)})`)
  const numbers = await thrown(() => checkTopic(new Array(32).fill(7)))
  t.ok(numbers instanceof TypeError, `checkTopic(an array of 32 numbers): not bytes, a TypeError (got: ${String(numbers)})`)
  for (const [what, view] of [['a Float32Array of 8 floats', new Float32Array(8)], ['a DataView', new DataView(new ArrayBuffer(32))]] as const) {
    const err = await thrown(() => checkTopic(view))
    t.ok(err instanceof TypeError, `checkTopic(${what}, 32 bytes long) must throw a TypeError: a topic is a Uint8Array, bytes; not every view of memory is one (got: ${String(err)})`)
  }

  const plain = new Uint8Array(32).fill(1)
  const notBuffer = await thrown(() => checkTopic(plain))
  t.is(notBuffer, null, `checkTopic must accept a 32-byte Uint8Array that is not a Buffer: it is a topic too, hyperswarm takes any 32 bytes (got: ${String(notBuffer)})`)
  t.ok(notBuffer === null && checkTopic(plain) === plain, 'checkTopic returns it as it is')
  const shortBytes = await thrown(() => checkTopic(new Uint8Array(5)))
  t.ok(isTopicError(shortBytes), `checkTopic(a 5-byte Uint8Array): bytes of the wrong length, a RangeError that says "32 bytes" (got: ${String(shortBytes)})`)

  // Hyperswarm itself would wait forever on a 5-byte topic; joinRoom must check first.
  const swarm = await k.swarm()
  const joined = await k.step('joinRoom(swarm, a 5-byte topic) to reject: check the topic before joining', thrown(() => joinRoom(swarm, Buffer.from('lobby'))), 2000)
  t.ok(isTopicError(joined), `joinRoom checks its topic before joining (got: ${String(joined)})`)
  await k.step('joinRoom(swarm, a good topic) after the bad one was refused: check the topic before joining (a swarm that was handed a bad topic never finishes joining anything again)', joinRoom(swarm, topic(), SERVER))
  t.pass('the bad topic never reached the swarm: it still joins a good one')
})

test('a server and a client on one topic meet; two clients never do', async (t, k) => {
  const room = topic()
  const server = await quietSwarm(k)
  const alice = await quietSwarm(k)
  const bob = await quietSwarm(k)

  // The server's swarm announces only after 2 s: a join that waits for a time, not for the DHT, resolves first.
  const joining = await onHeldAnnounce(server, () => joinRoom(server, room, SERVER))
  t.absent(joining.settledWhileHeld,
    'joinRoom resolved while the server\'s swarm had not yet announced it on the topic (the DHT held the announcement back for 2 s): joinRoom resolves once joining has happened, however long the DHT takes (a timer only guesses)')
  await k.step('joinRoom(server, topic, { server: true, client: false })', joining.result)
  const keys = await k.step('a DHT lookup of the topic', announced(await k.dht(), room))
  t.ok(keys.includes(hex(server.keyPair.publicKey)), 'joinRoom resolved before the server was announced on the topic: wait until joining has happened')

  await k.step('joinRoom(alice, topic, { server: false, client: true })', joinRoom(alice, room, CLIENT))
  t.ok(isConnected(alice, server), 'joinRoom resolved before the client alice was connected to the server: wait until every peer its lookup found has been tried')
  await k.step('joinRoom(bob, topic, { server: false, client: true })', joinRoom(bob, room, CLIENT))
  t.ok(isConnected(bob, server), 'joinRoom: the client bob is connected to the server too')
  await k.until('the server to see both clients', () => isConnected(server, alice) && isConnected(server, bob))

  t.ok(!isConnected(alice, bob) && !isConnected(bob, alice), 'joinRoom(…, { server: false, client: true }) announced a client: alice and bob met, but clients only look up, only servers are announced (leaving a role out of the options turns on its default)')
})

test('two server-only peers never meet; peers in both roles do', async (t, k) => {
  const room = topic()
  const [first, second, ann, ben] = [await quietSwarm(k), await quietSwarm(k), await quietSwarm(k), await quietSwarm(k)]
  await k.step('joinRoom(first, topic, { server: true, client: false })', joinRoom(first, room, SERVER))
  await k.step('joinRoom(second, topic, { server: true, client: false })', joinRoom(second, room, SERVER))
  t.ok(!isConnected(second, first), 'joinRoom(…, { server: true, client: false }) looked up the topic: two server-only peers met, but servers only announce (leaving a role out of the options turns on its default)')

  const other = topic()
  await k.step('joinRoom(ann, topic) in both roles', joinRoom(ann, other))
  await k.step('joinRoom(ben, topic) in both roles', joinRoom(ben, other))
  const keys = await k.step('a DHT lookup of the topic', announced(await k.dht(), other))
  t.ok(keys.includes(hex(ann.keyPair.publicKey)) && keys.includes(hex(ben.keyPair.publicKey)), 'joinRoom(swarm, topic) in both roles must announce the peer (server) as well as look up (client): a peer in both roles is not announced')
  t.ok(isConnected(ben, ann), 'joinRoom(swarm, topic) in both roles must look up the topic too: ben, who joined second, is not connected to ann')
})

test('the connection event tells who the peer is and who dialed; a peer that leaves is forgotten', async (t, k) => {
  const room = topic()
  const server = await k.swarm()
  const client = await k.swarm()
  const serverPeers = trackPeers(server)
  const clientPeers = trackPeers(client)
  const serverKey = hex(server.keyPair.publicKey)
  const clientKey = hex(client.keyPair.publicKey)

  await k.step('joinRoom(server, topic, server only)', joinRoom(server, room, SERVER))
  await k.step('joinRoom(client, topic, client only)', joinRoom(client, room, CLIENT))
  await k.until('trackPeers(server) and trackPeers(client) each to list a peer once connected: every call keeps the map it returns up to date with its own swarm\'s connections (a map at module level is shared by every swarm)', () => serverPeers.size > 0 && clientPeers.size > 0)
  t.ok(serverPeers !== clientPeers, 'trackPeers must give each swarm a map of its own: the server\'s and the client\'s are one map, shared at module level by every swarm')
  t.ok(!serverPeers.has(serverKey) && !clientPeers.has(clientKey), 'trackPeers listed a swarm under its own public key: key each entry by the PEER\'s public key (the one the connection event tells), not the swarm\'s own')
  await k.until('trackPeers(server) and trackPeers(client) each to list the other, by the peer\'s public key', () => serverPeers.has(clientKey) && clientPeers.has(serverKey))

  t.alike(clientPeers.get(serverKey), { publicKey: serverKey, client: true }, 'trackPeers(client) lists the server by its public key, and dialed it (client: true)')
  t.alike(serverPeers.get(clientKey), { publicKey: clientKey, client: false }, 'trackPeers(server) lists the client by its public key, and was dialed (client: false)')
  t.is(serverPeers.size, 1, 'trackPeers(server) lists its one connected peer, once')
  // A stream that emits 'error' with no listener throws it: that is how an unhandled socket error crashes Node.
  const unguarded = [...server.connections, ...client.connections].filter((socket) => socket.listenerCount('error') === 0)
  t.is(unguarded.length, 0, 'trackPeers gives every connection an \'error\' handler: peers vanish mid-stream (connection reset by peer), and a socket error nobody handles crashes the whole process')

  await k.step('the client swarm shutting down', client.destroy())
  await k.until('trackPeers(server) to forget the client once its connection closes', () => !serverPeers.has(clientKey))
  t.is(serverPeers.size, 0, 'trackPeers(server) tracks no one')

  // A peer dialed by its key alone, through no topic: who dialed is not the same as where it was found.
  const direct = await k.swarm()
  const directPeers = trackPeers(direct)
  const directKey = hex(direct.keyPair.publicKey)
  direct.joinPeer(server.keyPair.publicKey)
  await k.until('a peer that dials the server by its key (no topic) and the server to track each other', () => directPeers.has(serverKey) && serverPeers.has(directKey))
  t.alike(directPeers.get(serverKey), { publicKey: serverKey, client: true }, 'trackPeers: a peer that dialed the server by its key alone, on no topic, is still the one that dialed (client: true): client says who dialed, not whether a topic found the peer')
  t.alike(serverPeers.get(directKey), { publicKey: directKey, client: false }, 'trackPeers: and the server was dialed (client: false)')
})

test('one broadcast reaches every other peer of a 3-peer swarm', async (t, k) => {
  const room = topic()
  const names = ['ann', 'ben', 'cat'] as const
  const swarms = new Map<string, Hyperswarm>()
  const heard = new Map<string, string>()
  for (const name of names) {
    const swarm = await k.swarm()
    swarms.set(name, swarm)
    heard.set(name, '')
    swarm.on('connection', (socket) => {
      socket.on('error', () => {})
      socket.on('data', (data: Buffer) => heard.set(name, heard.get(name) + b4a.toString(data)))
    })
  }
  const [ann, ben, cat] = names.map((name) => swarms.get(name)!)
  for (const name of names) await k.step(`joinRoom(${name}, topic)`, joinRoom(swarms.get(name)!, room))
  await k.until('all three peers to be connected to the two others', () => [ann, ben, cat].every((s) => s.connections.size === 2))

  // ben dialed ann and was dialed by cat: a broadcast must use both kinds of connection.
  t.is(broadcast(ben, 'hello, room'), 2, 'broadcast(ben) returns the number of peers it sent to, 2: ben dialed ann and cat dialed ben, and every open connection counts, whoever dialed it')
  await k.until('ann and cat to hear ben: broadcast writes on every open connection, those ben dialed and those other peers dialed', () => heard.get('ann') === 'hello, room' && heard.get('cat') === 'hello, room')
  t.is(heard.get('ben'), '', 'ben does not hear himself')
  t.pass('ann and cat both heard "hello, room", once')

  t.is(broadcast(cat, ' and again'), 2, 'broadcast(cat) returns how many peers this call sent to, 2: a count kept at module level adds up every call of every swarm')
  await k.until('ann and ben to hear cat: a broadcast writes to each connection and leaves it open (ending it would close it)',
    () => heard.get('ann') === 'hello, room and again' && heard.get('ben') === ' and again')
  t.ok([ann, ben, cat].every((s) => s.connections.size === 2), 'broadcast closed connections: it writes to each and leaves it open (ending a stream closes it), so after two broadcasts every peer still has both')

  // cat dialed ann (it found her on the topic): cat's swarm keeps her peer info, to dial her again.
  await k.step('ann\'s swarm shutting down', ann.destroy())
  await k.until('cat to lose her connection to ann', () => cat.connections.size === 1)
  t.is(broadcast(cat, ', bye ann'), 1, 'broadcast returns how many peers it sent to, counted now among the open connections: with ann gone, cat reaches only ben (1), though her swarm still knows of ann')
})

test('leaving a topic stops new connections, but keeps the ones you have', async (t, k) => {
  const room = topic()
  const leaver = await quietSwarm(k)
  const control = await quietSwarm(k)
  const newcomer = await quietSwarm(k)

  await k.step('joinRoom(leaver, topic)', joinRoom(leaver, room))
  await k.step('joinRoom(control, topic)', joinRoom(control, room))
  await k.until('the leaver and the control peer to be connected', () => isConnected(leaver, control) && isConnected(control, leaver))

  const left: unknown[] = []
  const leaving = watchLeave(leaver, left)
  let onResolve = ''
  // The leaver's swarm unannounces only after 2 s: a leave that does not wait for it resolves first.
  const leavingRoom = await onHeldUnannounce(leaver, () => leaveRoom(leaver, room).then(() => { onResolve = leaving() }))
  t.absent(leavingRoom.settledWhileHeld,
    'leaveRoom resolved while the leaver was still announced on the topic (the DHT held the unannouncing back for 2 s): leaveRoom resolves once the swarm has left the topic, unannounced included')
  await k.step('leaveRoom(leaver, topic)', leavingRoom.result)
  t.not(onResolve, 'leaving', 'leaveRoom resolves once the swarm has left the topic: it resolved while the swarm was still leaving (unannouncing takes a moment: wait for it)')
  await k.step('joinRoom(newcomer, topic)', joinRoom(newcomer, room))
  await k.step('the newcomer\'s swarm.flush()', newcomer.flush())

  t.ok(isConnected(newcomer, control), 'joinRoom: the newcomer meets the control peer, who is still in the room')
  t.ok(!isConnected(newcomer, leaver), 'leaveRoom must stop announcing: the newcomer met the leaver, who is still announced on the topic')
  t.ok(isConnected(leaver, control), 'leaveRoom closed a connection: leaving does not close connections you already have, it only stops discovery')

  const bad = await thrown(() => leaveRoom(leaver, Buffer.alloc(5)))
  t.ok(isTopicError(bad), `leaveRoom checks its topic too (got: ${String(bad)})`)
  t.ok(left.every((topic) => topic instanceof Uint8Array && topic.byteLength === 32), `leaveRoom handed the swarm a ${left.length > 0 ? (left.at(-1) as Uint8Array).byteLength : 0}-byte topic: check the topic before leaving, so that a bad one never reaches the swarm (the swarm's leave() was called with ${left.length} topics)`)
})
