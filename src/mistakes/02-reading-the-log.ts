// Kata 02's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'stop-only-sets-a-flag',
    blames: 'follow',
    concept: 'Ignoring it is not stopping it: a stream whose entries you only skip keeps reading the log until the log closes.',
    edits: [
      ["stream.on('data', (entry: Entry) => onEntry(entry, index++))", "let stopped = false\n  stream.on('data', (entry: Entry) => { if (!stopped) onEntry(entry, index++) })"],
      ['stream.destroy()', 'stopped = true']
    ],
    names: /keeps reading until the log closes/
  },
  {
    name: 'stop-awaits-close',
    blames: 'follow',
    concept: "so a `stop()` that awaits the close hangs until someone appends. Destroy it and return.",
    edits: [['stream.destroy()', "stream.destroy()\n    await new Promise((resolve) => stream.once('close', resolve))"]],
    names: /do not wait for it to close/
  },
  {
    name: 'index-from-zero',
    blames: 'follow',
    concept: 'call `onEntry(entry, index)` for each entry from `from` on',
    edits: [['let index = from', 'let index = 0']],
    names: /starts at `from`, with each entry's index/
  },
  {
    name: 'listener-left-behind',
    blames: 'waitForLength',
    concept: 'a listener you forget to remove keeps its closure alive for as long as the core lives.',
    edits: [["log.off('append', onAppend)\n", '']],
    names: /no append listener is left behind/
  },
  {
    name: 'no-length-check-first',
    blames: 'waitForLength',
    concept: 'entries that are already there fire no event, so check the length first.',
    edits: [['if (log.length >= length) return resolve()\n', '']],
    names: /already has 3 entries/
  },
  {
    name: 'timeout-zero-waits-forever',
    blames: 'readOrNull',
    concept: 'A timeout of 0 does not mean "give up at once": hypercore reads it as "no\ntimeout", and the read waits forever',
    edits: [['ms > 0 ? { timeout: ms } : { wait: false }', '{ timeout: ms }']],
    names: /ms = 0 means do not wait at all/
  },
  {
    name: 'wait-ignores-close',
    blames: 'waitForLength',
    concept: "once the log closes no `'append'` will ever come, so listen\nfor its `'close'` event as well and reject then",
    edits: [["    log.on('close', onClose)\n", '']],
    names: /every wait needs a way out/
  },
  {
    name: 'wait-ignores-closed-log',
    blames: 'waitForLength',
    concept: 'a log that is already closed has `closed` set',
    edits: [['    if (log.closed) return reject(new Error(`the log is closed: it will never reach length ${length}`))\n', '']],
    names: /closed already/
  },
  {
    name: 'close-listener-left-behind',
    blames: 'waitForLength',
    concept: 'removing\nboth listeners whichever comes first.',
    edits: [["      log.off('close', onClose)\n", '']],
    names: /no close listener is left behind/
  },
  {
    name: 'close-not-awaited',
    blames: 'withSnapshot',
    concept: '`close()`\ntakes time and returns a promise: await it',
    edits: [[
      'try {\n    await snapshot.ready()\n    return await read(snapshot)\n  } finally {\n    await snapshot.close()\n  }',
      'try {\n    return await read(snapshot)\n  } finally {\n    void snapshot.close()\n  }'
    ]],
    names: /only once the snapshot is closed/
  },
  {
    name: 'no-wait-read',
    blames: 'readOrNull',
    concept: 'another makes it answer `null` at once, without waiting at all.',
    edits: [['log.get(index, ms > 0 ? { timeout: ms } : { wait: false })', 'log.get(index, { wait: false })']],
    names: /it waits, up to `ms`/
  },
  {
    name: 'timer-raced-against-get',
    blames: 'readOrNull',
    concept: 'Racing `get()` against a timer of your own does not bound it: your code moves on with `null`, but the read keeps waiting until the entry comes, which may be never.',
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
    concept: 'Only a timeout means "not there": any other error (a closed session, say) is a real failure and must not be turned into `null`.',
    edits: [["if ((err as { code?: string }).code === 'REQUEST_TIMEOUT') return null\n    throw err", 'return null']],
    names: /only running out of time means "not there"/
  },
  {
    name: 'snapshot-without-json',
    blames: 'withSnapshot',
    concept: "Sessions and snapshots do not inherit the core's `valueEncoding`",
    edits: [["log.snapshot({ valueEncoding: 'json' })", 'log.snapshot()']],
    names: /you got a Buffer, not JSON/
  },
  {
    name: 'session-not-snapshot',
    blames: 'withSnapshot',
    concept: 'is a session frozen at the current length: appends made after it are invisible through it',
    edits: [["log.snapshot({ valueEncoding: 'json' })", "log.session({ valueEncoding: 'json' })"]],
    names: /a snapshot is frozen/
  },
  {
    name: 'close-only-on-success',
    blames: 'withSnapshot',
    concept: 'A session must be closed, or the core\'s storage stays open',
    edits: [[
      'try {\n    await snapshot.ready()\n    return await read(snapshot)\n  } finally {\n    await snapshot.close()\n  }',
      'await snapshot.ready()\n  const result = await read(snapshot)\n  await snapshot.close()\n  return result'
    ]],
    names: /closed even though the read threw/
  }
] satisfies Mistake[]
