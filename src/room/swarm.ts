// The room's swarm: on the public DHT, or on a testnet (npm run testnet) named in the room key.
import DHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import type { HostPort } from './key.ts'

/**
 * On a testnet every peer is reachable (one machine, or one room's network), so the DHT node says so
 * (`firewalled: false`): without it hyperdht takes the hole-punching path, which fails between two
 * processes on one machine. `dht`: a node given by the caller (tests, the benchmark).
 */
export function roomSwarm (bootstrap: HostPort[] | null, dht?: DHT, maxPeers?: number): Hyperswarm {
  const peers = maxPeers ? { maxPeers } : {}
  if (dht) return new Hyperswarm({ dht, ...peers })
  if (!bootstrap) return new Hyperswarm(peers)
  const loopback = bootstrap.every((b) => b.host === 'localhost' || b.host.startsWith('127.'))
  return new Hyperswarm({ dht: new DHT({ bootstrap, firewalled: false, ...(loopback ? { host: '127.0.0.1', ephemeral: true } : {}) }), ...peers })
}
