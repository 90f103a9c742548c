// How verify prints its checks: one line each as they finish, then the failures again and the totals.
import { readFileSync } from 'node:fs'
import type { Check } from './checks.ts'

export const WIDTH = 52

/** One check: its name, ok / FAIL / skip, and its detail (continuation lines indented under it). */
export function checkLine (check: Check): string {
  const mark = check.skipped ? 'skip' : check.ok ? (check.cached ? 'ok ⋅' : 'ok  ') : 'FAIL'
  return `${check.name.padEnd(WIDTH)} ${mark} ${indent(check.detail)}`
}

/**
 * A failed check in full: its line, its kind, and the end of its stderr, so that a failure on CI (a flake
 * seen once) can be understood from the log alone.
 */
export function failureReport (check: Check): string {
  const lines = [checkLine(check)]
  if (check.kind) lines.push(`${''.padEnd(WIDTH + 6)}(kind: ${check.kind})`)
  if (check.log) lines.push(`${''.padEnd(WIDTH + 6)}stderr, last lines:\n${''.padEnd(WIDTH + 8)}${indent(check.log, 2)}`)
  return lines.join('\n')
}

function indent (text: string, extra = 0): string {
  return text.split('\n').join('\n' + ' '.repeat(WIDTH + 6 + extra))
}

/**
 * The end of the output: the failed checks again (a long log is often read only from its tail, as CI
 * shows it), the time taken, and last the line `verify: N passed, M failed` (with how many of the passes
 * were taken from the cache).
 */
export function summary (checks: Check[], ms: number, jobs: number, cpuMs?: number): string {
  const failures = checks.filter((c) => !c.ok)
  const skipped = checks.filter((c) => c.skipped).length
  const cached = checks.filter((c) => c.ok && c.cached).length
  const again = failures.length ? `\nfailed:\n${failures.map(failureReport).join('\n')}\n` : ''
  const fromCache = cached ? ` (${cached} of the passes cached: unchanged since they passed; --no-cache runs every check)` : ''
  const cpu = cpuMs === undefined ? '' : `, ${(cpuMs / 1000).toFixed(0)} s of CPU`
  return `${again}\n(${(ms / 1000).toFixed(1)} s, ${jobs} at a time${cpu}; ${timeByKind(checks)})\n` +
    `verify: ${checks.length - failures.length - skipped} passed, ${failures.length} failed${skipped ? `, ${skipped} skipped` : ''}${fromCache}`
}

/** Where the time went: for each kind of check run (not cached), how many and their summed wall time. */
export function timeByKind (checks: Check[]): string {
  const kinds = new Map<string, { count: number, ms: number }>()
  for (const check of checks) {
    if (check.cached || check.skipped || check.ms === undefined) continue
    const kind = kinds.get(check.kind ?? 'other') ?? { count: 0, ms: 0 }
    kind.count++
    kind.ms += check.ms
    kinds.set(check.kind ?? 'other', kind)
  }
  const parts = [...kinds].sort((a, b) => b[1].ms - a[1].ms).map(([kind, { count, ms }]) => `${kind} ${count}× ${(ms / 1000).toFixed(0)} s`)
  return parts.length ? `summed per kind: ${parts.join(', ')}` : 'nothing run'
}

/**
 * CPU time (user + system) of this process and of every process it started and waited for, theirs
 * included (Linux: /proc/self/stat); undefined elsewhere. A busy machine inflates it far less than the clock.
 */
export function cpuSpentMs (): number | undefined {
  try {
    // After the command's closing parenthesis: utime, stime, cutime, cstime are the 12th to 15th fields, in ticks of 10 ms.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ').pop()!.split(' ')
    return fields.slice(11, 15).reduce((sum, n) => sum + Number(n), 0) * 10
  } catch {
    return undefined
  }
}
