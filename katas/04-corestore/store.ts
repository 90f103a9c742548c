// Kata 04 — corestore. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 04` tells you which function is next.
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import type { Duplex } from 'streamx'

/** Both ends of one replication, piped into each other: [the initiator's stream, the responder's stream]. */
export type StreamPair = [initiator: Duplex, responder: Duplex]

/**
 * Task 1: open (or create) a corestore kept in `dir`, and wait until it is ready. Reject if it cannot open.
 */
export async function openStore (dir: string): Promise<Corestore> {
  // TODO(task 1): a Corestore kept in `dir`. It opens in the background: return it only once it is ready,
  // and let a failure to open reach the caller.
  throw new Error('openStore() is not implemented yet: open a Corestore in `dir` (kata 04, task 1)')
}

/**
 * Task 2: get the writable core called `name` from `store` (inside `namespace` whenever one is given, '' too),
 * with JSON entries, ready. The same name in the same namespace of the same store is always the same core.
 */
export async function namedCore (store: Corestore, name: string, namespace?: string): Promise<Hypercore> {
  // TODO(task 2): a core by name from the store, or from the store's namespace when one is given (the
  // store's own namespaces, not a name you build); JSON values;
  // ready before you return it.
  throw new Error('namedCore() is not implemented yet: get a core by name, in a namespace if given (kata 04, task 2)')
}

/**
 * Task 3: replicate every core of store `a` with every core of store `b` over ONE pair of streams:
 * `a` initiates, `b` responds. Return both streams (the test destroys them at the end).
 */
export function replicateStores (a: Corestore, b: Corestore): StreamPair {
  // TODO(task 3): each store makes its own replication stream (which one initiates?); connect the two.
  throw new Error('replicateStores() is not implemented yet: replicate store a with store b over one pair of streams (kata 04, task 3)')
}

/**
 * Task 4: open a peer's cores in `store`, one per public key in `keys` (hex strings, as they would reach
 * you in a message), with JSON entries, ready, in the same order. Corestore will not find keys for you.
 */
export async function openKeys (store: Corestore, keys: string[]): Promise<Hypercore[]> {
  // TODO(task 4): a peer's core is opened by its key, with JSON values; every one of them ready.
  throw new Error('openKeys() is not implemented yet: open one core per key (kata 04, task 4)')
}
