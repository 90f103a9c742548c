// What an Autobase's apply asked of its host, seen from outside: a change of writers leaves no trace in
// the view, so a suite that must tell whether apply passed a key on to Autobase watches the host itself.
import { createRequire } from 'node:module'
import type { KataContext } from './context.ts'

export interface HostCall {
  method: 'addWriter' | 'removeWriter'
  /** The local writer key (hex) of the base whose apply made the call: which peer it was. */
  peer: string
  /** The writer key (hex) it was called with. */
  key: string
  /** For addWriter: whether it adds an indexer (Autobase's default, when the options leave it out, is yes). */
  indexer?: boolean
  /** Whether apply waited for the call (await, then, catch, finally): a change of writers not waited for ends after apply. */
  awaited: boolean
}

/** The host call's own promise, telling when someone waits for it: `await` on a subclass calls its then(). */
class Watched<T> extends Promise<T> {
  static override get [Symbol.species] (): PromiseConstructor { return Promise }
  onWait: () => void = () => {}
  override then<A = T, B = never> (ok?: ((value: T) => A | PromiseLike<A>) | null, no?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    this.onWait()
    return super.then(ok, no)
  }
}

type Listener = (call: HostCall) => void
const listeners = new Set<Listener>()
let installed = false

/** Wraps the host's writer calls once, for every base in the process; each watcher only listens. */
function install (): void {
  if (installed) return
  const { PrivateApplyCalls } = createRequire(import.meta.url)('autobase/lib/apply-calls.js')
  const proto = PrivateApplyCalls?.prototype
  for (const method of ['addWriter', 'removeWriter'] as const) {
    const original = proto?.[method]
    if (typeof original !== 'function') throw new Error(`autobase's host has no ${method}: the harness does not know this version of autobase`)
    proto[method] = function (this: { base: { local: { key: Uint8Array } } }, key: Uint8Array, ...rest: unknown[]) {
      const call: HostCall = { method, peer: Buffer.from(this.base.local.key).toString('hex'), key: Buffer.from(key).toString('hex'), awaited: false }
      if (method === 'addWriter') {
        const opts = (rest[0] ?? {}) as { indexer?: boolean, isIndexer?: boolean }
        const indexer = opts.indexer === undefined ? true : opts.indexer // as autobase reads its options
        call.indexer = Boolean(opts.isIndexer === undefined ? indexer : opts.isIndexer)
      }
      for (const listener of listeners) listener(call)
      const watched = new Watched((resolve, reject) => { (original.call(this, key, ...rest) as Promise<unknown>).then(resolve, reject) })
      watched.onWait = () => { call.awaited = true }
      return watched
    }
  }
  installed = true
}

/** Every host.addWriter and host.removeWriter that any base's apply makes from now until the test ends, in order. */
export function watchHostCalls (k: KataContext): HostCall[] {
  install()
  const calls: HostCall[] = []
  const listener: Listener = (call) => { calls.push(call) }
  listeners.add(listener)
  k.teardown(() => { listeners.delete(listener) })
  return calls
}
