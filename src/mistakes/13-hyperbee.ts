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
    name: 'key-one-digit-short',
    lesson: '`Number.MAX_SAFE_INTEGER` must fit too',
    edits: [["return String(logSeq).padStart(WIDTH, '0')", "return String(logSeq).padStart(15, '0')"]],
    names: /fixed width wide enough for Number\.MAX_SAFE_INTEGER/
  },
  {
    name: 'key-unchecked',
    lesson: 'a string key for a log seq whose bytes sort like the numbers, from 0 to `Number.MAX_SAFE_INTEGER`; anything else is a `RangeError`.',
    edits: [['  if (!Number.isSafeInteger(logSeq) || logSeq < 0) throw', '  if (false) throw']],
    names: /must throw a RangeError \(got: returned/
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
    names: /cuts the list afterwards/
  },
  {
    name: 'after-zero-is-no-bound',
    lesson: '`after` and `before` are log seqs, exclusive',
    edits: [['    gt: range.after === undefined ? undefined : messageKey(range.after)', '    gt: range.after ? messageKey(range.after) : undefined']],
    names: /0 is a log seq like any other/
  },
  {
    name: 'limit-zero-is-no-limit',
    lesson: '`limit` at most that many',
    edits: [['limit: range.limit ?? -1', 'limit: range.limit || -1']],
    names: /a limit of 0 gives nothing/
  },
  {
    name: 'retract-ignored',
    lesson: 'a `retract` entry deletes the message at `logSeq` of its own channel',
    edits: [['    else await batch.del(key)\n', '']],
    names: /retraction deletes/
  },
  {
    name: 'retract-own-seq',
    lesson: 'a `retract` entry deletes the message at `logSeq` of its own channel',
    edits: [["messageKey(entry.type === 'chat' ? logSeq : entry.logSeq)", 'messageKey(logSeq)']],
    names: /retraction deletes/
  },
  {
    name: 'retract-in-the-messages-channel',
    lesson: 'a `retract` entry deletes the message at `logSeq` of its own channel',
    edits: [["    const key = `${entry.channel}\\0${messageKey(entry.type === 'chat' ? logSeq : entry.logSeq)}`\n",
      "    const target = entry.type === 'chat' ? entry : await log.get<ChatEntry>(entry.logSeq)\n    const key = `${target.channel}\\0${messageKey(entry.type === 'chat' ? logSeq : entry.logSeq)}`\n"]],
    names: /deletes the message at its logSeq in its own channel/
  },
  {
    name: 'no-entry-checks',
    lesson: 'The log is peer data: an entry that is not a well-formed chat or retract is skipped, like an entry of another type, and never stops the index.',
    edits: [['  return isLogEntry(entry) ? entry : null\n', "  const { type } = (entry ?? {}) as LogEntry\n  return type === 'chat' || type === 'retract' ? entry as LogEntry : null\n"]],
    names: /malformed log entry/
  },
  {
    name: 'not-json-throws',
    lesson: 'A block that is not JSON at all is malformed too (a JSON log\'s encoding throws when it reads one)',
    edits: [["  const bytes = await log.get<Buffer>(seq, { valueEncoding: 'binary' })\n  if (bytes === null) return null\n  let entry: unknown\n  try { entry = JSON.parse(bytes.toString()) } catch { return null }\n", '  const entry: unknown = await log.get(seq)\n']],
    names: /malformed log entry \(DECODING_ERROR/
  },
  {
    name: 'channel-with-a-zero-byte',
    lesson: 'a channel whose name holds a zero byte would write into another channel\'s keys',
    edits: [["  if (typeof channel !== 'string' || channel.includes('\\0')) return false", "  if (typeof channel !== 'string') return false"]],
    names: /zero byte in it would write into channel gen/
  },
  {
    name: 'flush-not-awaited',
    lesson: 'Nothing a batch holds is in the bee until its flush has resolved.',
    edits: [['    await batch.flush()\n', '    void batch.flush()\n']],
    names: /indexLog waits for the flush/
  },
  {
    name: 'batch-left-open',
    lesson: 'A batch holds the bee\'s write lock until it is flushed or closed, whatever happens: one left open makes every later write wait forever.',
    edits: [['    await batch.close() //', '    // batch.close() //']],
    names: /neither flushed nor closed keeps the bee's write lock/
  },
  {
    name: 'position-read-outside-the-lock',
    lesson: 'Two calls of indexLog can run at once (an `append` listener that indexes each append does that): each must start where the other stopped, so read the position under the bee\'s write lock, or run the calls one after another.',
    edits: [['    await batch.lock()\n', '']],
    names: /under the bee's write lock/
  },
  {
    name: 'no-position',
    lesson: 'A view remembers how far it got',
    edits: [
      ["    const position = await batch.get(POSITION)\n    const from = typeof position?.value === 'number' ? position.value : 0\n", '    const from = 0\n'],
      ['    await batch.put(POSITION, to)\n', '']
    ],
    names: /remember how far it indexed/
  },
  {
    name: 'position-in-memory',
    lesson: 'A position kept in memory is lost with the process, and the next start indexes everything again on top of an index that already holds it.',
    edits: [
      ["const POSITION = 'indexed'\n", "const POSITION = 'indexed'\nconst positions = new WeakMap<Bee, number>()\n"],
      ["    const position = await batch.get(POSITION)\n    const from = typeof position?.value === 'number' ? position.value : 0\n", '    const from = positions.get(bee) ?? 0\n'],
      ['    await batch.put(POSITION, to)\n    await batch.flush()\n', '    await batch.flush()\n    positions.set(bee, to)\n']
    ],
    names: /stored in the bee itself/
  },
  {
    name: 'position-after-the-batch',
    lesson: 'put the position into the bee itself, in the same batch as the entries it covers',
    edits: [['    await batch.put(POSITION, to)\n    await batch.flush()\n', '    await batch.flush()\n    await bee.put(POSITION, to)\n']],
    names: /one append/
  },
  {
    name: 'put-by-put',
    lesson: 'readers (a snapshot, a replica, an `append` listener) see the bee before the batch or after it, never half of it',
    edits: [
      ['  const batch = bee.batch()\n', '  const batch = bee\n'],
      ['    await batch.lock()\n', ''],
      ['    await batch.flush()\n', ''],
      ['    await batch.close() //', '    // batch.close() //']
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
    name: 'changes-by-reading-both-versions',
    lesson: 'It skips whole subtrees the two versions share, so it costs about as much as the change, not the bee.',
    edits: [["  for await (const { left, right } of channel(bee, name).createDiffStream(since)) {\n    const key = (left ?? right).key\n    found.push({ key, before: right === null ? null : right.value, after: left === null ? null : left.value })\n  }\n",
      "  const then = new Map<string, ChannelMessage>()\n  const now = new Map<string, ChannelMessage>()\n  for await (const e of channel(bee.checkout(since), name).createReadStream()) then.set(e.key, e.value)\n  for await (const e of channel(bee, name).createReadStream()) now.set(e.key, e.value)\n  for (const key of [...new Set([...then.keys(), ...now.keys()])].sort()) {\n    const before = then.get(key) ?? null\n    const after = now.get(key) ?? null\n    if (JSON.stringify(before) !== JSON.stringify(after)) found.push({ key, before, after })\n  }\n"]],
    names: /costs about as much as the change/
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
    name: 'replica-not-ready',
    lesson: 'Wait until the bee is ready before you hand it out, as with a core.',
    edits: [['  return openBee(new Hypercore(dir, key))\n', "  return new Hyperbee(new Hypercore(dir, key), { keyEncoding: 'utf-8', valueEncoding: 'json' })\n"]],
    names: /ready when openReplica resolves/
  },
  {
    name: 'replica-without-key-encoding',
    lesson: 'A replica needs the same encodings as the writer (they are not in the blocks).',
    edits: [['  return openBee(new Hypercore(dir, key))\n', "  const replica: Bee = new Hyperbee(new Hypercore(dir, key), { valueEncoding: 'json' })\n  await replica.ready()\n  return replica\n"]],
    names: /the key's too/
  },
  {
    name: 'replica-downloads-everything',
    lesson: 'Do not ask a replica to download everything, as kata 07\'s live copies did',
    edits: [['  return openBee(new Hypercore(dir, key))\n', '  const core = new Hypercore(dir, key)\n  core.download({ start: 0, end: -1 })\n  return openBee(core)\n']],
    names: /only the ones its queries touched/
  }
] satisfies Mistake[]
