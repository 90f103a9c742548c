// What may reach the terminal from a peer: texts, nicks and channel names are shown with every
// character that could rewrite the screen or the reading order replaced by a visible placeholder, and
// a name with nothing that hides in it or could pass for the edges of a message line.
import stringWidth from 'string-width'
import unhomoglyph from 'unhomoglyph'

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

/** Characters that show nothing (zero-width, joiners, variation selectors, fillers, format characters). */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu
/** Runs of spacing, the blank Braille pattern included. */
const SPACES = /[\s\u2800]+/gu
/** The characters of the line format that a name must not hold: `<name>`'s brackets, and whatever looks like one. */
const BRACKETS = new Set(['<', '>', '\u276c', '\u276d'])
const looksLikeBracket = (char: string): boolean => [...unhomoglyph(char.normalize('NFKC'))].some((c) => BRACKETS.has(c))

/**
 * A nick as it is shown: sanitized; invisible characters removed (so that "alice" and "alice" plus a
 * combining grapheme joiner look, and are, the same); spacing trimmed and each run one space; and
 * anything that looks like `<` or `>` a placeholder, so that a name ends where its line says it does.
 * Empty when nothing visible is left.
 */
export function showName (nick: string): string {
  const visible = sanitize(nick).replace(INVISIBLE, '').replace(SPACES, ' ').trim()
  return [...visible].map((char) => looksLikeBracket(char) ? PLACEHOLDER : char).join('')
}

export interface ShownMessage {
  /** ms since the epoch, as the message says. */
  timestamp: number
  /** The name its author is shown by (Names: showName, suffixed when it looks like another's). */
  name: string
  text: string
  /** Set when it is not the channel being shown. */
  channel?: string
  /** An ANSI colour (31–36) for the name on a terminal; the name's text alone tells authors apart. */
  colour?: number
}

/**
 * One message: `HH:MM [#channel ]<name> text`. The name holds no `<`, `>` or line break, so the first `>`
 * ends it; the text is sanitized (a newline in it is a placeholder, not a new line). Given the terminal's
 * width, the line is wrapped here, by display width, each further row indented: only a message's own
 * first row starts at the left edge, so no text can be padded to wrap into what looks like another's.
 */
export function formatMessage (m: ShownMessage, columns?: number): string {
  const time = new Date(m.timestamp).toTimeString().slice(0, 5)
  const where = m.channel === undefined ? '' : `#${showChannel(m.channel)} `
  const who = m.colour === undefined ? `<${m.name}>` : `\x1b[${m.colour}m<${m.name}>\x1b[0m`
  const text = sanitize(m.text)
  if (columns === undefined) return `${time} ${where}${who} ${text}`
  const head = stringWidth(`${time} ${where}<${m.name}> `)
  // The last column stays free: some terminals wrap a row that fills it.
  const width = Math.max(columns - 1, 20)
  const indent = head <= width / 2 ? head : 2
  const [first, ...rest] = rows(text, width - head, width - indent)
  return [`${time} ${where}${who} ${first}`, ...rest.map((row) => ' '.repeat(indent) + row)].join('\n')
}

/** A channel name in a message line: like a name, no `<` or `>` (it stands just before one). */
function showChannel (channel: string): string {
  return [...sanitize(channel)].map((char) => looksLikeBracket(char) ? PLACEHOLDER : char).join('')
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** `text` in rows of at most `first` columns, then `rest` (a character wider than its row gets one of its own). */
function rows (text: string, first: number, rest: number): string[] {
  const out: string[] = []
  let row = ''
  let used = 0
  let room = first
  if (room < 1) {
    out.push('')
    room = rest
  }
  for (const { segment } of graphemes.segment(text)) {
    const w = stringWidth(segment)
    if (used + w > room && row !== '') {
      out.push(row)
      row = ''
      used = 0
      room = rest
    }
    row += segment
    used += w
  }
  out.push(row)
  return out
}
