// Kata 05's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'echo-first-chunk-only',
    blames: 'serveEcho',
    concept: 'A stream delivers a message in as many chunks as it likes: an echo sends back every chunk until the client ends.',
    edits: [['    socket.pipe(socket)\n', "    socket.once('data', (chunk: Buffer) => socket.end(chunk))\n"]],
    names: /every chunk/
  },
  {
    name: 'whoami-destroys-instead-of-ending',
    blames: 'serveWhoAmI',
    concept: 'A reply is complete when its sender ends its side: destroying the connection throws away what is still on its way.',
    edits: [["    socket.end(b4a.toString(socket.remotePublicKey!, 'hex'))\n", "    socket.write(b4a.toString(socket.remotePublicKey!, 'hex'))\n    socket.destroy()\n"]],
    names: /not destroy the connection/
  },
  {
    name: 'keypair-ignores-seed',
    blames: 'createKeyPair',
    concept: 'A key pair derived from a seed is the same pair every time: that is how an app keeps its identity.',
    edits: [['return DHT.keyPair(seed)', 'return DHT.keyPair()']],
    names: /same seed/
  },
  {
    name: 'listen-not-awaited',
    blames: 'serveEcho',
    concept: 'Listening resolves once the announcement is done: until then nobody can find the server.',
    edits: [['await server.listen(keyPair)\n  return server\n}\n\nexport async function serveWhoAmI', 'server.listen(keyPair)\n  return server\n}\n\nexport async function serveWhoAmI']],
    names: /announce/
  },
  {
    name: 'whoami-never-reads',
    blames: 'serveWhoAmI',
    concept: 'A server that never reads what the client sent never sees its `\'end\'`, so its side of the connection never closes: read (or `resume()`) even what you ignore.',
    edits: [['socket.resume()\n', '']],
    names: /never closes|read/
  },
  {
    name: 'ask-first-chunk',
    blames: 'ask',
    concept: 'Data can arrive in several chunks: collect them all.',
    edits: [['socket.on(\'data\', (chunk: Buffer) => chunks.push(chunk))', 'socket.on(\'data\', (chunk: Buffer) => resolve(b4a.toString(chunk)))']],
    names: /chunk/
  },
  {
    name: 'ask-never-ends',
    blames: 'ask',
    concept: 'Ending your side of a stream (with a last piece of data or none) says "I am done writing"',
    edits: [['socket.end(message)', 'socket.write(message)']],
    names: /end your side/
  },
  {
    name: 'whoami-own-key',
    blames: 'serveWhoAmI',
    concept: 'the server learns the client\'s public key (the *remote* public key, a property of the stream)',
    edits: [["b4a.toString(socket.remotePublicKey!, 'hex')", "b4a.toString(socket.publicKey!, 'hex')"]],
    names: /the caller's key/
  },
  {
    name: 'ask-without-keypair',
    blames: 'ask',
    concept: 'A client connects as a key pair of its own, given when it connects (without one, it uses its DHT node\'s default pair).',
    edits: [['dht.connect(serverPublicKey, { keyPair })', 'dht.connect(serverPublicKey)']],
    names: /connect as the key pair it is given/
  },
  {
    name: 'firewall-inverted',
    blames: 'serveEcho',
    concept: 'A firewall returns `true` to **refuse** the caller (and `false` to let it in).',
    edits: [['!allow.some((key) => b4a.equals(key, remotePublicKey))', 'allow.some((key) => b4a.equals(key, remotePublicKey))']],
    names: /returns true to refuse/
  },
  {
    name: 'firewall-open',
    blames: 'serveEcho',
    concept: 'A refused client never gets a stream',
    edits: [['allow !== undefined && !allow.some((key) => b4a.equals(key, remotePublicKey))', 'allow === undefined && false']],
    names: /refuse/
  },
  {
    name: 'firewall-includes',
    blames: 'serveEcho',
    concept: 'compare them by their bytes (`b4a.equals`), never with `===` or `includes`, which compare objects',
    edits: [['!allow.some((key) => b4a.equals(key, remotePublicKey))', '!allow.includes(remotePublicKey)']],
    names: /by their bytes/
  },
  {
    name: 'ask-swallows-error',
    blames: 'ask',
    concept: 'A failed connection emits `\'error\'`: a client must pass that on (reject), never swallow it.',
    edits: [
      ['socket.on(\'error\', reject)', 'socket.on(\'error\', () => {})'],
      ['    socket.on(\'close\', () => reject(new Error(\'the connection closed before the server answered\')))\n', '']
    ],
    names: /must reject ask\(\)/
  },
  {
    name: 'whoami-write-not-end',
    blames: 'serveWhoAmI',
    concept: 'A server that answers must end its side too, or the client never knows the reply is complete.',
    edits: [["socket.end(b4a.toString(socket.remotePublicKey!, 'hex'))", "socket.write(b4a.toString(socket.remotePublicKey!, 'hex'))"]],
    names: /must end its side once it has answered/
  },
  {
    name: 'firewall-first-key-only',
    blames: 'serveEcho',
    concept: 'every key on the list gets in, and only those',
    edits: [['!allow.some((key) => b4a.equals(key, remotePublicKey))', '!b4a.equals(allow[0]!, remotePublicKey)']],
    names: /every key on the list may connect/
  },
  {
    name: 'empty-allow-list-open',
    blames: 'serveEcho',
    concept: 'an empty list lets nobody in.',
    edits: [['allow !== undefined && !allow.some(', 'allow !== undefined && allow.length > 0 && !allow.some(']],
    names: /empty allow-list refuses everyone/
  },
  {
    name: 'echo-no-error-handler',
    blames: 'serveEcho',
    concept: 'must give every connection an `\'error\'` handler',
    edits: [["  server.on('connection', (socket) => {\n    socket.on('error', () => {})\n", "  server.on('connection', (socket) => {\n"]],
    names: /'error' handler/
  },
  {
    name: 'whoami-no-error-handler',
    blames: 'serveWhoAmI',
    concept: 'and an `\'error\'` nobody handles crashes the whole process.',
    edits: [["  const server = dht.createServer((socket) => {\n    socket.on('error', () => {})\n", "  const server = dht.createServer((socket) => {\n"]],
    names: /'error' handler/
  },
  {
    name: 'ask-decodes-each-chunk',
    blames: 'ask',
    concept: 'A stream carries bytes: a UTF-8 character can be cut between two chunks, so text is decoded once the reply is whole.',
    edits: [
      ['const chunks: Buffer[] = []\n    socket.on(\'data\', (chunk: Buffer) => chunks.push(chunk))', 'let reply = \'\'\n    socket.on(\'data\', (chunk: Buffer) => { reply += b4a.toString(chunk) })'],
      ['resolve(b4a.toString(b4a.concat(chunks)))', 'resolve(reply)']
    ],
    names: /mangled a character/
  },
  {
    name: 'ask-chunks-at-module-level',
    blames: 'ask',
    concept: 'Each call keeps its own state: chunks kept at module level are shared by every call.',
    edits: [
      ['    const chunks: Buffer[] = []\n', ''],
      ['export function ask (', 'const chunks: Buffer[] = []\n\nexport function ask (']
    ],
    names: /module level/
  },
  {
    name: 'ask-shared-reply',
    blames: 'ask',
    concept: 'Each call keeps its own state: a reply kept at module level is shared by calls that overlap.',
    edits: [
      ['    const chunks: Buffer[] = []\n', '    chunks = []\n'],
      ['export function ask (', 'let chunks: Buffer[] = []\n\nexport function ask (']
    ],
    names: /module level/
  },
  {
    name: 'ask-error-resolves',
    blames: 'ask',
    concept: 'A failed connection emits `\'error\'`: ask passes it on by rejecting, never settles as if answered.',
    edits: [['socket.on(\'error\', reject)', 'socket.on(\'error\', () => resolve(\'\'))']],
    names: /must reject when its connection fails/
  },
  {
    name: 'firewall-shared-allow-list',
    blames: 'serveEcho',
    concept: 'Each server keeps the allow-list it was given: a list at module level is shared by every server.',
    edits: [
      ['  const { allow } = opts\n', '  allow = opts.allow\n'],
      ['export async function serveEcho (', 'let allow: Buffer[] | undefined\n\nexport async function serveEcho (']
    ],
    names: /each server keeps the list it was given/
  },
  {
    name: 'ask-chunks-cleared-after-reply',
    blames: 'ask',
    concept: 'Each call keeps its own state: chunks kept at module level are shared by calls that overlap, even if each call clears them once it has its reply.',
    edits: [
      ['    const chunks: Buffer[] = []\n', ''],
      ['export function ask (', 'const chunks: Buffer[] = []\n\nexport function ask ('],
      ["socket.on('end', () => resolve(b4a.toString(b4a.concat(chunks))))", "socket.on('end', () => { resolve(b4a.toString(b4a.concat(chunks))); chunks.length = 0 })"]
    ],
    names: /module level/
  },
  {
    name: 'ask-chunks-cleared-at-start',
    blames: 'ask',
    concept: 'Each call keeps its own state: chunks kept at module level are shared by calls that overlap, even if each call clears them when it starts.',
    edits: [
      ['    const chunks: Buffer[] = []\n', '    chunks.splice(0)\n'],
      ['export function ask (', 'const chunks: Buffer[] = []\n\nexport function ask (']
    ],
    names: /module level/
  },
  {
    name: 'ask-chunks-taken-at-end',
    blames: 'ask',
    concept: 'Each call keeps its own state: chunks kept at module level and taken out at the end mix the replies of calls that overlap.',
    edits: [
      ['    const chunks: Buffer[] = []\n', ''],
      ['export function ask (', 'const chunks: Buffer[] = []\n\nexport function ask ('],
      ['resolve(b4a.toString(b4a.concat(chunks)))', 'resolve(b4a.toString(b4a.concat(chunks.splice(0))))']
    ],
    names: /module level/
  },
  {
    name: 'firewall-first-byte',
    blames: 'serveEcho',
    concept: 'A key is all of its bytes: a firewall that compares a part of it lets in every key that shares that part.',
    edits: [['!allow.some((key) => b4a.equals(key, remotePublicKey))', '!allow.some((key) => key[0] === remotePublicKey[0])']],
    names: /compare the whole key/
  },
  {
    name: 'firewall-hex-prefix',
    blames: 'serveEcho',
    concept: 'A key is all of its bytes: a firewall that compares the start of its hex lets in every key that starts alike.',
    edits: [['!allow.some((key) => b4a.equals(key, remotePublicKey))', "!allow.some((key) => b4a.toString(key, 'hex').slice(0, 8) === b4a.toString(remotePublicKey, 'hex').slice(0, 8))"]],
    names: /compare the whole key/
  },
  {
    name: 'firewall-compares-text',
    blames: 'serveEcho',
    concept: 'A key is bytes, not text: read as UTF-8, bytes that are not valid text all become the same replacement character, so different keys can read alike.',
    edits: [['!allow.some((key) => b4a.equals(key, remotePublicKey))', '!allow.some((key) => b4a.toString(key) === b4a.toString(remotePublicKey))']],
    names: /compare the whole key/
  }
] satisfies Mistake[]
