// Kata 08 reference solution.
import multifeed from 'multifeed'
import type Hyperswarm from 'hyperswarm'

/** A set of feeds, one local writer each, stored together and replicated as a whole. */
export type Multifeed = multifeed.Multifeed
export type Feed = multifeed.Hypercore9Feed

export interface FeedInfo {
  key: string
  length: number
  writable: boolean
}

export async function openMultifeed (dir: string, roomSecret?: Buffer): Promise<Multifeed> {
  const multi = multifeed(dir, { valueEncoding: 'json', encryptionKey: roomSecret })
  await new Promise<void>((resolve) => multi.ready(() => resolve()))
  return multi
}

export function closeMultifeed (multi: Multifeed): Promise<void> {
  // multifeed 6 never passes a close error on: its callback gets an index (0, 1, …) from the queue of
  // callers, not an error, so there is nothing to reject with.
  return new Promise((resolve) => multi.close(() => resolve()))
}

export function localWriter (multi: Multifeed): Promise<Feed> {
  return new Promise((resolve, reject) => {
    multi.writer('local', (err, feed) => err ? reject(err) : resolve(feed))
  })
}

export function appendEntry (feed: Feed, entry: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    feed.append(entry, (err, seq) => err ? reject(err) : resolve(seq))
  })
}

export function listFeeds (multi: Multifeed): FeedInfo[] {
  return multi.feeds().map((feed) => ({
    key: feed.key.toString('hex'),
    length: feed.length,
    writable: feed.writable
  }))
}

export function readFeed (feed: Feed): Promise<unknown[]> {
  if (feed.length === 0) return Promise.resolve([])
  return new Promise((resolve, reject) => {
    feed.getBatch(0, feed.length, (err, entries) => err ? reject(err) : resolve(entries))
  })
}

export function syncStreams (a: Multifeed, b: Multifeed): Promise<void> {
  const ra = a.replicate(true)
  const rb = b.replicate(false)
  return new Promise((resolve, reject) => {
    let ended = 0
    const onend = (): void => { if (++ended === 2) resolve() }
    ra.once('end', onend)
    rb.once('end', onend)
    ra.on('error', reject)
    rb.on('error', reject)
    ra.pipe(rb).pipe(ra)
  })
}

export async function joinSwarm (multi: Multifeed, swarm: Hyperswarm, topic: Buffer): Promise<void> {
  swarm.on('connection', (conn) => {
    const stream = multi.replicate(conn.isInitiator, { live: true })
    stream.on('error', () => conn.destroy())
    conn.on('error', () => stream.destroy())
    conn.pipe(stream).pipe(conn)
  })
  await swarm.join(topic).flushed()
}
