// Kata 01 reference solution.
import Hypercore from 'hypercore'

export type Entry = unknown

export interface LogInfo {
  key: string
  discoveryKey: string
  length: number
}

export async function openLog (dir: string): Promise<Hypercore> {
  const log = new Hypercore(dir, { valueEncoding: 'json' })
  await log.ready()
  return log
}

export async function appendEntries (log: Hypercore, entries: Entry[]): Promise<number> {
  const { length } = await log.append(entries)
  return length
}

export async function readEntry (log: Hypercore, index: number): Promise<Entry> {
  return log.get(index)
}

export function describeLog (log: Hypercore): LogInfo {
  return {
    key: log.key!.toString('hex'),
    discoveryKey: log.discoveryKey!.toString('hex'),
    length: log.length
  }
}
