// What the learner's code printed (console.log, console.error …) while a suite ran. capture-output.mjs
// marks each such line on the suite process's stdout, between brittle's TAP lines; this reads them back,
// each with the test that was running, and gives the TAP without them to the TAP reader.

/** Starts every line capture-output.mjs writes: then "out " or "err " and the text, or "more " and a count. */
export const PRINTED = '#kata-print:'
/**
 * Lines kept per test (and before the first): a print in a hot loop is counted, not kept. The first
 * PRINT_CAP - PRINT_TAIL lines and the last PRINT_TAIL before a failure (or the test's end) are kept:
 * what was printed just before it went wrong is often what tells.
 */
export const PRINT_CAP = 20
export const PRINT_TAIL = 5
/** Characters kept per line. */
export const PRINT_WIDTH = 200

export interface PrintedLine {
  stream: 'out' | 'err'
  text: string
}

export interface Printed {
  /** The test that was running (the last one started); '' outside any test. */
  test: string
  /** Outside any test: while the suite's modules loaded, or after brittle's closing summary began. */
  outside?: 'loading' | 'after'
  lines: PrintedLine[]
  /** Lines printed past PRINT_CAP, not kept (in all). */
  more: number
  /** Where in `lines` some were left out, and how many. */
  gaps?: Array<{ at: number, count: number }>
}

const TEST_END = /^(not ok|ok) \d+ - /
const MARK = new RegExp(`^${PRINTED}(out|err|more) (.*)$`, 's')

/** Splits a suite's stdout into its TAP and what the learner printed, test by test. */
export function readPrinted (stdout: string): { tap: string, printed: Printed[] } {
  if (!stdout.includes(PRINTED)) return { tap: stdout, printed: [] }
  const tap: string[] = []
  const printed: Printed[] = []
  let test = ''
  let outside: Printed['outside'] = 'loading'
  let expectingName = true
  for (const line of stdout.split('\n')) {
    const mark = line.match(MARK)
    if (!mark) {
      tap.push(line)
      // The same reading of brittle's lines as parseTap's: "# name" starts a test, "ok 3 - name" ends it.
      if (TEST_END.test(line)) expectingName = true
      else if (/^1\.\.\d+$|^# all tests ended$/.test(line)) {
        test = ''
        outside = 'after'
        expectingName = false
      } else if (expectingName && /^# (.+)$/.test(line) && !/^# (ok|not ok)$/.test(line)) {
        test = line.slice(2)
        outside = undefined
        expectingName = false
      }
      continue
    }
    let entry = printed.at(-1)
    if (!entry || entry.test !== test || entry.outside !== outside) printed.push(entry = { test, ...(outside ? { outside } : {}), lines: [], more: 0 })
    if (mark[1] === 'more') {
      const count = Number(mark[2]) || 0
      entry.more += count
      ;(entry.gaps ??= []).push({ at: entry.lines.length, count })
    } else entry.lines.push({ stream: mark[1] as 'out' | 'err', text: mark[2] })
  }
  return { tap: tap.join('\n'), printed }
}

/** How many lines the learner printed in all (kept and not). */
export function printedCount (printed: Printed[] | undefined): number {
  return (printed ?? []).reduce((n, p) => n + p.lines.length + p.more, 0)
}
