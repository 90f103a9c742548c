// Kata 07's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'share-timer-instead-of-flush',
    blames: 'shareLog',
    concept: 'A log is findable once the swarm has announced it: wait for the swarm to flush, not for a time.',
    edits: [['    await peer.swarm.flush()\n', '    await new Promise((resolve) => setTimeout(resolve, 1000))\n']],
    names: /has flushed/
  },
  {
    name: 'own-log-without-json',
    blames: 'openLog',
    concept: "A log's value encoding decides what its entries are: without JSON it stores raw bytes and refuses an object.",
    edits: [["peer.store.get({ name: 'log', valueEncoding: 'json' })", "peer.store.get({ name: 'log' })"]],
    names: /value encoding/
  },
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
    concept: 'A download whose end is left open asks for every block, including blocks appended later.',
    edits: [['copy.download({ start: 0, end: -1 })', 'copy.download({ start: 0, end: copy.length })']],
    names: /downloads only what is asked for/
  },
  {
    name: 'replicate-first-connection-only',
    blames: 'openPeer',
    concept: 'The store must replicate on every connection the swarm makes: a connection that is not replicated carries nothing.',
    edits: [["swarm.on('connection', (conn) => store.replicate(conn))", "swarm.once('connection', (conn) => store.replicate(conn))"]],
    names: /every connection/
  },
  {
    name: 'topic-is-the-key',
    blames: 'shareLog',
    concept: 'The key is the right to read a log, and the DHT is public: peers meet under the discovery key.',
    edits: [['peer.swarm.join(log.discoveryKey!)', 'peer.swarm.join(log.key!)']],
    names: /discovery key/
  },
  {
    name: 'no-flush',
    blames: 'shareLog',
    concept: 'Joining only starts the announcement and the lookup: the swarm flushes once both are done and the connections found are made.',
    edits: [['    await peer.swarm.flush()\n', '']],
    names: /flush/
  },
  {
    name: 'no-finding-peers',
    blames: 'shareLog',
    concept: 'A copy with no peers answers an update "nothing new" at once unless it is told peers are still being looked for.',
    edits: [['  const done = log.findingPeers()\n', ''], ['    done()\n', '']],
    names: /finding peers/
  },
  {
    name: 'finding-peers-never-done',
    blames: 'shareLog',
    concept: 'A log never told the search is over keeps every update waiting when nobody is there.',
    edits: [['    done()\n', '']],
    names: /done finding peers/
  },
  {
    name: 'finding-peers-done-before-flush',
    blames: 'shareLog',
    concept: 'The search for peers is over only once the swarm has flushed.',
    edits: [['    await peer.swarm.flush()\n  } finally {\n    done()\n  }\n', '  } finally {\n    done()\n  }\n  await peer.swarm.flush()\n']],
    names: /finding peers until the swarm has flushed/
  },
  {
    name: 'close-leaves-swarm',
    blames: 'close',
    concept: 'close() leaves the network (destroys the swarm) before it closes the store.',
    edits: [['      await swarm.destroy()\n', '']],
    names: /destroy|leaves the network/
  },
  {
    name: 'store-not-ready',
    blames: 'openPeer',
    concept: 'A corestore opens in the background: wait until it is ready.',
    edits: [['  await store.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'copy-not-ready',
    blames: 'openLog',
    concept: 'A copy opens in the background like any core: resolve once it is ready.',
    edits: [['  await copy.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'copy-without-json',
    blames: 'openLog',
    concept: 'A copy decodes its blocks with the encoding it is opened with: without JSON it gives bytes.',
    edits: [["peer.store.get({ key, valueEncoding: 'json' })", 'peer.store.get({ key })']],
    names: /bytes, not JSON/
  },
  {
    name: 'reader-never-announces',
    blames: 'shareLog',
    concept: 'Every peer that holds a copy must announce itself under the topic, or readers never meet and a late joiner finds only the writer.',
    edits: [['peer.swarm.join(log.discoveryKey!)', 'peer.swarm.join(log.discoveryKey!, { server: log.writable, client: true })']],
    names: /announce every peer/
  },
  {
    name: 'writer-serves-readers-look-up',
    blames: 'shareLog',
    concept: 'Every peer that holds a copy must announce itself under the topic, or readers never meet and a late joiner finds only the writer.',
    edits: [['peer.swarm.join(log.discoveryKey!)', 'peer.swarm.join(log.discoveryKey!, { server: log.writable, client: !log.writable })']],
    names: /announce every peer/
  },
  {
    name: 'finding-peers-not-done-on-failure',
    blames: 'shareLog',
    concept: 'The log must be told the search for peers is over whatever happens, failure included.',
    edits: [['  try {\n    peer.swarm.join(log.discoveryKey!)\n    await peer.swarm.flush()\n  } finally {\n    done()\n  }\n', '  peer.swarm.join(log.discoveryKey!)\n  await peer.swarm.flush()\n  done()\n']],
    names: /done finding peers whatever happens/
  },
  {
    name: 'close-store-before-swarm',
    blames: 'close',
    concept: 'close() leaves the network before it closes the store: a live swarm still replicates the store.',
    edits: [['      await swarm.destroy()\n      await store.close()\n', '      await store.close()\n      await swarm.destroy()\n']],
    names: /still leaving the network/
  },
  {
    name: 'close-without-awaiting-swarm',
    blames: 'close',
    concept: 'close() waits until the swarm has left the network before it closes the store.',
    edits: [['      await swarm.destroy()\n', '      swarm.destroy()\n']],
    names: /still leaving the network/
  },
  {
    name: 'close-without-awaiting-store',
    blames: 'close',
    concept: 'close() resolves once the store is closed, so its directory can be reopened.',
    edits: [['      await store.close()\n', '      store.close()\n']],
    names: /store is closed/
  },
  {
    name: 'own-log-named-by-the-time',
    blames: 'openLog',
    concept: 'The own log is found by a name that stays the same between runs.',
    edits: [["peer.store.get({ name: 'log', valueEncoding: 'json' })", "peer.store.get({ name: `log-${Date.now()}-${Math.random()}`, valueEncoding: 'json' })"]],
    names: /same log/
  },
  {
    name: 'own-log-named-once-per-peer',
    blames: 'openLog',
    concept: 'The own log is found by a name that stays the same between runs.',
    edits: [
      ["export async function openLog", "const names = new WeakMap<object, string>()\nexport async function openLog"],
      ["peer.store.get({ name: 'log', valueEncoding: 'json' })", "peer.store.get({ name: names.get(peer.store) ?? names.set(peer.store, `log-${Date.now()}`).get(peer.store)!, valueEncoding: 'json' })"]
    ],
    names: /same log after a restart/
  },
  {
    name: 'own-log-named-at-module-load',
    blames: 'openLog',
    concept: 'The own log is found by a name that is the same in every run of the app, not one made when the module loads.',
    edits: [
      ['export async function openLog', "const OWN_LOG = `log-${process.pid}-${Math.random()}`\nexport async function openLog"],
      ["peer.store.get({ name: 'log', valueEncoding: 'json' })", "peer.store.get({ name: OWN_LOG, valueEncoding: 'json' })"]
    ],
    names: /in every run of the app/
  },
  {
    name: 'writer-never-looks-up',
    blames: 'shareLog',
    concept: 'Every peer that shares a log both announces itself and looks the topic up, the writer too: a writer that only waits to be found never meets the readers who came first.',
    edits: [['peer.swarm.join(log.discoveryKey!)', 'peer.swarm.join(log.discoveryKey!, { server: true, client: !log.writable })']],
    names: /look the topic up as well as announce/
  },
  {
    name: 'download-only-when-empty',
    blames: 'openLog',
    concept: 'A copy downloads only what is asked for: a copy reopened with entries on disk must be asked for every block again.',
    edits: [['  copy.download({ start: 0, end: -1 })\n', '  if (copy.contiguousLength === 0) copy.download({ start: 0, end: -1 })\n']],
    names: /every time it opens a copy/
  },
  {
    name: 'no-replication',
    blames: 'openPeer',
    concept: 'The swarm only connects peers: the store must be replicated on each connection, or nothing is carried over it.',
    edits: [["  swarm.on('connection', (conn) => store.replicate(conn))\n", '']],
    names: /a connection that is not replicated carries no log/
  }
] satisfies Mistake[]
