// Kata 02 reference solution.
import type Hypercore from 'hypercore'

export type Entry = unknown

export type Stop = () => Promise<void>

export async function readRange (log: Hypercore, start: number, end: number): Promise<Entry[]> {
  const entries: Entry[] = []
  for await (const entry of log.createReadStream({ start, end })) entries.push(entry)
  return entries
}

export function follow (log: Hypercore, from: number, onEntry: (entry: Entry, index: number) => void): Stop {
  const stream = log.createReadStream({ start: from, live: true })
  let index = from
  stream.on('data', (entry: Entry) => onEntry(entry, index++))
  // A log that closes cancels the read the stream waits on: the follower just ends.
  stream.on('error', () => {})
  return async () => {
    stream.destroy()
  }
}

export function waitForLength (log: Hypercore, length: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (log.length >= length) return resolve()
    if (log.closed) return reject(new Error(`the log is closed: it will never reach length ${length}`))
    const done = (): void => {
      log.off('append', onAppend)
      log.off('close', onClose)
    }
    const onAppend = (): void => {
      if (log.length < length) return
      done()
      resolve()
    }
    const onClose = (): void => {
      done()
      reject(new Error(`the log closed before it reached length ${length}`))
    }
    log.on('append', onAppend)
    log.on('close', onClose)
  })
}

export async function readOrNull (log: Hypercore, index: number, ms: number): Promise<Entry | null> {
  try {
    return await log.get(index, ms > 0 ? { timeout: ms } : { wait: false })
  } catch (err) {
    if ((err as { code?: string }).code === 'REQUEST_TIMEOUT') return null
    throw err
  }
}

export async function withSnapshot<T> (log: Hypercore, read: (snapshot: Hypercore) => Promise<T>): Promise<T> {
  const snapshot = log.snapshot({ valueEncoding: 'json' })
  try {
    await snapshot.ready()
    return await read(snapshot)
  } finally {
    await snapshot.close()
  }
}
