// Kata 04 reference solution.
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import type { Duplex } from 'streamx'

export type StreamPair = [initiator: Duplex, responder: Duplex]

export async function openStore (dir: string): Promise<Corestore> {
  const store = new Corestore(dir)
  await store.ready()
  return store
}

export async function namedCore (store: Corestore, name: string, namespace?: string): Promise<Hypercore> {
  const scope = namespace === undefined ? store : store.namespace(namespace)
  const core = scope.get({ name, valueEncoding: 'json' })
  await core.ready()
  return core
}

export function replicateStores (a: Corestore, b: Corestore): StreamPair {
  const initiator = a.replicate(true)
  const responder = b.replicate(false)
  initiator.pipe(responder).pipe(initiator)
  return [initiator, responder]
}

export async function openKeys (store: Corestore, keys: string[]): Promise<Hypercore[]> {
  const cores = keys.map((key) => store.get({ key, valueEncoding: 'json' }))
  await Promise.all(cores.map((core) => core.ready()))
  return cores
}
