// What the learner's code printed, as the runner shows it: under the test that printed it, capped, and
// never able to draw over the rest of the report (control characters are shown, not obeyed).
import type { Printed, PrintedLine } from './printed.ts'
import type { Style } from './report.ts'

/**
 * Lines shown for one kata at most: the latest tests' whole, back from the last (the failing test's are
 * the ones that matter); the earlier ones are counted.
 */
export const SHOWN_LINES = 40

export function describePrinted (printed: Printed[], style: Style, failing?: string): string[] {
  let budget = SHOWN_LINES
  let hiddenLines = 0
  let hiddenParts = 0
  const shown: Printed[] = []
  for (const entry of [...printed].reverse()) {
    if (shown.length && entry.lines.length > budget) budget = 0
    if (budget <= 0) {
      hiddenLines += entry.lines.length + entry.more
      hiddenParts++
      continue
    }
    budget -= entry.lines.length
    shown.unshift(entry)
  }
  const out = [`your code printed ${style.paint(2, '(console.log and the rest; --hide-output hides it)')}:`]
  if (hiddenParts) out.push(`  … ${plural(hiddenLines, 'line')} printed earlier (${hiddenParts === 1 ? 'in 1 test' : `in ${hiddenParts} tests`}) not shown`)
  for (const entry of shown) {
    out.push(`  ${where(entry, failing)}`)
    entry.lines.forEach((line, i) => {
      for (const gap of entry.gaps ?? []) if (gap.at === i) out.push(`    … ${plural(gap.count, 'more line')}`)
      out.push(showLine(line, style))
    })
    for (const gap of entry.gaps ?? []) if (gap.at >= entry.lines.length) out.push(`    … ${plural(gap.count, 'more line')}`)
  }
  return out
}

function showLine (line: PrintedLine, style: Style): string {
  if (line.stream === 'out') return `    │ ${visible(line.text)}`
  return `    │ ${style.paint(31, `${style.pass === 'PASS' ? 'stderr: ' : ''}${visible(line.text)}`)}`
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
