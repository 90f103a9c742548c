// Kata 02 — reading the log. Run it: npm test -- 02
import type Hypercore from 'hypercore'
import { test } from '../../src/harness/index.ts'
import { follow, readOrNull, readRange, waitForLength, withSnapshot, type Entry } from './read.ts'


const days = (n: number): Array<{ day: number }> => Array.from({ length: n }, (_, i) => ({ day: i }))

test('readRange returns the entries from start up to (not including) end', async (t, k) => {
  const log = await k.hypercore()
  await log.append(days(5))
  t.alike(await k.step('readRange(log, 1, 4)', readRange(log, 1, 4)), days(4).slice(1), 'readRange(log, 1, 4) gives entries 1, 2 and 3, in order: the start is included, the end is not')
  t.alike(await k.step('readRange(log, 2, 2)', readRange(log, 2, 2)), [], 'an empty range is empty')
  t.alike(await k.step('readRange(log, 0, 5)', readRange(log, 0, 5)), days(5), 'the whole log')
})

test('follow delivers the entries already there, then each new append, until stopped', async (t, k) => {
  const log = await k.hypercore()
  await log.append(days(3))
  // follow() gets a session of the log that notes every read made through it, so the test can tell
  // whether the follower still reads the log after stop().
  const reads: number[] = []
  const watched = k.closes(log.session({ valueEncoding: 'json', onseq: (index) => { reads.push(index) } }))
  await k.step('opening a session of the log', watched.ready())
  const seen: Array<[Entry, number]> = []
  const stop = follow(watched, 1, (entry, index) => { seen.push([entry, index]) })
  await k.until('follow to deliver entries 1 and 2', () => seen.length >= 2)
  t.alike(seen, [[{ day: 1 }, 1], [{ day: 2 }, 2]], 'starts at `from`, with each entry\'s index')

  await log.append({ day: 3 })
  await k.until('follow to deliver the new entry 3 (a follower is live: it delivers what is appended later, too)', () => seen.length >= 3)
  t.alike(seen[2], [{ day: 3 }, 3], 'a new append arrives live')

  await k.step('stop() to resolve (a live stream waiting for the next entry closes only when that entry comes: ' +
    'destroy it, do not wait for it to close)', stop())
  const readsAtStop = reads.length
  const control: Entry[] = []
  const stopControl = follow(log, 4, (entry) => { control.push(entry) })
  await log.append({ day: 4 })
  await k.until('a second follower to see entry 4', () => control.length === 1)
  await log.append({ day: 5 })
  await k.until('a second follower to see entry 5', () => control.length === 2)
  t.is(seen.length, 3, 'after stop() nothing more is delivered')
  t.alike(reads.slice(readsAtStop).filter((index) => index > 4), [],
    'after stop() the follower no longer reads the log: a live stream you only ignore keeps reading until the log closes (stop() must destroy it)')
  await k.step('stop() of the second follower', stopControl())
})

test('follow ends quietly when the log closes under it', async (t, k) => {
  const log = await k.hypercore()
  await log.append(days(2))
  const session = log.session({ valueEncoding: 'json' })
  await k.step('opening a session of the log', session.ready())
  k.explainStray(/REQUEST_CANCELLED|SESSION_CLOSED/, 'follow must handle its live stream\'s \'error\': the log closed while the follower ' +
    'waited for the next entry, which cancels that read, and the stream failed with no one listening (a follower of a closed log just ends)')
  const seen: Entry[] = []
  const stop = follow(session, 0, (entry) => { seen.push(entry) })
  await k.until('follow to deliver entries 0 and 1', () => seen.length >= 2)
  await k.step('closing the log while the follower waits for the next entry', session.close())
  // The cancelled read fails the stream right after the close: give that a turn of the event loop.
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve))
  await k.step('stop() after the log closed', stop())
  t.pass('follow ended quietly when the log closed under it')
})

test('waitForLength resolves when the log grows to the length, and not before', async (t, k) => {
  const log = await k.hypercore()
  await log.append(days(1))
  const listeners = log.listenerCount('append')
  const closeListeners = log.listenerCount('close')
  let done = false
  const waiting = waitForLength(log, 3).then(() => { done = true })
  t.ok(log.listenerCount('append') > listeners, 'while it waits it listens for \'append\' events (not polling)')
  await log.append({ day: 1 })
  await new Promise((resolve) => setImmediate(resolve))
  t.absent(done, 'with 2 of 3 entries it is still waiting')
  await log.append({ day: 2 })
  await k.step('waitForLength(log, 3) after the third append', waiting)
  t.ok(done, 'resolved once the log has 3 entries')
  await k.step('waitForLength(log, 2) on a log that already has 3 entries, to resolve at once (no \'append\' event will come for them)',
    waitForLength(log, 2), 1000)
  await k.step('waitForLength(log, 3) on a log that has exactly 3 entries, to resolve at once (it already has them: ' +
    'at least `length` entries, not more)', waitForLength(log, 3), 1000)
  t.pass('resolves at once when the log is already long enough')
  t.is(log.listenerCount('append'), listeners, 'no append listener is left behind')
  t.is(log.listenerCount('close'), closeListeners, 'no close listener is left behind once it resolved')
})

test('waitForLength has a way out: it rejects when the log closes before reaching the length', async (t, k) => {
  const log = await k.hypercore()
  await log.append(days(1))
  const session = log.session({ valueEncoding: 'json' })
  await k.step('opening a session of the log', session.ready())
  const listeners = [session.listenerCount('append'), session.listenerCount('close')]
  const waiting = waitForLength(session, 5).then(() => 'it resolved', (err: unknown) => err)
  await k.step('closing the session', session.close())
  const outcome = await k.step('waitForLength(session, 5) to reject once the session closes (every wait needs a way out: ' +
    'a closed log never grows and no \'append\' will ever come, so listen for \'close\' too)', waiting)
  t.ok(outcome instanceof Error, `a log that closed will never reach the length: waitForLength must reject (${String(outcome)})`)
  t.alike([session.listenerCount('append'), session.listenerCount('close')], listeners,
    'no append or close listener is left behind once it rejected')

  const late = await k.step('waitForLength(closedSession, 5) on a session that is closed already, to reject at once ' +
    '(no \'close\' event will come again: check whether the log is closed)',
  waitForLength(session, 5).then(() => 'it resolved', (err: unknown) => err))
  t.ok(late instanceof Error, `a log that is closed already will never reach the length: waitForLength must reject (${String(late)})`)
})

test('readOrNull gives up on a missing entry instead of waiting forever', async (t, k) => {
  const log = await k.hypercore()
  await log.append(days(2))
  t.alike(await k.step('readOrNull(log, 1, 200)', readOrNull(log, 1, 200)), { day: 1 }, 'an entry that is there is returned')
  t.is(await k.step('readOrNull(log, 10, 200), a missing entry', readOrNull(log, 10, 200), 3000), null,
    'a missing entry gives null once the time is up')
  const waiting = log.activeRequests.length
  t.is(waiting, 0, waiting === 0
    ? 'the read it gave up on is over: nothing is left waiting for entry 10'
    : `a bounded read: pass the timeout to get(). readOrNull gave you null, but its get() is still waiting for entry 10 ` +
      `(the log has ${waiting} open request${waiting === 1 ? '' : 's'}): a timer raced against get() lets your code move on, ` +
      'not the read, which waits until the entry comes, maybe forever')
  t.alike(await k.step('readOrNull(log, 1, 0)', readOrNull(log, 1, 0)), { day: 1 },
    'ms = 0 means do not wait at all: an entry that is there is still returned')
  t.is(await k.step('readOrNull(log, 10, 0) to answer at once: ms = 0 means do not wait at all ' +
    '(to hypercore a timeout of 0 means no timeout, a read that waits forever)', readOrNull(log, 10, 0)), null,
  'ms = 0 means do not wait at all: a missing entry gives null at once')
  const waitingAfterZero = log.activeRequests.length
  t.is(waitingAfterZero, 0, waitingAfterZero === 0
    ? 'ms = 0 leaves no read waiting'
    : `ms = 0 means do not wait at all: readOrNull gave you null, but a read is still waiting for entry 10 (${waitingAfterZero} open)`)
  const arriving = readOrNull(log, 2, 3000)
  await log.append({ day: 2 })
  t.alike(await k.step('readOrNull(log, 2, 3000) while entry 2 is appended', arriving), { day: 2 },
    'an entry that arrives within the time is returned (it waits, up to `ms`)')

  const closed = log.session({ valueEncoding: 'json' })
  await k.step('opening a session of the log', closed.ready())
  await k.step('closing that session', closed.close())
  const outcome = await k.step('readOrNull(closedSession, 0, 200)',
    readOrNull(closed, 0, 200).then((entry) => ({ entry }), (err: Error) => ({ err })))
  t.ok('err' in outcome,
    `only running out of time means "not there": a read of a closed session must reject, not give ${JSON.stringify((outcome as { entry?: unknown }).entry)} (rethrow every other error)`)
})

test('withSnapshot reads a snapshot that stays frozen while the log grows', async (t, k) => {
  const log = await k.hypercore()
  await log.append(days(2))
  let closedWhileReading = false
  const seen = await k.step('withSnapshot(log, read)', withSnapshot(log, async (snapshot) => {
    await log.append({ day: 2 })
    const length = snapshot.length
    const last = await snapshot.get(length - 1).catch((err: Error) => {
      if (!snapshot.closing && !snapshot.closed) throw err
      closedWhileReading = true
      return null
    })
    return { length, last }
  }))
  t.absent(closedWhileReading, closedWhileReading
    ? 'withSnapshot closed the snapshot while read() was still reading: read is async, so withSnapshot must wait for what ' +
      'it returns (await it) before the snapshot is closed'
    : 'the snapshot stays open until read() is done')
  t.is(seen.length, 2, 'withSnapshot must read a snapshot, and a snapshot is frozen: it still has 2 entries after the log got a third (a plain session moves on with the log)')
  t.absent(seen.last instanceof Uint8Array,
    seen.last instanceof Uint8Array
      ? 'withSnapshot gave read() a snapshot that decodes nothing: you got a Buffer, not JSON (a snapshot does not inherit the log\'s valueEncoding, give it its own)'
      : 'the snapshot decodes entries as JSON, like the log')
  t.alike(seen.last, { day: 1 }, 'and reads them as JSON, like the log')
  t.is(log.length, 3, 'the log itself moved on')
})

test('withSnapshot closes the snapshot, even when the read throws, and leaves the log open', async (t, k) => {
  const log = await k.hypercore()
  await log.append(days(1))
  let used: Closing | undefined
  let onResolve = ''
  await k.step('withSnapshot(log, read)', withSnapshot(log, async (snapshot) => { used = slowClose(snapshot) }).then(() => { onResolve = stateOf(used) }))
  t.is(onResolve, 'closed', snapshotClosed(onResolve, 'resolved', 'the snapshot is closed afterwards'))
  t.absent(log.closed, 'the log stays open')

  let failing: Closing | undefined
  let onReject = ''
  const error = await k.step('withSnapshot(log, read that throws)',
    withSnapshot(log, async (snapshot) => { failing = slowClose(snapshot); throw new Error('boom') })
      .then(() => 'it resolved', (err: unknown) => err)
      .finally(() => { onReject = stateOf(failing) }))
  t.is((error as Error)?.message, 'boom', 'the read\'s error comes out of withSnapshot')
  t.is(onReject, 'closed', snapshotClosed(onReject, 'rejected', 'the snapshot is closed even though the read threw'))
  t.absent(log.closed, 'the log stays open')
})

// A snapshot whose close() takes a turn of the event loop longer, as it does when the storage is busy: a
// withSnapshot that does not wait for the close resolves before it is done.
interface Closing { snapshot: Hypercore, closed: boolean }

function slowClose (snapshot: Hypercore): Closing {
  const closing = { snapshot, closed: false }
  const close = snapshot.close.bind(snapshot)
  snapshot.close = async (...args: Parameters<Hypercore['close']>) => {
    await close(...args)
    await new Promise((resolve) => setImmediate(resolve))
    closing.closed = true
  }
  return closing
}

// Where the learner's withSnapshot left the snapshot when it resolved or rejected, and what that means.
function stateOf (closing: Closing | undefined): string {
  const snapshot = closing?.snapshot
  return closing?.closed === true ? 'closed' : snapshot?.closing || snapshot?.closed ? 'still closing' : 'open'
}

function snapshotClosed (state: string, outcome: string, ok: string): string {
  if (state === 'closed') return ok
  if (state === 'still closing') {
    return `withSnapshot resolves (or rejects) only once the snapshot is closed: it ${outcome} while the snapshot was still closing ` +
      '(await its close())'
  }
  return outcome === 'rejected'
    ? 'the snapshot is closed even though the read threw: close it on every path out (finally), and await the close'
    : 'the snapshot is closed afterwards: withSnapshot must close it (and await the close) before it resolves'
}
