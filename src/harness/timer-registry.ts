// One registry of the timers this process sets, each with the stack it was set from, until it fires (a
// setTimeout) or is cleared: the runner's report of what a finished suite left running and a test's
// `watchTimers()` both read it. Installed once, by whichever comes first (the runner preloads it).
import { promisify } from 'node:util'

export interface SetTimer {
  kind: 'setTimeout' | 'setInterval'
  /** Made where the timer was set: its stack, formatted only when someone reports it. */
  where: Error
}

const REGISTRY = Symbol.for('kappa-katas.timers')

/** The live map of running timers (installing the registry the first time). */
export function timerRegistry (): Map<unknown, SetTimer> {
  const global = globalThis as Record<symbol, Map<unknown, SetTimer> | undefined>
  global[REGISTRY] ??= install()
  return global[REGISTRY]
}

function install (): Map<unknown, SetTimer> {
  const timers = new Map<unknown, SetTimer>()
  const originals = { setTimeout, setInterval, clearTimeout, clearInterval }
  const wrap = (kind: SetTimer['kind']) => function (this: unknown, callback: unknown, ...rest: unknown[]) {
    const where = new Error()
    const fired = typeof callback === 'function' && kind === 'setTimeout'
      ? function (this: unknown, ...args: unknown[]) { timers.delete(timer); return (callback as Function).apply(this, args) }
      : callback
    const timer = (originals[kind] as Function).call(this, fired, ...rest)
    timers.set(timer, { kind, where })
    return timer
  }
  const unwrap = (kind: 'clearTimeout' | 'clearInterval') => function (this: unknown, timer: unknown) {
    timers.delete(timer)
    return (originals[kind] as Function).call(this, timer)
  }
  // util.promisify(setTimeout) and promisify(setInterval)'s custom forms go on working.
  const keep = (kind: SetTimer['kind']) => Object.assign(wrap(kind), { [promisify.custom]: (originals[kind] as any)[promisify.custom] })
  Object.assign(globalThis, {
    setTimeout: keep('setTimeout'),
    setInterval: keep('setInterval'),
    clearTimeout: unwrap('clearTimeout'),
    clearInterval: unwrap('clearInterval')
  })
  return timers
}
