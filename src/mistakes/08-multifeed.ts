// Kata 08's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'swallowed-stream-error',
    blames: 'syncStreams',
    concept: 'A sync whose stream errors has failed: the promise rejects, it does not resolve as if in sync.',
    edits: [["    ra.on('error', reject)\n    rb.on('error', reject)\n", "    ra.on('error', () => resolve())\n    rb.on('error', () => resolve())\n"]],
    names: /reject/
  },
  {
    name: 'resolve-on-first-end',
    blames: 'syncStreams',
    concept: 'Two piped streams are in sync only once both have ended.',
    edits: [['if (++ended === 2) resolve()', 'if (++ended === 1) resolve()']],
    names: /both replication streams have ended/
  },
  {
    name: 'no-error-handlers',
    blames: 'joinSwarm',
    concept: "An 'error' nobody listens for crashes the process: the connection and the replication stream each need a handler.",
    edits: [["    stream.on('error', () => conn.destroy())\n    conn.on('error', () => stream.destroy())\n", '']],
    names: /'error' handler/
  },
  {
    name: 'hard-coded-initiator',
    blames: 'joinSwarm',
    concept: 'Over a swarm both peers run the same code: the initiator flag comes from the connection, which knows who dialled.',
    edits: [['multi.replicate(conn.isInitiator, { live: true })', 'multi.replicate(true, { live: true })']],
    names: /initiator/
  },
  {
    name: 'no-flushed',
    blames: 'joinSwarm',
    concept: 'Joining only starts the announcement: wait until the topic is announced.',
    edits: [['  await swarm.join(topic).flushed()', '  swarm.join(topic)']],
    names: /announced/
  },
  {
    name: 'default-room-key',
    blames: 'openMultifeed',
    concept: 'Without a room secret multifeed uses a default key known to everyone: anyone on the topic can replicate the feeds.',
    edits: [["{ valueEncoding: 'json', encryptionKey: roomSecret }", "{ valueEncoding: 'json' }"]],
    names: /room secret/
  },
  {
    name: 'not-live',
    blames: 'joinSwarm',
    concept: 'A stream that is not live ends once in sync: live replication keeps new entries flowing over the connection.',
    edits: [['multi.replicate(conn.isInitiator, { live: true })', 'multi.replicate(conn.isInitiator)']],
    names: /live/
  },
  {
    name: 'writer-without-name',
    blames: 'localWriter',
    concept: 'The local writer is found by a name multifeed stores, so it is the same feed every time.',
    edits: [["multi.writer('local', (err, feed)", 'multi.writer((err, feed)']],
    names: /found by its name/
  },
  {
    name: 'end-counted-with-on',
    blames: 'syncStreams',
    concept: "The initiator's stream can emit 'end' twice: count streams, not events.",
    edits: [["    ra.once('end', onend)\n    rb.once('end', onend)\n", "    ra.on('end', onend)\n    rb.on('end', onend)\n"]],
    names: /both replication streams have ended/
  },
  {
    name: 'close-is-a-no-op',
    blames: 'closeMultifeed',
    concept: 'Closing takes time: closeMultifeed resolves once the multifeed and its feeds are closed.',
    edits: [['return new Promise((resolve) => multi.close(() => resolve()))', 'return Promise.resolve()']],
    names: /closed/
  },
  {
    name: 'open-without-ready',
    blames: 'openMultifeed',
    concept: 'A multifeed loads its feeds from disk after it is created: until it is ready it lists none, even in a directory full of them.',
    edits: [['  await new Promise<void>((resolve) => multi.ready(() => resolve()))\n', '']],
    names: /ready/
  },
  {
    name: 'error-handler-on-the-connection-only',
    blames: 'joinSwarm',
    concept: 'A replication stream fails on its own (another room secret): it needs an error handler of its own.',
    edits: [["    stream.on('error', () => conn.destroy())\n", '']],
    names: /'error' handler on the replication stream/
  },
  {
    name: 'read-empty-feed',
    blames: 'readFeed',
    concept: 'An empty feed has nothing to read: hypercore 9 refuses a batch read of zero entries.',
    edits: [['  if (feed.length === 0) return Promise.resolve([])\n', '']],
    names: /empty/
  },
  {
    name: 'writer-error-resolves-undefined',
    blames: 'localWriter',
    concept: 'A callback\'s error is passed on: the promise rejects with it, never resolves undefined.',
    edits: [["multi.writer('local', (err, feed) => err ? reject(err) : resolve(feed))", "multi.writer('local', (_err, feed) => resolve(feed))"]],
    names: /reject with it/
  },
  {
    name: 'append-error-resolves-undefined',
    blames: 'appendEntry',
    concept: 'A callback\'s error is passed on: the promise rejects with it, never resolves undefined.',
    edits: [['feed.append(entry, (err, seq) => err ? reject(err) : resolve(seq))', 'feed.append(entry, (_err, seq) => resolve(seq))']],
    names: /reject with that error/
  },
  {
    name: 'read-error-resolves-undefined',
    blames: 'readFeed',
    concept: 'A callback\'s error is passed on: the promise rejects with it, never resolves undefined.',
    edits: [['feed.getBatch(0, feed.length, (err, entries) => err ? reject(err) : resolve(entries))', 'feed.getBatch(0, feed.length, (_err, entries) => resolve(entries))']],
    names: /reject with it/
  },
  {
    name: 'writer-kept-at-module-level',
    blames: 'localWriter',
    concept: 'Each multifeed has its own writer: nothing is kept at module level.',
    edits: [
      ['export function localWriter (multi: Multifeed): Promise<Feed> {\n  return new Promise(', 'let writer: Promise<Feed> | undefined\nexport function localWriter (multi: Multifeed): Promise<Feed> {\n  return writer ??= new Promise(']
    ],
    names: /module level/
  },
  {
    name: 'multifeed-kept-at-module-level',
    blames: 'openMultifeed',
    concept: 'Every call opens a multifeed of its own: nothing is kept at module level.',
    edits: [
      ['export async function openMultifeed (dir: string, roomSecret?: Buffer): Promise<Multifeed> {\n  const multi = multifeed(', 'let shared: Multifeed | undefined\nexport async function openMultifeed (dir: string, roomSecret?: Buffer): Promise<Multifeed> {\n  const multi = shared ??= multifeed(']
    ],
    names: /module level/
  },
  {
    name: 'sync-count-at-module-level',
    blames: 'syncStreams',
    concept: 'Each sync counts its own streams\' ends: nothing is kept at module level.',
    edits: [
      ['export function syncStreams', 'let ended = 0\nexport function syncStreams'],
      ['    let ended = 0\n', '']
    ],
    names: /module level/
  },
  {
    name: 'sync-both-initiators',
    blames: 'syncStreams',
    concept: 'A Noise handshake needs exactly one initiator: one side of the pipe initiates, the other answers.',
    edits: [['const rb = b.replicate(false)', 'const rb = b.replicate(true)']],
    names: /Noise handshake/
  },
  {
    name: 'sync-count-reset-at-module-level',
    blames: 'syncStreams',
    concept: 'Each sync counts its own streams\' ends: a count kept at module level is shared by two syncs that run at once.',
    edits: [
      ['export function syncStreams', 'let ended = 0\nexport function syncStreams'],
      ['    let ended = 0\n', '    ended = 0\n']
    ],
    names: /module level/
  },
  {
    name: 'sync-error-listened-once',
    blames: 'syncStreams',
    concept: "A replication stream can emit 'error' more than once: an 'error' nobody listens for crashes the process.",
    edits: [["    ra.on('error', reject)\n    rb.on('error', reject)\n", "    ra.once('error', reject)\n    rb.once('error', reject)\n"]],
    names: /'error' of a replication stream unhandled/
  },
  {
    name: 'room-secret-as-string',
    blames: 'openMultifeed',
    concept: 'The room secret is a 32-byte key: multifeed cannot use it converted to a string.',
    edits: [["encryptionKey: roomSecret }", "encryptionKey: roomSecret?.toString() }"]],
    names: /room secret it cannot use as a key/
  },
  {
    name: 'append-resolves-feed-length',
    blames: 'appendEntry',
    concept: "An append's own callback tells the position its entry got; the feed's length has moved on when appends overlap.",
    edits: [['feed.append(entry, (err, seq) => err ? reject(err) : resolve(seq))', 'feed.append(entry, (err) => err ? reject(err) : resolve(feed.length - 1))']],
    names: /three entries appended at once/
  },
  {
    name: 'replicate-on-first-connection-only',
    blames: 'joinSwarm',
    concept: "A swarm emits 'connection' for every peer it meets: replicate on each, not only the first.",
    edits: [["swarm.on('connection', (conn) => {", "swarm.once('connection', (conn) => {"]],
    names: /every connection its swarm makes/
  },
  {
    name: 'timer-instead-of-flushed',
    blames: 'joinSwarm',
    concept: 'A join is findable once it is announced: wait for the announcement, not for a time.',
    edits: [['  await swarm.join(topic).flushed()', '  swarm.join(topic)\n  await new Promise((resolve) => setTimeout(resolve, 1000))']],
    names: /announced/
  },
  {
    name: 'open-without-value-encoding',
    blames: 'openMultifeed',
    concept: "A multifeed's value encoding decides what its feeds store: without JSON they store raw bytes and refuse an object.",
    edits: [["{ valueEncoding: 'json', encryptionKey: roomSecret }", '{ encryptionKey: roomSecret }']],
    names: /value encoding/
  },
  {
    name: 'one-way-pipe',
    blames: 'joinSwarm',
    concept: 'Replication is a conversation: the connection is piped into the replication stream and the stream back into the connection.',
    edits: [['    conn.pipe(stream).pipe(conn)\n', '    conn.pipe(stream)\n']],
    names: /both ways/
  },
  {
    name: 'connection-handler-after-announce',
    blames: 'joinSwarm',
    concept: "A swarm makes connections as soon as it joins, before the announcement is flushed: listen for 'connection' before joining, or a connection that comes early is never replicated.",
    edits: [
      ["  })\n  await swarm.join(topic).flushed()\n}", '  })\n}'],
      ['export async function joinSwarm (multi: Multifeed, swarm: Hyperswarm, topic: Buffer): Promise<void> {\n', 'export async function joinSwarm (multi: Multifeed, swarm: Hyperswarm, topic: Buffer): Promise<void> {\n  await swarm.join(topic).flushed()\n']
    ],
    names: /before it joins/
  },
  {
    name: 'close-index-taken-for-an-error',
    blames: 'closeMultifeed',
    concept: "multifeed 6's close callback reports no error: its argument is the caller's place in the queue of close calls, so taking it for an error rejects a second close with 1.",
    edits: [['return new Promise((resolve) => multi.close(() => resolve()))', 'return new Promise((resolve, reject) => multi.close((err) => err ? reject(err) : resolve()))']],
    names: /reports no error/
  },
  {
    name: 'length-as-downloaded',
    blames: 'listFeeds',
    concept: "A feed's length is how many entries it has; how many of them this peer holds on disk (downloaded()) is another number.",
    edits: [['    length: feed.length,\n', '    length: feed.downloaded(),\n']],
    names: /not how many of them are downloaded/
  }
] satisfies Mistake[]
