// Two swarms connected by hand, without the DHT: for a test that decides when peers meet and when they
// part (a partition, then a reunion), which the DHT cannot promise to the moment.
import NoiseSecretStream from '@hyperswarm/secret-stream'
import type Hyperswarm from 'hyperswarm'
import type { KataContext } from './context.ts'

export interface Link {
  /** Ends the connection on both sides, as a network that fails would. */
  cut (): void
}

/**
 * Connects `a` and `b` as their 'connection' listeners would see it: one encrypted stream each, with the
 * swarms' own key pairs, piped to each other and open. Give the swarms a firewall that refuses everyone
 * (`k.swarm({ firewall: () => true })`) to have no other connection between them than the links you make.
 */
export async function linkSwarms (k: KataContext, a: Hyperswarm, b: Hyperswarm): Promise<Link> {
  const ours = new NoiseSecretStream(true, null, { keyPair: a.keyPair })
  const theirs = new NoiseSecretStream(false, null, { keyPair: b.keyPair })
  for (const stream of [ours, theirs]) stream.on('error', () => {})
  ours.rawStream.pipe(theirs.rawStream).pipe(ours.rawStream)
  const cut = (): void => { ours.destroy(); theirs.destroy() }
  k.teardown(cut)
  await k.step('a connection between two swarms', Promise.all([ours.opened, theirs.opened]))
  a.emit('connection', ours, {} as never)
  b.emit('connection', theirs, {} as never)
  return { cut }
}
