// Kata 13 — Hyperbee: a sorted index on a log. Run it: npm test -- 13
import { cp } from 'node:fs/promises'
import path from 'node:path'
import Hyperbee from 'hyperbee'
import Hypercore from 'hypercore'
import { test, type KataContext } from '../../src/harness/index.ts'
import {
  changes, channel, history, indexLog, messageKey, openBee, openReplica,
  type Bee, type ChannelMessage, type LogEntry
} from './bee.ts'

/** A core for a bee: its blocks are the bee's own bytes (no JSON on the core itself). */
const beeCore = (k: KataContext): Promise<Hypercore> => k.hypercore({ valueEncoding: 'binary' })

async function bee (k: KataContext, core?: Hypercore): Promise<Bee> {
  return k.step('openBee(core)', openBee(core ?? await beeCore(k)))
}

const chat = (channel: string, text: string): LogEntry => ({ type: 'chat', channel, text })
const message = (logSeq: number, channel: string, text: string): ChannelMessage => ({ logSeq, channel, text })

/** Appends `entries` to `log`, then indexes them into `into`. */
const INDEX = 'indexLog(log, bee) (if it never resolves: a write lock taken and never given back, or a batch waiting for a lock its own call already holds: a batch writes under its own lock, the batch\'s, not one you take on the bee)'

async function index (k: KataContext, log: Hypercore, into: Bee, entries: LogEntry[], label = INDEX): Promise<number> {
  if (entries.length) await k.step('appending to the log', log.append(entries))
  return k.step(label, indexLog(log, into))
}

/** What calling `work` did: '' when it threw a RangeError that says why, else what it returned or threw instead. */
function rangeErrorOf (work: () => unknown): string {
  try {
    return `returned ${JSON.stringify(work())}`
  } catch (err) {
    if (!(err instanceof RangeError)) return `threw ${String(err)}`
    return /\w/.test(err.message) ? '' : 'a RangeError with no message: say what a log seq must be'
  }
}

test('openBee: string keys, JSON values; get gives { seq, key, value } or null', async (t, k) => {
  const core = k.closes(new Hypercore(await k.tmp())) // still opening: openBee must wait for it
  const db = await bee(k, core)
  t.ok(db.opened, 'the bee is ready when openBee resolves (wait until it is ready)')
  t.is(db.core, core, 'the bee lives in the core it was given')

  try {
    await k.step('bee.put(\'alice\', { name: \'Alice\' })', db.put('alice', { name: 'Alice' }))
  } catch (err) {
    t.fail(`put of an object failed (${(err as Error).message}): values are JSON, the bee needs a JSON value encoding`)
    return
  }
  t.is(core.length, 2, 'the first put appends two blocks: block 0 is the bee\'s header, block 1 the entry')
  const alice = await k.step('bee.get(\'alice\')', db.get('alice'))
  t.ok(alice, 'the entry is there')
  t.is(typeof alice?.key, 'string', 'keys come back as strings, not bytes: the bee needs a utf-8 key encoding')
  t.absent(Buffer.isBuffer(alice?.value), 'values come back as the objects you put, not bytes: the bee needs a JSON value encoding')
  t.alike(alice, { seq: 1, key: 'alice', value: { name: 'Alice' } }, 'get gives { seq, key, value }: seq is the block of the bee\'s core the entry was written in')

  await k.step('bee.put(\'alice\', { name: \'Al\' })', db.put('alice', { name: 'Al' }))
  t.alike(await k.step('bee.get(\'alice\')', db.get('alice')), { seq: 2, key: 'alice', value: { name: 'Al' } }, 'a second put of the key appends another block and wins')
  t.is(db.version, core.length, 'the bee\'s version is its core\'s length')
  t.is(await k.step('bee.get(\'bob\')', db.get('bob')), null, 'a key never put: null')

  const name = 'zoë ✓ 名前'
  await k.step(`bee.put('${name}', 1)`, db.put(name, 1))
  const got = await k.step(`bee.get('${name}')`, db.get(name))
  t.is(got?.key, name, `a key that is not ASCII comes back as it was put (got ${JSON.stringify(got?.key)}): keys are utf-8 strings, the bee needs a utf-8 key encoding (ascii or latin1 mangle them)`)
  await k.step(`bee.del('${name}')`, db.del(name))
  await k.step('bee.del(\'alice\')', db.del('alice'))
  t.is(await k.step('bee.get(\'alice\')', db.get('alice')), null, 'after del: null')
  t.is(core.length, 6, 'a del appends a block too: the log keeps everything, the tree forgets the key')
})

test('messageKey: keys whose bytes sort like the log seqs', async (t) => {
  // Every place where a number written in base 10 or in a power of 2 gains a digit, up to the largest seq.
  const edges = [0, 1, Number.MAX_SAFE_INTEGER]
  for (let d = 1; d <= 15; d++) edges.push(10 ** d - 1, 10 ** d)
  for (let b = 1; b <= 52; b++) edges.push(2 ** b - 1, 2 ** b)
  const seqs = [...new Set(edges)].sort((a, b) => a - b)
  const keys = seqs.map((seq) => messageKey(seq))
  t.ok(keys.every((key) => typeof key === 'string'), 'a key is a string')
  t.is(new Set(keys).size, keys.length, 'a different seq, a different key')
  const bytes = (i: number): Buffer => Buffer.from(keys[i])
  const wrong = seqs.findIndex((_, i) => i > 0 && Buffer.compare(bytes(i - 1), bytes(i)) >= 0)
  t.is(wrong, -1, wrong === -1
    ? 'every key sorts like its seq, up to Number.MAX_SAFE_INTEGER'
    : `messageKey(${seqs[wrong - 1]}) sorts after messageKey(${seqs[wrong]}) (${JSON.stringify(keys[wrong - 1])} vs ${JSON.stringify(keys[wrong])}): a bee sorts keys by their bytes, so numbers need a fixed width wide enough for Number.MAX_SAFE_INTEGER (${String(Number.MAX_SAFE_INTEGER).length} digits)`)
  for (const bad of [-1, 1.5, NaN, 2 ** 53, Infinity]) {
    const got = rangeErrorOf(() => messageKey(bad))
    t.is(got, '', `messageKey(${bad}) must throw a RangeError${got ? ` (got: ${got})` : ''}: a log seq is a whole number from 0 to Number.MAX_SAFE_INTEGER`)
  }
})

test('channel(bee, name) is a sub: a key prefix in the bee\'s own core, not another core', async (t, k) => {
  const db = await bee(k)
  const gen = channel(db, 'gen')
  t.alike(gen.key, db.key, 'a channel lives in the bee\'s own core: same key')
  await k.step('putting message 1 into channel gen', gen.put(messageKey(1), message(1, 'gen', 'hi')))
  t.alike((await k.step('channel gen: get', gen.get(messageKey(1))))?.value, message(1, 'gen', 'hi'), 'the channel gives back what was put into it, as JSON')
  t.is(await k.step('channel general: get', channel(db, 'general').get(messageKey(1))), null, 'channel general does not see channel gen\'s keys')
  const raw = await k.step('bee: get of the prefixed key', db.get(`gen\0${messageKey(1)}`))
  t.alike(raw?.value, message(1, 'gen', 'hi'), 'in the bee itself the key is the channel\'s name, a zero byte, then the key: a sub is a key prefix')
})

test('history: a range of one channel in log order; after and before are exclusive; newest first; a limit', async (t, k) => {
  const db = await bee(k)
  for (let seq = 0; seq <= 24; seq++) {
    const name = seq % 2 === 0 ? 'gen' : 'general'
    await k.step(`putting message ${seq}`, channel(db, name).put(messageKey(seq), message(seq, name, `m${seq}`)))
  }
  const seqsOf = async (label: string, work: Promise<ChannelMessage[]>): Promise<number[]> =>
    (await k.step(label, work)).map((m) => m.logSeq)
  const even = (from: number, to: number): number[] => Array.from({ length: (to - from) / 2 + 1 }, (_, i) => from + 2 * i)

  const all = await k.step('history(bee, \'gen\')', history(db, 'gen'))
  t.alike(all[0], message(0, 'gen', 'm0'), 'history gives the channel\'s messages, the values that were put')
  t.alike(all.map((m) => m.logSeq), even(0, 24), 'every message of gen, in log order (10 after 8), and none of general\'s (a sub, not a prefix of the key: gen is a prefix of general)')
  t.alike(await seqsOf('history(bee, \'gen\', { after: 4 })', history(db, 'gen', { after: 4 })), even(6, 24), 'after is exclusive: { after: 4 } starts at 6')
  t.alike(await seqsOf('history(bee, \'gen\', { before: 10 })', history(db, 'gen', { before: 10 })), even(0, 8), 'before is exclusive: { before: 10 } ends at 8')
  t.alike(await seqsOf('history(bee, \'gen\', { after: 4, before: 10 })', history(db, 'gen', { after: 4, before: 10 })), [6, 8], 'both: the messages between')
  t.alike(await seqsOf('history(bee, \'gen\', { limit: 2 })', history(db, 'gen', { limit: 2 })), [0, 2], 'limit: the first two')
  t.alike(await seqsOf('history(bee, \'gen\', { newest: true, limit: 3 })', history(db, 'gen', { newest: true, limit: 3 })), [24, 22, 20], 'newest first: the range read in reverse, then the limit')
  t.alike(await seqsOf('history(bee, \'general\', { newest: true, after: 19 })', history(db, 'general', { newest: true, after: 19 })), [23, 21], 'newest first, after 19')
  t.alike(await seqsOf('history(bee, \'gen\', { after: 4, limit: 2 })', history(db, 'gen', { after: 4, limit: 2 })), [6, 8], '{ after: 4, limit: 2 }: the range first, then the limit: give the read stream the bounds with the limit (a limit applied before the range is filtered leaves too few)')
  t.alike(await seqsOf('history(bee, \'gen\', { newest: true, before: 10, limit: 2 })', history(db, 'gen', { newest: true, before: 10, limit: 2 })), [8, 6], '{ newest: true, before: 10, limit: 2 }: the newest two before 10: give the read stream the bounds with the limit (a limit applied before the range is filtered leaves too few)')
  t.alike(await k.step('history(bee, \'random\')', history(db, 'random')), [], 'a channel with no messages: []')
  t.alike(await seqsOf('history(bee, \'gen\', { after: 0 })', history(db, 'gen', { after: 0 })), even(2, 24), '{ after: 0 } starts at 2: 0 is a log seq like any other, not a missing bound')
  t.alike(await seqsOf('history(bee, \'gen\', { before: 0 })', history(db, 'gen', { before: 0 })), [], '{ before: 0 } is empty: 0 is a log seq like any other, not a missing bound')
  t.alike(await seqsOf('history(bee, \'gen\', { limit: 0 })', history(db, 'gen', { limit: 0 })), [], '{ limit: 0 } is empty: a limit of 0 gives nothing, it is not a missing limit')
})

test('history reads only what it returns: on a sparse copy, the 5 newest of a channel fetch a few blocks, not the channel', async (t, k) => {
  const db = await bee(k)
  await write(k, db, Array.from({ length: 300 }, (_, seq) => message(seq, ['gen', 'general', 'random'][seq % 3], `m${seq}`)))
  const copy = await sparseCopy(k, db)
  const latest = await k.step('history(copy, \'general\', { newest: true, limit: 5 })', history(copy, 'general', { newest: true, limit: 5 }))
  t.alike(latest.map((m) => m.logSeq), [298, 295, 292, 289, 286], 'history on a copy answers like on the writer: the 5 newest of general')
  const held = await heldBlocks(copy)
  t.ok(held < copy.core.length / 4, `history(copy, 'general', { newest: true, limit: 5 }) fetched ${held} of ${copy.core.length} blocks: history reads the whole channel and cuts the list afterwards. Give the read stream the range, the order and the limit: it then reads only what it returns (on a copy, downloads only that)`)
})

test('indexLog folds a plain log into the bee: chat messages under their channel, retractions deleted', async (t, k) => {
  const log = await k.hypercore()
  const db = await bee(k)
  const count = await index(k, log, db, [
    chat('gen', 'a'), chat('general', 'b'), chat('gen', 'c'),
    { type: 'retract', channel: 'gen', logSeq: 0 },
    { type: 'mystery' } as unknown as LogEntry,
    chat('general', 'd'),
    { type: 'retract', channel: 'random', logSeq: 1 }
  ])
  t.is(count, 7, 'indexLog resolves with how many log entries it went through: all 7, an entry of another type too')
  t.ok(db.version > 1, 'the bee holds the log\'s messages once indexLog resolves: its batch is flushed, and indexLog waits for the flush')
  const general = await k.step('history(bee, \'general\')', history(db, 'general'))
  const lost = !general.some((m) => m.logSeq === 1) && general.some((m) => m.logSeq === 5)
  t.alike(general, [message(1, 'general', 'b'), message(5, 'general', 'd')], lost
    ? 'general lost message 1 to a retract in channel random: a retraction deletes the message at its logSeq in its own channel (random has no message 1: nothing to delete)'
    : 'each chat message is in its channel (in the bee, a channel\'s keys are its name, a zero byte, then messageKey(the message\'s seq in the log)), its value { logSeq, channel, text }; an entry of another type is skipped')
  t.alike(await k.step('history(bee, \'gen\')', history(db, 'gen')), [message(2, 'gen', 'c')], 'message 0 was retracted: a retraction deletes the message\'s key')

  await index(k, log, db, [{ type: 'retract', channel: 'gen', logSeq: 1000 }],
    'indexLog(log, bee) with a retract of seq 1000, past the end of the log (a retraction deletes a key of its own channel: an absent key is nothing to delete, and nothing waits for seq 1000 of the log)')
  t.alike(await k.step('history(bee, \'gen\')', history(db, 'gen')), [message(2, 'gen', 'c')], 'a retract of a seq past the end of the log deletes nothing')
})

test('indexLog skips malformed log entries (the log is peer data) and keeps working', async (t, k) => {
  const log = await k.hypercore()
  const db = await bee(k)
  const raw = k.closes(log.session({ valueEncoding: 'binary' }))
  await k.step('appending a message, then malformed entries', (async () => {
    await log.append(chat('gen', 'ok'))
    await raw.append(Buffer.from('{"type":"chat", not JSON'))
    await raw.append(Buffer.concat([Buffer.from('{"type":"chat","channel":"bytes","text":"'), Buffer.from([0xff]), Buffer.from('"}')]))
    await log.append([
      null, 42, 'chat', [], { type: 'chat', text: 'no channel' }, { type: 'chat', channel: 5, text: 'a number for a channel' },
      { type: 'chat', channel: 'gen' }, { type: 'chat', channel: 'gen', text: 7 },
      { type: 'retract', channel: 'gen', logSeq: -1 }, { type: 'retract', channel: 'gen', logSeq: 'x' },
      { type: 'retract', channel: 'gen', logSeq: 1.5 }, { type: 'retract', channel: 'gen' },
      { type: 'retract', channel: 'gen', logSeq: null }, { type: 'retract', channel: 'gen', logSeq: '0' },
      { type: 'retract', channel: 'gen', logSeq: false }, { type: 'retract', channel: 'gen', logSeq: [] },
      { type: 'chat', channel: `gen\0${messageKey(5)}`, text: 'a zero byte in a channel\'s name' },
      { type: 'shout', channel: 'gen', text: 'an unknown type' }, { type: 'shout', channel: 'gen', logSeq: 0 }
    ])
  })())
  const length = log.length
  let count: number | null = null
  try {
    count = await k.step('indexLog(log, bee) over malformed entries', indexLog(log, db))
  } catch (err) {
    t.fail(`indexLog threw on a malformed log entry (${(err as Error).message}): the log is peer data; an entry that is not a well-formed chat or retract is skipped, like an entry of another type`)
  }
  if (count !== null) t.is(count, length, `indexLog went through all ${length} entries, the malformed ones too`)
  const gen = await k.step('history(bee, \'gen\')', history(db, 'gen'))
  if (gen.length === 0) t.fail('message 0 of gen was deleted by a malformed entry: only an entry of type retract retracts (a { type: \'shout\', logSeq: 0 } is of another type), and its logSeq is a number in the log, not something that converts to one (null, \'0\', false and [] are not the log seq 0)')
  t.alike(gen, [message(0, 'gen', 'ok')],
    'channel gen holds only its one message: a malformed entry is skipped (a chat needs a text; a channel name with a zero byte in it would write into channel gen\'s keys)')
  const lossy = await k.step('history(bee, \'bytes\')', history(db, 'bytes'))
  t.alike(lossy, [], `indexLog stored ${JSON.stringify(lossy.map((m) => m.text))} in channel bytes from an entry whose text holds a byte 0xFF: bytes that are not UTF-8 are a malformed entry, skipped, not repaired into U+FFFD (decode the log's bytes strictly)`)
  for (const name of ['undefined', '5', `gen${messageKey(5)}`]) {
    t.alike(await k.step(`history(bee, '${name}')`, history(db, name)), [], `nothing in channel '${name}': a malformed entry (no channel, one that is not a string, one with a zero byte) is skipped, not repaired`)
  }
  await index(k, log, db, [chat('gen', 'after')],
    'indexLog(log, bee) after the malformed entries (a batch neither flushed nor closed keeps the bee\'s write lock, and every later write waits for it)')
  t.alike((await k.step('history(bee, \'gen\')', history(db, 'gen'))).map((m) => m.text), ['ok', 'after'], 'the next call indexes the next message past the malformed ones')
})

test('indexLog skips a retract whose logSeq is an integer past Number.MAX_SAFE_INTEGER, and keeps indexing', async (t, k) => {
  const log = await k.hypercore()
  const db = await bee(k)
  await k.step('appending a message, retracts of logSeq 2**53 and 1e21, another message', log.append([
    chat('gen', 'ok'), { type: 'retract', channel: 'gen', logSeq: 2 ** 53 }, { type: 'retract', channel: 'gen', logSeq: 1e21 }, chat('gen', 'after')
  ]))
  const unsafe = 'a logSeq of 2**53 or more is an integer, but not a safe one: past Number.MAX_SAFE_INTEGER a number no longer names one seq (2**53 + 1 reads back as 2**53), and messageKey refuses it. Such an entry is malformed: skip it, or the index stops at it for good, every call failing on the same entry'
  try {
    t.is(await k.step('indexLog(log, bee) over retracts of logSeq 2**53 and 1e21', indexLog(log, db)), 4, 'indexLog went through all 4 entries')
  } catch (err) {
    t.fail(`indexLog threw on a retract of logSeq 2**53 (${(err as Error).message}): ${unsafe}`)
    return
  }
  t.alike((await k.step('history(bee, \'gen\')', history(db, 'gen'))).map((m) => m.text), ['ok', 'after'], `indexLog indexed the messages around them, and the retracts deleted nothing: ${unsafe}`)
})

test('indexLog keeps a message as { logSeq, channel, text }: fields a peer adds to its entry are not copied', async (t, k) => {
  const log = await k.hypercore()
  const db = await bee(k)
  const forged = { type: 'chat', channel: 'gen', text: 'hi', logSeq: 99, by: 'alice', seq: 7, key: 'general' }
  await index(k, log, db, [chat('gen', 'plain'), forged as unknown as LogEntry])
  const gen = await k.step('history(bee, \'gen\')', history(db, 'gen'))
  t.alike(gen, [message(0, 'gen', 'plain'), message(1, 'gen', 'hi')],
    `indexLog stored ${JSON.stringify(gen[1])} for a peer's entry ${JSON.stringify(forged)}: a message in the index is { logSeq, channel, text } and nothing more, built from the fields indexLog checked, never the peer's entry spread into it. Its logSeq is where the entry is in the log, whatever the entry says; a by, a seq or a key a peer made up would reach every reader as if the index vouched for it`)
})

test('indexLog remembers how far it got, in the bee: the next call indexes only what is new', async (t, k) => {
  const dir = await k.tmp()
  const log = await k.hypercore()
  const core = k.closes(new Hypercore(dir))
  let db = await bee(k, core)
  t.is(await index(k, log, db, [chat('gen', 'a'), chat('gen', 'b'), chat('general', 'c')]), 3, 'three entries indexed')
  const length = core.length
  t.is(await index(k, log, db, []), 0, 'nothing new in the log: indexLog resolves with 0 (it must remember how far it indexed, in the bee)')
  t.is(core.length, length, `nothing new in the log, yet indexLog appended ${core.length - length} blocks to the bee: a call with nothing to index writes nothing, not even its position (it is where it was)`)
  const strays = await k.step('reading every key of the bee', keysInChannels(db))
  t.alike(strays, [], `indexLog wrote ${strays.join(', ')} inside a channel's keyspace (a channel's keys are its name, a zero byte, then the key), where that channel's history would show it: indexLog keeps its position under a key no channel can have`)

  t.is(await index(k, log, db, [chat('gen', 'd'), { type: 'retract', channel: 'gen', logSeq: 1 }],
    'indexLog(log, bee) after a call that had nothing to do (a batch neither flushed nor closed keeps the bee\'s write lock, and every later write waits for it)'), 2,
  'two new entries: only they are indexed')
  t.alike(await k.step('history(bee, \'gen\')', history(db, 'gen')), [message(0, 'gen', 'a'), message(3, 'gen', 'd')], 'the channel has the new message, and the retracted one is gone')

  await k.step('closing the bee\'s core (a restart)', core.close())
  const again = k.closes(new Hypercore(dir))
  db = await bee(k, again)
  const before = again.length
  t.is(await index(k, log, db, []), 0, 'after a restart, a new bee on the same core: nothing to index (the position is stored in the bee itself, not in memory)')
  t.is(again.length, before, 'and nothing appended')

  // A copy of the bee's core made now holds position 5; the original then indexes one more entry. The copy
  // (same key, older blocks) must index from its own position: a position kept in memory cannot know it.
  // (CORESTORE marks the directory a store was made in: a copy leaves it behind and gets its own.)
  await k.step('closing the bee\'s core', again.close())
  const copy = path.join(await k.tmp(), 'copy')
  await k.step('copying the bee\'s core on disk', cp(dir, copy, { recursive: true, filter: (file) => path.basename(file) !== 'CORESTORE' }))
  const third = k.closes(new Hypercore(dir))
  t.is(await index(k, log, await bee(k, third), [chat('gen', 'e')]), 1, 'one more entry indexed')
  await k.step('closing the bee\'s core', third.close())
  const old = await bee(k, k.closes(new Hypercore(copy)))
  t.is(await k.step(INDEX, indexLog(log, old)), 1, 'a bee on a copy of the core made one call ago (same key, older blocks) indexes that one entry: the position is the one stored in this bee\'s blocks, not one kept in memory (by bee, core or key) since the last call')
  t.alike((await k.step('history(copy, \'gen\')', history(old, 'gen'))).map((m) => m.text), ['a', 'd', 'e'], 'and the copy holds the new message')
})

test('indexLog remembers how far it went, past skipped entries too: a log that ends in malformed entries is not read again', async (t, k) => {
  const log = await k.hypercore()
  const db = await bee(k)
  t.is(await index(k, log, db, [chat('gen', 'a')]), 1, 'one message indexed')
  const junk = [{ type: 'shout', channel: 'gen', text: 'an unknown type' }, { type: 'chat', channel: 'gen' }] as unknown as LogEntry[]
  t.is(await index(k, log, db, junk), 2, 'indexLog went through the 2 new entries, both skipped')
  const again = await index(k, log, db, [])
  t.is(again, 0, `indexLog resolved with ${again} on a log with nothing new: entries it skipped were gone through all the same, and its position moves past them (else every later call reads them again, and says it went through them)`)
})

test('indexLog: a read of the log that fails leaves the bee writable, and loses nothing', async (t, k) => {
  const log = await k.hypercore()
  const db = await bee(k)
  await k.step('appending to the log', log.append([chat('gen', 'a'), chat('gen', 'b')]))
  const get = log.get.bind(log)
  let failed = false
  log.get = (async (seq: number, opts?: unknown) => {
    if (seq === 1 && !failed) { failed = true; throw new Error('EIO: the test\'s log failed one read') }
    return get(seq, opts as never)
  }) as typeof log.get
  k.teardown(() => { log.get = get })
  const version = db.version
  let outcome = 'rejected'
  try {
    outcome = `resolved with ${await k.step('indexLog(log, bee) over a log whose read of entry 1 fails once', indexLog(log, db))}`
  } catch {} // rejecting is right: a read that failed is not a malformed entry
  t.is(outcome, 'rejected', `indexLog(log, bee) ${outcome} when a read of the log failed: it must reject, so that its caller learns the log is not indexed to its end (a failed read is not a malformed entry to skip, nor a place to stop and report success)`)
  t.is(db.version, version, `indexLog(log, bee) wrote to the bee (version ${version} -> ${db.version}) in a call whose read failed: a call that fails writes nothing (its batch is closed, never flushed): one call's writes appear at once, or not at all`)
  await k.step('bee.put(\'after\', 1) once indexLog failed (a batch neither flushed nor closed keeps the bee\'s write lock, whatever happens, an error too: every later write waits for it)', db.put('after', 1))
  await k.step(INDEX, indexLog(log, db))
  t.alike((await k.step('history(bee, \'gen\')', history(db, 'gen'))).map((m) => m.text), ['a', 'b'],
    'both messages are in the bee: an entry the log failed to read is not skipped like a malformed one (indexLog rejects, and the position stays where it was)')
})

test('indexLog writes one batch: the core grows by all of it in one append, a reader never sees half', async (t, k) => {
  const log = await k.hypercore()
  const db = await bee(k)
  await index(k, log, db, [chat('gen', 'first')])
  const before = db.core.length
  const seen: number[] = []
  const onAppend = (): void => { seen.push(db.core.length) }
  db.core.on('append', onAppend)
  await index(k, log, db, [
    chat('gen', 'a'), chat('general', 'b'), chat('random', 'c'), chat('gen', 'd'),
    { type: 'retract', channel: 'gen', logSeq: 0 }, chat('general', 'e')
  ])
  db.core.off('append', onAppend)
  t.ok(db.core.length - before >= 6, 'the bee grew by a block per message and retraction (and whatever else indexLog keeps)')
  t.alike(seen, [db.core.length], 'one append: the messages, the retraction and how far indexLog got go into one batch, flushed once; a reader sees all of it or none of it')
})

test('indexLog called twice at once: every log entry is indexed once', async (t, k) => {
  const log = await k.hypercore()
  const db = await bee(k)
  const once = await bee(k)
  await k.step('appending to the log', log.append([chat('gen', 'a'), chat('general', 'b'), { type: 'retract', channel: 'gen', logSeq: 0 }]))
  const counts = await k.step('indexLog(log, bee) twice at once (Promise.all)', Promise.all([indexLog(log, db), indexLog(log, db)]))
  await k.step('indexLog(log, another bee), once', indexLog(log, once))
  t.is(counts[0] + counts[1], 3, `two indexLog calls at once went through ${counts.join(' + ')} entries of the log's 3: the second must start where the first stopped. Read the position under the bee's write lock (the lock its batch writes under), or run the calls one after another`)
  t.is(db.core.length, once.core.length, 'and the bee grew as much as a bee indexed by one call: nothing was written twice')
  t.alike(await k.step('history(bee, \'general\')', history(db, 'general')), [message(1, 'general', 'b')], 'general has its message')
})

test('indexLog: an entry appended while a call runs is indexed by the next call', async (t, k) => {
  const log = await k.hypercore()
  const db = await bee(k)
  await k.step('appending 20 entries to the log', log.append(Array.from({ length: 20 }, (_, i) => chat('gen', `m${i}`))))
  // While the first call reads entry 10, the log grows by one and a second call starts (an append listener does that).
  const get = log.get.bind(log)
  let second: Promise<number> | null = null
  log.get = (async (seq: number, opts?: unknown) => {
    if (seq === 10 && second === null) {
      await log.append(chat('gen', 'late'))
      second = indexLog(log, db)
      second.catch(() => {})
    }
    return get(seq, opts as never)
  }) as typeof log.get
  k.teardown(() => { log.get = get })
  const first = await k.step(INDEX, indexLog(log, db))
  if (second === null) { // a solution that reads the log some other way: start the second call now
    await k.step('appending to the log', log.append(chat('gen', 'late')))
    second = indexLog(log, db)
  }
  const then = await k.step('indexLog(log, bee), the call started during the first', second)
  const texts = (await k.step('history(bee, \'gen\')', history(db, 'gen'))).map((m) => m.text)
  t.ok(texts.includes('late'), 'the entry appended while a call ran is in the bee once the call started after it has resolved: the position written is where the call stopped (not the log\'s length when it flushed), and a call started during another waits for it rather than giving up')
  t.is(first + then, 21, `the two calls went through ${first} + ${then} entries of the log's 21: each starts where the other stopped`)
  t.is(texts.length, 21, 'every message once')
})

test('changes(bee, channel, since): what a channel gained and lost since a version', async (t, k) => {
  const log = await k.hypercore()
  const db = await bee(k)
  await index(k, log, db, [chat('gen', 'a'), chat('gen', 'b'), chat('general', 'c')])
  const since = db.version
  t.alike(await k.step('changes(bee, \'gen\', bee.version)', changes(db, 'gen', since)), [], 'since the current version: nothing changed')

  await index(k, log, db, [chat('gen', 'd'), { type: 'retract', channel: 'gen', logSeq: 0 }, chat('general', 'e')])
  t.alike(await k.step('changes(bee, \'gen\', since)', changes(db, 'gen', since)), [
    { key: messageKey(0), before: message(0, 'gen', 'a'), after: null },
    { key: messageKey(3), before: null, after: message(3, 'gen', 'd') }
  ], 'sorted by key: the retracted message (before: what the channel held at that version, after: null) and the new one (before: null, after: the message); nothing of channel general, nor of anything else the bee holds')
  t.alike(await k.step('changes(bee, \'general\', since)', changes(db, 'general', since)),
    [{ key: messageKey(5), before: null, after: message(5, 'general', 'e') }], 'channel general gained message 5')
  t.alike((await k.step('changes(bee, \'gen\', 1)', changes(db, 'gen', 1))).map((c) => c.after),
    [message(1, 'gen', 'b'), message(3, 'gen', 'd')], 'since version 1 (an empty bee): every message gen holds now, as added')
  const sessions = (db.core as unknown as { sessions: unknown[] }).sessions
  const open = sessions.length
  for (let i = 0; i < 5; i++) await k.step('changes(bee, \'gen\', since)', changes(db, 'gen', since))
  const left = sessions.length - open
  t.is(left, 0, `after 5 calls, changes left ${left} sessions of the bee's core open: a checkout of an old version is a session of the core, closed once read (or let the diff stream take the version, and it closes its own); each one left open lives as long as the bee`)
})

test('changes diffs the channel: on a sparse copy, 2 changes in a channel of 300 fetch about as much as the change', async (t, k) => {
  const db = await bee(k)
  const names = ['gen', 'general', 'random']
  await write(k, db, Array.from({ length: 900 }, (_, seq) => message(seq, names[seq % 3], `m${seq}`)))
  const since = db.version
  await write(k, db, [message(900, 'gen', 'new'), ...Array.from({ length: 300 }, (_, i) => message(901 + i, 'general', `busy ${i}`))], [`gen\0${messageKey(3)}`])
  const copy = await sparseCopy(k, db)
  const heldBefore = await heldBlocks(copy)
  const changed = await k.step('changes(copy, \'gen\', since)', changes(copy, 'gen', since))
  t.alike(changed.map((c) => c.key), [messageKey(3), messageKey(900)], 'changes on a copy answers like on the writer: message 3 deleted, message 900 added')
  const fetched = await heldBlocks(copy) - heldBefore
  t.ok(fetched < 200, `changes(copy, 'gen', since), for 2 changed messages in a channel of 300, fetched ${fetched} blocks: a diff stream made on the channel skips the parts of the tree both versions share, and costs about as much as the change. Reading the channel at both versions and comparing them reads all of it; diffing the whole bee and keeping the channel's keys reads the other channels' changes too (general gained 300 messages)`)
})

test('openReplica: a reader of the index downloads only the blocks its queries touch', async (t, k) => {
  const log = await k.hypercore()
  const db = await bee(k)
  const names = ['gen', 'general', 'random']
  const appends: number[] = []
  const onAppend = (): void => { appends.push(db.core.length) }
  db.core.on('append', onAppend)
  await index(k, log, db, Array.from({ length: 300 }, (_, i) => chat(names[i % 3], `m${i}`)))
  db.core.off('append', onAppend)
  const writes = appends.filter((length) => length > 1) // block 0, the header, a new bee writes on its own
  t.is(writes.length, 1, `indexLog(log, bee) over 300 entries appended to the bee ${writes.length} times (${writes.join(', ')}): one call is one batch, flushed once; a reader never sees half a call`)

  const replica = k.closes(await k.step('openReplica(dir, key)', openReplica(await k.tmp(), db.key)))
  t.ok(replica.opened, 'the replica is ready when openReplica resolves (wait until it is ready, as with the writer\'s bee)')
  t.absent(replica.writable, 'a replica is read-only: open a copy of the writer\'s core by its key')
  const writerSide = db.core.replicate(true)
  const readerSide = replica.core.replicate(false)
  writerSide.pipe(readerSide).pipe(writerSide)
  k.teardown(() => { writerSide.destroy(); readerSide.destroy() })
  await k.until('the replica is connected to the writer', () => replica.core.peers.length > 0)
  await k.step('replica.update({ wait: true }): learning the writer\'s length', replica.update({ wait: true }))
  t.is(replica.version, db.version, 'the replica knows the writer\'s version')

  const latest = await k.step('history(replica, \'general\', { newest: true, limit: 5 })', history(replica, 'general', { newest: true, limit: 5 }))
  t.absent(latest.some((m) => Buffer.isBuffer(m)), 'the replica gives JSON, not bytes: a replica needs the same encodings as the writer')
  t.alike(latest, [298, 295, 292, 289, 286].map((seq) => message(seq, 'general', `m${seq}`)), 'the replica answers like the writer: the 5 newest messages of general')
  const hit = await k.step('channel(replica, \'gen\').get', channel(replica, 'gen').get(messageKey(30)))
  t.alike(hit?.value, message(30, 'gen', 'm30'), 'and a get of one key')
  t.is(typeof hit?.key, 'string', 'with its key as a string, not bytes: a replica needs the same encodings as the writer, the key\'s too')

  const held = await heldBlocks(replica)
  t.ok(held < replica.core.length / 4, `the replica holds ${held} of ${replica.core.length} blocks: only the ones its queries touched. Either it downloads the whole log (a replica must not), or history reads the whole channel and cuts the list afterwards (give the read stream the range, the order and the limit: it then reads only what it returns, on the writer as on a replica)`)

  const since = db.version
  await index(k, log, db, [chat('gen', 'new'), { type: 'retract', channel: 'gen', logSeq: 3 }, ...Array.from({ length: 60 }, (_, i) => chat('general', `busy ${i}`))])
  // One update may come back before the writer's new length has reached the replica: ask until it has.
  await k.until('the replica to learn the writer\'s new version (replica.update({ wait: true }))', async () => {
    await replica.update({ wait: true })
    return replica.version === db.version
  })
  const heldBefore = await heldBlocks(replica)
  const changed = await k.step('changes(replica, \'gen\', since)', changes(replica, 'gen', since))
  t.alike(changed.map((c) => c.key), [messageKey(3), messageKey(300)], 'the replica sees what changed in gen: message 3 retracted, message 300 added')
  const fetched = await heldBlocks(replica) - heldBefore
  t.ok(fetched < 50, `changes() on a replica, for 2 changed messages in a channel of 100, fetched ${fetched} blocks: a diff of two versions skips the parts of the tree they share, and costs about as much as the change; reading the channel at both versions and comparing them reads all of it, and diffing the whole bee and keeping the channel's keys reads the other channels' changes too (general gained 60 messages)`)
})

/** Writes `messages` into their channels (and deletes `deleted`, keys of the bee itself) in one batch: the test's own writes, not indexLog's. */
async function write (k: KataContext, db: Bee, messages: ChannelMessage[], deleted: string[] = []): Promise<void> {
  const batch = db.batch()
  for (const m of messages) await batch.put(`${m.channel}\0${messageKey(m.logSeq)}`, m)
  for (const key of deleted) await batch.del(key)
  await k.step('the test writing messages into the bee (one batch)', batch.flush())
}

/** A sparse copy of `db` the test makes itself (not with openReplica), replicating with it until the test ends. */
async function sparseCopy (k: KataContext, db: Bee): Promise<Bee> {
  const copy: Bee = k.closes(new Hyperbee(new Hypercore(await k.tmp(), db.key), { keyEncoding: 'utf-8', valueEncoding: 'json' }))
  await k.step('opening a sparse copy of the bee', copy.ready())
  const [a, b] = [db.core.replicate(true), copy.core.replicate(false)]
  a.pipe(b).pipe(a)
  k.teardown(() => { a.destroy(); b.destroy() })
  await k.until('the copy learns the writer\'s version', async () => {
    await copy.update({ wait: true })
    return copy.version === db.version
  })
  return copy
}

async function heldBlocks (replica: Bee): Promise<number> {
  let held = 0
  for (let i = 0; i < replica.core.length; i++) if (await replica.core.has(i)) held++
  return held
}

/** Every key of the bee inside a channel's keyspace (it holds a zero byte) that is not a message of that channel. */
async function keysInChannels (db: Bee): Promise<string[]> {
  const strays: string[] = []
  for await (const { key, value } of db.createReadStream()) {
    if (!key.includes('\0')) continue
    const m = value as ChannelMessage | null
    let at: string | null = null
    try { if (m !== null && typeof m === 'object') at = `${m.channel}\0${messageKey(m.logSeq)}` } catch {}
    if (key !== at) strays.push(`${JSON.stringify(value)} under ${JSON.stringify(key)}`)
  }
  return strays
}
