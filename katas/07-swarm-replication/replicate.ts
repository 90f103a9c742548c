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
  /** Leaves the network, then closes the store; resolves once both are done, so `dir` can be reopened. */
  close (): Promise<void>
}

/**
 * Task 1: a peer whose whole store of logs, kept on disk in `dir`, replicates over every connection
 * `swarm` makes. Resolve once the store is ready.
 */
export async function openPeer (dir: string, swarm: Hyperswarm): Promise<Peer> {
  // TODO(task 1): one store on disk, ready; replicate it on every connection the swarm makes;
  // close() leaves the network before it closes the store, and waits for each.
  throw new Error('openPeer() is not implemented yet: keep a store of logs in dir and replicate it on every connection the swarm makes (kata 07, task 1)')
}

/**
 * Task 2: without `key`, this peer's own writable log, the same log every time and after a restart;
 * with `key`, a copy of someone else's log that keeps downloading everything, live. Entries are JSON;
 * resolve once the log is ready.
 */
export async function openLog (peer: Peer, key?: Buffer): Promise<Hypercore> {
  // TODO(task 2): your own log is found by a name that never changes, somebody else's by its key; a copy
  // downloads only what it is asked for.
  throw new Error('openLog() is not implemented yet: give the peer\'s own log, or a live copy of the log with this key (kata 07, task 2)')
}

/**
 * Task 3: meet the peers that share `log`, readers and writer alike (be found as well as find), and
 * resolve once the swarm has flushed. While it runs, an `update()` of the log waits for the peers found;
 * after it, even when it fails (reject then), an update with nobody there answers "nothing new".
 */
export async function shareLog (peer: Peer, log: Hypercore): Promise<void> {
  // TODO(task 3): meet the peers of this log without putting its key on the DHT; tell the log you are
  // looking for peers until the swarm is done, and that you are done whatever happens.
  throw new Error('shareLog() is not implemented yet: meet the peers who share this log (kata 07, task 3)')
}
