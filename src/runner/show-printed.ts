// What the learner's code printed, as the runner shows it: under the test that printed it, capped, and
// never able to draw over the rest of the report (control characters are shown, not obeyed).
import type { Printed, PrintedLine } from './printed.ts'
import type { Style } from './report.ts'

/** Lines shown for one kata at most, the latest first kept: the failing test's are the ones that matter. */
export const SHOWN_LINES = 40

export function describePrinted (printed: Printed[], style: Style, failing?: string): string[] {
  let budget = SHOWN_LINES
  let hiddenLines = 0
  let hiddenParts = 0
  const shown: Array<{ entry: Printed, lines: PrintedLine[], more: number }> = []
  for (const entry of [...printed].reverse()) {
    if (budget <= 0) {
      hiddenLines += entry.lines.length + entry.more
      hiddenParts++
      continue
    }
    const lines = entry.lines.slice(0, budget)
    budget -= lines.length
    shown.unshift({ entry, lines, more: entry.more + entry.lines.length - lines.length })
  }
  const out = [`your code printed ${style.paint(2, '(console.log and the rest; --hide-output hides it)')}:`]
  if (hiddenParts) out.push(`  … ${plural(hiddenLines, 'line')} printed earlier (${hiddenParts === 1 ? 'in 1 test' : `in ${hiddenParts} tests`}) not shown`)
  for (const { entry, lines, more } of shown) {
    out.push(`  ${where(entry, failing)}`)
    for (const line of lines) out.push(line.stream === 'err' ? `    │ ${style.paint(31, `${style.pass === 'PASS' ? 'stderr: ' : ''}${visible(line.text)}`)}` : `    │ ${visible(line.text)}`)
    if (more) out.push(`    … ${plural(more, 'more line')}`)
  }
  return out
}

function where (entry: Printed, failing?: string): string {
  if (entry.outside === 'loading') return 'while the suite loaded:'
  if (entry.outside === 'after') return 'after the last test:'
  return `in "${entry.test}"${entry.test === failing ? ' (the failing test, below)' : ''}:`
}

// An escape sequence or a carriage return from a print must not clear the screen or overwrite the report.
function visible (text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f\x9b]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

function plural (n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
