// Reads brittle's TAP output into per-test results, keeping each failed test's first failing assertion.
import { classify, type FailureKind } from '../harness/failures.ts'

export interface Failure {
  /** The assertion's message, e.g. "not implemented: openLog() …" or "the entries match". */
  message: string
  kind: FailureKind
  /** "katas/01-x/log.ts:12:5": where to look (the learner's frame when the harness found one). */
  at?: string
  actual?: string
  expected?: string
  operator?: string
}

export interface TestResult {
  name: string
  ok: boolean
  failure?: Failure
}

export interface SuiteReport {
  tests: TestResult[]
  /** brittle printed its closing summary, or the harness said every test ended (the suite ran to its end). */
  finished: boolean
}

const TEST_LINE = /^(not ok|ok) \d+ - (.*?)(?: # time = [\d.]+ms)?$/
const ASSERT_LINE = /^\s+(not ok|ok) \d+ - (.*)$/
const AT_IN_MESSAGE = / \(at ([^()]+:\d+:\d+)\)(?: \(in a callback or event handler\))?$/

export function parseTap (output: string): SuiteReport {
  const tests: TestResult[] = []
  let first: Failure | undefined
  let block: string[] | null = null
  let finished = false
  // brittle prints "# <test name>" before a test's assertions: the name of a test stopped mid-way.
  let current: string | undefined
  let expectingName = true

  for (const line of output.split('\n')) {
    if (block) {
      if (/^\s+\.\.\.\s*$/.test(line)) {
        if (first) {
          const details = readBlock(block)
          Object.assign(first, details, { at: first.at ?? details.at })
        }
        block = null
      } else block.push(line)
      continue
    }
    const test = line.match(TEST_LINE)
    if (test) {
      const ok = test[1] === 'ok'
      tests.push({ name: test[2], ok, ...(ok ? {} : { failure: first ?? { message: 'the test failed', kind: 'assertion' } }) })
      first = undefined
      expectingName = true
      continue
    }
    const name = line.match(/^# (.+)$/)
    if (name && expectingName && !/^(ok|not ok)$/.test(name[1])) {
      current = name[1]
      expectingName = false
      continue
    }
    const assertion = line.match(ASSERT_LINE)
    if (assertion && assertion[1] === 'not ok' && !first) {
      const message = assertion[2]
      const at = message.match(AT_IN_MESSAGE)?.[1]
      first = { message, kind: classify(message), ...(at ? { at } : {}) }
      continue
    }
    if (/^\s+---\s*$/.test(line) && first && !first.operator && first.actual === undefined) block = []
    if (/^# (ok|not ok|all tests ended)$/.test(line)) finished = true
  }
  // Stopped at a failed assertion, before brittle printed the test's own line.
  if (first) tests.push({ name: current ?? 'a test', ok: false, failure: first })
  return { tests, finished }
}

/**
 * Whether `output` (still growing) already holds one whole failed assertion, or a failed test: enough to
 * stop the suite and show it. A line is whole once the next one has started; a failure's details, once
 * their closing "..." is there.
 */
export function hasFailure (output: string): boolean {
  const lines = output.split('\n').slice(0, -1)
  const at = lines.findIndex((line) => /^\s*not ok \d+ - /.test(line))
  if (at < 0 || at + 1 >= lines.length) return false
  if (!/^\s+---\s*$/.test(lines[at + 1])) return true
  return lines.slice(at + 2).some((line) => /^\s+\.\.\.\s*$/.test(line))
}

// The YAML-ish block brittle prints under a failed assertion.
function readBlock (lines: string[]): Partial<Failure> {
  const fields: Record<string, string[]> = {}
  let current = ''
  const indent = lines[0]?.match(/^\s*/)?.[0].length ?? 0
  for (const line of lines) {
    const key = line.slice(indent).match(/^(\w+):\s?(.*)$/)
    if (key && line.match(/^\s*/)![0].length === indent) {
      current = key[1]
      fields[current] = key[2] && key[2] !== '|' ? [key[2]] : []
    } else if (current) fields[current].push(line.slice(indent + 2))
  }
  const text = (name: string): string | undefined => fields[name]?.join('\n').trimEnd()
  // The first frame that is neither the harness, a dependency nor Node itself.
  const stackTop = fields.stack?.map((l) => l.trim().replace(/^at\s+/, '').replace(/^.*\((.*)\)$/, '$1').replace(/^\.\//, ''))
    .find((l) => /:\d+:\d+$/.test(l) && !/src\/(harness|runner)\/|node_modules|^node:/.test(l))
  return {
    ...(text('actual') !== undefined ? { actual: text('actual') } : {}),
    ...(text('expected') !== undefined ? { expected: text('expected') } : {}),
    ...(text('operator') ? { operator: text('operator') } : {}),
    ...(stackTop ? { at: stackTop } : {})
  }
}
