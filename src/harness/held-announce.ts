// A swarm whose announcing (or unannouncing) on the DHT is held back, for a test of code that must wait
// until its join is announced (flushed), or its leave unannounced, rather than for a time: while the hold
// lasts, a timer of any plausible length runs out, and a wait for the DHT cannot end. Nothing is faked:
// the swarm does the real work, only later.
import type Hyperswarm from 'hyperswarm'

export interface Held<T> {
  /** What `work` settles to. */
  result: Promise<T>
  /** Whether `work` settled while the DHT work was held back: then it did not wait for it. */
  settledWhileHeld: boolean
}

/** Runs `work` while `swarm` cannot announce: it starts listening, and so announces, after `ms` at the earliest. */
export function onHeldAnnounce<T> (swarm: Hyperswarm, work: () => Promise<T>, ms = 2000): Promise<Held<T>> {
  return whileHeld((held) => {
    const server = swarm.server
    const listen = server.listen.bind(server)
    // hyperswarm announces a server topic only after its server listens, and flushed() waits for both.
    server.listen = (async (...args: Parameters<typeof listen>) => { await held; return listen(...args) }) as typeof server.listen
  }, work, ms)
}

/** Runs `work` while `swarm` cannot unannounce: what it asks its DHT node to unannounce starts after `ms`. */
export function onHeldUnannounce<T> (swarm: Hyperswarm, work: () => Promise<T>, ms = 2000): Promise<Held<T>> {
  return whileHeld((held) => {
    const dht = swarm.dht
    const unannounce = dht.unannounce.bind(dht)
    dht.unannounce = (async (...args: Parameters<typeof unannounce>) => { await held; return unannounce(...args) }) as typeof dht.unannounce
  }, work, ms)
}

/** Holds with `hold(promise)` until `work` settles or `ms` pass, then releases. */
async function whileHeld<T> (hold: (held: Promise<void>) => void, work: () => Promise<T>, ms: number): Promise<Held<T>> {
  let release!: () => void
  hold(new Promise<void>((resolve) => { release = resolve }))
  const held = await settlesWithin(work, ms)
  release()
  return held
}

/** Starts `work` and waits until it settles or `ms` pass: whether it settled in that time, and its result. */
export async function settlesWithin<T> (work: () => Promise<T>, ms: number): Promise<Held<T>> {
  let settled = false
  const result = Promise.resolve().then(work)
  const done = result.then(() => { settled = true }, () => { settled = true })
  let timer: NodeJS.Timeout | undefined
  await Promise.race([done, new Promise<void>((resolve) => { timer = setTimeout(resolve, ms) })])
  clearTimeout(timer)
  return { result, settledWhileHeld: settled }
}
