// Kata 03 — replication. Run it: npm test -- 03
import type Hypercore from 'hypercore'
import crypto from 'hypercore-crypto'
import { onSlowDisk, test, type KataContext } from '../../src/harness/index.ts'
import { mirror, openReader, readEntry, replicate, tryAppend, type Entry } from './replicate.ts'

// The writer's log is made here (a JSON hypercore in a temp dir): the learner's code reads a copy of it.
async function writerWith (k: KataContext, entries: Entry[]): Promise<Hypercore> {
  const writer = await k.hypercore()
  if (entries.length > 0) await k.step('the writer appending', writer.append(entries))
  return writer
}

async function readerOf (k: KataContext, key: Buffer): Promise<Hypercore> {
  return k.closes(await k.step('openReader(dir, key)', openReader(await k.tmp(), key)))
}

// replicate(), with its streams destroyed after the test, whatever it returned.
function connect (k: KataContext, writer: Hypercore, reader: Hypercore): unknown {
  const pair: unknown = replicate(writer, reader)
  k.teardown(() => {
    for (const stream of Array.isArray(pair) ? pair : []) stream?.destroy?.()
  })
  return pair
}

// The indexes of the blocks `core` holds locally (has() never touches the network).
async function blocksHeld (core: Hypercore, length: number): Promise<number[]> {
  const held: number[] = []
  for (let i = 0; i < length; i++) if (await core.has(i)) held.push(i)
  return held
}


const hex = (key: Buffer | null | undefined): string | null => key?.toString('hex') ?? null

const numbered = (count: number, from = 0): Array<{ n: number }> => Array.from({ length: count }, (_, i) => ({ n: from + i }))

test('openReader opens a copy of the writer\'s log by its key: read-only, and empty until it replicates', async (t, k) => {
  const writer = await writerWith(k, numbered(2))
  const reader = await readerOf(k, writer.key!)
  t.ok(reader.opened, 'the reader is ready when openReader resolves')
  t.is(hex(reader.key), hex(writer.key), 'openReader opens a copy of the writer\'s log: same public key (open it with the key you were given)')
  t.is(reader.writable, false, 'the reader is not writable: only the writer holds the secret key')
  t.is(reader.length, 0, 'nothing has been replicated yet, so the reader is empty')
})

test('openReader resolves only once the reader is ready, however slow the disk is to answer', async (t, k) => {
  const writer = await writerWith(k, [])
  const dir = await k.tmp()
  // For 1 s the disk answers nothing: the reader cannot open before, so openReader cannot resolve before either.
  const { result } = await onSlowDisk(await k.tmp(), () => openReader(dir, writer.key!).then((reader) => ({ opened: k.closes(reader).opened })))
  const { opened } = await k.step('openReader(dir, key) on a disk that took 1 s to answer', result)
  t.ok(opened, opened
    ? 'the reader is ready when openReader resolves, even on a slow disk'
    : 'openReader resolves only once the reader is ready: on a disk that took 1 s to answer, openReader resolved before the reader ' +
      'had opened (a timer guesses how long opening takes; wait until the reader itself is ready)')
})

test('over a piped pair of replication streams the reader gets the writer\'s entries', async (t, k) => {
  const entries = [{ text: 'hello' }, ['a', 'list'], 'a string']
  const writer = await writerWith(k, entries)
  const reader = await readerOf(k, writer.key!)
  const pair = connect(k, writer, reader)
  for (const [index, entry] of entries.entries()) {
    const got = await k.step(`readEntry(reader, ${index}, 2000)`, readEntry(reader, index, 2000))
    if (got === null) {
      t.fail(`entry ${index} never arrived: replicate() did not connect the two cores (one stream must be the initiator, ` +
        'the other the responder, and each stream piped into the other)')
      return
    }
    if (got instanceof Uint8Array) {
      t.fail(`you got a Buffer, not JSON: entry ${index} arrived as bytes (${JSON.stringify(Buffer.from(got).toString())}): ` +
        'openReader must open the reader with JSON values, like the writer: a core decodes nothing unless told how')
      return
    }
    t.alike(got, entry, `entry ${index} arrived as the writer appended it`)
  }
  t.is(reader.length, 3, 'the reader now knows the log has 3 entries')
  const isInitiator = (Array.isArray(pair) ? pair : []).map((stream) => (stream as { noiseStream?: { isInitiator?: boolean } })?.noiseStream?.isInitiator)
  t.alike(isInitiator, [true, false], 'replicate returns [initiator, responder]: the first stream is the one that initiates')
})

test('readEntry downloads that block only (hypercore is sparse)', async (t, k) => {
  const writer = await writerWith(k, numbered(10))
  const reader = await readerOf(k, writer.key!)
  connect(k, writer, reader)
  let running = -1
  t.alike(await k.step('readEntry(reader, 7, 3000)', readEntry(reader, 7, 3000).then((entry) => {
    running = reader.activeRequests.length
    return entry
  })), { n: 7 }, 'entry 7 arrived')
  t.is(running, 0, running === 0
    ? 'readEntry left nothing downloading when it resolved'
    : `readEntry(reader, 7) downloads block 7 and no other block: when it resolved, the reader still had ${running} download${running === 1 ? '' : 's'} ` +
      'running (a reader is sparse: fetch the block asked for, and start no download of the others in the background)')
  t.alike(await blocksHeld(reader, 10), [7], 'readEntry(reader, 7) downloads block 7 and no other block: a reader is sparse, it fetches only what it is asked for')
  t.is(reader.contiguousLength, 0, 'contiguousLength is 0: block 0 was never downloaded')
  t.is(reader.length, 10, 'yet the reader knows the length: it came with the writer\'s signed Merkle tree')
  t.alike(await reader.treeHash(), await writer.treeHash(), 'the reader\'s Merkle root is the writer\'s: block 7 was checked against it')
})

test('a live mirror downloads everything, then each new append, until stopped', async (t, k) => {
  const writer = await writerWith(k, numbered(4))
  const reader = await readerOf(k, writer.key!)
  connect(k, writer, reader)
  const stop = mirror(reader)
  k.teardown(() => { if (typeof stop === 'function') stop() })
  await k.until('the mirror to hold blocks 0–3 (a reader downloads only what it asks for: ask for every block)',
    () => reader.contiguousLength >= 4)

  await k.step('the writer appending 2 more', writer.append(numbered(2, 4)))
  await k.until('the mirror to hold the 2 new blocks too (a mirror asks for every block, live: the ones appended later too)',
    () => reader.contiguousLength >= 6)
  const local = await Promise.all(numbered(6).map((_, i) => reader.get(i, { wait: false })))
  t.alike(local, numbered(6), 'all 6 entries are on the reader\'s disk: readable with { wait: false }, no network needed')

  const stopped = await k.step('stop()', async () => { stop() }).then(() => null, (err: Error) => err)
  if (stopped instanceof Error) {
    t.fail(`stop() threw "${stopped.message}": the stop() that mirror returns must work when called on its own, as stop() ` +
      '(a method taken off its object, like range.destroy, loses its `this`)')
    return
  }
  await k.step('the writer appending after stop()', writer.append({ n: 6 }))
  await k.until('the reader to learn the new length 7', () => reader.length >= 7)
  // One more block, asked for explicitly: once it is here, a mirror still running would have fetched block 6 first.
  await k.step('the writer appending another', writer.append({ n: 7 }))
  t.alike(await k.step('readEntry(reader, 7, 3000)', readEntry(reader, 7, 3000)), { n: 7 }, 'a block asked for is still downloaded')
  t.is(await reader.has(6), false, 'after stop() the new block is not downloaded: the reader is sparse again')
})

test('a mirror downloads the whole log from block 0, even when the reader already knows its length', async (t, k) => {
  const writer = await writerWith(k, numbered(10))
  const reader = await readerOf(k, writer.key!)
  connect(k, writer, reader)
  t.alike(await k.step('readEntry(reader, 7, 3000)', readEntry(reader, 7, 3000)), { n: 7 }, 'entry 7 arrived')
  t.is(reader.length, 10, 'and with it the reader learned the length, 10')
  const stop = mirror(reader)
  k.teardown(() => { if (typeof stop === 'function') stop() })
  await k.until('mirror(reader) to download blocks 0–9 of a reader that already knew the length 10 (a mirror keeps the whole log, ' +
    'from block 0, not only what is appended after the length the reader knows now)', () => reader.contiguousLength >= 10)
  t.pass('the mirror holds every block, the ones before the known length too')
})

test('a reader cannot append: tryAppend reports the refusal and nothing changes', async (t, k) => {
  const writer = await writerWith(k, numbered(1))
  const reader = await readerOf(k, writer.key!)
  connect(k, writer, reader)
  await k.step('readEntry(reader, 0, 3000)', readEntry(reader, 0, 3000))

  const refused = await k.step('tryAppend(reader, …)', tryAppend(reader, { forged: true }))
  t.is(refused.ok, false, 'appending to the reader is refused: it has no secret key (tryAppend resolves once the append ' +
    'has finished or failed: await it, and a refusal is { ok: false })')
  t.is(reader.length, 1, 'the reader still has 1 entry')
  t.is(writer.length, 1, 'and the writer never saw the forged entry')
  // What hypercore itself says when a reader appends: tryAppend must pass that on, not a reason of its own.
  const own = await reader.append([{ forged: true }]).then(() => '(no error)', (err: Error) => err.message)
  const reason = refused.ok ? undefined : refused.reason
  t.is(reason, own, `the reason is the error's own message: the core says why it refused ("${own}"), ` +
    `so pass its message on instead of writing your own (you gave ${JSON.stringify(reason)})`)

  const closedWriter = writer.session()
  await k.step('opening a session of the writer', closedWriter.ready())
  await k.step('closing that session', closedWriter.close())
  const closedOutcome = await k.step('tryAppend(closedWriterSession, …)', tryAppend(closedWriter, { n: 1 }))
  const ownClosed = await closedWriter.append([{ n: 1 }]).then(() => '(no error)', (err: Error) => err.message)
  t.alike(closedOutcome, { ok: false, reason: ownClosed },
    `a closed session of the writer refuses too, for another reason, and the outcome says which: { ok: false, reason: "${ownClosed}" } ` +
    '(the error\'s own message)')
  t.is(writer.length, 1, 'the writer still has 1 entry')

  const accepted = await k.step('tryAppend(writer, …)', tryAppend(writer, { n: 1 }))
  t.alike(accepted, { ok: true, length: 2 }, 'the writer can append: the outcome is ok with the new length 2')
  t.alike(await k.step('readEntry(reader, 1, 3000)', readEntry(reader, 1, 3000)), { n: 1 }, 'the writer\'s new entry reaches the reader')

  const list = await k.step("tryAppend(writer, ['a', 'list'])", tryAppend(writer, ['a', 'list']))
  t.alike(list, { ok: true, length: 3 },
    "an entry that is an array is still one entry: tryAppend(writer, ['a', 'list']) makes the log 3 long, not 4 (append splits a bare array into several entries)")
  t.alike(await k.step('readEntry(reader, 2, 3000)', readEntry(reader, 2, 3000)), ['a', 'list'], 'and it reaches the reader as one entry')
})

test('readEntry gives null only when time runs out: a read of a closed reader rejects', async (t, k) => {
  const writer = await writerWith(k, numbered(1))
  const reader = await readerOf(k, writer.key!)
  const closed = reader.session({ valueEncoding: 'json' })
  await k.step('opening a session of the reader', closed.ready())
  await k.step('closing that session', closed.close())
  const outcome = await k.step('readEntry(closedSession, 0, 500)',
    readEntry(closed, 0, 500).then((entry) => ({ entry }), (err: Error) => ({ err })))
  t.ok('err' in outcome,
    `only running out of time means "not there": a read of a closed session must reject, not give ${JSON.stringify((outcome as { entry?: unknown }).entry)} ` +
    '(catch the timeout, rethrow every other error)')
})

test('a clone opened with the wrong key gets none of the writer\'s data', async (t, k) => {
  const writer = await writerWith(k, [{ secret: 'only for those with the key' }])
  const clone = await readerOf(k, crypto.keyPair().publicKey)
  connect(k, writer, clone)
  const fromClone = await k.step('readEntry(clone, 0, 1000) to give up after 1 s (no peer serves a wrong key: a read must be bounded in time, pass the timeout to get())',
    readEntry(clone, 0, 1000).catch((err: Error) => err))
  t.is(fromClone, null, fromClone instanceof Error
    ? `readEntry must resolve to null when nothing arrives in time, not reject (it threw ${fromClone.message})`
    : 'after 1 s readEntry gives up with null: no peer serves that key')
  const waiting = clone.activeRequests.length
  t.is(waiting, 0, waiting === 0
    ? 'the read it gave up on is over: nothing is left waiting for block 0'
    : 'a bounded read: pass the timeout to get(). readEntry gave you null, but its get() is still waiting for block 0 ' +
      `(the clone has ${waiting} open request${waiting === 1 ? '' : 's'}): a timer raced against get() lets your code move on, ` +
      'not the read, which waits for a peer that never comes')
  t.is(clone.length, 0, 'the clone is still empty')
  t.is(await clone.has(0), false, 'it holds no block')

  const reader = await readerOf(k, writer.key!)
  connect(k, writer, reader)
  t.alike(await k.step('readEntry(reader, 0, 3000)', readEntry(reader, 0, 3000)), { secret: 'only for those with the key' },
    'the same writer, linked the same way, serves a reader that has the right key')
})

test('readEntry with ms = 0 does not wait at all', async (t, k) => {
  const writer = await writerWith(k, numbered(10))
  const reader = await readerOf(k, writer.key!)
  connect(k, writer, reader)
  t.alike(await k.step('readEntry(reader, 7, 3000)', readEntry(reader, 7, 3000)), { n: 7 }, 'entry 7 arrived')
  t.alike(await k.step('readEntry(reader, 7, 0)', readEntry(reader, 7, 0)), { n: 7 },
    'ms = 0 means do not wait at all: a block the reader holds is still returned')
  t.is(await k.step('readEntry(reader, 3, 0) to answer at once: ms = 0 means do not wait at all ' +
    '(to hypercore a timeout of 0 means no timeout, a read that waits forever)', readEntry(reader, 3, 0)), null,
  'ms = 0 means do not wait at all: a block the reader does not hold gives null at once (nothing is downloaded)')
  const waiting = reader.activeRequests.length
  t.is(waiting, 0, waiting === 0
    ? 'ms = 0 leaves no read waiting'
    : `ms = 0 means do not wait at all: readEntry gave you null, but a read is still waiting for block 3 (${waiting} open)`)
  t.is(await reader.has(3), false, 'ms = 0 downloads nothing: the reader still does not hold block 3')
})
