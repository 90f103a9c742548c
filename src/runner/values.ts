// An assertion's expected and actual values as a learner's terminal can show them. brittle prints a Buffer
// as one "index: byte" line per byte (a 32-byte key is 32 lines) and a string as its raw characters (a
// terminal escape in it would clear the screen): bytes become one line of hex, cut short when long, with
// their text when they are mostly text; control characters become visible escapes.

/** Bytes shown in full up to this many; longer values show this many and say how many more there are. */
const SHOWN_BYTES = 32
/** Characters of a long value's text preview. */
const PREVIEW = 40

/** The value as shown: bytes on one line, control and bidi characters escaped. */
export function showValue (text: string): string {
  const bytes = asBytes(text)
  return bytes ? showBytes(bytes) : escapeControls(text)
}

/** The bytes brittle printed as "0: 104\n1: 101…", or null when the text is anything else. */
export function asBytes (text: string): Buffer | null {
  const lines = text.split('\n')
  if (lines.length < 2) return null
  const bytes: number[] = []
  for (const [index, line] of lines.entries()) {
    const m = line.match(/^(\d+): (\d+)$/)
    if (!m || Number(m[1]) !== index || Number(m[2]) > 255) return null
    bytes.push(Number(m[2]))
  }
  return Buffer.from(bytes)
}

/** "<Buffer of 5 bytes: 68656c6c6f> (as text: "hello")"; long ones cut: "… (+68 more bytes)". */
export function showBytes (bytes: Buffer): string {
  const hex = bytes.subarray(0, SHOWN_BYTES).toString('hex') + (bytes.length > SHOWN_BYTES ? `… (+${bytes.length - SHOWN_BYTES} more bytes)` : '')
  const text = bytes.toString('utf8')
  const readable = [...text].filter((c) => c !== '\ufffd' && /[\p{L}\p{N}\p{P}\p{S} \n\t]/u.test(c)).length
  const preview = readable >= [...text].length * 0.75 ? ` (as text: "${cut(escapeControls(text).replace(/\n/g, '\\n'), PREVIEW)}")` : ''
  return `<Buffer of ${bytes.length} bytes: ${hex}>${preview}`
}

/** Control characters (but newline and tab) and bidi overrides as escapes: \x1b, \x00, \u202e. */
export function escapeControls (text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g, (c) => {
    const code = c.charCodeAt(0)
    if (c === '\r') return '\\r'
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

function cut (text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}
