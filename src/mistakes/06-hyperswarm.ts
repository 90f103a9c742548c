// Kata 06's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'topic-not-hashed',
    blames: 'topicFor',
    concept: 'Hashing also means a DHT node that stores the topic does not learn the room\'s name',
    edits: [["return crypto.hash(b4a.from(room, 'utf-8'))", 'const topic = b4a.alloc(32)\n  topic.write(room)\n  return topic']],
    names: /hash/
  },
  {
    name: 'join-without-waiting',
    blames: 'joinRoom',
    concept: 'Await them before you rely on being findable or connected',
    edits: [['await discovery.flushed() // announced (server) and looked up (client)\n  await swarm.flush() // and every peer the lookup found has been tried\n', '']],
    names: /flushed|announced/
  },
  {
    name: 'join-discovery-only',
    blames: 'joinRoom',
    concept: 'the swarm can tell you when that has happened on every topic *and* every peer the lookups found has been tried.',
    edits: [['await swarm.flush() // and every peer the lookup found has been tried\n', '']],
    names: /flush|connected/
  },
  {
    name: 'join-ignores-mode',
    blames: 'joinRoom',
    concept: 'Two client-only peers never meet, because neither is announced.',
    edits: [['swarm.join(topic, mode)', 'swarm.join(topic)']],
    names: /clients only look up/
  },
  {
    name: 'join-unchecked',
    blames: 'joinRoom',
    concept: 'with a 5-byte Buffer, waiting for the join hangs instead of failing, so check first',
    edits: [['  checkTopic(topic) // before joining: a swarm that joined a bad topic never finishes joining anything\n', '']],
    names: /check/
  },
  {
    name: 'track-never-forgets',
    blames: 'trackPeers',
    concept: 'delete when that connection closes',
    edits: [['if (peers.get(publicKey) === summary) peers.delete(publicKey)', '']],
    names: /forget/
  },
  {
    name: 'broadcast-ends-connections',
    blames: 'broadcast',
    concept: 'Ending a socket would close the connection: a broadcast writes, and the room keeps talking.',
    edits: [['socket.write(message)', 'socket.end(message)']],
    names: /open|end/
  },
  {
    name: 'leave-closes-connections',
    blames: 'leaveRoom',
    concept: 'Leaving stops discovery, not friendships.',
    edits: [['await swarm.leave(topic)', 'await swarm.leave(topic)\n  for (const socket of swarm.connections) socket.destroy()']],
    names: /leaving does not close/
  },
  {
    name: 'leave-unchecked',
    blames: 'leaveRoom',
    concept: '`leaveRoom(swarm, topic)`: check the topic and leave it.',
    edits: [['  checkTopic(topic)\n  await swarm.leave(topic)', '  await swarm.leave(topic)']],
    names: /checks its topic/
  },
  {
    name: 'length-as-type-error',
    blames: 'checkTopic',
    concept: 'a `RangeError` for a value of the right kind that is out of range (bytes of another length)',
    edits: [['throw new RangeError(`a topic must be 32 bytes', 'throw new TypeError(`a topic must be 32 bytes']],
    names: /RangeError/
  },
  {
    name: 'topic-error-without-32-bytes',
    blames: 'checkTopic',
    concept: 'either way the message should say a topic must be 32 bytes',
    edits: [['throw new RangeError(`a topic must be 32 bytes, got ${topic.byteLength}`)', 'throw new RangeError(`bad topic length: ${topic.byteLength}, expected 32`)']],
    names: /32 bytes/
  },
  {
    name: 'leave-not-awaited',
    blames: 'leaveRoom',
    concept: 'Leaving takes a moment too (the unannounce goes to DHT nodes): resolve only once the swarm has left.',
    edits: [['await swarm.leave(topic)', 'void swarm.leave(topic)']],
    names: /once the swarm has left/
  },
  {
    name: 'track-no-error-handler',
    blames: 'trackPeers',
    concept: 'Give every socket an `\'error\'` handler',
    edits: [["    socket.on('error', () => {})\n    socket.on('close'", "    socket.on('close'"]],
    names: /'error' handler/
  },
  {
    name: 'join-before-check',
    blames: 'joinRoom',
    concept: 'with a 5-byte Buffer, waiting for the join hangs instead of failing, so check first',
    edits: [
      ['  checkTopic(topic) // before joining: a swarm that joined a bad topic never finishes joining anything\n', ''],
      ['const discovery = swarm.join(topic, mode)', 'const discovery = swarm.join(topic, mode)\n  checkTopic(topic)']
    ],
    names: /check the topic before joining/
  },
  {
    name: 'topic-must-be-buffer',
    blames: 'checkTopic',
    concept: 'a 32-byte `Uint8Array` that is not a Buffer is a topic too',
    edits: [['!(topic instanceof Uint8Array)', '!Buffer.isBuffer(topic)']],
    names: /Uint8Array that is not a Buffer is a topic too/
  },
  {
    name: 'broadcast-count-hard-coded',
    blames: 'broadcast',
    concept: 'return how many connections it wrote to (the number changes as peers come and go).',
    edits: [['return swarm.connections.size', 'return 2']],
    names: /how many peers it sent to/
  },
  {
    name: 'client-from-topics',
    blames: 'trackPeers',
    concept: 'so the topics do not tell who dialed',
    edits: [['client: peerInfo.client', 'client: peerInfo.topics.length > 0']],
    names: /client says who dialed/
  }
] satisfies Mistake[]
