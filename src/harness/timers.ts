// Timers the code under test set and left running, seen from outside: what a close() must stop. A timer is
// the code's when the function that called setTimeout or setInterval is not in a package, the harness or a
// suite (`*.test.ts`): hyperswarm's and the DHT's own timers are theirs to stop, and never counted.
import path from 'node:path'
import { promisify } from 'node:util'

interface Watched { kind: string, where: Error }

const OTHERS = [`${path.sep}node_modules${path.sep}`, `${path.sep}src${path.sep}harness${path.sep}`, '.test.ts', '.test.js']

/** "setTimeout at katas/12-kappa-chat/chat.ts:88:5": where the code under test set it, or undefined if not there. */
function setBy (kind: string, where: Error): string | undefined {
  // The first frame past this module's own wrapper and Node's internals (and the runner's own wrapper of timers).
  const frames = String(where.stack).split('\n').slice(1)
    .map((line) => line.match(/\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .filter((m) => !m[1].endsWith(`${path.sep}timers.ts`) && !m[1].endsWith('.mjs'))
  const caller = frames[0]
  if (!caller || OTHERS.some((other) => caller[1].includes(other))) return undefined
  return `${kind} at ${path.relative(process.cwd(), caller[1].replace(/^file:\/\//, ''))}:${caller[2]}`
}

/**
 * Watches the timers set from now on until `stop()`; `running()` lists those the code under test set that
 * have neither fired (a setTimeout) nor been cleared, each as where it was set.
 */
export function watchTimers (): { running: () => string[], stop: () => void } {
  const originals = { setTimeout, setInterval, clearTimeout, clearInterval }
  const timers = new Map<unknown, Watched>()
  const wrap = (kind: 'setTimeout' | 'setInterval') => function (this: unknown, callback: unknown, ...rest: unknown[]) {
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
  // util.promisify(setTimeout) (timers/promises' setTimeout) goes on working while watched.
  const watchedTimeout = Object.assign(wrap('setTimeout'), { [promisify.custom]: (setTimeout as any)[promisify.custom] })
  Object.assign(globalThis, {
    setTimeout: watchedTimeout,
    setInterval: wrap('setInterval'),
    clearTimeout: unwrap('clearTimeout'),
    clearInterval: unwrap('clearInterval')
  })
  return {
    running: () => [...new Set([...timers.values()].map(({ kind, where }) => setBy(kind, where)).filter((at): at is string => at !== undefined))],
    stop: () => void Object.assign(globalThis, originals)
  }
}
