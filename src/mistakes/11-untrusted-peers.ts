// Kata 11's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'string-length-as-bytes',
    lesson: 'The limit is in bytes, and `.length` of a string counts characters (UTF-16 code units), not bytes: `\'€\'.length` is 1, its UTF-8 is 3 bytes.',
    edits: [['if (Buffer.byteLength(text) > LIMITS.maxEntryBytes)', 'if ((value as string | Uint8Array).length > LIMITS.maxEntryBytes)']],
    names: /bytes/
  },
  {
    name: 'type-lookup-with-in',
    lesson: 'Look a type up among your schemas as an own key (`Object.hasOwn`), not with `in`: `\'toString\' in {}` is true, and a peer can send `"type": "toString"`.',
    edits: [['if (!Object.hasOwn(SCHEMAS, typed.data.type))', 'if (!(typed.data.type in SCHEMAS))']],
    names: /own key|Object\.prototype/
  },
  {
    name: 'trusts-about-key',
    lesson: 'An entry\'s author is the key of the feed it is in, nothing else.',
    edits: [
      ["  if (message.type === 'about' && message.content.key !== undefined && message.content.key !== author) {\n    return { ok: false, reason: 'impersonation' }\n  }\n", ''],
      ['if (!known || seq > known.seq) names.set(key, { name: message.content.name, seq })', 'if (!known || seq > known.seq) names.set(message.content.key ?? key, { name: message.content.name, seq })']
    ],
    names: /impersonation|another key/
  },
  {
    name: 'first-issue-decides',
    lesson: 'When an entry breaks several rules, the first check in that order that fails gives the reason; within the schema, a bad clock wins over a string too long, which wins over anything else.',
    edits: [["  if (issues.some((issue) => issue.path[0] === 'clock')) return 'absurd-clock'\n  if (issues.some((issue) => issue.code === 'too_big')) return 'too-large'\n",
      "  const [first] = issues\n  if (first.path[0] === 'clock') return 'absurd-clock'\n  if (first.code === 'too_big') return 'too-large'\n"]],
    names: /several rules|wins/
  },
  {
    name: 'reject-without-next',
    lesson: 'A view over untrusted data checks every entry, skips the bad ones, counts them, and always calls `next()`.',
    edits: [['          rejected[verdict.reason] = (rejected[verdict.reason] ?? 0) + 1\n          continue\n', '          rejected[verdict.reason] = (rejected[verdict.reason] ?? 0) + 1\n          return\n']],
    names: /next\(\)/
  },
  {
    name: 'json-parse-unguarded',
    lesson: 'An exception in `map` stops the indexer: one bad entry and the view never sees another.',
    edits: [['  try {\n    json = JSON.parse(text)\n  } catch {\n    return { ok: false, reason: \'not-json\' }\n  }\n', '  json = JSON.parse(text)\n']],
    names: /threw|never throw/
  }
] satisfies Mistake[]
