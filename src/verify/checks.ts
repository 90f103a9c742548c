// What "the curriculum is sound" means, one check at a time: each returns a row for the verify table.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { ROOT, type Kata } from '../runner/katas.ts'
import { runFile, type SuiteRun } from '../runner/run-suite.ts'

export interface Check {
  name: string
  ok: boolean
  detail: string
}

/** A stub must be red for the right reason: every test fails on "not implemented" or an assertion. */
export async function stubIsRed (kata: Kata): Promise<Check> {
  const run = await runFile(kata.suite)
  const name = `${kata.number} ${kata.title} · stub red`
  if (run.status === 'crashed') return { name, ok: false, detail: `crashed: ${firstLine(run.crash)}` }
  const passing = run.tests.filter((t) => t.ok)
  if (passing.length) return { name, ok: false, detail: `passes on the stub: ${passing.map((t) => `"${t.name}"`).join(', ')}` }
  const wrong = run.tests.filter((t) => t.failure && (t.failure.kind === 'timeout' || t.failure.kind === 'threw'))
  if (wrong.length) {
    const [first] = wrong
    return { name, ok: false, detail: `red for the wrong reason: "${first.name}": ${first.failure!.message}` }
  }
  return { name, ok: true, detail: `${run.tests.length}/${run.tests.length} failing (${reasons(run)})` }
}

/** A reference solution must be green. */
export async function solutionIsGreen (kata: Kata): Promise<Check> {
  const run = await runFile(kata.suite, { solution: true })
  return { name: `${kata.number} ${kata.title} · solution green`, ...greenDetail(run) }
}

/** One of the repository's own test files must be green. */
export async function testFileIsGreen (file: string): Promise<Check> {
  const run = await runFile(file)
  return { name: path.relative(ROOT, file), ...greenDetail(run) }
}

function greenDetail (run: SuiteRun): Omit<Check, 'name'> {
  if (run.status === 'crashed') return { ok: false, detail: `crashed: ${firstLine(run.crash)}` }
  const failing = run.tests.filter((t) => !t.ok)
  if (failing.length || run.tests.length === 0) {
    const [first] = failing
    return { ok: false, detail: first ? `"${first.name}": ${first.failure?.message ?? 'failed'}${first.failure?.at ? ` at ${first.failure.at}` : ''}` : 'no tests ran' }
  }
  const lag = run.exitLagMs !== undefined && run.exitLagMs > 1000 ? `; exited ${(run.exitLagMs / 1000).toFixed(1)} s after its last test` : ''
  return { ok: true, detail: `${run.tests.length}/${run.tests.length} passing in ${(run.ms / 1000).toFixed(1)} s${lag}` }
}

/** Runs a command to completion; ok when it exits 0. */
export function commandSucceeds (name: string, command: string, args: string[]): Promise<Check> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => { output += chunk })
    child.stderr.on('data', (chunk) => { output += chunk })
    child.on('error', (err) => resolve({ name, ok: false, detail: err.message }))
    child.on('close', (code) => resolve({ name, ok: code === 0, detail: code === 0 ? 'ok' : head(output.trim()) || `exit code ${code}` }))
  })
}

function reasons (run: SuiteRun): string {
  const kinds = new Set(run.tests.map((t) => t.failure?.kind ?? 'assertion'))
  return [...kinds].join(', ')
}

function head (text: string, lines = 20): string {
  const all = text.split('\n')
  return all.slice(0, lines).join('\n') + (all.length > lines ? `\n… ${all.length - lines} more lines` : '')
}

function firstLine (text = ''): string {
  return text.split('\n').filter(Boolean).slice(0, 3).join(' / ')
}
