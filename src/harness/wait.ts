// Named, bounded waits: a learner's code that never finishes fails fast with what was pending,
// instead of hanging until brittle's 30 s timeout.
import { PendingError } from './failures.ts'

// 3 s: the longest wait a reference solution needs is under 1 s on a loaded 2-core machine (measured with
// `verify --stress`), and a learner's hang must be on screen within seconds, not after 5 s per wait.
export const DEFAULT_WAIT = 3000

/** What is being waited for right now, so a test that runs out of budget can name it. */
export class Pending {
  readonly labels = new Set<string>()

  describe (): string {
    return this.labels.size ? [...this.labels].join(', ') : 'nothing named (code outside k.step / k.until)'
  }
}

/** Resolves like `work`, or rejects with a PendingError naming `label` after `ms`. */
export async function within<T> (label: string, work: Promise<T> | (() => Promise<T> | T), ms = DEFAULT_WAIT, pending?: Pending): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const key = label + (pending?.labels.has(label) ? ` #${pending.labels.size}` : '')
  pending?.labels.add(key)
  try {
    const promise = typeof work === 'function' ? Promise.resolve().then(work) : work
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new PendingError(label, ms)), ms)
    })
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
    pending?.labels.delete(key)
  }
}

export interface UntilOptions {
  /** How long to wait before failing, in ms. */
  timeout?: number
  /** How often to re-check the condition, in ms. */
  every?: number
}

/** Waits until `condition()` is truthy (it may be async); fails naming `label` when time runs out. */
export function until (label: string, condition: () => unknown, opts: UntilOptions = {}, pending?: Pending): Promise<void> {
  const every = opts.every ?? 20
  let stopped = false
  const check = async (): Promise<void> => {
    while (!stopped) {
      if (await condition()) return
      await new Promise((resolve) => setTimeout(resolve, every))
    }
  }
  return within(label, check, opts.timeout ?? DEFAULT_WAIT, pending).finally(() => { stopped = true })
}

/** Waits for one `event` from `emitter` and resolves with its arguments. */
export function once (emitter: NodeJS.EventEmitter, event: string, label: string, ms = DEFAULT_WAIT, pending?: Pending): Promise<unknown[]> {
  let listener: ((...args: unknown[]) => void) | undefined
  const fired = new Promise<unknown[]>((resolve) => {
    listener = (...args) => resolve(args)
    emitter.once(event, listener)
  })
  return within(label, fired, ms, pending).finally(() => { if (listener) emitter.off(event, listener) })
}
