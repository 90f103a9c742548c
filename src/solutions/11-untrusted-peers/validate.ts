// Kata 11 reference solution.
import type kappa from 'kappa-core'
import { z } from 'zod'

export interface ChatMessage {
  type: 'chat/text'
  content: { channel: string, text: string }
  timestamp: number
  clock?: number
}

export interface AboutMessage {
  type: 'about'
  content: { name: string, key?: string }
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
  map (entries: Array<Entry<unknown>>, next: (err?: Error | null) => void): void
  api: { [name in keyof Api]: Api[name] extends (...args: infer A) => infer R ? (core: Kappa, ...args: A) => R : never }
}

export const LIMITS = {
  maxEntryBytes: 4096,
  maxText: 1000,
  maxName: 64,
  maxChannel: 64,
  maxClock: 2 ** 32,
  maxTimestamp: 8.64e15
} as const

export type Reason = 'not-json' | 'malformed' | 'too-large' | 'unknown-type' | 'impersonation' | 'absurd-clock'

export type Verdict = { ok: true, message: Message } | { ok: false, reason: Reason }

export interface SafeChatApi {
  messages (channel: string): Array<Entry<ChatMessage>>
  nickname (authorKey: string): string | null
  rejected (): Partial<Record<Reason, number>>
}

const clock = z.number().int().min(0).max(LIMITS.maxClock)
// A Date's range; not always an integer: cabal-core's monotonic-timestamp adds fractions to keep timestamps unique.
const timestamp = z.number().min(0).max(LIMITS.maxTimestamp)

const ChatSchema = z.object({
  type: z.literal('chat/text'),
  content: z.object({
    channel: z.string().min(1).max(LIMITS.maxChannel),
    text: z.string().max(LIMITS.maxText)
  }),
  timestamp,
  clock: clock.optional()
})

const AboutSchema = z.object({
  type: z.literal('about'),
  content: z.object({
    name: z.string().min(1).max(LIMITS.maxName),
    key: z.string().regex(/^[0-9a-f]{64}$/).optional()
  }),
  timestamp,
  clock: clock.optional()
})

const SCHEMAS = { 'chat/text': ChatSchema, about: AboutSchema } as const
const Typed = z.object({ type: z.string() })
// JSON text is UTF-8: bytes that are not are no JSON; nor is a byte-order mark (RFC 8259: JSON on the wire has
// none, and JSON.parse refuses one in a string): kept in the text, it fails the parse.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function reasonFor (issues: z.core.$ZodIssue[]): Reason {
  if (issues.some((issue) => issue.path[0] === 'clock')) return 'absurd-clock'
  if (issues.some((issue) => issue.code === 'too_big' && issue.origin === 'string')) return 'too-large'
  return 'malformed'
}

export function validateEntry (value: unknown, author: string): Verdict {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) return { ok: false, reason: 'not-json' }
  const bytes = typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength
  if (bytes > LIMITS.maxEntryBytes) return { ok: false, reason: 'too-large' }

  let json: unknown
  try {
    json = JSON.parse(typeof value === 'string' ? value : utf8.decode(value))
  } catch {
    return { ok: false, reason: 'not-json' }
  }

  const typed = Typed.safeParse(json)
  if (!typed.success) return { ok: false, reason: 'malformed' }
  if (!Object.hasOwn(SCHEMAS, typed.data.type)) return { ok: false, reason: 'unknown-type' }

  const parsed = SCHEMAS[typed.data.type as keyof typeof SCHEMAS].safeParse(json)
  if (!parsed.success) return { ok: false, reason: reasonFor(parsed.error.issues) }

  const message = parsed.data
  if (message.type === 'about' && message.content.key !== undefined && message.content.key !== author) {
    return { ok: false, reason: 'impersonation' }
  }
  return { ok: true, message }
}

export function safeChatView (): View<SafeChatApi> {
  const channels = new Map<string, Array<Entry<ChatMessage>>>()
  const names = new Map<string, { name: string, seq: number }>()
  const rejected: Partial<Record<Reason, number>> = {}

  return {
    map (entries, next) {
      for (const { key, seq, value } of entries) {
        const verdict = validateEntry(value, key)
        if (!verdict.ok) {
          rejected[verdict.reason] = (rejected[verdict.reason] ?? 0) + 1
          continue
        }
        const { message } = verdict
        if (message.type === 'chat/text') {
          const list = channels.get(message.content.channel) ?? []
          list.push({ key, seq, value: message })
          channels.set(message.content.channel, list)
        } else {
          const known = names.get(key)
          if (!known || seq > known.seq) names.set(key, { name: message.content.name, seq })
        }
      }
      next()
    },
    api: {
      messages: (_core, channel) => structuredClone(channels.get(channel) ?? []),
      nickname: (_core, authorKey) => names.get(authorKey)?.name ?? null,
      rejected: () => ({ ...rejected })
    }
  }
}
