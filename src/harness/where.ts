// Points a learner at their own code: the first stack frame outside node_modules and the harness.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const HARNESS = path.dirname(fileURLToPath(import.meta.url))
// The test plumbing's other frames: the runner's preloads (its timer bookkeeping wraps learner callbacks).
const PRELOADS = path.join(HARNESS, '..', 'runner')

/** " (at katas/01-x/log.ts:12:5)", or "" when no frame of the learner's is on the stack. */
export function whereThrown (err: unknown): string {
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : ''
  if (err instanceof Error && err.name === 'PendingError') return ''
  for (const line of stack.split('\n').slice(1)) {
    const match = line.match(/\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/)
    if (!match) continue
    const file = match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1]
    if (file.includes(`${path.sep}node_modules${path.sep}`) || file.startsWith(HARNESS) || file.startsWith(PRELOADS)) continue
    return ` (at ${path.relative(process.cwd(), file)}:${match[2]}:${match[3]})`
  }
  return ''
}
