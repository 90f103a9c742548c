// Kata 04 — corestore. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 04` tells you which function is next.
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import type { Duplex } from 'streamx'

/** Both ends of one replication, piped into each other: [the initiator's stream, the responder's stream]. */
export type StreamPair = [initiator: Duplex, responder: Duplex]

/**
 * Task 1: open (or create) a corestore kept in `dir`, and wait until it is ready.
 */
export async function openStore (dir: string): Promise<Corestore> {
  // TODO(task 1): new Corestore(dir), then wait for it to be ready.
  throw new Error('openStore() is not implemented yet: open a Corestore in `dir` (kata 04, task 1)')
}

/**
 * Task 2: get the writable core called `name` from `store` (inside `namespace` when one is given),
 * with JSON entries, ready. The same name in the same namespace of the same store is always the same core.
 */
export async function namedCore (store: Corestore, name: string, namespace?: string): Promise<Hypercore> {
  // TODO(task 2): store.namespace(namespace) when there is one, then .get({ name, valueEncoding: … }).
  throw new Error('namedCore() is not implemented yet: get a core by name, in a namespace if given (kata 04, task 2)')
}

/**
 * Task 3: replicate every core of store `a` with every core of store `b` over ONE pair of streams:
 * `a` initiates, `b` responds. Return both streams (the test destroys them at the end).
 */
export function replicateStores (a: Corestore, b: Corestore): StreamPair {
  // TODO(task 3): a.replicate(true) and b.replicate(false), piped both ways.
  throw new Error('replicateStores() is not implemented yet: pipe a.replicate(true) and b.replicate(false) into each other (kata 04, task 3)')
}

/**
 * Task 4: open a peer's cores in `store`, one per public key in `keys` (hex strings, as they would reach
 * you in a message), with JSON entries, ready, in the same order. Corestore will not find keys for you.
 */
export async function openKeys (store: Corestore, keys: string[]): Promise<Hypercore[]> {
  // TODO(task 4): store.get({ key, valueEncoding: … }) for each key; wait for all of them to be ready.
  throw new Error('openKeys() is not implemented yet: open one core per key (kata 04, task 4)')
}
