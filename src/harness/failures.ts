// How a failed kata test explains itself. The harness writes these prefixes into brittle's
// "not ok" lines; the runner reads them back to tell a learner (and the verifier) *why* a test is red.

export type FailureKind = 'not-implemented' | 'timeout' | 'threw' | 'assertion'

export const PREFIX = {
  'not-implemented': 'not implemented:',
  timeout: 'timed out:',
  threw: 'your code threw:'
} as const

/** The error a stub throws: any error whose message says "not implemented". */
export function isNotImplemented (err: unknown): boolean {
  return err instanceof Error && /not implemented/i.test(err.message)
}

/** A named, bounded wait that ran out of time. */
export class PendingError extends Error {
  constructor (readonly pending: string, readonly ms: number) {
    super(`still waiting for ${pending} after ${seconds(ms)}`)
    this.name = 'PendingError'
  }
}

/** One line for brittle's "not ok" message, starting with the failure kind's prefix. */
export function describeError (err: unknown): string {
  if (err instanceof PendingError) return `${PREFIX.timeout} ${err.message}`
  if (isNotImplemented(err)) return `${PREFIX['not-implemented']} ${(err as Error).message}`
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
  return `${PREFIX.threw} ${message}`
}

/** Reads a failure line back into its kind. */
export function classify (message: string): FailureKind {
  for (const [kind, prefix] of Object.entries(PREFIX)) {
    if (message.startsWith(prefix)) return kind as FailureKind
  }
  return 'assertion'
}

export function seconds (ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`
}
