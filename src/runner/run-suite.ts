// Runs one kata suite in its own Node process and reads what happened.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { ROOT, type Kata } from './katas.ts'
import { parseTap, type TestResult } from './tap.ts'

export interface RunOptions {
  /** Load the reference solutions instead of the learner's stubs. */
  solution?: boolean
  /** Kill the suite after this many ms (it should end long before: every wait in it is bounded). */
  limit?: number
}

export interface SuiteRun {
  status: 'green' | 'red' | 'crashed'
  tests: TestResult[]
  /** Why a crashed suite crashed (exit code, signal, the end of stderr). */
  crash?: string
  ms: number
  /** Time from brittle's closing summary to the process's exit: lingering handles show up here. */
  exitLagMs?: number
  output: string
}

export interface KataResult extends SuiteRun {
  kata: Kata
}

const TSX = ['--import', 'tsx']
const SOLUTIONS = ['--import', path.join(ROOT, 'src', 'runner', 'use-solutions.mjs')]

export function nodeArgs (suite: string, opts: RunOptions = {}): string[] {
  return ['--no-warnings', ...TSX, ...(opts.solution ? SOLUTIONS : []), suite]
}

export async function runSuite (kata: Kata, opts: RunOptions = {}): Promise<KataResult> {
  return { kata, ...await runFile(kata.suite, opts) }
}

/** Runs one brittle test file in a fresh Node process and parses its TAP. */
export function runFile (file: string, opts: RunOptions = {}): Promise<SuiteRun> {
  const started = Date.now()
  const limit = opts.limit ?? 120000
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs(file, opts), {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    let summaryAt = 0
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      if (!summaryAt && /^# (ok|not ok)$/m.test(stdout)) summaryAt = Date.now()
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
    const killer = setTimeout(() => child.kill('SIGKILL'), limit)
    child.on('close', (code, signal) => {
      clearTimeout(killer)
      const ms = Date.now() - started
      const { tests, finished } = parseTap(stdout)
      const base = { tests, ms, output: stdout + stderr, ...(summaryAt ? { exitLagMs: Date.now() - summaryAt } : {}) }
      if (!finished || signal || (code !== 0 && tests.every((t) => t.ok))) {
        const why = signal === 'SIGKILL' && Date.now() - started >= limit
          ? `the suite was still running after ${limit / 1000} s and was stopped`
          : `the suite process ended early (${signal ? `signal ${signal}` : `exit code ${code}`})`
        resolve({ ...base, status: 'crashed', crash: `${why}\n${tail(stderr || stdout)}` })
        return
      }
      resolve({ ...base, status: tests.length > 0 && tests.every((t) => t.ok) ? 'green' : 'red' })
    })
  })
}

function tail (text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}
