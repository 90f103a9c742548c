// Kata 08's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'swallowed-stream-error',
    blames: 'syncStreams',
    concept: 'resolve when both streams ended, reject if one errors',
    edits: [["    ra.on('error', reject)\n    rb.on('error', reject)\n", "    ra.on('error', () => resolve())\n    rb.on('error', () => resolve())\n"]],
    names: /reject/
  },
  {
    name: 'resolve-on-first-end',
    blames: 'syncStreams',
    concept: 'resolve when both streams ended, reject if one errors',
    edits: [['if (++ended === 2) resolve()', 'if (++ended === 1) resolve()']],
    names: /both replication streams have ended/
  },
  {
    name: 'no-error-handlers',
    blames: 'joinSwarm',
    concept: "give both streams an `'error'` handler, the replication stream as much as the connection",
    edits: [["    stream.on('error', () => conn.destroy())\n    conn.on('error', () => stream.destroy())\n", '']],
    names: /'error' handler/
  },
  {
    name: 'hard-coded-initiator',
    blames: 'joinSwarm',
    concept: 'Hard-code `true` and both peers start a handshake, neither answers, and nothing ever replicates',
    edits: [['multi.replicate(conn.isInitiator, { live: true })', 'multi.replicate(true, { live: true })']],
    names: /initiator/
  },
  {
    name: 'no-flushed',
    blames: 'joinSwarm',
    concept: 'then join `topic` and resolve once it is announced',
    edits: [['  await swarm.join(topic).flushed()', '  swarm.join(topic)']],
    names: /announced/
  },
  {
    name: 'default-room-key',
    blames: 'openMultifeed',
    concept: 'If you do not set one, multifeed uses a **default key hard-coded in its source, the same for every multifeed in the world**',
    edits: [["{ valueEncoding: 'json', encryptionKey: roomSecret }", "{ valueEncoding: 'json' }"]],
    names: /room secret/
  },
  {
    name: 'not-live',
    blames: 'joinSwarm',
    concept: 'A *live* stream stays open and new appends (and new feeds) keep flowing over it',
    edits: [['multi.replicate(conn.isInitiator, { live: true })', 'multi.replicate(conn.isInitiator)']],
    names: /live/
  },
  {
    name: 'writer-without-name',
    blames: 'localWriter',
    concept: 'your own feed, asked for by a name',
    edits: [["multi.writer('local', (err, feed)", 'multi.writer((err, feed)']],
    names: /found by its name/
  },
  {
    name: 'end-counted-with-on',
    blames: 'syncStreams',
    concept: "Listen for one 'end' per stream",
    edits: [["    ra.once('end', onend)\n    rb.once('end', onend)\n", "    ra.on('end', onend)\n    rb.on('end', onend)\n"]],
    names: /one 'end' per stream/
  },
  {
    name: 'close-is-a-no-op',
    blames: 'closeMultifeed',
    concept: '`closeMultifeed` resolves once the multifeed and all its feeds are closed.',
    edits: [['return new Promise((resolve, reject) => multi.close((err) => err ? reject(err) : resolve()))', 'return Promise.resolve()']],
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
    concept: "give both streams an `'error'` handler, the replication stream as much as the connection",
    edits: [["    stream.on('error', () => conn.destroy())\n", '']],
    names: /'error' handler on the replication stream/
  },
  {
    name: 'read-empty-feed',
    blames: 'readFeed',
    concept: 'An empty feed has nothing to read: hypercore 9 refuses a batch read of zero entries',
    edits: [['  if (feed.length === 0) return Promise.resolve([])\n', '']],
    names: /empty/
  }
] satisfies Mistake[]
