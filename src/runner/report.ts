// Prints kata results for a person: per kata green/red, and for red the first failing test.
import path from 'node:path'
import { ROOT } from './katas.ts'
import type { KataResult } from './run-suite.ts'
import type { Failure } from './tap.ts'
import { diffLines, formatDiff } from './diff.ts'
import { showValue } from './values.ts'
import { describePrinted } from './show-printed.ts'

export interface Style {
  pass: string
  fail: string
  paint: (code: number, text: string) => string
}

export function styleFor (stream: NodeJS.WriteStream): Style {
  const tty = stream.isTTY && !process.env.NO_COLOR
  return tty
    ? { pass: '✔', fail: '✘', paint: (code, text) => `\x1b[${code}m${text}\x1b[0m` }
    : { pass: 'PASS', fail: 'FAIL', paint: (_code, text) => text }
}

const GREEN = 32
const RED = 31
const DIM = 2

export interface FormatOptions {
  /** Leave out what the learner's code printed (npm test -- --hide-output). */
  hideOutput?: boolean
}

export function formatResult (result: KataResult, style: Style, opts: FormatOptions = {}): string {
  const { kata, tests } = result
  const passed = tests.filter((t) => t.ok).length
  const green = result.status === 'green'
  const mark = style.paint(green ? GREEN : RED, green ? style.pass : style.fail)
  const count = result.stopped ? `${passed} passed, stopped at the first failure` : `${passed}/${tests.length} tests`
  const lines = [`${mark} ${kata.number} ${kata.title}  ${style.paint(DIM, `${count} · ${(result.ms / 1000).toFixed(1)} s`)}`]
  // What your code printed, test by test, above the failure: the red message stays last, by the summary.
  if (result.printed?.length && !opts.hideOutput) lines.push(...describePrinted(result.printed, style, green ? undefined : tests.find((t) => !t.ok)?.name).map(indent))
  if (result.status === 'crashed') {
    lines.push(...describeCrash(result.crash ?? '').map(indent))
  } else if (!green && result.openHandles && tests.every((t) => t.ok)) {
    lines.push(...describeLeftovers(result.openHandles).map(indent))
    lines.push(indent(style.paint(DIM, `lesson: ${path.relative(ROOT, path.join(kata.dir, 'README.md'))} · stuck? npm run hint -- ${kata.number}`)))
  } else if (!green) {
    const first = tests.find((t) => !t.ok)
    if (first?.failure) lines.push(...describeFailure(first.name, first.failure).map(indent))
    if (first?.failure && !kata.stubs.some((stub) => first.failure!.at?.startsWith(path.relative(ROOT, stub)))) {
      const files = kata.stubs.map((stub) => path.relative(ROOT, stub)).join(', ')
      if (files) lines.push(indent(`  your code: ${files}`))
    }
    lines.push(indent(style.paint(DIM, `lesson: ${path.relative(ROOT, path.join(kata.dir, 'README.md'))} · stuck? npm run hint -- ${kata.number}`)))
  }
  return lines.join('\n')
}

/** The first failure of a test, in a learner's terms: what to do next, what differs, where to look. */
export function describeFailure (testName: string, failure: Failure): string[] {
  const callback = / \(in a callback or event handler\)$/.test(failure.message) ? ' (in a callback or event handler)' : ''
  const message = failure.message.replace(/ \(in a callback or event handler\)$/, '').replace(/ \(at [^()]+\)$/, '')
  const lines = [`first failing test: ${testName}`]
  if (failure.kind === 'not-implemented') lines.push(...notImplemented(message))
  else if (failure.kind === 'timeout') lines.push(...timedOut(message))
  else if (failure.kind === 'threw') lines.push(`  your code threw ${message.replace(/^your code threw:\s*/, '')}${callback}`)
  else {
    lines.push(`  ${message}`)
    if (failure.operator === 'not' || failure.operator === 'unlike') {
      // A negated check failed because the two were the same: that sameness is the news, not a diff.
      if (failure.actual) lines.push(`  expected anything but: ${showValue(failure.actual).split('\n').join('\n    ')}`, '  and got exactly that')
    } else if (failure.operator && failure.expected !== undefined) lines.push(...comparison(failure.expected, failure.actual ?? ''))
  }
  if (failure.at) lines.push(`  at ${failure.at}${whose(failure.at)}`)
  return lines
}

// "not implemented: openLog() is not implemented yet: open a Hypercore in `dir` (kata 01, task 1)"
function notImplemented (message: string): string[] {
  const text = message.replace(/^not implemented:\s*/, '')
  const named = text.match(/^(.*?\(\))\s+is not implemented(?: yet)?[:.]?\s*(.*)$/i)
  if (named) return [`  write ${named[1]} next${named[2] ? `: ${named[2]}` : ''}`]
  return [`  still a stub: ${text}`]
}

// "timed out: still waiting for bob receives message 2 after 5 s"
function timedOut (message: string): string[] {
  const parts = message.match(/^timed out: still waiting for (.*) after ([\d.]+ s)$/)
  if (!parts) return [`  ${message}`]
  const [, pending, time] = parts
  if (pending.startsWith('nothing named')) {
    return [`  the test ran out of time (${time}) outside any named wait: look for a loop or a promise in your code that never ends`]
  }
  const lines = [`  timed out after ${time}, still waiting for: ${pending}`]
  // A wait whose label explains what your code should have done needs no generic advice after it.
  if (!/[:(]/.test(pending)) lines.push('  it never happened: look for a missing await, a promise that never settles, or an event nobody emits')
  return lines
}

/**
 * Expected vs actual: side by side when short, a line diff when not. The diff's lines are marked with
 * words, not - and +, which would read as the dashes of a YAML list.
 */
function comparison (expectedText: string, actualText: string): string[] {
  const expected = showValue(expectedText)
  const actual = showValue(actualText)
  const exp = expected.split('\n')
  const act = actual.split('\n')
  if (exp.length === 1 && act.length === 1) {
    const lines = [`  expected: ${expected}`, `  actual:   ${actual}`]
    const at = firstDifference(expected, actual)
    if (Math.min(expected.length, actual.length) > 12 && at > 0) lines.push(`  ${' '.repeat(10 + at)}^ differs from here`)
    return lines
  }
  const diff = formatDiff(diffLines(exp.map(trimEnd), act.map(trimEnd)), { removed: '  expected │ ', added: '  actual   │ ', same: '           │ ', context: 3 })
  return ['  expected vs actual, line by line:', ...diff]
}

function firstDifference (a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}

function trimEnd (line: string): string {
  return line.trimEnd()
}

function whose (at: string): string {
  if (/\.test\.ts:/.test(at)) return ' (the test)'
  if (/^katas\//.test(at)) return ' (your code)'
  return ''
}

/** Every test passed, but the suite's process did not end: what kept it alive, and where to look. */
export function describeLeftovers (open: string): string[] {
  return [
    'every test passed, but the suite did not end: 1 s after its last test this was still open:',
    `  ${open}`,
    '  whatever your code starts (swarms, DHT nodes, stores, streams, timers) its close() must stop;',
    '  a timer set in your code is listed with the line that set it'
  ]
}

/**
 * Why a suite process died (a syntax error, a failed import, an error outside any test), with the
 * learner's own files first and the frames of Node, dependencies and the runner left out.
 */
export function describeCrash (crash: string): string[] {
  const [why = 'the suite crashed', ...rest] = crash.split('\n')
  const relative = (line: string): string => line.split(`file://${ROOT}/`).join('').split(`${ROOT}/`).join('')
  const noise = (line: string): boolean => /^\s*$|^\s*\^+\s*$|^Node\.js v\d/.test(line) ||
    (/^\s+at /.test(line) && /node_modules|\(node:|^\s+at node:|src\/(runner|harness|dojo)\//.test(line))
  const lines = [...new Set(rest.map((line) => relative(line).trimEnd()))]
  const mine = lines.filter((line) => /(^|[\s(])katas\//.test(line) && !/node_modules/.test(line) && !/^\s+at .*\.test\.ts:/.test(line))
  const others = lines.filter((line) => !noise(line) && !mine.includes(line))
  const hidden = lines.filter((line) => noise(line) && /^\s+at /.test(line)).length
  const out = [`the suite crashed: ${why}`]
  if (mine.length) out.push('  in your code:', ...mine.map((line) => `    ${line.trim()}`))
  out.push(...others.map((line) => `  ${line}`))
  if (hidden) out.push(`  (${hidden} stack frame${hidden === 1 ? '' : 's'} of Node, dependencies and the runner left out)`)
  return out
}

function indent (line: string): string {
  return line.split('\n').map((l) => `    ${l}`).join('\n')
}

export function summary (results: KataResult[]): string {
  const green = results.filter((r) => r.status === 'green').length
  const line = `${green} of ${results.length} kata${results.length === 1 ? '' : 's'} green`
  return results.some((r) => r.stopped) ? `${line} (a red kata stops at its first failure; add --all to run every test)` : line
}
