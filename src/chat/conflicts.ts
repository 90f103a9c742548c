// hypercore 11 finds a fork itself (two valid signatures of one core that disagree: it freezes the core and
// forwards the proof to its peers), but tells it only with a raw console.log naming the core's discovery key,
// on stdout, the channel meant for messages. The app takes that line off stdout and hands it on.
import crypto from 'hypercore-crypto'

const LINE = /^\[hypercore\] conflict detected in ([0-9a-f]{64})\b/

type Listener = (discoveryKey: string) => void
const listeners = new Set<Listener>()
let installed = false

/**
 * Calls `listener` with the discovery key (hex) of each core hypercore reports a conflict in; that line
 * never reaches stdout. Returns a function that stops it.
 */
export function onHypercoreConflict (listener: Listener): () => void {
  if (!installed) {
    installed = true
    const log = console.log.bind(console)
    console.log = (...args: unknown[]) => {
      const match = args.length === 1 && typeof args[0] === 'string' ? LINE.exec(args[0]) : null
      if (!match) return log(...args)
      for (const l of listeners) l(match[1])
    }
  }
  listeners.add(listener)
  return () => { listeners.delete(listener) }
}

/** A writer key's discovery key (hex): what hypercore names a core by in its conflict line. */
export function discoveryKeyOf (key: string): string {
  return crypto.discoveryKey(Buffer.from(key, 'hex')).toString('hex')
}
