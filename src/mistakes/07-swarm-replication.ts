// Kata 07's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'no-live-download',
    blames: 'openLog',
    concept: 'A copy of a core downloads only what is asked for.',
    edits: [['  copy.download({ start: 0, end: -1 })\n', '']],
    names: /downloads only what is asked for/
  },
  {
    name: 'bounded-download',
    blames: 'openLog',
    concept: 'a range whose end is left open asks for every block, including blocks appended in the future',
    edits: [['copy.download({ start: 0, end: -1 })', 'copy.download({ start: 0, end: copy.length })']],
    names: /downloads only what is asked for/
  },
  {
    name: 'replicate-first-connection-only',
    blames: 'openPeer',
    concept: 'Replicate the store on every connection the swarm makes: a connection that is not replicated carries nothing',
    edits: [["swarm.on('connection', (conn) => store.replicate(conn))", "swarm.once('connection', (conn) => store.replicate(conn))"]],
    names: /every connection/
  },
  {
    name: 'topic-is-the-key',
    blames: 'shareLog',
    concept: 'the key itself (which is the right to read it) never goes on the DHT',
    edits: [['peer.swarm.join(log.discoveryKey!)', 'peer.swarm.join(log.key!)']],
    names: /discovery key/
  },
  {
    name: 'no-flush',
    blames: 'shareLog',
    concept: 'Flushing the swarm resolves once your announcements are done and the connections found so far are made.',
    edits: [['  await peer.swarm.flush()\n', '']],
    names: /flush/
  },
  {
    name: 'no-finding-peers',
    blames: 'shareLog',
    concept: 'A log that is not told it is finding peers answers an update "nothing new" at once',
    edits: [['  const done = log.findingPeers()\n', ''], ['  done()\n', '']],
    names: /finding peers/
  },
  {
    name: 'finding-peers-never-done',
    blames: 'shareLog',
    concept: 'a log that is never told you are done keeps every update waiting when nobody is there',
    edits: [['  done()\n', '']],
    names: /done finding peers/
  },
  {
    name: 'finding-peers-done-before-flush',
    blames: 'shareLog',
    concept: 'say you are done once the swarm has flushed',
    edits: [['  await peer.swarm.flush()\n  done()\n', '  done()\n  await peer.swarm.flush()\n']],
    names: /finding peers until the swarm has flushed/
  },
  {
    name: 'close-leaves-swarm',
    blames: 'close',
    concept: '`close()` destroys the swarm and closes the store',
    edits: [['      await swarm.destroy()\n', '']],
    names: /destroy|leaves the network/
  },
  {
    name: 'store-not-ready',
    blames: 'openPeer',
    concept: 'You open it on a directory and wait until it is ready.',
    edits: [['  await store.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'copy-not-ready',
    blames: 'openLog',
    concept: 'JSON entries; resolve once ready',
    edits: [['  await copy.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'copy-without-json',
    blames: 'openLog',
    concept: 'a copy decodes its blocks with the encoding you open it with, so opened without JSON it gives you bytes',
    edits: [["peer.store.get({ key, valueEncoding: 'json' })", 'peer.store.get({ key })']],
    names: /bytes, not JSON/
  }
] satisfies Mistake[]
