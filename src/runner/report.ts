// Prints kata results for a person: per kata green/red, and for red the first failing test.
import path from 'node:path'
import { ROOT } from './katas.ts'
import type { KataResult } from './run-suite.ts'
import type { Failure } from './tap.ts'

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

export function formatResult (result: KataResult, style: Style): string {
  const { kata, tests } = result
  const passed = tests.filter((t) => t.ok).length
  const green = result.status === 'green'
  const mark = style.paint(green ? GREEN : RED, green ? style.pass : style.fail)
  const lines = [`${mark} ${kata.number} ${kata.title}  ${style.paint(DIM, `${passed}/${tests.length} tests · ${(result.ms / 1000).toFixed(1)} s`)}`]
  if (result.status === 'crashed') {
    lines.push(indent(`the suite crashed: ${result.crash ?? ''}`))
  } else if (!green) {
    const first = tests.find((t) => !t.ok)
    if (first?.failure) lines.push(...describeFailure(first.name, first.failure).map(indent))
    lines.push(indent(style.paint(DIM, `lesson: ${path.relative(ROOT, path.join(kata.dir, 'README.md'))}`)))
  }
  return lines.join('\n')
}

export function describeFailure (testName: string, failure: Failure): string[] {
  const lines = [`first failing test: ${testName}`, `  ${failure.message.replace(/ \(at [^()]+\)$/, '')}`]
  if (failure.operator && failure.expected !== undefined) {
    lines.push(...block('expected', failure.expected), ...block('actual', failure.actual ?? ''))
  }
  if (failure.at) lines.push(`  at ${failure.at}`)
  return lines
}

function block (label: string, text: string): string[] {
  const [first = '', ...rest] = text.split('\n')
  return [`  ${label}: ${first}`, ...rest.map((line) => `    ${line}`)]
}

function indent (line: string): string {
  return line.split('\n').map((l) => `    ${l}`).join('\n')
}

export function summary (results: KataResult[]): string {
  const green = results.filter((r) => r.status === 'green').length
  return `${green} of ${results.length} kata${results.length === 1 ? '' : 's'} green`
}
