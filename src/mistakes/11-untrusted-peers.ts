// Kata 11's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'string-length-as-bytes',
    blames: 'validateEntry',
    concept: 'The limit is in bytes, and `.length` of a string counts characters (UTF-16 code units), not bytes: `\'€\'.length` is 1, its UTF-8 is 3 bytes.',
    edits: [["const bytes = typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength", 'const bytes = value.length']],
    names: /bytes/
  },
  {
    name: 'type-lookup-with-in',
    blames: 'validateEntry',
    concept: 'Look a type up among your schemas as an own key (`Object.hasOwn`), not with `in`: `\'toString\' in {}` is true, and a peer can send `"type": "toString"`.',
    edits: [['if (!Object.hasOwn(SCHEMAS, typed.data.type))', 'if (!(typed.data.type in SCHEMAS))']],
    names: /own key|Object\.prototype/
  },
  {
    name: 'trusts-about-key',
    blames: 'validateEntry',
    concept: 'An entry\'s author is the key of the feed it is in, nothing else.',
    edits: [
      ["  if (message.type === 'about' && message.content.key !== undefined && message.content.key !== author) {\n    return { ok: false, reason: 'impersonation' }\n  }\n", ''],
      ['if (!known || seq > known.seq) names.set(key, { name: message.content.name, seq })', 'if (!known || seq > known.seq) names.set(message.content.key ?? key, { name: message.content.name, seq })']
    ],
    names: /impersonation|another key/
  },
  {
    name: 'first-issue-decides',
    blames: 'validateEntry',
    concept: 'When an entry breaks several rules, the first check in that order that fails gives the reason; within the schema, a bad clock wins over a string too long, which wins over anything else.',
    edits: [["  if (issues.some((issue) => issue.path[0] === 'clock')) return 'absurd-clock'\n  if (issues.some((issue) => issue.code === 'too_big' && issue.origin === 'string')) return 'too-large'\n",
      "  const [first] = issues\n  if (first.path[0] === 'clock') return 'absurd-clock'\n  if (first.code === 'too_big' && first.origin === 'string') return 'too-large'\n"]],
    names: /several rules|wins/
  },
  {
    name: 'reject-without-next',
    blames: 'safeChatView',
    concept: 'A view over untrusted data checks every entry, skips the bad ones, counts them, and always calls `next()`.',
    edits: [['          rejected[verdict.reason] = (rejected[verdict.reason] ?? 0) + 1\n          continue\n', '          rejected[verdict.reason] = (rejected[verdict.reason] ?? 0) + 1\n          return\n']],
    names: /next\(\)/
  },
  {
    name: 'json-parse-unguarded',
    blames: 'validateEntry',
    concept: 'An exception in `map` stops the indexer: one bad entry and the view never sees another.',
    edits: [["  try {\n    json = JSON.parse(typeof value === 'string' ? value : utf8.decode(value))\n  } catch {\n    return { ok: false, reason: 'not-json' }\n  }\n",
      "  json = JSON.parse(typeof value === 'string' ? value : utf8.decode(value))\n"]],
    names: /threw|never throw/
  },
  {
    name: 'no-clock-upper-bound',
    blames: 'validateEntry',
    concept: 'That\'s why the clock limit is a fixed bound: a clock of 2⁵³ would otherwise push everyone\'s next Lamport clock past what a number holds exactly.',
    edits: [['const clock = z.number().int().min(0).max(LIMITS.maxClock)', 'const clock = z.number().int().min(0)']],
    names: /upper bound/
  },
  {
    name: 'nickname-by-arrival-order',
    blames: 'safeChatView',
    concept: 'The latest nickname is the one with the highest seq in its author\'s feed, not the last one `map` was handed: don\'t rely on the order entries reach the view in.',
    edits: [['if (!known || seq > known.seq) names.set(key, { name: message.content.name, seq })', 'names.set(key, { name: message.content.name, seq })'],
      ['          const known = names.get(key)\n', '']],
    names: /highest seq/
  },
  {
    name: 'channel-unchecked',
    blames: 'validateEntry',
    concept: 'A `chat/text` message has a `content.channel` of 1 to `LIMITS.maxChannel` characters and a `content.text` of at most `LIMITS.maxText`',
    edits: [['    channel: z.string().min(1).max(LIMITS.maxChannel),\n', '    channel: z.string(),\n']],
    names: /channel/
  },
  {
    name: 'no-channel-length-limit',
    blames: 'validateEntry',
    concept: 'A `chat/text` message has a `content.channel` of 1 to `LIMITS.maxChannel` characters and a `content.text` of at most `LIMITS.maxText`',
    edits: [['    channel: z.string().min(1).max(LIMITS.maxChannel),\n', '    channel: z.string().min(1),\n']],
    names: /channel over/
  },
  {
    name: 'timestamp-unchecked',
    blames: 'validateEntry',
    concept: 'A timestamp is a wall-clock time in ms: a finite number from 0 to `LIMITS.maxTimestamp` (8.64e15, the last moment a JavaScript `Date` can hold)',
    edits: [['const timestamp = z.number().min(0).max(LIMITS.maxTimestamp)', 'const timestamp = z.any()']],
    names: /timestamp/
  },
  {
    name: 'timestamp-any-number',
    blames: 'validateEntry',
    concept: 'A timestamp is a wall-clock time in ms: a finite number from 0 to `LIMITS.maxTimestamp` (8.64e15, the last moment a JavaScript `Date` can hold)',
    edits: [['const timestamp = z.number().min(0).max(LIMITS.maxTimestamp)', 'const timestamp = z.number()']],
    names: /timestamp/
  },
  {
    name: 'every-too-big-is-too-large',
    blames: 'validateEntry',
    concept: 'A number out of its range is not "too large": `too-large` is for sizes (the entry\'s bytes, a string\'s characters)',
    edits: [["issue.code === 'too_big' && issue.origin === 'string'", "issue.code === 'too_big'"]],
    names: /too-large is for sizes/
  },
  {
    name: 'strict-objects',
    blames: 'validateEntry',
    concept: 'Stray fields are accepted, not rejected: Cabal and future versions of the chat add fields (at the top and inside `content`), and a peer that refuses them drops every message a newer client writes.',
    edits: [['const ChatSchema = z.object({', 'const ChatSchema = z.strictObject({'], ['const AboutSchema = z.object({', 'const AboutSchema = z.strictObject({']],
    names: /stray fields are accepted/
  },
  {
    name: 'strict-content',
    blames: 'validateEntry',
    concept: 'Stray fields are accepted, not rejected: Cabal and future versions of the chat add fields (at the top and inside `content`), and a peer that refuses them drops every message a newer client writes.',
    edits: [['  content: z.object({\n    channel:', '  content: z.strictObject({\n    channel:']],
    names: /stray fields are accepted/
  },
  {
    name: 'parsed-json-kept',
    blames: 'validateEntry',
    concept: 'Check the fields you know and leave the rest behind: keep the schema\'s `data`, never the parsed JSON, so no stray field reaches the view.',
    edits: [['  const message = parsed.data\n', '  const message = json as Message\n']],
    names: /left behind/
  },
  {
    name: 'string-parsed-before-size',
    blames: 'validateEntry',
    concept: 'The size limit comes before `JSON.parse`, for a string as for a Buffer (don\'t parse a megabyte to find out it is too big)',
    edits: [["  if (typeof value !== 'string' && !(value instanceof Uint8Array)) return { ok: false, reason: 'not-json' }\n",
      "  if (typeof value !== 'string' && !(value instanceof Uint8Array)) return { ok: false, reason: 'not-json' }\n  if (typeof value === 'string') {\n    try {\n      JSON.parse(value)\n    } catch {\n      return { ok: false, reason: 'not-json' }\n    }\n  }\n"]],
    names: /for strings too/
  },
  {
    name: 'type-not-checked-as-string',
    blames: 'validateEntry',
    concept: 'An entry without a string `type` (`{}`, `"type": 5`) is `malformed`: `unknown-type` is for a string type your schemas don\'t know.',
    edits: [["  const typed = Typed.safeParse(json)\n  if (!typed.success) return { ok: false, reason: 'malformed' }\n",
      "  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, reason: 'malformed' }\n  const typed = { data: json as { type: string } }\n"]],
    names: /string type/
  },
  {
    name: 'content-key-not-hex',
    blames: 'validateEntry',
    concept: 'anything else, uppercase hex included, is malformed, not an impersonation',
    edits: [['    key: z.string().regex(/^[0-9a-f]{64}$/).optional()', '    key: z.string().optional()']],
    names: /64 lowercase hex digits/
  },
  {
    name: 'content-key-any-case',
    blames: 'validateEntry',
    concept: 'may have a `content.key`: 64 lowercase hex digits, as a key\'s `toString(\'hex\')` writes it',
    edits: [['    key: z.string().regex(/^[0-9a-f]{64}$/).optional()', '    key: z.string().regex(/^[0-9a-f]{64}$/i).optional()']],
    names: /lowercase/
  },
  {
    name: 'byte-limit-off-by-one',
    blames: 'validateEntry',
    concept: 'An entry of exactly `LIMITS.maxEntryBytes` bytes is fine; one byte more is too large.',
    edits: [['if (bytes > LIMITS.maxEntryBytes)', 'if (bytes >= LIMITS.maxEntryBytes)']],
    names: /largest size allowed/
  },
  {
    name: 'decoded-as-latin1',
    blames: 'validateEntry',
    concept: 'Entries are UTF-8: decode a Buffer as UTF-8, and a text like `\'€ and 中文\'` reads back unchanged.',
    edits: [['utf8.decode(value)', "Buffer.from(value).toString('latin1')"]],
    names: /UTF-8/
  },
  {
    name: 'nicknames-in-a-plain-object',
    blames: 'safeChatView',
    concept: 'Author keys are data too: keep nicknames in a `Map`, or `nickname(\'toString\')` finds `Object.prototype.toString` instead of nothing.',
    edits: [
      ['  const names = new Map<string, { name: string, seq: number }>()\n', '  const names: Record<string, { name: string, seq: number }> = {}\n'],
      ['          const known = names.get(key)\n', '          const known = names[key]\n'],
      ['if (!known || seq > known.seq) names.set(key, { name: message.content.name, seq })', 'if (!known || seq > known.seq) names[key] = { name: message.content.name, seq }'],
      ['nickname: (_core, authorKey) => names.get(authorKey)?.name ?? null', 'nickname: (_core, authorKey) => names[authorKey]?.name ?? null']
    ],
    names: /keys are data/
  },
  {
    name: 'rejected-hands-out-its-own-counts',
    blames: 'rejected',
    concept: '(`rejected()` hands out a copy: the caller may change it)',
    edits: [['rejected: () => ({ ...rejected })', 'rejected: () => rejected']],
    names: /copy/
  },
  {
    name: 'batch-stops-at-first-rejection',
    blames: 'safeChatView',
    concept: '`map` gets a batch: it indexes every entry of it (a bad entry is skipped, not the end of the batch), then calls `next()` once.',
    edits: [['          rejected[verdict.reason] = (rejected[verdict.reason] ?? 0) + 1\n          continue\n', '          rejected[verdict.reason] = (rejected[verdict.reason] ?? 0) + 1\n          break\n']],
    names: /indexes a batch whole/
  },
  {
    name: 'next-per-entry',
    blames: 'safeChatView',
    concept: '`map` gets a batch: it indexes every entry of it (a bad entry is skipped, not the end of the batch), then calls `next()` once.',
    edits: [['      for (const { key, seq, value } of entries) {\n', '      for (const { key, seq, value } of entries) {\n        next()\n'],
      ['      }\n      next()\n    },', '      }\n    },']],
    names: /once per batch/
  },
  {
    name: 'clock-nullish-accepted',
    blames: 'validateEntry',
    concept: 'An optional field may be absent, not anything: null is not a clock.',
    edits: [['const clock = z.number().int().min(0).max(LIMITS.maxClock)', 'const clock = z.number().int().min(0).max(LIMITS.maxClock).nullable()']],
    names: /clock null/
  },
  {
    name: 'clock-coerced-from-a-string',
    blames: 'validateEntry',
    concept: 'Validating is not converting: a string that looks like a number is not a number, and every peer must read the same value.',
    edits: [['const clock = z.number().int().min(0).max(LIMITS.maxClock)', 'const clock = z.coerce.number().int().min(0).max(LIMITS.maxClock)']],
    names: /clock null|clock "5"/
  },
  {
    name: 'empty-text-refused',
    blames: 'validateEntry',
    concept: 'Each field has the range its meaning gives it, and no more rules than that: a text may be empty, only its length is limited.',
    edits: [['    text: z.string().max(LIMITS.maxText)\n', '    text: z.string().min(1).max(LIMITS.maxText)\n']],
    names: /empty text/
  },
  {
    name: 'null-key-is-impersonation',
    blames: 'validateEntry',
    concept: 'A claim that is not a key is malformed, not an impersonation: the form is checked before what the entry claims.',
    edits: [['    key: z.string().regex(/^[0-9a-f]{64}$/).optional()', '    key: z.string().regex(/^[0-9a-f]{64}$/).nullish()']],
    names: /content\.key null/
  },
  {
    name: 'lossy-utf8-decoding',
    blames: 'validateEntry',
    concept: 'JSON text is UTF-8: bytes that are not UTF-8 are not JSON, and a decoder that replaces them with U+FFFD accepts an entry that another peer\'s decoder refuses.',
    edits: [['utf8.decode(value)', "Buffer.from(value).toString('utf8')"]],
    names: /not UTF-8/
  },
  {
    name: 'decoded-before-size',
    blames: 'validateEntry',
    concept: 'The size limit comes first, before decoding: an entry over the limit is too large, whatever its bytes hold.',
    edits: [["  if (typeof value !== 'string' && !(value instanceof Uint8Array)) return { ok: false, reason: 'not-json' }\n",
      "  if (typeof value !== 'string' && !(value instanceof Uint8Array)) return { ok: false, reason: 'not-json' }\n  if (typeof value !== 'string') {\n    try {\n      utf8.decode(value)\n    } catch {\n      return { ok: false, reason: 'not-json' }\n    }\n  }\n"]],
    names: /before decoding/
  },
  {
    name: 'inherited-channel-names-refused',
    blames: 'validateEntry',
    concept: 'Channel names are data: a name every object inherits (`constructor`, `__proto__`) is an honest channel name; refusing it refuses honest peers instead of fixing the lookup.',
    edits: [['    channel: z.string().min(1).max(LIMITS.maxChannel),\n', '    channel: z.string().min(1).max(LIMITS.maxChannel).refine((c) => !(c in {})),\n']],
    names: /channel names are data/
  },
  {
    name: 'channels-in-a-plain-object',
    blames: 'safeChatView',
    concept: 'Channel names are data: kept in a plain object, a message to channel `constructor` or `__proto__` lands on what every object inherits, and is lost.',
    edits: [
      ['  const channels = new Map<string, Array<Entry<ChatMessage>>>()\n', '  const channels: Record<string, Array<Entry<ChatMessage>>> = {}\n'],
      ['          const list = channels.get(message.content.channel) ?? []\n          list.push({ key, seq, value: message })\n          channels.set(message.content.channel, list)\n',
        '          (channels[message.content.channel] ??= []).push({ key, seq, value: message })\n'],
      ['structuredClone(channels.get(channel) ?? [])', 'structuredClone(Object.hasOwn(channels, channel) ? channels[channel] : [])']
    ],
    names: /channel names are data/
  },
  {
    name: 'channels-looked-up-in-a-plain-object',
    blames: 'messages',
    concept: 'Channel names are data: looked up in a plain object, `messages(\'toString\')` finds a function every object inherits instead of no messages.',
    edits: [
      ['  const channels = new Map<string, Array<Entry<ChatMessage>>>()\n', '  const channels: Record<string, Array<Entry<ChatMessage>>> = {}\n'],
      ['          const list = channels.get(message.content.channel) ?? []\n          list.push({ key, seq, value: message })\n          channels.set(message.content.channel, list)\n',
        '          (channels[message.content.channel] ??= []).push({ key, seq, value: message })\n'],
      ['structuredClone(channels.get(channel) ?? [])', 'structuredClone(channels[channel] ?? [])']
    ],
    names: /channel names come from peers/
  },
  {
    name: 'messages-hands-out-its-own-list',
    blames: 'messages',
    concept: '`messages()` hands out a copy: a caller that changes the list it got must not change the view.',
    edits: [['structuredClone(channels.get(channel) ?? [])', 'channels.get(channel) ?? []']],
    names: /hands out a copy/
  },
  {
    name: 'messages-copies-only-the-list',
    blames: 'messages',
    concept: 'A copy of the list still shares its messages: a caller that changes one changes the view, and puts unchecked data behind the boundary.',
    edits: [['structuredClone(channels.get(channel) ?? [])', '[...(channels.get(channel) ?? [])]']],
    names: /all the way down/
  },
  {
    name: 'first-claim-owns-a-nickname',
    blames: 'safeChatView',
    concept: 'A rule may depend only on the entry and its author, never on what the view has seen: "first to claim a nickname owns it" makes peers that got entries in another order disagree.',
    edits: [['          const known = names.get(key)\n',
      '          if ([...names].some(([other, taken]) => other !== key && taken.name === message.content.name)) {\n            rejected.impersonation = (rejected.impersonation ?? 0) + 1\n            continue\n          }\n          const known = names.get(key)\n']],
    names: /no claim on a name/
  },
  {
    name: 'validator-remembers-nicknames',
    blames: 'validateEntry',
    concept: 'validateEntry\'s answer depends only on the entry and its author: remembering who named themselves what first makes peers that got entries in another order disagree.',
    edits: [
      ['export function validateEntry (value: unknown, author: string): Verdict {\n', 'const owners = new Map<string, string>()\n\nexport function validateEntry (value: unknown, author: string): Verdict {\n'],
      ['  return { ok: true, message }\n', "  if (message.type === 'about') {\n    if ((owners.get(message.content.name) ?? author) !== author) return { ok: false, reason: 'impersonation' }\n    owners.set(message.content.name, author)\n  }\n  return { ok: true, message }\n"]
    ],
    names: /depends only on the entry and its author/
  },
  {
    name: 'length-in-utf16-units',
    blames: 'validateEntry',
    concept: 'Every peer must count a string\'s characters alike: in Unicode code points, as zod 4 does (an emoji is one), not in .length\'s UTF-16 units.',
    edits: [
      ['    text: z.string().max(LIMITS.maxText)\n', '    text: z.string().refine((s) => s.length <= LIMITS.maxText)\n'],
      ["if (issues.some((issue) => issue.code === 'too_big' && issue.origin === 'string')) return 'too-large'",
        "if (issues.some((issue) => (issue.code === 'too_big' && issue.origin === 'string') || issue.code === 'custom')) return 'too-large'"]
    ],
    names: /code points/
  },
  {
    name: 'byte-order-mark-skipped',
    blames: 'validateEntry',
    concept: 'JSON on the wire carries no byte-order mark: bytes that start with one are not JSON, as a string that starts with one is not.',
    edits: [["new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })", "new TextDecoder('utf-8', { fatal: true })"]],
    names: /byte-order mark/
  },
  {
    name: 'only-buffers-are-bytes',
    blames: 'validateEntry',
    concept: 'Bytes are bytes: any Uint8Array, not only a Node Buffer, holds an entry\'s UTF-8.',
    edits: [["if (typeof value !== 'string' && !(value instanceof Uint8Array)) return { ok: false, reason: 'not-json' }",
      "if (typeof value !== 'string' && !Buffer.isBuffer(value)) return { ok: false, reason: 'not-json' }"]],
    names: /Uint8Array/
  },
  {
    name: 'counts-outside-the-view',
    blames: 'safeChatView',
    concept: 'Each safeChatView() is a new view: its state lives inside it, or one view\'s counts leak into the next.',
    edits: [
      ['  const rejected: Partial<Record<Reason, number>> = {}\n', ''],
      ['export function safeChatView (): View<SafeChatApi> {\n', 'const rejected: Partial<Record<Reason, number>> = {}\nexport function safeChatView (): View<SafeChatApi> {\n']
    ],
    names: /new view/
  },
  {
    name: 'channel-and-name-trimmed',
    blames: 'validateEntry',
    concept: 'Validating is not converting: an entry is accepted as its author wrote it, or refused; a trimmed channel lands in another channel, and peers that convert differently disagree.',
    edits: [
      ['    channel: z.string().min(1).max(LIMITS.maxChannel),\n', '    channel: z.string().trim().min(1).max(LIMITS.maxChannel),\n'],
      ['    name: z.string().min(1).max(LIMITS.maxName),\n', '    name: z.string().trim().min(1).max(LIMITS.maxName),\n']
    ],
    names: /does not convert/
  },
  {
    name: 'string-byte-limit-off-by-one',
    blames: 'validateEntry',
    concept: 'An entry of exactly `LIMITS.maxEntryBytes` bytes is fine, a string as much as a Buffer; one byte more is too large.',
    edits: [["const bytes = typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength", "const bytes = typeof value === 'string' ? Buffer.byteLength(value) + 1 : value.byteLength"]],
    names: /for a string as for bytes/
  },
  {
    name: 'name-length-in-utf16-units',
    blames: 'validateEntry',
    concept: 'Every peer counts a string\'s characters alike, in code points (an emoji is one), nicknames and channels as much as texts: .length counts UTF-16 units and refuses an honest 64-emoji nickname.',
    edits: [["  if (!Object.hasOwn(SCHEMAS, typed.data.type)) return { ok: false, reason: 'unknown-type' }\n",
      "  if (!Object.hasOwn(SCHEMAS, typed.data.type)) return { ok: false, reason: 'unknown-type' }\n  const name = (json as { content?: { name?: unknown } }).content?.name\n  if (typeof name === 'string' && name.length > LIMITS.maxName) return { ok: false, reason: 'too-large' }\n"]],
    names: /code points/
  },
  {
    name: 'channel-length-in-utf16-units',
    blames: 'validateEntry',
    concept: 'Every peer counts a string\'s characters alike, in code points (an emoji is one), nicknames and channels as much as texts: .length counts UTF-16 units and refuses an honest 64-emoji channel.',
    edits: [["  if (!Object.hasOwn(SCHEMAS, typed.data.type)) return { ok: false, reason: 'unknown-type' }\n",
      "  if (!Object.hasOwn(SCHEMAS, typed.data.type)) return { ok: false, reason: 'unknown-type' }\n  const channel = (json as { content?: { channel?: unknown } }).content?.channel\n  if (typeof channel === 'string' && channel.length > LIMITS.maxChannel) return { ok: false, reason: 'too-large' }\n"]],
    names: /code points/
  },
  {
    name: 'channels-lowercased',
    blames: 'safeChatView',
    concept: 'A channel is its exact name: converting it (lowercasing) merges channels their authors kept apart, and files messages where no peer that keeps names as written would.',
    edits: [
      ['          const list = channels.get(message.content.channel) ?? []\n          list.push({ key, seq, value: message })\n          channels.set(message.content.channel, list)\n',
        '          const list = channels.get(message.content.channel.toLowerCase()) ?? []\n          list.push({ key, seq, value: message })\n          channels.set(message.content.channel.toLowerCase(), list)\n'],
      ['structuredClone(channels.get(channel) ?? [])', 'structuredClone(channels.get(channel.toLowerCase()) ?? [])']
    ],
    names: /exact name/
  },
  {
    name: 'next-before-indexing',
    blames: 'safeChatView',
    concept: 'next() says a batch is done: map calls it after indexing the batch, never before.',
    edits: [['      for (const { key, seq, value } of entries) {\n', '      next()\n      for (const { key, seq, value } of entries) {\n'],
      ['      }\n      next()\n    },', '      }\n    },']],
    names: /not before/
  },
  {
    name: 'bad-entry-passed-to-next',
    blames: 'safeChatView',
    concept: 'An error passed to next() stops the indexer for good: a bad entry is skipped and counted, never an error.',
    edits: [['          rejected[verdict.reason] = (rejected[verdict.reason] ?? 0) + 1\n          continue\n', '          rejected[verdict.reason] = (rejected[verdict.reason] ?? 0) + 1\n          return next(new Error(verdict.reason))\n']],
    names: /never stop the indexer on a bad entry/
  },
  {
    name: 'about-key-dropped',
    blames: 'validateEntry',
    concept: 'An accepted message is kept exactly as written, every field its type declares: an about message\'s `content.key` stays.',
    edits: [['  return { ok: true, message }\n', "  if (message.type === 'about') delete message.content.key\n  return { ok: true, message }\n"]],
    names: /content\.key is a field the about type declares/
  },
  {
    name: 'about-timestamp-unbounded',
    blames: 'validateEntry',
    concept: 'Every message type\'s timestamp is bounded alike, from 0 to `LIMITS.maxTimestamp`: an about message\'s too.',
    edits: [['    key: z.string().regex(/^[0-9a-f]{64}$/).optional()\n  }),\n  timestamp,\n', '    key: z.string().regex(/^[0-9a-f]{64}$/).optional()\n  }),\n  timestamp: z.number(),\n']],
    names: /about message's timestamp is as a chat message's/
  },
  {
    name: 'about-parsed-json-kept',
    blames: 'validateEntry',
    concept: 'Stray fields are left behind for every type: an about message is the schema\'s `data` too, never the parsed JSON (its stray fields, an own `__proto__`).',
    edits: [['  const message = parsed.data\n', "  const message = typed.data.type === 'about' ? json as Message : parsed.data\n"]],
    names: /about message's stray fields behind/
  },
  {
    name: 'about-content-loose',
    blames: 'validateEntry',
    concept: 'Stray fields are left behind inside `content` too, for every type: a loose about content keeps them.',
    edits: [['  content: z.object({\n    name:', '  content: z.looseObject({\n    name:']],
    names: /about message's stray fields behind/
  },
  {
    name: 'messages-shared-empty-list',
    blames: 'messages',
    concept: '`messages()` hands out a new list every time, for a channel nobody wrote to as well: a shared empty list takes every caller\'s pushes into every empty channel of every view.',
    edits: [['const SCHEMAS = ', 'const EMPTY: Array<Entry<ChatMessage>> = []\nconst SCHEMAS = '],
      ['structuredClone(channels.get(channel) ?? [])', 'channels.has(channel) ? structuredClone(channels.get(channel) ?? []) : EMPTY']],
    names: /new list for a channel nobody wrote to/
  },
  {
    name: 'clock-must-grow-in-the-view',
    blames: 'safeChatView',
    concept: 'A verdict depends on the entry and its author only, the same on every peer: a view that refuses a clock not above the author\'s last decides by arrival order.',
    edits: [['  const rejected: Partial<Record<Reason, number>> = {}\n', '  const rejected: Partial<Record<Reason, number>> = {}\n  const clocks = new Map<string, number>()\n'],
      ['        const { message } = verdict\n', "        const { message } = verdict\n        if (message.clock !== undefined) {\n          if (message.clock <= (clocks.get(key) ?? -1)) {\n            rejected['absurd-clock'] = (rejected['absurd-clock'] ?? 0) + 1\n            continue\n          }\n          clocks.set(key, message.clock)\n        }\n"]],
    names: /arrival order/
  },
  {
    name: 'clock-checked-before-type',
    blames: 'validateEntry',
    concept: 'When an entry breaks several rules, the cheapest check decides, the same on every peer: an unknown type is known before any field of it is looked at, its clock too.',
    edits: [["  if (!typed.success) return { ok: false, reason: 'malformed' }\n", "  if (!typed.success) return { ok: false, reason: 'malformed' }\n  if (!z.object({ clock: clock.optional() }).safeParse(json).success) return { ok: false, reason: 'absurd-clock' }\n"]],
    names: /type is checked before the clock/
  }
] satisfies Mistake[]
