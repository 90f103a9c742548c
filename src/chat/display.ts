// What may reach the terminal from a peer: texts, nicks and channel names are shown with every
// character that could rewrite the screen or the reading order replaced by a visible placeholder.

/** What an unsafe character is shown as: visibly, so that nothing is hidden silently. */
export const PLACEHOLDER = '\uFFFD'

/**
 * Control characters (C0, DEL, C1: terminal escapes, bells, newlines, carriage returns), the Unicode
 * bidi controls (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the marks U+200E/F
 * and U+061C) and the line/paragraph separators U+2028/U+2029.
 */
export const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g

/** `text` with every unsafe character replaced by PLACEHOLDER. */
export function sanitize (text: string): string {
  return text.replace(UNSAFE, PLACEHOLDER)
}

/** The first unsafe character of `text` as "U+001B", or null if there is none. */
export function firstUnsafe (text: string): string | null {
  const match = text.match(new RegExp(UNSAFE.source))
  return match ? 'U+' + match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') : null
}

/** A feed key as people see it when it has no nick (and in /peers): its first 8 hex characters. */
export function short (key: string): string {
  return key.slice(0, 8)
}
