// Kata 13 reference solution.
import Hyperbee from 'hyperbee'
import Hypercore from 'hypercore'

export interface ChatEntry { type: 'chat', channel: string, text: string }
export interface RetractEntry { type: 'retract', channel: string, logSeq: number }
export type LogEntry = ChatEntry | RetractEntry

export interface ChannelMessage { logSeq: number, channel: string, text: string }

export type Bee = Hyperbee<string, unknown>
export type Channel = Hyperbee<string, ChannelMessage>

export interface HistoryRange { after?: number, before?: number, newest?: boolean, limit?: number }

export interface Change { key: string, before: ChannelMessage | null, after: ChannelMessage | null }

const POSITION = 'indexed'
const WIDTH = String(Number.MAX_SAFE_INTEGER).length
const utf8 = new TextDecoder('utf-8', { fatal: true }) // bytes that are not UTF-8 are malformed, not repaired

export async function openBee (core: Hypercore): Promise<Bee> {
  const bee: Bee = new Hyperbee(core, { keyEncoding: 'utf-8', valueEncoding: 'json' })
  await bee.ready()
  return bee
}

export function messageKey (logSeq: number): string {
  if (!Number.isSafeInteger(logSeq) || logSeq < 0) throw new RangeError(`messageKey: a log seq is a non-negative safe integer, not ${String(logSeq)}`)
  return String(logSeq).padStart(WIDTH, '0')
}

export function channel (bee: Bee, name: string): Channel {
  return bee.sub(name)
}

export async function history (bee: Bee, name: string, range: HistoryRange = {}): Promise<ChannelMessage[]> {
  const messages: ChannelMessage[] = []
  const stream = channel(bee, name).createReadStream({
    gt: range.after === undefined ? undefined : messageKey(range.after),
    lt: range.before === undefined ? undefined : messageKey(range.before)
  }, { reverse: range.newest === true, limit: range.limit ?? -1 })
  for await (const entry of stream) messages.push(entry.value)
  return messages
}

export async function indexLog (log: Hypercore, bee: Bee): Promise<number> {
  const batch = bee.batch()
  try {
    // The position is read under the bee's write lock: a second call waits until this one is flushed.
    await batch.lock()
    const position = await batch.get(POSITION)
    const from = typeof position?.value === 'number' ? position.value : 0
    const to = log.length
    if (from >= to) return 0
    for (let logSeq = from; logSeq < to; logSeq++) {
      const entry = await entryAt(log, logSeq)
      if (entry === null) continue
      const key = `${entry.channel}\0${messageKey(entry.type === 'chat' ? logSeq : entry.logSeq)}`
      if (entry.type === 'chat') await batch.put(key, { logSeq, channel: entry.channel, text: entry.text })
      else await batch.del(key)
    }
    await batch.put(POSITION, to)
    await batch.flush()
    return to - from
  } finally {
    await batch.close() // a batch never flushed keeps the lock: every later write would wait forever
  }
}

/** The log's entry at `seq`, or null when it is not one indexLog knows (the log is peer data). */
async function entryAt (log: Hypercore, seq: number): Promise<LogEntry | null> {
  const bytes = await log.get<Buffer>(seq, { valueEncoding: 'binary' })
  if (bytes === null) return null
  let entry: unknown
  try { entry = JSON.parse(utf8.decode(bytes)) } catch { return null }
  return isLogEntry(entry) ? entry : null
}

function isLogEntry (entry: unknown): entry is LogEntry {
  if (typeof entry !== 'object' || entry === null) return false
  const { type, channel, text, logSeq } = entry as Record<string, unknown>
  if (typeof channel !== 'string' || channel.includes('\0')) return false // '\0' ends a channel's prefix
  if (type === 'chat') return typeof text === 'string'
  if (type === 'retract') return Number.isSafeInteger(logSeq) && (logSeq as number) >= 0
  return false
}

export async function changes (bee: Bee, name: string, since: number): Promise<Change[]> {
  const found: Change[] = []
  for await (const { left, right } of channel(bee, name).createDiffStream(since)) {
    const key = (left ?? right).key
    found.push({ key, before: right === null ? null : right.value, after: left === null ? null : left.value })
  }
  return found
}

export async function openReplica (dir: string, key: Buffer): Promise<Bee> {
  return openBee(new Hypercore(dir, key))
}
