// Kata 07's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'no-live-download',
    lesson: 'A copy of a core downloads only what is asked for.',
    edits: [['  if (!log.writable) log.download({ start: 0, end: -1 })\n', '']],
    names: /downloads only what is asked for/
  },
  {
    name: 'bounded-download',
    lesson: '`core.download({ start: 0, end: -1 })` asks for everything, including blocks appended in the future',
    edits: [['log.download({ start: 0, end: -1 })', 'log.download({ start: 0, end: log.length })']],
    names: /downloads only what is asked for/
  },
  {
    name: 'replicate-first-connection-only',
    lesson: 'Replicate the store on every connection the swarm makes: a connection that is not replicated carries nothing',
    edits: [["swarm.on('connection', (conn) => store.replicate(conn))", "swarm.once('connection', (conn) => store.replicate(conn))"]],
    names: /every connection/
  },
  {
    name: 'topic-is-the-key',
    lesson: 'the key itself (which is the right to read it) never goes on the DHT',
    edits: [['peer.swarm.join(log.discoveryKey!)', 'peer.swarm.join(log.key!)']],
    names: /discovery key/
  },
  {
    name: 'no-flush',
    lesson: '`swarm.flush()` resolves once your announcements are done and the connections found so far are made.',
    edits: [['  await peer.swarm.flush()\n', '']],
    names: /flush/
  },
  {
    name: 'close-leaves-swarm',
    lesson: '`close()` destroys the swarm and closes the store',
    edits: [['      await swarm.destroy()\n', '']],
    names: /destroy|leaves the network/
  }
] satisfies Mistake[]
