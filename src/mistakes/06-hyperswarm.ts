// Kata 06's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'join-timer-instead-of-flush',
    blames: 'joinRoom',
    concept: 'A peer is findable once its join is announced: wait for the swarm to flush, not for a time.',
    edits: [['  await swarm.flush() //', '  await new Promise((resolve) => setTimeout(resolve, 1000)) //']],
    names: /announced/
  },
  {
    name: 'leave-destroys-discovery-unawaited',
    blames: 'leaveRoom',
    concept: 'Leaving includes unannouncing, which takes a round trip: resolve once the swarm has left.',
    edits: [['  await swarm.leave(topic)', '  void swarm.status(topic)?.destroy()']],
    names: /still announced/
  },
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
    edits: [['  await swarm.flush() // every topic announced (server) and looked up (client), every peer found tried\n', '']],
    names: /joining has happened/
  },
  {
    name: 'join-discovery-flushed-only',
    blames: 'joinRoom',
    concept: 'Joining has happened once the topic is announced and looked up and every peer the lookup found has been tried; the topic alone knows only the first half.',
    edits: [['swarm.join(topic, { server: mode.server, client: mode.client })\n  await swarm.flush() // every topic announced (server) and looked up (client), every peer found tried', 'await swarm.join(topic, { server: mode.server, client: mode.client }).flushed()']],
    names: /every peer its lookup found has been tried/
  },
  {
    name: 'join-ignores-mode',
    blames: 'joinRoom',
    concept: 'Two client-only peers never meet, because neither is announced.',
    edits: [['swarm.join(topic, { server: mode.server, client: mode.client })', 'swarm.join(topic)']],
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
    names: /leaves it open/
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
      ['swarm.join(topic, { server: mode.server, client: mode.client })', 'swarm.join(topic, { server: mode.server, client: mode.client })\n  checkTopic(topic)']
    ],
    names: /check the topic before joining/
  },
  {
    name: 'topic-must-be-buffer',
    blames: 'checkTopic',
    concept: 'a 32-byte `Uint8Array` that is not a Buffer is a topic too',
    edits: [['!(topic instanceof Uint8Array)', '!Buffer.isBuffer(topic)']],
    names: /Uint8Array that is not a Buffer/
  },
  {
    name: 'broadcast-count-hard-coded',
    blames: 'broadcast',
    concept: 'return how many connections it wrote to (the number changes as peers come and go).',
    edits: [['return swarm.connections.size', 'return 2']],
    names: /how many peers it sent to/
  },
  {
    name: 'broadcast-count-peers',
    blames: 'broadcast',
    concept: 'The count is of the connections written to now, not of every peer the swarm has heard of.',
    edits: [['return swarm.connections.size', 'return swarm.peers.size']],
    names: /how many peers it sent to/
  },
  {
    name: 'broadcast-count-at-module-level',
    blames: 'broadcast',
    concept: 'Each call counts its own writes: a counter at module level adds up every call of every swarm.',
    edits: [
      ['for (const socket of swarm.connections) socket.write(message)\n  return swarm.connections.size', 'for (const socket of swarm.connections) { socket.write(message); sent++ }\n  return sent'],
      ['export function broadcast (', 'let sent = 0\n\nexport function broadcast (']
    ],
    names: /this call/
  },
  {
    name: 'client-from-topics',
    blames: 'trackPeers',
    concept: 'so the topics do not tell who dialed',
    edits: [['client: peerInfo.client', 'client: peerInfo.topics.length > 0']],
    names: /client says who dialed/
  },
  {
    name: 'join-drops-client-default',
    blames: 'joinRoom',
    concept: 'A role left out of the join options takes its default, on: a server-only peer that leaves out client looks up too.',
    edits: [['{ server: mode.server, client: mode.client }', '{ server: mode.server }']],
    names: /servers only announce/
  },
  {
    name: 'join-drops-server-default',
    blames: 'joinRoom',
    concept: 'A role left out of the join options takes its default, on: a client-only peer that leaves out server is announced too.',
    edits: [['{ server: mode.server, client: mode.client }', '{ client: mode.client }']],
    names: /clients only look up/
  },
  {
    name: 'join-one-role',
    blames: 'joinRoom',
    concept: 'Server and client are two roles a peer can take at once: in both, it announces and looks up.',
    edits: [['{ server: mode.server, client: mode.client }', 'mode.client ? { server: false, client: true } : { server: true, client: false }']],
    names: /must announce/
  },
  {
    name: 'topic-latin1',
    blames: 'topicFor',
    concept: 'A name is hashed from its UTF-8 bytes: an encoding that keeps one byte per character makes different names collide.',
    edits: [["b4a.from(room, 'utf-8')", "b4a.from(room, 'latin1')"]],
    names: /UTF-8/
  },
  {
    name: 'topic-any-view',
    blames: 'checkTopic',
    concept: 'A topic is a Uint8Array (bytes), not any view of memory: a Float32Array or DataView of 32 bytes is the wrong kind of value.',
    edits: [['!(topic instanceof Uint8Array)', '!ArrayBuffer.isView(topic)']],
    names: /a topic is a Uint8Array/
  },
  {
    name: 'track-shared-map',
    blames: 'trackPeers',
    concept: 'Each swarm has its own peers: a map at module level is shared by every swarm.',
    edits: [
      ['  const peers = new Map<string, PeerSummary>()\n  swarm.on', '  swarm.on'],
      ['export function trackPeers (', 'const peers = new Map<string, PeerSummary>()\n\nexport function trackPeers (']
    ],
    names: /module level/
  },
  {
    name: 'track-map-reassigned',
    blames: 'trackPeers',
    concept: 'Each swarm has its own peers: a map at module level, even a new one per call, is shared by every swarm\'s handlers.',
    edits: [
      ['  const peers = new Map<string, PeerSummary>()\n  swarm.on', '  peers = new Map<string, PeerSummary>()\n  swarm.on'],
      ['export function trackPeers (', 'let peers = new Map<string, PeerSummary>()\n\nexport function trackPeers (']
    ],
    names: /module level/
  },
  {
    name: 'topic-utf16',
    blames: 'topicFor',
    concept: 'A topic is the hash of the name\'s UTF-8 bytes: peers meet only if they all hash the same bytes, and UTF-16 gives other bytes.',
    edits: [["b4a.from(room, 'utf-8')", "b4a.from(room, 'utf16le')"]],
    names: /UTF-8/
  },
  {
    name: 'leave-checks-after-leaving',
    blames: 'leaveRoom',
    concept: 'A topic is checked before it reaches the swarm: checking after leaving has already handed the swarm a bad topic.',
    edits: [['  checkTopic(topic)\n  await swarm.leave(topic)', '  await swarm.leave(topic)\n  checkTopic(topic)']],
    names: /check the topic before leaving/
  },
  {
    name: 'track-keyed-by-own-key',
    blames: 'trackPeers',
    concept: 'A peer is known by its own public key, which the connection event tells: the swarm\'s own key names no peer.',
    edits: [["const publicKey = b4a.toString(peerInfo.publicKey, 'hex')", "const publicKey = b4a.toString(swarm.keyPair.publicKey, 'hex')"]],
    names: /PEER's public key/
  },
  {
    name: 'broadcast-dialed-only',
    blames: 'broadcast',
    concept: 'Every open connection is a peer of the room, whoever dialed it: a broadcast writes to those other peers dialed too.',
    edits: [['for (const socket of swarm.connections) socket.write(message)\n  return swarm.connections.size', 'let sent = 0\n  for (const socket of swarm.connections) if (socket.isInitiator) { socket.write(message); sent++ }\n  return sent']],
    names: /whoever dialed/
  }
] satisfies Mistake[]
