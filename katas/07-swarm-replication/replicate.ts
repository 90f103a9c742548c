// Kata 07 — replication over the swarm. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 07` tells you which function is next.
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import type Hyperswarm from 'hyperswarm'

/** One peer: its corestore on disk and the swarm it replicates over. */
export interface Peer {
  /** Every hypercore this peer writes or holds a copy of, stored in one directory. */
  store: Corestore
  /** The swarm the test handed to openPeer; every connection it makes replicates `store`. */
  swarm: Hyperswarm
  /** Leaves the network (destroys the swarm) and closes the store, so its directory can be reopened. */
  close (): Promise<void>
}

/**
 * Task 1: open a corestore in `dir` and replicate it over every connection `swarm` makes.
 */
export async function openPeer (dir: string, swarm: Hyperswarm): Promise<Peer> {
  // TODO(task 1): new Corestore(dir), wait until ready, swarm.on('connection', …) → store.replicate(conn);
  // return { store, swarm, close }.
  throw new Error('openPeer() is not implemented yet: open a corestore and replicate it on every connection (kata 07, task 1)')
}

/**
 * Task 2: without `key`, this peer's own writable log; with `key`, a copy of someone else's log
 * that keeps downloading everything, live. Entries are JSON; resolve once the log is ready.
 */
export async function openLog (peer: Peer, key?: Buffer): Promise<Hypercore> {
  // TODO(task 2): peer.store.get({ name } or { key }, valueEncoding 'json'), ready(); for a copy, download it all, live.
  throw new Error('openLog() is not implemented yet: get a named or keyed core from the store (kata 07, task 2)')
}

/**
 * Task 3: find the peers that share `log`: join the swarm on its discovery key and resolve
 * once that topic is announced and the connections found so far are made.
 */
export async function shareLog (peer: Peer, log: Hypercore): Promise<void> {
  // TODO(task 3): peer.swarm.join(log.discoveryKey), then await peer.swarm.flush().
  throw new Error('shareLog() is not implemented yet: join the swarm on the log\'s discovery key (kata 07, task 3)')
}
