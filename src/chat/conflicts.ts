// hypercore 11 finds a fork itself (a peer's signed proof that does not fit the tree it holds: it freezes the
// core and forwards the proof to the peers it has then), but tells it only with a raw console.log naming the
// core's discovery key, on stdout, the channel meant for messages, and keeps the proof to itself. The app takes
// that line off stdout, and takes the proof as hypercore hands it to the core (core-heads.ts makes it one any
// peer can check), to tell the peers that come later.
import crypto from 'hypercore-crypto'
import Core from 'hypercore/lib/core.js'
import type { Proof } from 'hypercore/lib/merkle-tree.js'
import { conflictProof } from './core-heads.ts'
import type { ForkProof } from './signed-heads.ts'

const LINE = /^\[hypercore\] conflict detected in ([0-9a-f]{64})\b/

/** A conflict, first with no proof (the line), then with one if it could be made. */
type Listener = (discoveryKey: string, proof: ForkProof | null) => void
const listeners = new Set<Listener>()
/** Conflicts found before anyone listens (while the chat opens), told to the first listener; a few at most. */
const early: Array<[string, ForkProof | null]> = []
const MAX_EARLY = 64
let installed = false

function tell (discoveryKey: string, proof: ForkProof | null): void {
  if (listeners.size === 0) {
    if (early.length < MAX_EARLY) early.push([discoveryKey, proof])
    return
  }
  for (const l of listeners) l(discoveryKey, proof)
}

/**
 * Calls `listener` with the discovery key (hex) of each core hypercore reports a conflict in, and again with
 * a proof of it; that line never reaches stdout. Returns a function that stops it.
 */
export function onHypercoreConflict (listener: Listener): () => void {
  watchHypercoreConflicts()
  listeners.add(listener)
  for (const [discoveryKey, proof] of early.splice(0)) listener(discoveryKey, proof)
  return () => { listeners.delete(listener) }
}

/** Takes hypercore's conflicts from now on (before the chat opens: one may be found as it first replicates). */
export function watchHypercoreConflicts (): void {
  if (!installed) {
    installed = true
    const log = console.log.bind(console)
    console.log = (...args: unknown[]) => {
      const match = args.length === 1 && typeof args[0] === 'string' ? LINE.exec(args[0]) : null
      if (!match) return log(...args)
      tell(match[1], null)
    }
    // hypercore calls this once it has checked the peer's proof, before it closes the core's sessions.
    const onconflict = Core.prototype._onconflict
    Core.prototype._onconflict = async function (this: Core, theirs: Proof) {
      // Never holds hypercore up for long: a proof not made in time is not made (the line marked the member).
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), 5000) })
      const proof = await Promise.race([conflictProof(this, theirs).catch(() => null), late]).finally(() => clearTimeout(timer))
      if (proof) tell(this.discoveryKey.toString('hex'), proof)
      return onconflict.call(this, theirs)
    }
  }
}

/** A writer key's discovery key (hex): what hypercore names a core by in its conflict line. */
export function discoveryKeyOf (key: string): string {
  return crypto.discoveryKey(Buffer.from(key, 'hex')).toString('hex')
}
