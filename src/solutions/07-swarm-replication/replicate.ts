// Kata 07 reference solution.
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import type Hyperswarm from 'hyperswarm'

export interface Peer {
  store: Corestore
  swarm: Hyperswarm
  close (): Promise<void>
}

export async function openPeer (dir: string, swarm: Hyperswarm): Promise<Peer> {
  const store = new Corestore(dir)
  await store.ready()
  swarm.on('connection', (conn) => store.replicate(conn))
  return {
    store,
    swarm,
    async close () {
      await swarm.destroy()
      await store.close()
    }
  }
}

export async function openLog (peer: Peer, key?: Buffer): Promise<Hypercore> {
  if (!key) {
    const own = peer.store.get({ name: 'log', valueEncoding: 'json' })
    await own.ready()
    return own
  }
  // A copy downloads only what is asked for: every block, including those appended later.
  const copy = peer.store.get({ key, valueEncoding: 'json' })
  await copy.ready()
  copy.download({ start: 0, end: -1 })
  return copy
}

export async function shareLog (peer: Peer, log: Hypercore): Promise<void> {
  const done = log.findingPeers()
  try {
    peer.swarm.join(log.discoveryKey!)
    await peer.swarm.flush()
  } finally {
    done()
  }
}
