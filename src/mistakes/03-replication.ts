// Kata 03's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'timer-instead-of-ready',
    blames: 'openReader',
    concept: 'Opening takes as long as the disk takes: only the reader itself can say it is ready, a timer only guesses.',
    edits: [['await reader.ready()', 'await new Promise((resolve) => setTimeout(resolve, 200))']],
    names: /resolves only once the reader is ready/
  },
  {
    name: 'mirror-from-known-length',
    blames: 'mirror',
    concept: 'A mirror keeps the whole log: its download starts at block 0, whatever length the reader knows already.',
    edits: [['reader.download({ start: 0, end: -1 })', 'reader.download({ start: reader.length, end: -1 })']],
    names: /from block 0/
  },
  {
    name: 'read-downloads-the-range-before-in-background',
    blames: 'readEntry',
    concept: 'A reader is sparse: reading one entry fetches that block only, with no download of the others left running.',
    edits: [[
      'return await reader.get(index, ms > 0 ? { timeout: ms } : { wait: false })',
      'if (ms > 0) reader.download({ start: 0, end: index + 1 })\n    return await reader.get(index, ms > 0 ? { timeout: ms } : { wait: false })'
    ]],
    names: /downloads block 7 and no other block/
  },
  {
    name: 'reader-without-key',
    blames: 'openReader',
    concept: "A reader is a hypercore opened with someone else's public key: without the key it is a new log of its own.",
    edits: [["new Hypercore(dir, key, { valueEncoding: 'json' })", "new Hypercore(dir, { valueEncoding: 'json' })"]],
    names: /same public key/
  },
  {
    name: 'reader-without-json',
    blames: 'openReader',
    concept: 'A reader decodes nothing unless it is opened with a value encoding, like the writer.',
    edits: [["new Hypercore(dir, key, { valueEncoding: 'json' })", 'new Hypercore(dir, key)']],
    names: /you got a Buffer, not JSON/
  },
  {
    name: 'no-ready',
    blames: 'openReader',
    concept: 'A reader opens in the background: until it is ready it has no key, and writable is false for the wrong reason.',
    edits: [['await reader.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'two-initiators',
    blames: 'replicate',
    concept: 'A Noise handshake has two roles: one side initiates, the other responds, or they never connect.',
    edits: [['reader.replicate(false)', 'reader.replicate(true)']],
    names: /initiator/
  },
  {
    name: 'piped-one-way',
    blames: 'replicate',
    concept: 'Replication is a conversation: each stream is piped into the other, both ways.',
    edits: [['initiator.pipe(responder).pipe(initiator)', 'initiator.pipe(responder)']],
    names: /piped into the other/
  },
  {
    name: 'timeout-zero-waits-forever',
    blames: 'readEntry',
    concept: 'To hypercore a timeout of 0 is no timeout: not waiting at all is a different option.',
    edits: [['ms > 0 ? { timeout: ms } : { wait: false }', '{ timeout: ms }']],
    names: /ms = 0 means do not wait at all/
  },
  {
    name: 'streams-returned-swapped',
    blames: 'replicate',
    concept: "The pair is returned as [initiator, responder], the initiator's stream first.",
    edits: [['return [initiator, responder]', 'return [responder, initiator]']],
    names: /\[initiator, responder\]/
  },
  {
    name: 'stop-unbound',
    blames: 'mirror',
    concept: 'A method taken off its object loses its this: the stop function must work when called on its own.',
    edits: [['return () => range.destroy()', 'return range.destroy']],
    names: /called on its own/
  },
  {
    name: 'append-not-awaited',
    blames: 'tryAppend',
    concept: 'An outcome is known only once the append has finished or failed.',
    edits: [['const { length } = await core.append([entry])', 'core.append([entry]).catch(() => {})\n    const length = core.length + 1']],
    names: /tryAppend resolves once the append has finished or failed/
  },
  {
    name: 'timeout-not-caught',
    blames: 'readEntry',
    concept: 'Not there in time is an answer, null, not an error.',
    edits: [["if ((err as { code?: string }).code === 'REQUEST_TIMEOUT') return null\n    throw err", 'throw err']],
    names: /resolve to null when nothing arrives in time/
  },
  {
    name: 'unbounded-read',
    blames: 'readEntry',
    concept: 'A wrong key opens no channel and no peer ever answers: every read over the network needs a bound.',
    edits: [['reader.get(index, ms > 0 ? { timeout: ms } : { wait: false })', 'reader.get(index)']],
    names: /a read must be bounded in time/
  },
  {
    name: 'timer-raced-against-get',
    blames: 'readEntry',
    concept: 'The read itself must carry the bound: a read you stop waiting for is still there, waiting.',
    edits: [[
      'return await reader.get(index, ms > 0 ? { timeout: ms } : { wait: false })',
      'let timer: ReturnType<typeof setTimeout> | undefined\n' +
      '    const timeUp = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), ms) })\n' +
      '    try {\n      return await Promise.race([reader.get(index), timeUp])\n    } finally {\n      clearTimeout(timer)\n    }'
    ]],
    names: /a bounded read: pass the timeout to get\(\)/
  },
  {
    name: 'every-error-is-null',
    blames: 'readEntry',
    concept: 'Only running out of time means not there: any other error is a real failure the caller must see.',
    edits: [["if ((err as { code?: string }).code === 'REQUEST_TIMEOUT') return null\n    throw err", 'return null']],
    names: /only running out of time means "not there"/
  },
  {
    name: 'mirror-not-live',
    blames: 'mirror',
    concept: 'A reader is sparse: a mirror asks for every block, the ones appended later too.',
    edits: [['reader.download({ start: 0, end: -1 })', 'reader.download({ start: 0, end: reader.length })']],
    names: /ask for every block/
  },
  {
    name: 'mirror-stop-noop',
    blames: 'mirror',
    concept: 'A mirror runs until stopped: stop() must end the download it started.',
    edits: [['return () => range.destroy()', 'return () => { void range }']],
    names: /sparse again/
  },
  {
    name: 'array-entry-spread',
    blames: 'tryAppend',
    concept: 'append takes an array as several entries, so an entry that is itself an array must stay one entry.',
    edits: [['const { length } = await core.append([entry])', 'const { length } = await core.append(entry)']],
    names: /an entry that is an array is still one entry/
  },
  {
    name: 'reason-made-up',
    blames: 'tryAppend',
    concept: "A refusal's reason is the core's own error message: it knows why better than you.",
    edits: [['reason: (err as Error).message', "reason: 'not writable'"]],
    names: /the reason is the error's own message/
  },
  {
    name: 'writable-checked-first',
    blames: 'tryAppend',
    concept: "A refusal's reason is the core's own error message (no secret key, a closed core), not one you guess first.",
    edits: [['  try {\n    // One entry', "  if (!core.writable) return { ok: false, reason: 'read-only' }\n  try {\n    // One entry"]],
    names: /the reason is the error's own message/
  },
  {
    name: 'read-downloads-the-range-before',
    blames: 'readEntry',
    concept: 'A reader is sparse: reading one entry fetches that block only, not the ones before it.',
    edits: [[
      'return await reader.get(index, ms > 0 ? { timeout: ms } : { wait: false })',
      'if (ms > 0) await reader.download({ start: 0, end: index + 1 }).done()\n    return await reader.get(index, ms > 0 ? { timeout: ms } : { wait: false })'
    ]],
    names: /downloads block 7 and no other block/
  }
] satisfies Mistake[]
