// A laptop's status, as it travels: a small JSON object, checked field by field on arrival. It says where
// a pair stands and nothing else: no code, no file paths, no paths to the learner's machine.
import { z } from 'zod'

/** A status block larger than this is dropped unread (a real one is well under 2 KB). */
export const MAX_STATUS_BYTES = 4096

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/
const text = (max: number) => z.string().min(1).max(max).refine((s) => !CONTROL.test(s), 'control or bidi character')
const kataNumber = z.string().regex(/^\d{2}$/)

export const KATA_STATES = ['green', 'red', 'not-started'] as const

export const StatusSchema = z.strictObject({
  v: z.literal(1),
  /** The pair's nicks, or a --name. */
  name: text(64),
  /** The kata it is on ("07"). */
  kata: kataNumber,
  /** Every kata's state, by number. */
  katas: z.record(kataNumber, z.enum(KATA_STATES)).refine((r) => Object.keys(r).length <= 40, 'at most 40 katas'),
  /** Tests passed of those run on the current kata. */
  passed: z.number().int().min(0).max(10000),
  total: z.number().int().min(0).max(10000),
  /** The title of the current kata's first failing test. */
  failing: text(200).optional(),
  /** Hints shown on the current kata, of how many. */
  hint: z.number().int().min(0).max(100),
  hints: z.number().int().min(0).max(100),
  /** Seconds on the current kata, and with the same failing test, when the status was written. */
  onKata: z.number().int().min(0).max(1e8),
  failingFor: z.number().int().min(0).max(1e8).optional(),
  /** When it was written (the laptop's clock, ms): a board that starts later still counts the minutes. */
  at: z.number().int().min(0).max(8.64e15).optional()
}).refine((s) => s.passed <= s.total, 'passed more than total')

export type Status = z.infer<typeof StatusSchema>

export type Decoded = { ok: true, status: Status } | { ok: false, reason: 'oversized' | 'malformed' }

export function encodeStatus (status: Status): Buffer {
  return Buffer.from(JSON.stringify(StatusSchema.parse(status)))
}

export function decodeStatus (block: Uint8Array): Decoded {
  if (block.byteLength > MAX_STATUS_BYTES) return { ok: false, reason: 'oversized' }
  let data: unknown
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(block))
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  const parsed = StatusSchema.safeParse(data)
  return parsed.success ? { ok: true, status: parsed.data } : { ok: false, reason: 'malformed' }
}
