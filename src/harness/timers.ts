// Timers the code under test set and left running, seen from outside: what a close() must stop. A timer is
// the code's when the function that called setTimeout or setInterval is not in a package, the harness or a
// suite (`*.test.ts`): hyperswarm's and the DHT's own timers are theirs to stop, and never counted.
import path from 'node:path'
import { timerRegistry } from './timer-registry.ts'

const OTHERS = [`${path.sep}node_modules${path.sep}`, `${path.sep}src${path.sep}harness${path.sep}`, '.test.ts', '.test.js']

/** "setTimeout at katas/12-kappa-chat/chat.ts:88:5": where the code under test set it, or undefined if not there. */
function setBy (kind: string, where: Error): string | undefined {
  // The first frame past the registry's wrapper and Node's internals (and the runner's preloads).
  const frames = String(where.stack).split('\n').slice(1)
    .map((line) => line.match(/\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .filter((m) => !m[1].endsWith(`${path.sep}timer-registry.ts`) && !m[1].endsWith('.mjs'))
  const caller = frames[0]
  if (!caller || OTHERS.some((other) => caller[1].includes(other))) return undefined
  return `${kind} at ${path.relative(process.cwd(), caller[1].replace(/^file:\/\//, ''))}:${caller[2]}`
}

/**
 * Watches the timers set from now on; `running()` lists those the code under test set that have neither
 * fired (a setTimeout) nor been cleared, each as where it was set.
 */
export function watchTimers (): { running: () => string[] } {
  const timers = timerRegistry()
  const before = new Set(timers.keys())
  return {
    running: () => [...new Set([...timers].filter(([timer]) => !before.has(timer)).map(([, { kind, where }]) => setBy(kind, where)).filter((at): at is string => at !== undefined))]
  }
}
