// Kata 05's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'listen-not-awaited',
    lesson: '`listen()` resolves once the announcement is done: until then nobody can find the server.',
    edits: [['await server.listen(keyPair)\n  return server\n}\n\nexport async function serveWhoAmI', 'server.listen(keyPair)\n  return server\n}\n\nexport async function serveWhoAmI']],
    names: /announce/
  },
  {
    name: 'whoami-never-reads',
    lesson: 'A server that never reads what the client sent never sees its `\'end\'`, so its side of the connection never closes: read (or `resume()`) even what you ignore.',
    edits: [['socket.resume()\n', '']],
    names: /never closes|read/
  },
  {
    name: 'ask-first-chunk',
    lesson: 'Data can arrive in several chunks: collect them all.',
    edits: [['socket.on(\'data\', (chunk: Buffer) => chunks.push(chunk))', 'socket.on(\'data\', (chunk: Buffer) => resolve(b4a.toString(chunk)))']],
    names: /chunk/
  },
  {
    name: 'ask-never-ends',
    lesson: '`socket.end(data)` says "I am done writing"',
    edits: [['socket.end(message)', 'socket.write(message)']],
    names: /end your side/
  },
  {
    name: 'whoami-own-key',
    lesson: 'the server learns the client\'s key as `socket.remotePublicKey`',
    edits: [["b4a.toString(socket.remotePublicKey!, 'hex')", "b4a.toString(socket.publicKey!, 'hex')"]],
    names: /public key/
  },
  {
    name: 'ask-without-keypair',
    lesson: 'That key is the client\'s identity: the connection came from whoever holds its secret key, whatever node or IP it used.',
    edits: [['dht.connect(serverPublicKey, { keyPair })', 'dht.connect(serverPublicKey)']],
    names: /identity|public key/
  },
  {
    name: 'firewall-inverted',
    lesson: 'return `true` to **refuse** it.',
    edits: [['!allow.some((key) => b4a.equals(key, remotePublicKey))', 'allow.some((key) => b4a.equals(key, remotePublicKey))']],
    names: /allow-list/
  },
  {
    name: 'firewall-open',
    lesson: 'A refused client never gets a stream',
    edits: [['allow !== undefined && !allow.some((key) => b4a.equals(key, remotePublicKey))', 'allow === undefined && false']],
    names: /refuse/
  }
] satisfies Mistake[]
