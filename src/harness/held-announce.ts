// A swarm whose announcement on the DHT is held back, for a test of code that must wait until its join is
// announced (flushed) rather than for a time. The swarm starts listening, and so announces, only once the
// hold ends: a timer of any plausible length runs out first, while a wait for the flush cannot end early.
import type Hyperswarm from 'hyperswarm'

/**
 * Starts `work()` while `swarm` cannot announce anything, lets it announce after `ms` (or as soon as `work`
 * settles), and says whether `work` settled before that: code that did resolved before it was findable.
 */
export async function onHeldAnnounce<T> (swarm: Hyperswarm, work: () => Promise<T>, ms = 2000): Promise<{ result: Promise<T>, settledWhileHeld: boolean }> {
  let release!: () => void
  const held = new Promise<void>((resolve) => { release = resolve })
  const server = swarm.server
  const listen = server.listen.bind(server)
  // hyperswarm announces a server topic only after its server listens, and flushed() waits for both.
  server.listen = (async (...args: Parameters<typeof listen>) => { await held; return listen(...args) }) as typeof server.listen
  let settledWhileHeld = false
  const result = Promise.resolve().then(work)
  result.then(() => { settledWhileHeld = true }, () => { settledWhileHeld = true })
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    result.then(() => {}, () => {}),
    new Promise<void>((resolve) => { timer = setTimeout(resolve, ms) })
  ])
  clearTimeout(timer)
  const early = settledWhileHeld
  release()
  return { result, settledWhileHeld: early }
}
