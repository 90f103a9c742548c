// One round of replication between two multifeed-based peers (a multifeed or a kappa-core): the
// hypercore 9 stack's `replicate(isInitiator, { live: false })` streams, piped into each other.
import type multifeed from 'multifeed'

interface Replicates {
  replicate (isInitiator: boolean, opts?: multifeed.ReplicateOptions): multifeed.ProtocolStream
}

/** Resolves once both sides finished one non-live exchange; rejects if either stream errors. */
export function syncOnce (a: Replicates, b: Replicates): Promise<void> {
  return new Promise((resolve, reject) => {
    const left = a.replicate(true, { live: false })
    const right = b.replicate(false, { live: false })
    let open = 2
    const done = (): void => { if (--open === 0) resolve() }
    for (const stream of [left, right]) {
      stream.once('end', done)
      stream.once('error', reject)
    }
    left.pipe(right).pipe(left)
  })
}
