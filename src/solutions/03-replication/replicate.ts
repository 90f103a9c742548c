// Kata 03 reference solution.
import Hypercore from 'hypercore'
import type { Duplex } from 'streamx'

export type Entry = unknown

export type StreamPair = [initiator: Duplex, responder: Duplex]

export type AppendOutcome =
  | { ok: true, length: number }
  | { ok: false, reason: string }

export async function openReader (dir: string, key: Buffer): Promise<Hypercore> {
  const reader = new Hypercore(dir, key, { valueEncoding: 'json' })
  await reader.ready()
  return reader
}

export function replicate (writer: Hypercore, reader: Hypercore): StreamPair {
  const initiator = writer.replicate(true)
  const responder = reader.replicate(false)
  initiator.pipe(responder).pipe(initiator)
  return [initiator, responder]
}

export async function readEntry (reader: Hypercore, index: number, ms: number): Promise<Entry | null> {
  try {
    return await reader.get(index, ms > 0 ? { timeout: ms } : { wait: false })
  } catch (err) {
    if ((err as { code?: string }).code === 'REQUEST_TIMEOUT') return null
    throw err
  }
}

export function mirror (reader: Hypercore): () => void {
  const range = reader.download({ start: 0, end: -1 })
  return () => range.destroy()
}

export async function tryAppend (core: Hypercore, entry: Entry): Promise<AppendOutcome> {
  try {
    // One entry, even when it is an array: append() takes a bare array as several entries.
    const { length } = await core.append([entry])
    return { ok: true, length }
  } catch (err) {
    return { ok: false, reason: (err as Error).message }
  }
}
