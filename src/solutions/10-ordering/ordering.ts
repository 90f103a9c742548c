// Kata 10 reference solution.
import type kappa from 'kappa-core'

export interface ChatMessage {
  type: 'chat/text'
  content: { channel: string, text: string }
  timestamp: number
  clock: number
}

export interface AboutMessage {
  type: 'about'
  content: { name: string }
  timestamp: number
  clock?: number
}

export type Message = ChatMessage | AboutMessage

export interface Entry<T = unknown> {
  key: string
  seq: number
  value: T
}

export type Kappa = kappa.Kappa

export interface View<Api> {
  map (entries: Array<Entry<Message>>, next: (err?: Error | null) => void): void
  api: { [name in keyof Api]: Api[name] extends (...args: infer A) => infer R ? (core: Kappa, ...args: A) => R : never }
}

export interface TimelineApi {
  messages (channel: string): Array<Entry<ChatMessage>>
  highestClock (): number
}

export const TIMELINE = 'timeline'

export function compareEntries (a: Entry<ChatMessage>, b: Entry<ChatMessage>): number {
  if (a.value.clock !== b.value.clock) return a.value.clock - b.value.clock
  if (a.key !== b.key) return a.key < b.key ? -1 : 1
  return a.seq - b.seq
}

export function timelineView (): View<TimelineApi> {
  const channels = new Map<string, Array<Entry<ChatMessage>>>()
  let highest = 0
  return {
    map (entries, next) {
      for (const entry of entries) {
        const { value } = entry
        if (typeof value.clock === 'number') highest = Math.max(highest, value.clock)
        if (value.type !== 'chat/text') continue
        const list = channels.get(value.content.channel) ?? []
        // Insert in order: everything before it compares lower.
        let i = list.length
        while (i > 0 && compareEntries(list[i - 1], entry as Entry<ChatMessage>) > 0) i--
        list.splice(i, 0, entry as Entry<ChatMessage>)
        channels.set(value.content.channel, list)
      }
      next()
    },
    api: {
      messages: (_core, channel) => [...(channels.get(channel) ?? [])],
      highestClock: () => highest
    }
  }
}

// One post at a time per core: the next clock must count the previous post.
const queues = new WeakMap<Kappa, Promise<unknown>>()

export function post (core: Kappa, channel: string, text: string, opts: { timestamp?: number } = {}): Promise<Entry<ChatMessage>> {
  const previous = queues.get(core) ?? Promise.resolve()
  const next = previous.catch(() => {}).then(async () => {
    await new Promise<void>((resolve) => core.ready(TIMELINE, resolve))
    const timeline = core.api[TIMELINE] as unknown as TimelineApi
    const clock = timeline.highestClock() + 1
    const value: ChatMessage = { type: 'chat/text', content: { channel, text }, timestamp: opts.timestamp ?? Date.now(), clock }
    return new Promise<Entry<ChatMessage>>((resolve, reject) => {
      core.writer('local', (err, feed) => {
        if (err) return reject(err)
        feed.append(value, (err, seq) => {
          if (err) reject(err)
          else resolve({ key: feed.key.toString('hex'), seq, value })
        })
      })
    })
  })
  queues.set(core, next)
  return next
}
