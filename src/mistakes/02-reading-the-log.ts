// Kata 02's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'follow-no-error-handler',
    blames: 'follow',
    concept: "A stream that fails with no 'error' listener takes the process down: a log closing under a follower cancels its read.",
    edits: [["  stream.on('error', () => {})\n", '']],
    names: /follow must handle its live stream's 'error'/
  },
  {
    name: 'close-fired-and-forgotten',
    blames: 'withSnapshot',
    concept: 'Closing a session takes time: the answer comes only once the snapshot is closed.',
    edits: [['    await snapshot.close()', '    void snapshot.close()']],
    names: /only once the snapshot is closed/
  },
  {
    name: 'read-not-awaited',
    blames: 'withSnapshot',
    concept: 'read is async: the snapshot must stay open until what read returns has settled, then close.',
    edits: [['return await read(snapshot)', 'return read(snapshot)']],
    names: /while read\(\) was still reading/
  },
  {
    name: 'stop-only-sets-a-flag',
    blames: 'follow',
    concept: 'A live stream never ends by itself: ignoring what it yields is not stopping it, it keeps reading the log.',
    edits: [
      ["stream.on('data', (entry: Entry) => onEntry(entry, index++))", "let stopped = false\n  stream.on('data', (entry: Entry) => { if (!stopped) onEntry(entry, index++) })"],
      ['stream.destroy()', 'stopped = true']
    ],
    names: /keeps reading until the log closes/
  },
  {
    name: 'stop-awaits-close',
    blames: 'follow',
    concept: 'A live stream waiting for the next entry closes only once that entry comes: stop() destroys it and returns.',
    edits: [['stream.destroy()', "stream.destroy()\n    await new Promise((resolve) => stream.once('close', resolve))"]],
    names: /do not wait for it to close/
  },
  {
    name: 'index-from-zero',
    blames: 'follow',
    concept: 'A stream yields entries, not positions: the follower counts, starting at `from`.',
    edits: [['let index = from', 'let index = 0']],
    names: /starts at `from`, with each entry's index/
  },
  {
    name: 'listener-left-behind',
    blames: 'waitForLength',
    concept: 'A listener you forget to remove lives as long as the log does.',
    edits: [["log.off('append', onAppend)\n", '']],
    names: /no append listener is left behind/
  },
  {
    name: 'no-length-check-first',
    blames: 'waitForLength',
    concept: 'An event tells only what happens after you listen: entries already there fire nothing.',
    edits: [['if (log.length >= length) return resolve()\n', '']],
    names: /already has 3 entries/
  },
  {
    name: 'timeout-zero-waits-forever',
    blames: 'readOrNull',
    concept: 'To hypercore a timeout of 0 is no timeout: not waiting at all is a different option.',
    edits: [['ms > 0 ? { timeout: ms } : { wait: false }', '{ timeout: ms }']],
    names: /ms = 0 means do not wait at all/
  },
  {
    name: 'wait-ignores-close',
    blames: 'waitForLength',
    concept: 'Every wait needs a way out: a log that closes will never grow, so the wait must fail then.',
    edits: [["    log.on('close', onClose)\n", '']],
    names: /every wait needs a way out/
  },
  {
    name: 'wait-ignores-closed-log',
    blames: 'waitForLength',
    concept: 'Every wait needs a way out: a log that is closed already will never grow, and no close event comes again.',
    edits: [['    if (log.closed) return reject(new Error(`the log is closed: it will never reach length ${length}`))\n', '']],
    names: /closed already/
  },
  {
    name: 'close-listener-left-behind',
    blames: 'waitForLength',
    concept: 'A wait leaves nothing listening, whichever way it ends.',
    edits: [["      log.off('close', onClose)\n", '']],
    names: /no close listener is left behind/
  },
  {
    name: 'close-not-awaited',
    blames: 'withSnapshot',
    concept: 'Closing a session takes time: the answer comes only once the snapshot is closed.',
    edits: [[
      'try {\n    await snapshot.ready()\n    return await read(snapshot)\n  } finally {\n    await snapshot.close()\n  }',
      'try {\n    return await read(snapshot)\n  } finally {\n    void snapshot.close()\n  }'
    ]],
    names: /only once the snapshot is closed/
  },
  {
    name: 'no-wait-read',
    blames: 'readOrNull',
    concept: 'A bounded read still waits, up to its bound, for an entry a peer may send.',
    edits: [['log.get(index, ms > 0 ? { timeout: ms } : { wait: false })', 'log.get(index, { wait: false })']],
    names: /it waits, up to `ms`/
  },
  {
    name: 'timer-raced-against-get',
    blames: 'readOrNull',
    concept: 'The read itself must carry the bound: a read you stop waiting for is still there, waiting.',
    edits: [[
      'return await log.get(index, ms > 0 ? { timeout: ms } : { wait: false })',
      'let timer: ReturnType<typeof setTimeout> | undefined\n' +
      '    const timeUp = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), ms) })\n' +
      '    try {\n      return await Promise.race([log.get(index), timeUp])\n    } finally {\n      clearTimeout(timer)\n    }'
    ]],
    names: /a bounded read: pass the timeout to get\(\)/
  },
  {
    name: 'every-error-is-null',
    blames: 'readOrNull',
    concept: 'Only running out of time means not there: any other error is a real failure the caller must see.',
    edits: [["if ((err as { code?: string }).code === 'REQUEST_TIMEOUT') return null\n    throw err", 'return null']],
    names: /only running out of time means "not there"/
  },
  {
    name: 'snapshot-without-json',
    blames: 'withSnapshot',
    concept: "A session is its own handle with its own options: a snapshot does not inherit the log's value encoding.",
    edits: [["log.snapshot({ valueEncoding: 'json' })", 'log.snapshot()']],
    names: /you got a Buffer, not JSON/
  },
  {
    name: 'session-not-snapshot',
    blames: 'withSnapshot',
    concept: 'A snapshot is a session frozen at its length: a plain session moves on with the log.',
    edits: [["log.snapshot({ valueEncoding: 'json' })", "log.session({ valueEncoding: 'json' })"]],
    names: /a snapshot is frozen/
  },
  {
    name: 'close-only-on-success',
    blames: 'withSnapshot',
    concept: "A session keeps the core's storage open: close it on every path out, failures included.",
    edits: [[
      'try {\n    await snapshot.ready()\n    return await read(snapshot)\n  } finally {\n    await snapshot.close()\n  }',
      'await snapshot.ready()\n  const result = await read(snapshot)\n  await snapshot.close()\n  return result'
    ]],
    names: /closed even though the read threw/
  },
  {
    name: 'range-end-included',
    blames: 'readRange',
    concept: 'A range includes its start and excludes its end.',
    edits: [['log.createReadStream({ start, end })', 'log.createReadStream({ start, end: end + 1 })']],
    names: /the end is not/
  },
  {
    name: 'follow-not-live',
    blames: 'follow',
    concept: 'A live stream does not end at the current length: it yields each entry appended later.',
    edits: [['log.createReadStream({ start: from, live: true })', 'log.createReadStream({ start: from })']],
    names: /a follower is live/
  }
] satisfies Mistake[]
