// A chat's read of its Autobase view held in the middle, for a test of what a truncation during a read does
// (a reorder that lands while the chat is still reading): otherwise that is a race a test cannot count on.
// Nothing is faked: the held read goes on, from the same stream, once released.
import { createRequire } from 'node:module'
import type { KataContext } from './context.ts'
import { isViewBee } from './view-reads.ts'

const require = createRequire(import.meta.url)

interface Core { key?: Uint8Array | null, on: (event: 'truncate', fn: () => void) => void, off: (event: 'truncate', fn: () => void) => void }
interface HistoryIterator { batch?: { tree?: { core?: Core } }, next: () => Promise<unknown> }

export interface ViewReadHold {
  /** Reads waiting now (each has yielded its first entry). */
  readonly held: number
  /** Truncations of a held read's view since the hold began. */
  readonly truncations: number
  /** Lets every held read go on (also done after `ms`, and at the test's end). */
  release: () => void
}

/**
 * From now until `release()`: every history stream over an Autobase view (Hyperbee's createHistoryStream)
 * yields its first entry, then waits. Autobase's own reads (its system) and apply's are not held.
 */
export function holdViewReads (k: KataContext, ms = 5000): ViewReadHold {
  const proto = require('hyperbee/iterators/history.js')?.prototype as HistoryIterator | undefined
  if (typeof proto?.next !== 'function') throw new Error('hyperbee has no HistoryIterator.next: the harness does not know this version of it')
  const next = proto.next
  const yielded = new WeakSet<object>()
  const cores = new Set<Core>()
  let open: () => void = () => {}
  const gate = new Promise<void>((resolve) => { open = resolve })
  const hold = { held: 0, truncations: 0, release }
  const onTruncate = (): void => { hold.truncations++ }
  proto.next = async function (this: HistoryIterator) {
    const core = this.batch?.tree?.core
    if (yielded.has(this) && isViewBee(this.batch?.tree)) {
      if (core && !cores.has(core)) { cores.add(core); core.on('truncate', onTruncate) }
      hold.held++
      await gate
      hold.held--
    }
    const value = await next.call(this)
    yielded.add(this)
    return value
  }
  const timer = setTimeout(release, ms)
  k.teardown(release)
  function release (): void {
    clearTimeout(timer)
    if (proto!.next !== next) proto!.next = next
    for (const core of cores) core.off('truncate', onTruncate)
    open()
  }
  return hold
}
