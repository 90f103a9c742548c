// Kata 01 — the append-only log. Run it: npm test -- 01
import crypto from 'hypercore-crypto'
import { onSlowDisk, test } from '../../src/harness/index.ts'
import { appendEntries, describeLog, openLog, readEntry } from './log.ts'

test('openLog gives a ready, writable, empty log, stored in the directory it is given', async (t, k) => {
  const log = k.closes(await k.step('openLog(dir)', openLog(await k.tmp())))
  t.ok(log.opened, 'the log is ready when openLog resolves')
  t.ok(log.writable, 'the log is writable: it was created here, so this process holds its secret key')
  t.is(log.length, 0, 'a new log is empty (a fresh directory holds a new log: store it in the `dir` you are given)')

  // A second log in a second directory, while the first is open: each directory holds its own log.
  const other = await k.step('openLog(another dir)', openLog(await k.tmp()).then((opened) => k.closes(opened), (err: Error) => err))
  if (other instanceof Error) {
    t.fail(`each directory holds its own log: opening a second log in another directory threw "${other.message}" ` +
      '(is the log stored somewhere else than the `dir` openLog is given?)')
    return
  }
  t.not(other.key?.toString('hex'), log.key?.toString('hex'),
    'each directory holds its own log: a log opened in another directory has another key (store it in the `dir` you are given)')

  // The log itself must take JSON values: kata 02 and later append objects to it directly.
  const probe = { probe: ['any', 'JSON', 'value'] }
  const appended = await k.step('appending an object to the opened log', log.append(probe).then(() => log.get(0)).catch((err: Error) => err))
  t.ok(!(appended instanceof Error),
    `entries must be JSON values: appending an object to the log threw "${(appended as Error)?.message}" (hypercore stores bytes unless its value encoding is JSON)`)
  t.alike(appended, probe, 'entries must be JSON values: an object appended to the log reads back as the same object, not as bytes')
})

test('openLog resolves only once the log is ready, however slow the disk is to answer', async (t, k) => {
  const dir = await k.tmp()
  // For 1 s the disk answers nothing: the log cannot open before, so openLog cannot resolve before either.
  const { result } = await onSlowDisk(await k.tmp(), () => openLog(dir).then((log) => ({ opened: k.closes(log).opened })))
  const { opened } = await k.step('openLog(dir) on a disk that took 1 s to answer', result)
  t.ok(opened, opened
    ? 'the log is ready when openLog resolves, even on a slow disk'
    : 'openLog resolves only once the log is ready: on a disk that took 1 s to answer, openLog resolved before the log had opened ' +
      '(a timer guesses how long opening takes; wait until the log itself is ready)')
})

test('appendEntries adds entries in order and returns the new length', async (t, k) => {
  const log = k.closes(await k.step('openLog(dir)', openLog(await k.tmp())))
  let lengthOnResolve: number | undefined
  const first = await k.step('appendEntries', appendEntries(log, [{ n: 1 }, { n: 2 }]).then((length) => {
    lengthOnResolve = log.length
    return length
  }))
  t.is(lengthOnResolve, 2,
    'appendEntries resolves once the append has finished (await it): when it resolved the log must already hold both entries')
  t.is(first, 2, 'two entries: appendEntries resolves to the new length, 2, a number')
  t.is(await k.step('appendEntries', appendEntries(log, [{ n: 3 }])), 3,
    'one more: the new length is the log\'s length, 3 (not the number of entries just appended)')
  t.is(log.length, 3, 'the log itself says 3')
  t.is(await k.step("appendEntries(log, [['a', 'list']])", appendEntries(log, [['a', 'list']])), 4,
    'appendEntries keeps an entry that is an array as one entry: the log grows by 1, to 4 (append splits a bare array into several entries)')
})

test('appendEntries appends the entries as one batch: the log grows once, by all of them', async (t, k) => {
  const log = k.closes(await k.step('openLog(dir)', openLog(await k.tmp())))
  await k.step('appendEntries(log, [{ n: 0 }])', appendEntries(log, [{ n: 0 }]))
  const lengths: number[] = []
  log.on('append', () => { lengths.push(log.length) })
  await k.step('appendEntries(log, 3 entries)', appendEntries(log, [{ n: 1 }, { n: 2 }, { n: 3 }]))
  t.alike(lengths, [4], lengths.length === 1
    ? 'the log grew once, from 1 to 4: the three entries went in as one batch'
    : `appendEntries appends the entries as one batch: the log must grow once, from 1 to 4, but it grew ${lengths.length} times ` +
      `(to ${lengths.join(', ') || 'nothing'}): entry by entry, a reader can see half a batch, and a crash can leave half of it written ` +
      '(the log\'s append takes many entries at once)')
})

test('readEntry gives back each entry by index, as the JSON that was appended', async (t, k) => {
  const log = k.closes(await k.step('openLog(dir)', openLog(await k.tmp())))
  const entries = [{ text: 'hello' }, ['a', 'list'], 'a string', 42]
  await k.step('appendEntries', appendEntries(log, entries))
  t.is(log.length, entries.length,
    'appendEntries keeps an entry that is an array as one entry: 4 entries appended make a log of 4 (append splits a bare array into several entries)')
  for (const [index, entry] of entries.entries()) {
    const got = await k.step(`readEntry(log, ${index})`, readEntry(log, index))
    if (got instanceof Uint8Array) {
      t.fail(`readEntry gave you a Buffer, not a JSON value: entry ${index} came back as bytes (${JSON.stringify(Buffer.from(got).toString())}); ` +
        'read it with the log\'s own JSON encoding')
      return
    }
    if (typeof got === 'string' && typeof entry !== 'string') {
      t.fail(`readEntry gave you a string, not a JSON value: entry ${index} came back as the text ${got} (the entry's JSON, undecoded); ` +
        'read it with the log\'s own JSON encoding')
      return
    }
    t.alike(got, entry, `entry ${index} reads back as appended`)
  }
})

test('describeLog gives the key and discovery key as hex, and the length', async (t, k) => {
  const log = k.closes(await k.step('openLog(dir)', openLog(await k.tmp())))
  await k.step('appendEntries', appendEntries(log, [{ n: 1 }]))
  const info = describeLog(log)
  t.is(info.key, log.key!.toString('hex'), 'key is the log\'s public key in hex (64 characters)')
  t.is(info.discoveryKey, crypto.discoveryKey(log.key!).toString('hex'), 'discoveryKey is the hash of the key, in hex')
  t.not(info.discoveryKey, info.key, 'the discovery key does not reveal the key')
  t.is(info.length, 1, 'length counts the entries')
})

test('entries survive closing and reopening the log from disk', async (t, k) => {
  const dir = await k.tmp()
  const first = await k.step('openLog(dir)', openLog(dir))
  await k.step('appendEntries', appendEntries(first, [{ day: 1 }, { day: 2 }]))
  const key = describeLog(first).key
  await k.step('closing the log', first.close())

  const again = k.closes(await k.step('openLog(dir) a second time', openLog(dir)))
  t.is(describeLog(again).key, key, 'the same directory holds the same log: same key')
  t.is(again.length, 2, 'both entries are still there')
  t.alike(await k.step('readEntry(log, 1)', readEntry(again, 1)), { day: 2 }, 'and read back as before')
  t.ok(again.writable, 'the reopened log is still writable: the secret key was stored with it')
})
