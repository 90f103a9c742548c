// Kata 03's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'no-ready',
    lesson: 'a core that is not ready yet has no `key`',
    edits: [['await reader.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'two-initiators',
    lesson: 'so two initiators, or two responders, never connect.',
    edits: [['reader.replicate(false)', 'reader.replicate(true)']],
    names: /initiator/
  },
  {
    name: 'piped-one-way',
    lesson: 'pipe them into each other (`a.pipe(b).pipe(a)`) and the two cores talk.',
    edits: [['initiator.pipe(responder).pipe(initiator)', 'initiator.pipe(responder)']],
    names: /piped into the other/
  },
  {
    name: 'timeout-not-caught',
    lesson: 'resolve to `null` if it did not arrive in time.',
    edits: [["if ((err as { code?: string }).code === 'REQUEST_TIMEOUT') return null\n    throw err", 'throw err']],
    names: /resolve to null when nothing arrives in time/
  },
  {
    name: 'unbounded-read',
    lesson: 'a read of it waits forever unless you bound it with a timeout, as in kata 02.',
    edits: [['reader.get(index, { timeout: ms })', 'reader.get(index)']],
    names: /a read must be bounded in time/
  },
  {
    name: 'mirror-not-live',
    lesson: 'A reader downloads only what you ask for.',
    edits: [['reader.download({ start: 0, end: -1 })', 'reader.download({ start: 0, end: reader.length })']],
    names: /ask for every block/
  },
  {
    name: 'mirror-stop-noop',
    lesson: '(destroy the range to stop)',
    edits: [['return () => range.destroy()', 'return () => { void range }']],
    names: /sparse again/
  },
  {
    name: 'array-entry-spread',
    lesson: 'an entry that is itself an array is still one entry',
    edits: [['const { length } = await core.append([entry])', 'const { length } = await core.append(entry)']],
    names: /an entry that is an array is still one entry/
  }
] satisfies Mistake[]
