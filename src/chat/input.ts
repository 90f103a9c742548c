// What the user types, checked before it is sent: a message line, a nick, a channel name. Each check
// returns the value to use, or the one line that says why it was refused.
import { firstUnsafe, sanitize } from './display.ts'

/** Cabal's limits, which kata 12's parseEntry enforces too: longer entries are ignored by peers. */
export const LIMITS = { text: 4096, nick: 64, channel: 64 } as const

export type Checked = { ok: true, value: string } | { ok: false, error: string }

/**
 * A message: tabs become spaces; a line holding any other control character (a terminal escape, a
 * bell, piped binary) is refused whole rather than sent with it (or silently without it). Bidi
 * marks are sent as typed (right-to-left scripts use them); every display shows them as placeholders.
 */
export function checkText (line: string): Checked {
  const text = line.replace(/\t/g, ' ')
  const bad = /[\u0000-\u001f\u007f-\u009f]/.exec(text)
  if (bad) return { ok: false, error: `not sent: the line holds a control character (${firstUnsafe(bad[0])}); type it without one` }
  if (text.length > LIMITS.text) return { ok: false, error: `not sent: ${text.length} characters, at most ${LIMITS.text}` }
  return { ok: true, value: text }
}

/** A nick: 1 to 64 characters, no control or bidi characters. */
export function checkNick (name: string): Checked {
  return checkName(name, 'nick', LIMITS.nick, false)
}

/** A channel name (a leading # is dropped): 1 to 64 characters, no spaces, no control or bidi characters. */
export function checkChannel (name: string): Checked {
  return checkName(name.replace(/^#/, ''), 'channel name', LIMITS.channel, true)
}

function checkName (name: string, what: string, max: number, noSpaces: boolean): Checked {
  const rule = `1 to ${max} characters${noSpaces ? ', no spaces' : ''}, no control or bidi characters`
  const shown = name.length > 20 ? sanitize(name.slice(0, 20)) + '…' : sanitize(name)
  const unsafe = firstUnsafe(name)
  const why = name.length === 0
    ? 'empty'
    : name.length > max
      ? `${name.length} characters`
      : unsafe
        ? `it holds ${unsafe}`
        : noSpaces && /\s/.test(name) ? 'it holds a space' : null
  return why === null ? { ok: true, value: name } : { ok: false, error: `bad ${what} "${shown}" (${why}): ${rule}` }
}

/** A writer key for /add or /remove: 64 hex characters (any case), as the other member's chat printed it. */
export function checkKey (input: string): Checked {
  const key = input.trim()
  if (/^[0-9a-f]{64}$/i.test(key)) return { ok: true, value: key.toLowerCase() }
  const shown = key.length > 20 ? sanitize(key.slice(0, 20)) + '…' : sanitize(key)
  return { ok: false, error: `bad key "${shown}": a writer key is 64 hex characters` }
}
