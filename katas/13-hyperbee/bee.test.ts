// Kata 13 — Hyperbee: a sorted index on a log. Run it: npm test -- 13
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
async function index (k: KataContext, log: Hypercore, into: Bee, entries: LogEntry[]): Promise<number> {
  if (entries.length) await k.step('appending to the log', log.append(entries))
  return k.step('indexLog(log, bee)', indexLog(log, into))
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

  await k.step('bee.del(\'alice\')', db.del('alice'))
  t.is(await k.step('bee.get(\'alice\')', db.get('alice')), null, 'after del: null')
  t.is(core.length, 4, 'a del appends a block too: the log keeps everything, the tree forgets the key')
})

test('messageKey: keys whose bytes sort like the log seqs', async (t) => {
  const seqs = [0, 1, 2, 9, 10, 11, 99, 100, 101, 255, 256, 999, 1000, 65535, 2 ** 32, 10 ** 12, 10 ** 15, Number.MAX_SAFE_INTEGER]
  const keys = seqs.map((seq) => messageKey(seq))
  t.ok(keys.every((key) => typeof key === 'string'), 'a key is a string')
  t.is(new Set(keys).size, keys.length, 'a different seq, a different key')
  const sorted = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  t.alike(sorted, keys, 'messageKey(9) sorts before messageKey(10), and so on up to Number.MAX_SAFE_INTEGER: a bee sorts keys by their bytes, so numbers need a fixed width')
  for (const bad of [-1, 1.5, NaN, 2 ** 53, Infinity]) {
    t.exception.all(() => messageKey(bad), RangeError, `messageKey(${bad}) throws a RangeError: a log seq is a whole number from 0 to Number.MAX_SAFE_INTEGER`)
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
  t.alike(await k.step('history(bee, \'random\')', history(db, 'random')), [], 'a channel with no messages: []')
})

test('indexLog folds a plain log into the bee: chat messages under their channel, retractions deleted', async (t, k) => {
  const log = await k.hypercore()
  const db = await bee(k)
  const count = await index(k, log, db, [
    chat('gen', 'a'), chat('general', 'b'), chat('gen', 'c'),
    { type: 'retract', channel: 'gen', logSeq: 0 },
    { type: 'mystery' } as unknown as LogEntry,
    chat('general', 'd')
  ])
  t.is(count, 6, 'indexLog resolves with how many log entries it went through: all 6, an entry of another type too')
  t.alike(await k.step('history(bee, \'general\')', history(db, 'general')), [message(1, 'general', 'b'), message(5, 'general', 'd')],
    'each chat message is in its channel (in the bee, a channel\'s keys are its name, a zero byte, then messageKey(the message\'s seq in the log)), its value { logSeq, channel, text }; an entry of another type is skipped')
  t.alike(await k.step('history(bee, \'gen\')', history(db, 'gen')), [message(2, 'gen', 'c')], 'message 0 was retracted: a retraction deletes the message\'s key')
})

test('indexLog remembers how far it got, in the bee: the next call indexes only what is new', async (t, k) => {
  const dir = await k.tmp()
  const log = await k.hypercore()
  const core = k.closes(new Hypercore(dir))
  let db = await bee(k, core)
  t.is(await index(k, log, db, [chat('gen', 'a'), chat('gen', 'b'), chat('general', 'c')]), 3, 'three entries indexed')
  const length = core.length
  t.is(await index(k, log, db, []), 0, 'nothing new in the log: indexLog resolves with 0 (it must remember how far it indexed, in the bee)')
  t.is(core.length, length, 'and appends nothing to the bee: indexLog must remember how far it indexed')

  t.is(await index(k, log, db, [chat('gen', 'd'), { type: 'retract', channel: 'gen', logSeq: 1 }]), 2, 'two new entries: only they are indexed')
  t.alike(await k.step('history(bee, \'gen\')', history(db, 'gen')), [message(0, 'gen', 'a'), message(3, 'gen', 'd')], 'the channel has the new message, and the retracted one is gone')

  await k.step('closing the bee\'s core (a restart)', core.close())
  const again = k.closes(new Hypercore(dir))
  db = await bee(k, again)
  const before = again.length
  t.is(await index(k, log, db, []), 0, 'after a restart, a new bee on the same core: nothing to index (the position is stored in the bee itself, not in memory)')
  t.is(again.length, before, 'and nothing appended')
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
})

test('openReplica: a reader of the index downloads only the blocks its queries touch', async (t, k) => {
  const log = await k.hypercore()
  const db = await bee(k)
  const names = ['gen', 'general', 'random']
  await index(k, log, db, Array.from({ length: 300 }, (_, i) => chat(names[i % 3], `m${i}`)))

  const replica = k.closes(await k.step('openReplica(dir, key)', openReplica(await k.tmp(), db.key)))
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

  let held = 0
  for (let i = 0; i < replica.core.length; i++) if (await replica.core.has(i)) held++
  t.ok(held < replica.core.length / 4, `the replica holds ${held} of ${replica.core.length} blocks: only the ones its queries touched (no download of the whole log; the limit goes into the range read, not after it)`)
})
