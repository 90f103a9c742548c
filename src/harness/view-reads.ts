// How many entries the code under test read from the Hyperbee views of its Autobases, seen from outside:
// a suite that must tell "reads what changed" from "reads everything again" counts reads, never time
// (a timed test is red for a busy machine, not for the code).
import { createRequire } from 'node:module'
import type { KataContext } from './context.ts'

const require = createRequire(import.meta.url)

interface Session { key?: Uint8Array | null }
interface Bee { core?: Session }
type Counter = { entries: number }

/** The sessions Autobase gave to its views (`open`'s store.get): their keys are the views' keys. */
const viewSessions = new Set<Session>()
const counters = new Set<Counter>()
let installed = false

const keyOf = (session: Session | undefined): string | null =>
  session?.key ? Buffer.from(session.key).toString('hex') : null

/** Whether a bee (the view, or a snapshot or checkout of it) is on a view's core: Autobase's own system bee is not. */
function onView (bee: Bee): boolean {
  const key = keyOf(bee.core)
  if (key === null || counters.size === 0) return false
  for (const session of viewSessions) if (keyOf(session) === key) return true
  return false
}

/** The live sessions Autobase gave to the view a bee (or a snapshot or checkout of it) reads: those a truncation reaches. */
export function liveViewSessions<T> (bee: Bee | undefined): T[] {
  const key = keyOf(bee?.core)
  return key === null ? [] : [...viewSessions].filter((session) => keyOf(session) === key) as T[]
}

/**
 * How many sessions are open now on the cores of every Autobase view of this process (the view itself, and
 * each snapshot or checkout of it not closed yet): a reader that closes what it opens keeps this flat.
 */
export function openViewSessions (): number {
  const cores = new Map<string, Session & { sessions?: unknown[] | null }>()
  for (const session of viewSessions) {
    const key = keyOf(session)
    if (key !== null) cores.set(key, session)
  }
  return [...cores.values()].reduce((sum, session) => sum + (session.sessions?.length ?? 0), 0)
}

/** Whether a bee (or a snapshot or checkout of it) is on the core of an Autobase view, not Autobase's own system. */
export function isViewBee (bee: Bee | undefined): boolean {
  const key = keyOf(bee?.core)
  if (key === null) return false
  for (const session of viewSessions) if (keyOf(session) === key) return true
  return false
}

function count (bee: Bee, n = 1): void {
  if (n > 0 && onView(bee)) for (const counter of counters) counter.entries += n
}

/**
 * Wraps Autobase's view store and Hyperbee's reads once, for the whole process, when the harness is loaded:
 * a view opened before a watcher starts must be known too. Each watcher only counts.
 */
function install (): void {
  if (installed) return
  const AutoStore = require('autobase/lib/store.js')
  const Hyperbee = require('hyperbee')
  const store = AutoStore?.prototype
  const bee = Hyperbee?.prototype
  for (const [what, proto, method] of [['autobase\'s view store', store, 'get'], ['hyperbee', bee, 'createRangeIterator'], ['hyperbee', bee, 'createHistoryStream'], ['hyperbee', bee, 'createDiffStream'], ['hyperbee', bee, 'get'], ['hyperbee', bee, 'getBySeq']] as const) {
    if (typeof proto?.[method] !== 'function') throw new Error(`${what} has no ${method}: the harness does not know this version of it`)
  }
  const wrap = (proto: Record<string, unknown>, method: string, around: (original: (...args: unknown[]) => unknown) => (this: Bee, ...args: unknown[]) => unknown): void => {
    proto[method] = around(proto[method] as (...args: unknown[]) => unknown)
  }
  wrap(store, 'get', (original) => function (this: Bee, ...args) {
    const session = original.apply(this, args) as Session
    viewSessions.add(session)
    return session
  })
  // A range read (createReadStream and peek go through it): each entry its iterator yields.
  wrap(bee, 'createRangeIterator', (original) => function (this: Bee, ...args) {
    const ite = original.apply(this, args) as { next: () => Promise<unknown> }
    const next = ite.next.bind(ite)
    ite.next = async () => {
      const value = await next()
      if (value !== null && value !== undefined) count(this)
      return value
    }
    return ite
  })
  // History and diff streams: each entry they push.
  for (const method of ['createHistoryStream', 'createDiffStream']) {
    wrap(bee, method, (original) => function (this: Bee, ...args) {
      const stream = original.apply(this, args) as { push: (value: unknown) => boolean }
      const push = stream.push.bind(stream)
      stream.push = (value) => {
        if (value !== null) count(this)
        return push(value)
      }
      return stream
    })
  }
  for (const method of ['get', 'getBySeq']) {
    wrap(bee, method, (original) => function (this: Bee, ...args) {
      count(this)
      return original.apply(this, args)
    })
  }
  installed = true
}
install()

/**
 * Counts, from now until the test ends, the entries read from any Autobase view in the process (range,
 * history and diff streams, get and getBySeq on the view's bee or its snapshots and checkouts). apply's
 * own reads go through its batch and are not counted.
 */
export function watchViewReads (k: KataContext): { readonly entries: number } {
  const counter: Counter = { entries: 0 }
  counters.add(counter)
  k.teardown(() => { counters.delete(counter) })
  return counter
}
