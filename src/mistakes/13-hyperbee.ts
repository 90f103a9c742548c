// Kata 13's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'no-key-encoding',
    lesson: 'Without a key encoding a bee gives keys back as bytes; without a value encoding, values too.',
    edits: [["new Hyperbee(core, { keyEncoding: 'utf-8', valueEncoding: 'json' })", "new Hyperbee(core, { valueEncoding: 'json' })"]],
    names: /utf-8 key encoding/
  },
  {
    name: 'no-value-encoding',
    lesson: 'Without a key encoding a bee gives keys back as bytes; without a value encoding, values too.',
    edits: [["new Hyperbee(core, { keyEncoding: 'utf-8', valueEncoding: 'json' })", "new Hyperbee(core, { keyEncoding: 'utf-8' })"]],
    names: /JSON value encoding/
  },
  {
    name: 'bee-not-ready',
    lesson: 'Wait until the bee is ready before you hand it out, as with a core.',
    edits: [['  await bee.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'unpadded-key',
    lesson: "A number written as text does not sort like a number: `'10'` comes before `'9'`.",
    edits: [["return String(logSeq).padStart(WIDTH, '0')", 'return String(logSeq)']],
    names: /fixed width/
  },
  {
    name: 'key-too-narrow',
    lesson: '`Number.MAX_SAFE_INTEGER` must fit too',
    edits: [["return String(logSeq).padStart(WIDTH, '0')", "return String(logSeq).padStart(10, '0')"]],
    names: /fixed width/
  },
  {
    name: 'key-unchecked',
    lesson: 'a string key for a log seq whose bytes sort like the numbers, from 0 to `Number.MAX_SAFE_INTEGER`; anything else is a `RangeError`.',
    edits: [['  if (!Number.isSafeInteger(logSeq) || logSeq < 0) throw', '  if (false) throw']],
    names: /RangeError/
  },
  {
    name: 'channel-is-the-bee',
    lesson: 'A channel that is a sub sees only its own keys',
    edits: [['  return bee.sub(name)\n', '  return bee as unknown as Channel\n']],
    names: /does not see channel gen/
  },
  {
    name: 'channel-slash-prefix',
    lesson: 'a put of key `k` in the sub is a put of `general` + `\\0` + `k` in the bee itself',
    edits: [['const key = `${entry.channel}\\0${', 'const key = `${entry.channel}/${']],
    names: /a zero byte, then messageKey/
  },
  {
    name: 'after-inclusive',
    lesson: '`after` and `before` are log seqs, exclusive',
    edits: [['    gt: range.after === undefined', '    gte: range.after === undefined']],
    names: /after is exclusive/
  },
  {
    name: 'no-reverse',
    lesson: '`newest: true` gives the newest first',
    edits: [["{ reverse: range.newest === true, limit: range.limit ?? -1 }", '{ limit: range.limit ?? -1 }']],
    names: /newest first/
  },
  {
    name: 'limit-after-reading',
    lesson: 'while reading everything and cutting the list afterwards reads everything.',
    edits: [
      ["{ reverse: range.newest === true, limit: range.limit ?? -1 }", '{ reverse: range.newest === true }'],
      ['  return messages\n', '  return range.limit === undefined ? messages : messages.slice(0, range.limit)\n']
    ],
    names: /the limit goes into the range read/
  },
  {
    name: 'retract-ignored',
    lesson: 'a `retract` entry deletes the message at `logSeq` of its channel',
    edits: [['    else await batch.del(key)\n', '']],
    names: /retraction deletes/
  },
  {
    name: 'retract-own-seq',
    lesson: 'a `retract` entry deletes the message at `logSeq` of its channel',
    edits: [["messageKey(entry.type === 'chat' ? logSeq : entry.logSeq)", 'messageKey(logSeq)']],
    names: /retraction deletes/
  },
  {
    name: 'no-position',
    lesson: 'A view remembers how far it got',
    edits: [
      ['  const position = await bee.get(POSITION)\n  const from = position === null ? 0 : position.value as number\n', '  const from = 0\n'],
      ['  await batch.put(POSITION, log.length)\n', '']
    ],
    names: /remember how far it indexed/
  },
  {
    name: 'position-in-memory',
    lesson: 'A position kept in memory is lost with the process, and the next start indexes everything again on top of an index that already holds it.',
    edits: [
      ["const POSITION = 'indexed'\n", "const POSITION = 'indexed'\nconst positions = new WeakMap<Bee, number>()\n"],
      ['  const position = await bee.get(POSITION)\n  const from = position === null ? 0 : position.value as number\n', '  const from = positions.get(bee) ?? 0\n'],
      ['  await batch.put(POSITION, log.length)\n', '  positions.set(bee, log.length)\n']
    ],
    names: /stored in the bee itself/
  },
  {
    name: 'position-after-the-batch',
    lesson: 'put the position into the bee itself, in the same batch as the entries it covers',
    edits: [['  await batch.put(POSITION, log.length)\n  await batch.flush()\n', '  await batch.flush()\n  await bee.put(POSITION, log.length)\n']],
    names: /one append/
  },
  {
    name: 'put-by-put',
    lesson: 'readers (a snapshot, a replica, an `append` listener) see the bee before the batch or after it, never half of it',
    edits: [
      ['  const batch = bee.batch()\n', '  const batch = bee\n'],
      ['  await batch.flush()\n', '']
    ],
    names: /one append/
  },
  {
    name: 'diff-sides-swapped',
    lesson: '`left` is the entry in the bee you asked (now), `right` the entry in the other version (then)',
    edits: [['before: right === null ? null : right.value, after: left === null ? null : left.value', 'before: left === null ? null : left.value, after: right === null ? null : right.value']],
    names: /before: what the channel held/
  },
  {
    name: 'diff-whole-bee',
    lesson: 'Made on a sub, it only walks that sub\'s keys.',
    edits: [['of channel(bee, name).createDiffStream(since)', 'of bee.createDiffStream(since)']],
    names: /nothing of channel general/
  },
  {
    name: 'replica-without-encodings',
    lesson: 'A replica needs the same encodings as the writer (they are not in the blocks).',
    edits: [['  return openBee(new Hypercore(dir, key))\n', '  const replica: Bee = new Hyperbee(new Hypercore(dir, key))\n  await replica.ready()\n  return replica\n']],
    names: /same encodings/
  },
  {
    name: 'replica-downloads-everything',
    lesson: 'Do not ask a replica to download everything, as kata 07\'s live copies did',
    edits: [['  return openBee(new Hypercore(dir, key))\n', '  const core = new Hypercore(dir, key)\n  core.download({ start: 0, end: -1 })\n  return openBee(core)\n']],
    names: /only the ones its queries touched/
  }
] satisfies Mistake[]
