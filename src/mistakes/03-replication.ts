// Kata 03's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'reader-without-key',
    blames: 'openReader',
    concept: 'with one, it makes an empty local copy of the log named by that key.',
    edits: [["new Hypercore(dir, key, { valueEncoding: 'json' })", "new Hypercore(dir, { valueEncoding: 'json' })"]],
    names: /same public key/
  },
  {
    name: 'reader-without-json',
    blames: 'openReader',
    concept: 'it stores bytes and decodes nothing unless you give it a value encoding.',
    edits: [["new Hypercore(dir, key, { valueEncoding: 'json' })", 'new Hypercore(dir, key)']],
    names: /you got a Buffer, not JSON/
  },
  {
    name: 'no-ready',
    blames: 'openReader',
    concept: 'a core that is not ready yet has no `key`',
    edits: [['await reader.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'two-initiators',
    blames: 'replicate',
    concept: 'so two initiators, or two responders, never connect.',
    edits: [['reader.replicate(false)', 'reader.replicate(true)']],
    names: /initiator/
  },
  {
    name: 'piped-one-way',
    blames: 'replicate',
    concept: 'pipe each of two such streams into the other, both ways, and the two cores talk.',
    edits: [['initiator.pipe(responder).pipe(initiator)', 'initiator.pipe(responder)']],
    names: /piped into the other/
  },
  {
    name: 'timeout-zero-waits-forever',
    blames: 'readEntry',
    concept: 'As in kata\n02, a timeout of 0 is *no* timeout to hypercore (the read waits forever)',
    edits: [['ms > 0 ? { timeout: ms } : { wait: false }', '{ timeout: ms }']],
    names: /ms = 0 means do not wait at all/
  },
  {
    name: 'streams-returned-swapped',
    blames: 'replicate',
    concept: 'return both `[initiator, responder]`',
    edits: [['return [initiator, responder]', 'return [responder, initiator]']],
    names: /\[initiator, responder\]/
  },
  {
    name: 'stop-unbound',
    blames: 'mirror',
    concept: 'return a `stop()` function\n   that stops it when called on its own, as `stop()`.',
    edits: [['return () => range.destroy()', 'return range.destroy']],
    names: /called on its own/
  },
  {
    name: 'append-not-awaited',
    blames: 'tryAppend',
    concept: 'append `entry` and resolve, once the append has finished or failed',
    edits: [['const { length } = await core.append([entry])', 'core.append([entry]).catch(() => {})\n    const length = core.length + 1']],
    names: /tryAppend resolves once the append has finished or failed/
  },
  {
    name: 'timeout-not-caught',
    blames: 'readEntry',
    concept: 'resolve to `null` if it did not arrive in time',
    edits: [["if ((err as { code?: string }).code === 'REQUEST_TIMEOUT') return null\n    throw err", 'throw err']],
    names: /resolve to null when nothing arrives in time/
  },
  {
    name: 'unbounded-read',
    blames: 'readEntry',
    concept: 'a read of it waits forever unless you bound it with a timeout, as in kata 02.',
    edits: [['reader.get(index, ms > 0 ? { timeout: ms } : { wait: false })', 'reader.get(index)']],
    names: /a read must be bounded in time/
  },
  {
    name: 'timer-raced-against-get',
    blames: 'readEntry',
    concept: 'Bound the `get()` itself: a timer raced against it lets your code move on, but the read stays open, waiting for a peer that never comes.',
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
    concept: 'Any other error, a read of a closed core say, is a real failure and must still reject: catch the one you expect, rethrow the rest.',
    edits: [["if ((err as { code?: string }).code === 'REQUEST_TIMEOUT') return null\n    throw err", 'return null']],
    names: /only running out of time means "not there"/
  },
  {
    name: 'mirror-not-live',
    blames: 'mirror',
    concept: 'A reader downloads only what you ask for.',
    edits: [['reader.download({ start: 0, end: -1 })', 'reader.download({ start: 0, end: reader.length })']],
    names: /ask for every block/
  },
  {
    name: 'mirror-stop-noop',
    blames: 'mirror',
    concept: 'the range it returns is what you destroy to stop it',
    edits: [['return () => range.destroy()', 'return () => { void range }']],
    names: /sparse again/
  },
  {
    name: 'array-entry-spread',
    blames: 'tryAppend',
    concept: 'an entry that is itself an array is still one entry',
    edits: [['const { length } = await core.append([entry])', 'const { length } = await core.append(entry)']],
    names: /an entry that is an array is still one entry/
  },
  {
    name: 'reason-made-up',
    blames: 'tryAppend',
    concept: 'so pass it on rather than guessing a reason of your own.',
    edits: [['reason: (err as Error).message', "reason: 'not writable'"]],
    names: /the reason is the error's own message/
  },
  {
    name: 'writable-checked-first',
    blames: 'tryAppend',
    concept: "A refused `append` is the same: the error's message tells you why (no secret key, a closed core)",
    edits: [['  try {\n    // One entry', "  if (!core.writable) return { ok: false, reason: 'read-only' }\n  try {\n    // One entry"]],
    names: /the reason is the error's own message/
  }
] satisfies Mistake[]
