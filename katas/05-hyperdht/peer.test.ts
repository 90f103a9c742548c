// Kata 05 — hyperdht. Run it: npm test -- 05
import crypto from 'hypercore-crypto'
import b4a from 'b4a'
import type DHT from 'hyperdht'
import { test } from '../../src/harness/index.ts'
import { ask, createKeyPair, serveEcho, serveWhoAmI } from './peer.ts'

const hex = (key: Uint8Array): string => b4a.toString(key, 'hex')
// After test 1 the suite makes its own key pairs, so each test fails on the function it is about.

/** Whether a DHT lookup of `publicKey` from `node` finds a server announced on it. */
async function announced (node: DHT, publicKey: Buffer): Promise<boolean> {
  let found = false
  for await (const reply of node.findPeer(publicKey)) if (reply.peer) found = true
  return found
}

/** Settles `work` to 'answered: <reply>' or the error, so a test can assert on a refusal. A stub's error still fails the test. */
async function outcome (work: Promise<string>): Promise<string | Error> {
  try {
    return `answered: ${await work}`
  } catch (err) {
    if (err instanceof Error && /not implemented/i.test(err.message)) throw err
    return err instanceof Error ? err : new Error(String(err))
  }
}

/** Every socket `node.connect()` hands out from now on, so the suite sees a connection fail before ask() says so. */
function watchConnects (node: DHT): Array<ReturnType<DHT['connect']>> {
  const sockets: Array<ReturnType<DHT['connect']>> = []
  const connect = node.connect.bind(node)
  node.connect = ((...args: Parameters<DHT['connect']>) => {
    const socket = connect(...args)
    sockets.push(socket)
    return socket
  }) as DHT['connect']
  return sockets
}

/** Counts the server's connections that had no 'error' listener once the server's own handler had run. */
function watchErrorHandlers (server: DHT.Server): () => number {
  let unguarded = 0
  // Added after the learner's connection handler, so it runs after it.
  server.on('connection', (socket) => {
    if (socket.listenerCount('error') === 0) unguarded++
    socket.on('error', () => {}) // the suite's clients go away at the end of the test: not a crash of the suite
  })
  return () => unguarded
}

test('createKeyPair makes 32 public and 64 secret bytes, and a seed reproduces them', async (t) => {
  const a = createKeyPair()
  t.is(a.publicKey.byteLength, 32, 'the public key is 32 bytes')
  t.is(a.secretKey.byteLength, 64, 'the secret key is 64 bytes')
  t.ok(crypto.validateKeyPair(a), 'the secret key belongs to the public key (an ed25519 pair)')
  t.unlike(createKeyPair().publicKey, a.publicKey, 'without a seed every key pair is new')

  const seed = b4a.alloc(32, 7)
  t.alike(createKeyPair(seed).publicKey, createKeyPair(seed).publicKey, 'createKeyPair gives the same key pair for the same seed, every time: a seed is how an app keeps its identity across restarts')
  t.unlike(createKeyPair(b4a.alloc(32, 8)).publicKey, createKeyPair(seed).publicKey, 'another seed gives another key pair')
})

test('a server listens on its key pair: its public key is its address', async (t, k) => {
  const keyPair = crypto.keyPair()
  const [node, looker] = [await k.dht(), await k.dht()]
  const server = k.closes(await k.step('serveEcho(dht, keyPair)', serveEcho(node, keyPair)))
  t.ok(server.listening, 'the server is listening when serveEcho resolves')
  const found = await k.step('a DHT lookup of the server\'s public key', announced(looker, keyPair.publicKey))
  t.ok(found, 'when serveEcho resolves, the server is already announced on the DHT: a lookup of its public key finds it (wait until listening is done)')
  t.alike(server.publicKey, keyPair.publicKey, 'the server listens on the key pair it was given')
})

test('a client finds the server by its public key alone and gets its message echoed', async (t, k) => {
  const serverKeys = crypto.keyPair()
  const server = k.closes(await k.step('serveEcho(dht, keyPair)', serveEcho(await k.dht(), serverKeys)))
  const unguarded = watchErrorHandlers(server)
  const client = await k.dht()

  const reply = await k.step('ask(dht, serverPublicKey, "hello", keyPair) to resolve with the echo (end your side, so that the echo server ends its own)', ask(client, serverKeys.publicKey, 'hello, peer ✓', crypto.keyPair()))
  t.is(reply, 'hello, peer ✓', 'the server sends back exactly what was sent')

  const long = 'the quick brown fox '.repeat(5000)
  const longReply = await k.step('ask() with a 100 kB message', ask(client, serverKeys.publicKey, long, crypto.keyPair()))
  t.ok(!longReply.startsWith('hello, peer'), 'ask() returned the previous call\'s reply too: every call collects its own reply (state kept at module level is shared by every call)')
  t.is(longReply.length, long.length, 'ask() resolves with the whole 100 kB reply: it arrives in several chunks, and the reply is all of them')
  t.ok(longReply === long, 'and unchanged')
  t.ok(unguarded() === 0, `serveEcho left ${unguarded()} of its connections without an 'error' handler: give every connection one (even an empty one), because a client that vanishes mid-stream makes its socket emit 'error', and an 'error' nobody handles crashes the server's whole process`)
})

test('serveEcho echoes a message sent in several writes, all of it, and ends once the client has ended', async (t, k) => {
  const serverKeys = crypto.keyPair()
  k.closes(await k.step('serveEcho(dht, keyPair)', serveEcho(await k.dht(), serverKeys)))
  // The suite's own client: it sends in three writes, a moment apart, then ends its side.
  const socket = (await k.dht()).connect(serverKeys.publicKey, { keyPair: crypto.keyPair() })
  const chunks: Buffer[] = []
  const reply = new Promise<string>((resolve) => {
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', () => {})
    socket.on('close', () => resolve(b4a.toString(b4a.concat(chunks))))
  })
  socket.write('one, ')
  setTimeout(() => { socket.write('two, '); setTimeout(() => socket.end('three'), 20) }, 20)
  const echoed = await k.step('serveEcho to echo a message sent in three writes and end its side once the client ended its own', reply)
  t.is(echoed, 'one, two, three',
    `serveEcho sent back "${echoed}" of a message written as "one, " "two, " "three": an echo sends back every chunk the client sends, for as long as the client sends, and ends its side only once the client has ended`)
})

test('ask() collects a reply that arrives in several chunks, until the server ends its side', async (t, k) => {
  // The suite's own server: it answers in three writes, a moment apart, then ends its side.
  const serverKeys = crypto.keyPair()
  const server = k.closes((await k.dht()).createServer((socket) => {
    socket.on('error', () => {})
    socket.resume()
    socket.write('one, ')
    setTimeout(() => { socket.write('two, '); setTimeout(() => socket.end('three'), 20) }, 20)
  }))
  await k.step('the suite\'s server to listen', server.listen(serverKeys))
  const reply = await k.step('ask() of a server that answers in three writes', ask(await k.dht(), serverKeys.publicKey, 'count to three', crypto.keyPair()))
  t.is(reply, 'one, two, three', 'ask() resolves with the whole reply, in order: every chunk until the server ends its side, not just the first one')
})

test('ask() decodes the reply once it is whole: a character split between two chunks arrives intact', async (t, k) => {
  // The suite's own server sends 'café ✓' in two writes that cut the 3 bytes of '✓' in two.
  const serverKeys = crypto.keyPair()
  const bytes = b4a.from('café ✓')
  const cut = bytes.byteLength - 2
  const server = k.closes((await k.dht()).createServer((socket) => {
    socket.on('error', () => {})
    socket.resume()
    socket.write(bytes.subarray(0, cut))
    setTimeout(() => socket.end(bytes.subarray(cut)), 20)
  }))
  await k.step('the suite\'s server to listen', server.listen(serverKeys))
  const reply = await k.step('ask() of a server that splits a character between two writes', ask(await k.dht(), serverKeys.publicKey, 'say café', crypto.keyPair()))
  t.is(reply, 'café ✓', 'ask() mangled a character: a stream carries bytes, and a UTF-8 character can be cut between two chunks; turn the bytes into text once the reply is complete, not chunk by chunk')
})

test('two ask() calls at the same time each get their own reply', async (t, k) => {
  const serverKeys = crypto.keyPair()
  k.closes(await k.step('serveEcho(dht, keyPair)', serveEcho(await k.dht(), serverKeys)))
  const client = await k.dht()
  const first = 'first caller '.repeat(2000)
  const second = 'second caller '.repeat(2000)
  const replies = await k.step('two ask() calls at once, of the echo server', Promise.all([
    ask(client, serverKeys.publicKey, first, crypto.keyPair()),
    ask(client, serverKeys.publicKey, second, crypto.keyPair())
  ]))
  t.ok(replies[0] === first && replies[1] === second, `two ask() calls at once mixed their replies (${replies.map((r) => r.length).join(' and ')} characters, for ${first.length} and ${second.length}): each ask() must keep its reply in its own call, not in state at module level, which every call shares`)
})

test('two ask() calls whose replies arrive interleaved each get their own reply', async (t, k) => {
  // The suite's own server: once both callers have said who they are, it answers them a piece at a time,
  // in turn, so that pieces of both replies are in flight before either ends.
  const serverKeys = crypto.keyPair()
  const sockets = new Map<string, ReturnType<DHT['connect']>>()
  const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 25))
  const answerBoth = async (): Promise<void> => {
    const [a, b] = [sockets.get('alice')!, sockets.get('bob')!]
    for (const [socket, piece] of [[a, 'alice 1, '], [b, 'bob 1, '], [a, 'alice 2, '], [b, 'bob 2, ']] as const) {
      socket.write(piece)
      await pause()
    }
    a.end('alice 3')
    await pause()
    b.end('bob 3')
  }
  const server = k.closes((await k.dht()).createServer((socket) => {
    socket.on('error', () => {})
    socket.once('data', (data: Buffer) => {
      socket.resume()
      sockets.set(b4a.toString(data).startsWith('alice') ? 'alice' : 'bob', socket)
      if (sockets.size === 2) void answerBoth()
    })
  }))
  await k.step('the suite\'s server to listen', server.listen(serverKeys))
  const client = await k.dht()
  const replies = await k.step('ask() as alice and as bob at once, of a server that answers them in turn', Promise.all([
    ask(client, serverKeys.publicKey, 'alice here', crypto.keyPair()),
    ask(client, serverKeys.publicKey, 'bob here', crypto.keyPair())
  ]))
  t.alike(replies, ['alice 1, alice 2, alice 3', 'bob 1, bob 2, bob 3'], `two ask() calls whose replies arrived interleaved mixed them (alice got "${replies[0]}", bob got "${replies[1]}"): each ask() must keep its reply in its own call; state at module level is shared by calls that overlap, even if each call clears it`)
})

test('ask() rejects when its connection fails', async (t, k) => {
  const nobody = crypto.keyPair()
  const result = await k.step('ask() of a key no server listens on to settle: a connection that fails must reject ask(), not leave it waiting', outcome(ask(await k.dht(), nobody.publicKey, 'anyone?', crypto.keyPair())))
  t.ok(result instanceof Error, `ask() must reject when its connection fails (here: no server listens on the key), passing the stream's error on; it resolved with: ${String(result)}`)
})

test('ask() dials as the key pair it is given: that key is who the server sees', async (t, k) => {
  // The suite's own who-am-I server, so that this test is about ask() alone.
  const serverKeys = crypto.keyPair()
  const server = k.closes((await k.dht()).createServer((socket) => {
    socket.on('error', () => {})
    socket.resume()
    socket.end(hex(socket.remotePublicKey!))
  }))
  await k.step('the suite\'s who-am-I server to listen', server.listen(serverKeys))
  const carol = crypto.keyPair()
  const seen = await k.step('ask() as carol, of a server that answers with the key it sees', ask(await k.dht(), serverKeys.publicKey, 'who am I?', carol))
  t.is(seen, hex(carol.publicKey), 'the server saw another key than carol\'s: ask() must connect as the key pair it is given (that key is the client\'s identity), not as the DHT node\'s own')
})

test('the server sees who is calling: remotePublicKey is the client\'s public key', async (t, k) => {
  const serverKeys = crypto.keyPair()
  const server = k.closes(await k.step('serveWhoAmI(dht, keyPair)', serveWhoAmI(await k.dht(), serverKeys)))
  const unguarded = watchErrorHandlers(server)
  const closed: boolean[] = []
  server.on('connection', (socket) => {
    const index = closed.push(false) - 1
    socket.on('close', () => { closed[index] = true })
  })
  const client = await k.dht()
  const alice = crypto.keyPair()
  const bob = crypto.keyPair()

  const answered = (who: string): string => `ask() as ${who} to be answered by serveWhoAmI: the server must end its side once it has answered (a reply is complete only when the server ends its side)`
  // A server that destroys its side instead of ending it resets the connection: say so, not just "reset".
  const whoAmI = async (who: string, keyPair: { publicKey: Buffer, secretKey: Buffer }): Promise<string> => {
    const seen = await k.step(answered(who), outcome(ask(client, serverKeys.publicKey, 'who am I?', keyPair)))
    if (typeof seen === 'string') return seen.slice('answered: '.length)
    t.fail(`ask() as ${who} failed with "${seen.message}": serveWhoAmI must end its side once it has answered, not destroy the connection (destroying throws away what is still on its way, and the client sees its connection reset)`)
    return ''
  }
  const aliceSeen = await whoAmI('alice', alice)
  const bobSeen = await whoAmI('bob', bob)
  t.is(aliceSeen, hex(alice.publicKey), aliceSeen === hex(serverKeys.publicKey)
    ? 'serveWhoAmI answered with its own public key: answer with the caller\'s key, the remote public key the handshake proved'
    : 'the server answers alice with alice\'s public key in hex (the caller\'s key, as the handshake proved it)')
  t.is(bobSeen, hex(bob.publicKey), 'and bob, on the same DHT node, with bob\'s: the key pair, not the node, is the identity')
  await k.until('the server\'s side of both connections to close once it has answered: serveWhoAmI must read what the client sends until its end (a side that never reads never closes)',
    () => closed.length === 2 && closed.every(Boolean))
  t.pass('each connection closed on the server too: nothing is left half open')
  t.ok(unguarded() === 0, `serveWhoAmI left ${unguarded()} of its connections without an 'error' handler: give every connection one (even an empty one), because a client that vanishes mid-stream makes its socket emit 'error', and an 'error' nobody handles crashes the server's whole process`)
})

test('serveEcho with an allow-list lets every key on it in', async (t, k) => {
  const serverKeys = crypto.keyPair()
  const alice = crypto.keyPair()
  const bob = crypto.keyPair()
  k.closes(await k.step('serveEcho(dht, keyPair, { allow: [alice, bob] })', serveEcho(await k.dht(), serverKeys, { allow: [alice.publicKey, bob.publicKey] })))
  const client = await k.dht()
  // Asked together: a refusal takes hyperdht ~4 s of retries, so a wrong firewall costs that wait once.
  const [alices, bobs] = await k.step('ask() as alice and as bob, both on the allow-list, to be answered or refused', Promise.all([
    outcome(ask(client, serverKeys.publicKey, 'let me in', alice)),
    outcome(ask(client, serverKeys.publicKey, 'me too', bob))
  ]), 12000)
  t.is(alices, 'answered: let me in', 'serveEcho refused alice, who is on its allow-list: a firewall returns true to refuse (false lets in), and a key that arrives over the network is another Buffer than the one in the list: compare keys by their bytes')
  t.is(bobs, 'answered: me too', 'serveEcho refused bob, the second key on its allow-list: every key on the list may connect, not just the first')
}, { budget: 20000 })

test('two servers in one process each keep their own allow-list', async (t, k) => {
  const alice = crypto.keyPair()
  const bob = crypto.keyPair()
  const aliceServer = crypto.keyPair()
  const bobServer = crypto.keyPair()
  k.closes(await k.step('serveEcho(dht, keyPair, { allow: [alice] })', serveEcho(await k.dht(), aliceServer, { allow: [alice.publicKey] })))
  k.closes(await k.step('a second serveEcho(dht, keyPair, { allow: [bob] })', serveEcho(await k.dht(), bobServer, { allow: [bob.publicKey] })))
  const client = await k.dht()
  const [alices, bobs] = await k.step('ask() as alice of her server and as bob of his, to be answered or refused', Promise.all([
    outcome(ask(client, aliceServer.publicKey, 'mine', alice)),
    outcome(ask(client, bobServer.publicKey, 'mine too', bob))
  ]), 12000)
  t.is(alices, 'answered: mine', 'serveEcho: the first server refused alice, who is on its list, once a second server was made with another list: each server keeps the list it was given (a list kept at module level is shared by every server)')
  t.is(bobs, 'answered: mine too', 'serveEcho: the second server lets bob in, who is on its list')
}, { budget: 20000 })

test('serveEcho\'s firewall refuses a key not on its list, and the server never sees it', async (t, k) => {
  const serverKeys = crypto.keyPair()
  const alice = crypto.keyPair()
  const mallory = crypto.keyPair()
  const server = k.closes(await k.step('serveEcho(dht, keyPair, { allow: [alice] })', serveEcho(await k.dht(), serverKeys, { allow: [alice.publicKey] })))
  const seen: string[] = []
  server.on('connection', (socket) => { seen.push(hex(socket.remotePublicKey!)) })
  const client = await k.dht()
  // A server with an empty allow-list, asked at the same time as mallory's refusal below, to share the wait.
  const nobodyKeys = crypto.keyPair()
  k.closes(await k.step('serveEcho(dht, keyPair, { allow: [] })', serveEcho(await k.dht(), nobodyKeys, { allow: [] })))
  const askingNobody = outcome(ask(await k.dht(), nobodyKeys.publicKey, 'anyone home?', alice))
  askingNobody.catch(() => {}) // awaited below

  t.is(await k.step('ask() as alice, who is on the allow-list, to be answered or refused', outcome(ask(client, serverKeys.publicKey, 'hi', alice)), 12000), 'answered: hi', 'serveEcho refused alice, who is on its allow-list')
  // A refused client hears nothing back: hyperdht gives up after a few seconds of retries, and the socket fails.
  const sockets = watchConnects(client)
  let settled = false
  const asking = outcome(ask(client, serverKeys.publicKey, 'hi', mallory)).finally(() => { settled = true })
  asking.catch(() => {}) // awaited below; a stub's error must not count as unhandled meanwhile
  let failed = false
  for (const socket of sockets) {
    socket.on('error', () => {}) // what ask() does with the failure is what this test is about
    socket.on('close', () => { failed = true })
  }
  await k.until('mallory\'s connection to be refused or answered (hyperdht gives up on a refused one after ~4 s of retries)', () => failed || settled, { timeout: 12000 })
  const refused = await k.step('ask() as mallory to reject once her connection was refused: a connection that fails must reject ask(), not leave it waiting', asking)
  t.ok(refused instanceof Error, `serveEcho let in mallory, who is not on its allow-list: its firewall must refuse every key that is not on the list (mallory's ask() got: ${String(refused)})`)
  t.ok(!seen.includes(hex(mallory.publicKey)), 'serveEcho got a connection from mallory: the firewall must stop her before the stream exists')
  t.ok(seen.includes(hex(alice.publicKey)), 'while alice\'s connection did reach the server')

  const fromNobody = await k.step('ask() as alice of a server whose allow-list is empty to be refused (only listed keys may connect, and none are)', askingNobody, 12000)
  t.ok(fromNobody instanceof Error, `serveEcho with an empty allow-list let alice in: an empty allow-list refuses everyone (only listed keys may connect, and none are listed; alice's ask() got: ${String(fromNobody)})`)
}, { budget: 25000 })

test('serveEcho\'s firewall compares the whole key: a key that differs in one byte is another key', async (t, k) => {
  // alice's key ends in a byte that is never valid UTF-8 (0xf8–0xff): flipping its lowest bit keeps it so,
  // which makes the near-copy of her key read as the same text, and share every byte with hers but the last.
  let seed = 0
  while (crypto.keyPair(b4a.alloc(32, seed)).publicKey[31]! < 0xf8) seed++
  const alice = crypto.keyPair(b4a.alloc(32, seed))
  const flipped = (at: number): Buffer => {
    const key = Buffer.from(alice.publicKey)
    key[at] = key[at]! ^ 0x01
    return key
  }
  const serverKeys = crypto.keyPair()
  k.closes(await k.step('serveEcho(dht, keyPair, { allow: [alice\'s key with its last byte changed, and with its first] })', serveEcho(await k.dht(), serverKeys, { allow: [flipped(31), flipped(0)] })))
  const result = await k.step('ask() as alice, whose own key is not on the list, to be refused (hyperdht gives up on a refused connection after ~4 s of retries)', outcome(ask(await k.dht(), serverKeys.publicKey, 'let me in', alice)), 12000)
  t.ok(result instanceof Error, `serveEcho let alice in, though only near-copies of her key are on its allow-list (hers with its last byte changed, and with its first): the firewall must compare the whole key, every byte (a part of it, or its bytes read as text, matches other keys; alice's ask() got: ${String(result)})`)
}, { budget: 20000 })
