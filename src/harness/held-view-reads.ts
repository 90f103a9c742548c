// A chat's read of its Autobase view held in the middle, for a test of what a truncation during a read does
// (a reorder that lands while the chat is still reading): otherwise that is a race a test cannot count on.
// Nothing is faked: the held read goes on, from the same stream, once released.
import { createRequire } from 'node:module'
import type { KataContext } from './context.ts'
import { isViewBee, liveViewSessions } from './view-reads.ts'

const require = createRequire(import.meta.url)

interface Core { key?: Uint8Array | null, state?: { storage?: { atom?: unknown } }, on: (event: 'truncate', fn: () => void) => void, off: (event: 'truncate', fn: () => void) => void }
interface Bee { core?: Core }
interface Iterator { batch?: { tree?: Bee }, left?: { batch?: { tree?: Bee } }, next: () => Promise<unknown> }

export interface ViewReadHold {
  /** Reads waiting now (each has yielded its first entry). */
  readonly held: number
  /** Truncations of a held read's view since the hold began. */
  readonly truncations: number
  /** Lets every held read go on (also done after `ms`, and at the test's end). */
  release: () => void
}

/**
 * From now until `release()`: every read of what changed in an Autobase view (Hyperbee's createHistoryStream,
 * or its createDiffStream between two versions) yields its first entry, then waits. Autobase's own reads (its
 * system) and apply's are not held.
 */
export function holdViewReads (k: KataContext, ms = 5000): ViewReadHold {
  // Each kind of read, and the bee it reads: a history iterator's batch, a diff's newer side.
  const kinds: Array<[string, (it: Iterator) => Bee | undefined]> = [
    ['hyperbee/iterators/history.js', (it) => it.batch?.tree],
    ['hyperbee/iterators/diff.js', (it) => it.left?.batch?.tree]
  ]
  const yielded = new WeakSet<object>()
  const cores = new Set<Core>()
  let open: () => void = () => {}
  const gate = new Promise<void>((resolve) => { open = resolve })
  const hold = { held: 0, truncations: 0, release }
  const onTruncate = (): void => { hold.truncations++ }
  const restore: Array<() => void> = []
  for (const [module, beeOf] of kinds) {
    const proto = require(module)?.prototype as Iterator | undefined
    if (typeof proto?.next !== 'function') throw new Error(`hyperbee has no ${module} with a next(): the harness does not know this version of it`)
    const next = proto.next
    proto.next = async function (this: Iterator) {
      const bee = beeOf(this)
      if (yielded.has(this) && isViewBee(bee)) {
        // A snapshot or checkout is told of no truncation: the view's live sessions are. apply's own (atomic)
        // sessions are told first, the app's only once Autobase flushes what apply did: the app's count.
        for (const core of [bee?.core, ...liveViewSessions<Core>(bee)]) {
          if (core && !core.state?.storage?.atom && !cores.has(core)) { cores.add(core); core.on('truncate', onTruncate) }
        }
        hold.held++
        await gate
        hold.held--
      }
      const value = await next.call(this)
      yielded.add(this)
      return value
    }
    restore.push(() => { if (proto.next !== next) proto.next = next })
  }
  const timer = setTimeout(release, ms)
  k.teardown(release)
  function release (): void {
    clearTimeout(timer)
    for (const undo of restore) undo()
    for (const core of cores) core.off('truncate', onTruncate)
    open()
  }
  return hold
}
