// How verify prints its checks: one line each as they finish, then the failures again and the totals.
import type { Check } from './checks.ts'

export const WIDTH = 52

/** One check: its name, ok / FAIL / skip, and its detail (continuation lines indented under it). */
export function checkLine (check: Check): string {
  const mark = check.skipped ? 'skip' : check.ok ? 'ok  ' : 'FAIL'
  return `${check.name.padEnd(WIDTH)} ${mark} ${check.detail.split('\n').join('\n' + ' '.repeat(WIDTH + 6))}`
}

/**
 * The end of the output: the failed checks again (a long log is often read only from its tail, as CI
 * shows it), the time taken, and last the line `verify: N passed, M failed`.
 */
export function summary (checks: Check[], ms: number, jobs: number): string {
  const failures = checks.filter((c) => !c.ok)
  const skipped = checks.filter((c) => c.skipped).length
  const again = failures.length ? `\nfailed:\n${failures.map(checkLine).join('\n')}\n` : ''
  return `${again}\n(${(ms / 1000).toFixed(1)} s, ${jobs} at a time)\n` +
    `verify: ${checks.length - failures.length - skipped} passed, ${failures.length} failed${skipped ? `, ${skipped} skipped` : ''}`
}
