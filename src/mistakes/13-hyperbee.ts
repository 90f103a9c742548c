// Kata 13's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'no-key-encoding',
    blames: 'openBee',
    concept: 'Without a key encoding a bee gives keys back as bytes; without a value encoding, values too.',
    edits: [["new Hyperbee(core, { keyEncoding: 'utf-8', valueEncoding: 'json' })", "new Hyperbee(core, { valueEncoding: 'json' })"]],
    names: /utf-8 key encoding/
  },
  {
    name: 'no-value-encoding',
    blames: 'openBee',
    concept: 'Without a key encoding a bee gives keys back as bytes; without a value encoding, values too.',
    edits: [["new Hyperbee(core, { keyEncoding: 'utf-8', valueEncoding: 'json' })", "new Hyperbee(core, { keyEncoding: 'utf-8' })"]],
    names: /JSON value encoding/
  },
  {
    name: 'bee-not-ready',
    blames: 'openBee',
    concept: 'Wait until the bee is ready before you hand it out, as with a core.',
    edits: [['  await bee.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'unpadded-key',
    blames: 'messageKey',
    concept: "A number written as text does not sort like a number: `'10'` comes before `'9'`.",
    edits: [["return String(logSeq).padStart(WIDTH, '0')", 'return String(logSeq)']],
    names: /fixed width/
  },
  {
    name: 'key-too-narrow',
    blames: 'messageKey',
    concept: '`Number.MAX_SAFE_INTEGER` must fit too',
    edits: [["return String(logSeq).padStart(WIDTH, '0')", "return String(logSeq).padStart(10, '0')"]],
    names: /fixed width/
  },
  {
    name: 'key-one-digit-short',
    blames: 'messageKey',
    concept: '`Number.MAX_SAFE_INTEGER` must fit too',
    edits: [["return String(logSeq).padStart(WIDTH, '0')", "return String(logSeq).padStart(15, '0')"]],
    names: /fixed width wide enough for Number\.MAX_SAFE_INTEGER/
  },
  {
    name: 'key-unchecked',
    blames: 'messageKey',
    concept: 'a string key for a log seq whose bytes sort like the numbers, from 0 to `Number.MAX_SAFE_INTEGER`; anything else is a `RangeError`.',
    edits: [['  if (!Number.isSafeInteger(logSeq) || logSeq < 0) throw', '  if (false) throw']],
    names: /must throw a RangeError \(got: returned/
  },
  {
    name: 'channel-is-the-bee',
    blames: 'channel',
    concept: 'A channel that is a sub sees only its own keys',
    edits: [['  return bee.sub(name)\n', '  return bee as unknown as Channel\n']],
    names: /does not see channel gen/
  },
  {
    name: 'channel-slash-prefix',
    blames: 'indexLog',
    concept: 'a put of key `k` in the sub is a put of the sub\'s name, the separator and `k` in the bee itself',
    edits: [['const key = `${entry.channel}\\0${', 'const key = `${entry.channel}/${']],
    names: /a zero byte, then messageKey/
  },
  {
    name: 'after-inclusive',
    blames: 'history',
    concept: '`after` and `before` are log seqs, exclusive',
    edits: [['    gt: range.after === undefined', '    gte: range.after === undefined']],
    names: /after is exclusive/
  },
  {
    name: 'no-reverse',
    blames: 'history',
    concept: '`newest: true` gives the newest first',
    edits: [["{ reverse: range.newest === true, limit: range.limit ?? -1 }", '{ limit: range.limit ?? -1 }']],
    names: /newest first/
  },
  {
    name: 'limit-after-reading',
    blames: 'history',
    concept: 'while reading everything and cutting the list afterwards reads everything.',
    edits: [
      ["{ reverse: range.newest === true, limit: range.limit ?? -1 }", '{ reverse: range.newest === true }'],
      ['  return messages\n', '  return range.limit === undefined ? messages : messages.slice(0, range.limit)\n']
    ],
    names: /history reads the whole channel and cuts the list afterwards/
  },
  {
    name: 'after-zero-is-no-bound',
    blames: 'history',
    concept: '`after` and `before` are log seqs, exclusive',
    edits: [['    gt: range.after === undefined ? undefined : messageKey(range.after)', '    gt: range.after ? messageKey(range.after) : undefined']],
    names: /0 is a log seq like any other/
  },
  {
    name: 'limit-zero-is-no-limit',
    blames: 'history',
    concept: '`limit` at most that many',
    edits: [['limit: range.limit ?? -1', 'limit: range.limit || -1']],
    names: /a limit of 0 gives nothing/
  },
  {
    name: 'retract-ignored',
    blames: 'indexLog',
    concept: 'a `retract` entry deletes the message at `logSeq` of its own channel',
    edits: [['    else await batch.del(key)\n', '']],
    names: /retraction deletes/
  },
  {
    name: 'retract-own-seq',
    blames: 'indexLog',
    concept: 'a `retract` entry deletes the message at `logSeq` of its own channel',
    edits: [["messageKey(entry.type === 'chat' ? logSeq : entry.logSeq)", 'messageKey(logSeq)']],
    names: /retraction deletes/
  },
  {
    name: 'retract-in-the-messages-channel',
    blames: 'indexLog',
    concept: 'a `retract` entry deletes the message at `logSeq` of its own channel',
    edits: [["    const key = `${entry.channel}\\0${messageKey(entry.type === 'chat' ? logSeq : entry.logSeq)}`\n",
      "    const target = entry.type === 'chat' ? entry : await log.get<ChatEntry>(entry.logSeq)\n    const key = `${target.channel}\\0${messageKey(entry.type === 'chat' ? logSeq : entry.logSeq)}`\n"]],
    names: /deletes the message at its logSeq in its own channel/
  },
  {
    name: 'no-entry-checks',
    blames: 'indexLog',
    concept: 'The log is peer data: an entry that is not a well-formed chat or retract is skipped, like an entry of another type, and never stops the index.',
    edits: [['  return isLogEntry(entry) ? entry : null\n', "  const { type } = (entry ?? {}) as LogEntry\n  return type === 'chat' || type === 'retract' ? entry as LogEntry : null\n"]],
    names: /malformed log entry/
  },
  {
    name: 'not-json-throws',
    blames: 'indexLog',
    concept: 'A block that is not JSON at all is malformed too (a JSON log\'s encoding throws when it reads one)',
    edits: [["  const bytes = await log.get<Buffer>(seq, { valueEncoding: 'binary' })\n  if (bytes === null) return null\n  let entry: unknown\n  try { entry = JSON.parse(utf8.decode(bytes)) } catch { return null }\n", '  const entry: unknown = await log.get(seq)\n']],
    names: /malformed log entry \(DECODING_ERROR/
  },
  {
    name: 'channel-with-a-zero-byte',
    blames: 'indexLog',
    concept: 'a channel whose name holds a zero byte would write into another channel\'s keys',
    edits: [["  if (typeof channel !== 'string' || channel.includes('\\0')) return false", "  if (typeof channel !== 'string') return false"]],
    names: /zero byte in it would write into channel gen/
  },
  {
    name: 'flush-not-awaited',
    blames: 'indexLog',
    concept: 'Nothing a batch holds is in the bee until its flush has resolved.',
    edits: [['    await batch.flush()\n', '    void batch.flush()\n']],
    names: /indexLog waits for the flush/
  },
  {
    name: 'batch-left-open',
    blames: 'indexLog',
    concept: 'A batch holds the bee\'s write lock until it is flushed or closed, whatever happens: one left open makes every later write wait forever.',
    edits: [['    await batch.close() //', '    // batch.close() //']],
    names: /neither flushed nor closed keeps the bee's write lock/
  },
  {
    name: 'position-read-outside-the-lock',
    blames: 'indexLog',
    concept: 'Two calls of indexLog can run at once (an `append` listener that indexes each append does that): each must start where the other stopped, so a call reads the position only once no other call can still move it.',
    edits: [['    await batch.lock()\n', '']],
    names: /under the bee's write lock/
  },
  {
    name: 'no-position',
    blames: 'indexLog',
    concept: 'A view remembers how far it got',
    edits: [
      ["    const position = await batch.get(POSITION)\n    const from = typeof position?.value === 'number' ? position.value : 0\n", '    const from = 0\n'],
      ['    await batch.put(POSITION, to)\n', '']
    ],
    names: /remember how far it indexed/
  },
  {
    name: 'position-in-memory',
    blames: 'indexLog',
    concept: 'A position kept in memory is lost with the process, and the next start indexes everything again on top of an index that already holds it.',
    edits: [
      ["const POSITION = 'indexed'\n", "const POSITION = 'indexed'\nconst positions = new WeakMap<Bee, number>()\n"],
      ["    const position = await batch.get(POSITION)\n    const from = typeof position?.value === 'number' ? position.value : 0\n", '    const from = positions.get(bee) ?? 0\n'],
      ['    await batch.put(POSITION, to)\n    await batch.flush()\n', '    await batch.flush()\n    positions.set(bee, to)\n']
    ],
    names: /stored in the bee itself/
  },
  {
    name: 'position-after-the-batch',
    blames: 'indexLog',
    concept: 'the position is data of the bee like the entries it covers, so that the index and its position can never disagree, not even after a crash.',
    edits: [['    await batch.put(POSITION, to)\n    await batch.flush()\n', '    await batch.flush()\n    await bee.put(POSITION, to)\n']],
    names: /one append/
  },
  {
    name: 'put-by-put',
    blames: 'indexLog',
    concept: 'readers (a snapshot, a replica, an `append` listener) see the bee before the batch or after it, never half of it',
    edits: [
      ['  const batch = bee.batch()\n', '  const batch = bee\n'],
      ['    await batch.lock()\n', ''],
      ['    await batch.flush()\n', ''],
      ['    await batch.close() //', '    // batch.close() //']
    ],
    names: /one append|appear at once, or not at all/
  },
  {
    name: 'diff-sides-swapped',
    blames: 'changes',
    concept: 'the entry in the bee you asked (now) and the entry in the other version (then)',
    edits: [['before: right === null ? null : right.value, after: left === null ? null : left.value', 'before: left === null ? null : left.value, after: right === null ? null : right.value']],
    names: /before: what the channel held/
  },
  {
    name: 'changes-by-reading-both-versions',
    blames: 'changes',
    concept: 'It skips whole subtrees the two versions share, so it costs about as much as the change, not the bee.',
    edits: [["  for await (const { left, right } of channel(bee, name).createDiffStream(since)) {\n    const key = (left ?? right).key\n    found.push({ key, before: right === null ? null : right.value, after: left === null ? null : left.value })\n  }\n",
      "  const then = new Map<string, ChannelMessage>()\n  const now = new Map<string, ChannelMessage>()\n  const old = bee.checkout(since)\n  for await (const e of channel(old, name).createReadStream()) then.set(e.key, e.value)\n  await old.close()\n  for await (const e of channel(bee, name).createReadStream()) now.set(e.key, e.value)\n  for (const key of [...new Set([...then.keys(), ...now.keys()])].sort()) {\n    const before = then.get(key) ?? null\n    const after = now.get(key) ?? null\n    if (JSON.stringify(before) !== JSON.stringify(after)) found.push({ key, before, after })\n  }\n"]],
    names: /costs about as much as the change/
  },
  {
    name: 'diff-whole-bee',
    blames: 'changes',
    concept: 'Made on a sub, it only walks that sub\'s keys.',
    edits: [['of channel(bee, name).createDiffStream(since)', 'of bee.createDiffStream(since)']],
    names: /nothing of channel general/
  },
  {
    name: 'keys-ascii',
    blames: 'openBee',
    concept: 'A key is any text, not only ASCII: a name in any script comes back as it was put.',
    edits: [["new Hyperbee(core, { keyEncoding: 'utf-8', valueEncoding: 'json' })", "new Hyperbee(core, { keyEncoding: 'ascii', valueEncoding: 'json' })"]],
    names: /not ASCII comes back as it was put/
  },
  {
    name: 'range-filtered-after-limit',
    blames: 'history',
    concept: 'The range and the limit belong to the same read: a limit applied before the range is filtered gives too few.',
    edits: [
      ['    gt: range.after === undefined ? undefined : messageKey(range.after),\n    lt: range.before === undefined ? undefined : messageKey(range.before)\n  }, {', '  }, {'],
      ['  return messages\n', '  return messages.filter((m) => (range.after === undefined || m.logSeq > range.after) && (range.before === undefined || m.logSeq < range.before))\n']
    ],
    names: /a limit applied before the range is filtered/
  },
  {
    name: 'retract-logseq-coerced',
    blames: 'indexLog',
    concept: "A field of the wrong type is malformed even when it converts: `'0'`, `null` or `false` is not the log seq 0.",
    edits: [["  if (type === 'retract') return Number.isSafeInteger(logSeq) && (logSeq as number) >= 0\n",
      "  if (type === 'retract') {\n    const n = Number(logSeq)\n    ;(entry as Record<string, unknown>).logSeq = n\n    return Number.isSafeInteger(n) && n >= 0\n  }\n"]],
    names: /not something that converts to one/
  },
  {
    name: 'channel-zero-byte-stripped',
    blames: 'indexLog',
    concept: 'A malformed entry is skipped, not repaired.',
    edits: [["  if (typeof channel !== 'string' || channel.includes('\\0')) return false // '\\0' ends a channel's prefix\n",
      "  if (typeof channel !== 'string') return false\n  ;(entry as Record<string, unknown>).channel = channel.replaceAll('\\0', '')\n"]],
    names: /skipped, not repaired/
  },
  {
    name: 'read-failure-skipped',
    blames: 'indexLog',
    concept: 'A read of the log that fails is not a malformed entry: the call fails, and the position stays where it was.',
    edits: [["await log.get<Buffer>(seq, { valueEncoding: 'binary' })\n", "await log.get<Buffer>(seq, { valueEncoding: 'binary' }).catch(() => null)\n"]],
    names: /it must reject/
  },
  {
    // A learner trial: a failed read saves the progress made so far and resolves, as if the log ended there.
    name: 'read-failure-saves-progress',
    blames: 'indexLog',
    concept: 'A read of the log that fails is not the end of the log: the call rejects, so its caller knows, and writes nothing.',
    edits: [['      const entry = await entryAt(log, logSeq)\n',
      '      let entry: LogEntry | null\n      try { entry = await entryAt(log, logSeq) } catch { await batch.put(POSITION, logSeq); await batch.flush(); return logSeq - from }\n']],
    names: /it must reject/
  },
  {
    name: 'batch-left-open-on-error',
    blames: 'indexLog',
    concept: 'A batch holds the bee\'s write lock until it is flushed or closed, whatever happens: one left open makes every later write wait forever.',
    edits: [
      ['    if (from >= to) return 0\n', '    if (from >= to) { await batch.close(); return 0 }\n'],
      ['    await batch.close() //', '    // batch.close() //']
    ],
    names: /whatever happens, an error too/
  },
  {
    name: 'lock-on-the-bee',
    blames: 'indexLog',
    concept: "The lock is the batch's to take: a lock you take on the bee yourself is one the batch's first write then waits for, forever.",
    edits: [['    await batch.lock()\n', '    await (bee as unknown as { lock: () => Promise<unknown> }).lock()\n']],
    names: /a lock its own call already holds/
  },
  {
    name: 'position-in-memory-by-key',
    blames: 'indexLog',
    concept: "Nor does memory know which state of the bee it is asked about: a copy of the bee's core made a call ago holds its own, older position.",
    edits: [
      ["const POSITION = 'indexed'\n", "const POSITION = 'indexed'\nconst positions = new Map<string, number>()\n"],
      ["    const position = await batch.get(POSITION)\n    const from = typeof position?.value === 'number' ? position.value : 0\n", "    const from = positions.get(bee.core.key.toString('hex')) ?? 0\n"],
      ['    await batch.put(POSITION, to)\n    await batch.flush()\n', "    await batch.flush()\n    positions.set(bee.core.key.toString('hex'), to)\n"]
    ],
    names: /not one kept in memory/
  },
  {
    name: 'position-is-the-log-length',
    blames: 'indexLog',
    concept: "The position a call writes is where it stopped, not the log's length when it flushes: the log may have grown meanwhile.",
    edits: [['    await batch.put(POSITION, to)\n', '    await batch.put(POSITION, log.length)\n']],
    names: /not the log's length when it flushed/
  },
  {
    name: 'busy-gives-up',
    blames: 'indexLog',
    concept: 'A call that finds another running waits for it; giving up leaves what was appended meanwhile unindexed until somebody calls again.',
    edits: [['export async function indexLog (log: Hypercore, bee: Bee): Promise<number> {\n  const batch = bee.batch()\n',
      'const busy = new WeakSet<Bee>()\nexport async function indexLog (log: Hypercore, bee: Bee): Promise<number> {\n  if (busy.has(bee)) return 0\n  busy.add(bee)\n  try { return await indexOnce(log, bee) } finally { busy.delete(bee) }\n}\nasync function indexOnce (log: Hypercore, bee: Bee): Promise<number> {\n  const batch = bee.batch()\n']],
    names: /rather than giving up/
  },
  {
    name: 'flush-every-50',
    blames: 'indexLog',
    concept: 'readers (a snapshot, a replica, an `append` listener) see the bee before the batch or after it, never half of it',
    edits: [
      ['  const batch = bee.batch()\n', '  let batch = bee.batch()\n'],
      ['      else await batch.del(key)\n', '      else await batch.del(key)\n      if ((logSeq + 1 - from) % 50 === 0) { await batch.put(POSITION, logSeq + 1); await batch.flush(); batch = bee.batch(); await batch.lock() }\n']
    ],
    names: /one call is one batch, flushed once/
  },
  {
    name: 'changes-whole-bee-filtered',
    blames: 'changes',
    concept: "Made on the whole bee, it walks every channel's changes, and keeping one channel's afterwards does not undo that reading.",
    edits: [["  for await (const { left, right } of channel(bee, name).createDiffStream(since)) {\n    const key = (left ?? right).key\n",
      "  for await (const { left, right } of bee.createDiffStream(since)) {\n    if (!(left ?? right).key.startsWith(name + '\\0')) continue\n    const key = (left ?? right).key.slice(name.length + 1)\n"]],
    names: /diffing the whole bee and keeping the channel's keys/
  },
  {
    name: 'replica-without-encodings',
    blames: 'openReplica',
    concept: 'A replica needs the same encodings as the writer (they are not in the blocks).',
    edits: [['  return openBee(new Hypercore(dir, key))\n', '  const replica: Bee = new Hyperbee(new Hypercore(dir, key))\n  await replica.ready()\n  return replica\n']],
    names: /same encodings/
  },
  {
    name: 'replica-not-ready',
    blames: 'openReplica',
    concept: 'Wait until the bee is ready before you hand it out, as with a core.',
    edits: [['  return openBee(new Hypercore(dir, key))\n', "  return new Hyperbee(new Hypercore(dir, key), { keyEncoding: 'utf-8', valueEncoding: 'json' })\n"]],
    names: /ready when openReplica resolves/
  },
  {
    name: 'replica-without-key-encoding',
    blames: 'openReplica',
    concept: 'A replica needs the same encodings as the writer (they are not in the blocks).',
    edits: [['  return openBee(new Hypercore(dir, key))\n', "  const replica: Bee = new Hyperbee(new Hypercore(dir, key), { valueEncoding: 'json' })\n  await replica.ready()\n  return replica\n"]],
    names: /the key's too/
  },
  {
    name: 'replica-downloads-everything',
    blames: 'openReplica',
    concept: 'Do not ask a replica to download everything, as kata 07\'s live copies did',
    edits: [['  return openBee(new Hypercore(dir, key))\n', '  const core = new Hypercore(dir, key)\n  core.download({ start: 0, end: -1 })\n  return openBee(core)\n']],
    names: /only the ones its queries touched/
  },
  {
    // A learner trial: Number.isInteger accepts 2**53 and 1e21, which messageKey refuses: the index stops there for good.
    name: 'retract-logseq-any-integer',
    blames: 'indexLog',
    concept: 'A log seq is a safe integer: an entry whose logSeq is an integer past Number.MAX_SAFE_INTEGER is malformed, and skipped, or the index stops at it for good.',
    edits: [["  if (type === 'retract') return Number.isSafeInteger(logSeq) && (logSeq as number) >= 0\n", "  if (type === 'retract') return Number.isInteger(logSeq) && (logSeq as number) >= 0\n"]],
    names: /not a safe one/
  },
  {
    // A learner trial: the peer's entry spread into the message, so a peer forges fields readers see.
    name: 'entry-spread-into-the-index',
    blames: 'indexLog',
    concept: 'A peer\'s entry is untrusted: the index stores a message built from the fields it checked, never the entry itself, whose extra fields a peer can forge.',
    edits: [["      if (entry.type === 'chat') await batch.put(key, { logSeq, channel: entry.channel, text: entry.text })\n",
      "      if (entry.type === 'chat') { const { type, ...fields } = entry; await batch.put(key, { ...fields, logSeq }) }\n"]],
    names: /never the peer's entry spread/
  },
  {
    name: 'logseq-taken-from-the-entry',
    blames: 'indexLog',
    concept: 'A peer\'s entry is untrusted: a message\'s logSeq is where its entry is in the log, whatever the entry says.',
    edits: [["      if (entry.type === 'chat') await batch.put(key, { logSeq, channel: entry.channel, text: entry.text })\n",
      "      if (entry.type === 'chat') await batch.put(key, { logSeq, ...entry, type: undefined } as unknown as ChannelMessage)\n"]],
    names: /whatever the entry says/
  },
  {
    name: 'position-in-a-channel',
    blames: 'indexLog',
    concept: 'The view\'s position is data of the bee, under a key no channel can have: a peer names the channels.',
    edits: [["const POSITION = 'indexed'\n", "const POSITION = 'meta\\0indexed'\n"]],
    names: /a key no channel can have/
  },
  {
    name: 'position-moves-only-on-a-write',
    blames: 'indexLog',
    concept: 'A view\'s position is how far it went through the log, skipped entries included: a run of entries it skipped is not read again by every later call.',
    edits: [
      ['    const to = log.length\n', '    const to = log.length\n    let wrote = false\n'],
      ['      if (entry === null) continue\n', '      if (entry === null) continue\n      wrote = true\n'],
      ['    await batch.put(POSITION, to)\n', '    if (wrote) await batch.put(POSITION, to)\n']
    ],
    names: /position moves past them/
  },
  {
    name: 'checkout-left-open',
    blames: 'changes',
    concept: 'A checkout of an old version is a session of the core: what a function opens, it closes.',
    edits: [['createDiffStream(since)', 'createDiffStream(channel(bee.checkout(since), name) as never)']],
    names: /sessions of the bee's core open/
  },
  {
    name: 'lossy-utf8-log',
    blames: 'indexLog',
    concept: 'The log is peer data: bytes that are not UTF-8 are a malformed entry, skipped, not repaired into U+FFFD.',
    edits: [['JSON.parse(utf8.decode(bytes))', 'JSON.parse(bytes.toString())']],
    names: /not UTF-8/
  },
  {
    name: 'position-written-when-nothing-new',
    blames: 'indexLog',
    concept: 'A call with nothing new to index writes nothing: not even the position, which is where it was.',
    edits: [['    if (from >= to) return 0\n', '']],
    names: /writes nothing, not even its position/
  }
] satisfies Mistake[]
