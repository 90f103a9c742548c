// Runs one kata suite in its own Node process and reads what happened.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT, type Kata } from './katas.ts'
import { hasFailure, parseTap, type TestResult } from './tap.ts'
import { BUSY_LINE } from './busy.ts'
import { readPrinted, type Printed } from './printed.ts'

/** A learner's mistake to edit into the reference solution (src/mistakes/ holds them; stub-hooks.mjs applies it). */
export interface MistakeSpec {
  kata: string
  file: string
  name: string
  edits: Array<[string, string]>
}

export interface RunOptions {
  /** Load the reference solutions instead of the learner's stubs. */
  solution?: boolean
  /** Replace the stubs with exports that hang forever (the verifier's hung-code check). */
  hung?: boolean
  /** Replace the stubs with exports that spin synchronously for ever (the busy-loop watchdog's check). */
  busy?: boolean
  /** Run inside a new network namespace with only loopback up (proves no test needs the network). */
  offline?: boolean
  /** Kill the suite after this many ms (it should end long before: every wait in it is bounded). */
  limit?: number
  /** Run the reference solutions with this learner's mistake edited in (the verifier's mistake check). */
  mistake?: MistakeSpec
  /** Stop the suite at its first failed assertion (a learner's run: only the first failure is shown). */
  firstFailure?: boolean
  /**
   * Run it under this command (verify's file tracer: `strace … --`). Then the process gets a group of its
   * own, and stopping it stops every process in it: a traced process outlives a killed tracer.
   */
  prefix?: string[]
}

export interface SuiteRun {
  status: 'green' | 'red' | 'crashed'
  tests: TestResult[]
  /** Why a crashed suite crashed (exit code, signal, the end of stderr). */
  crash?: string
  ms: number
  /** Time from brittle's closing summary to the process's exit: lingering handles show up here. */
  exitLagMs?: number
  /** What was still open 1 s after the last test, when the process did not exit by then (it is stopped then). */
  openHandles?: string
  /** Stopped at its first failure (RunOptions.firstFailure): the tests after it did not run. */
  stopped?: boolean
  output: string
  /** What the process wrote to stderr (also in `output`). */
  stderr?: string
  /** What the learner's code printed (console.log, console.error …), test by test, capped (printed.ts). */
  printed?: Printed[]
}

export interface KataResult extends SuiteRun {
  kata: Kata
}

/** `--import` of one of the runner's preload modules. A URL, since Windows paths are not valid specifiers. */
export function preload (file: string): string[] {
  return ['--import', pathToFileURL(path.join(ROOT, 'src', 'runner', file)).href]
}

/** What every suite process loads first: TypeScript, the leftover report, the busy-loop watchdog, an end when its reader is gone, the learner's prints marked. */
export const SUITE_PRELOADS = ['--import', 'tsx', ...preload('suite-tmp.mjs'), ...preload('report-open-handles.mjs'), ...preload('watch-busy.mjs'), ...preload('exit-on-broken-pipe.mjs'), ...preload('capture-output.mjs')]
const TSX = SUITE_PRELOADS
const SOLUTIONS = preload('use-solutions.mjs')
const HUNG = preload('use-hung-stubs.mjs')
const BUSY = preload('use-busy-stubs.mjs')
const MISTAKE = preload('use-mistake.mjs')

// `unshare -n`: a fresh network namespace, where nothing but loopback (once up) exists.
export const LOOPBACK_ONLY = ['unshare', '-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"']

export function nodeArgs (suite: string, opts: RunOptions = {}): string[] {
  return ['--no-warnings', ...TSX, ...(opts.solution ? SOLUTIONS : []), ...(opts.hung ? HUNG : []), ...(opts.busy ? BUSY : []), ...(opts.mistake ? MISTAKE : []), suite]
}

export async function runSuite (kata: Kata, opts: RunOptions = {}): Promise<KataResult> {
  return { kata, ...await runFile(kata.suite, opts) }
}

/** Runs one brittle test file in a fresh Node process and parses its TAP. */
export function runFile (file: string, opts: RunOptions = {}): Promise<SuiteRun> {
  const started = Date.now()
  const limit = opts.limit ?? 120000
  return new Promise((resolve) => {
    const [command, ...args] = [...(opts.prefix ?? []), ...(opts.offline ? LOOPBACK_ONLY : []), process.execPath, ...nodeArgs(file, opts)]
    const tmp = suiteTmp()
    const grouped = Boolean(opts.prefix?.length) && process.platform !== 'win32'
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...tmp.env, FORCE_COLOR: '0', NO_COLOR: '1', ...(opts.mistake ? { KATA_MISTAKE: JSON.stringify(opts.mistake) } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: grouped
    })
    const kill = grouped ? () => killGroup(child) : () => { child.kill('SIGKILL') }
    const output = new SuiteOutput(opts.firstFailure ?? false, () => stopSuite(child, kill))
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => output.out(chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => output.err(chunk))
    const killer = setTimeout(kill, limit)
    child.on('close', (code, signal) => {
      clearTimeout(killer)
      tmp.remove()
      resolve(output.finish(code, signal, Date.now() - started, limit))
    })
  })
}

/** SIGKILL to every process of a child's group (spawned with `detached: true`). */
export function killGroup (child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL')
  } catch {
    child.kill('SIGKILL')
  }
}

/**
 * A temporary folder of its own for one suite process (its TMPDIR, where brittle's t.tmp() makes every
 * test's storage), removed once the process is gone: a suite stopped at its first failure never ran the
 * teardowns that would have removed its hypercores' files. It becomes the TMPDIR once tsx has loaded
 * (suite-tmp.mjs), so that tsx's cache of compiled files stays where every suite process finds it.
 */
export function suiteTmp (): { env: NodeJS.ProcessEnv, remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kata-suite-'))
  return {
    env: { KATA_SUITE_TMPDIR: dir },
    remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
  }
}

/**
 * Stops a suite process that has said all it will: at once (SIGKILL), or, while `npm run coverage`
 * measures (NODE_V8_COVERAGE), by asking it to exit so it writes its coverage first (report-open-handles.mjs
 * exits on SIGUSR2), killing it 2 s later if it could not.
 */
export function stopSuite (child: ChildProcess, kill = (): void => { child.kill('SIGKILL') }): void {
  if (!process.env.NODE_V8_COVERAGE || process.platform === 'win32') return kill()
  child.kill('SIGUSR2')
  setTimeout(kill, 2000).unref()
}

/** The line report-open-handles.mjs writes when a suite process outlives its last test by 1 s. */
const LEFTOVERS = /^# still running 1 s after the last test; open: (.*)$/m

/**
 * Follows a suite process's output and says when to stop it early: at its first failure (when asked),
 * and as soon as it is known to outlive its last test (what kept it alive is named by then).
 */
export class SuiteOutput {
  stdout = ''
  stderr = ''
  private summaryAt = 0
  private stopped = false
  private stoppedAtFailure = false

  constructor (private readonly firstFailure: boolean, private readonly stop: () => void) {}

  out (chunk: string): void {
    this.stdout += chunk
    if (!this.summaryAt && /^# (ok|not ok|all tests ended)$/m.test(this.stdout)) this.summaryAt = Date.now()
    // (On a busy machine the whole output may come at once, the suite already over: it is cut at the
    // first failure all the same, so a learner's run always shows the same thing.)
    if (this.firstFailure && !this.stoppedAtFailure && hasFailure(this.stdout)) {
      this.stoppedAtFailure = true
      if (!this.stopped) this.halt()
    }
  }

  err (chunk: string): void {
    this.stderr += chunk
    if (!this.stopped && LEFTOVERS.test(this.stderr)) this.halt()
  }

  finish (code: number | null, signal: NodeJS.Signals | null, ms: number, limit: number): SuiteRun {
    return interpretRun({ stdout: this.stdout, stderr: this.stderr, code, signal, ms, limit, summaryAt: this.summaryAt, stoppedAtFailure: this.stoppedAtFailure })
  }

  private halt (): void {
    this.stopped = true
    this.stop()
  }
}

export interface FinishedProcess {
  stdout: string
  stderr: string
  code: number | null
  signal: NodeJS.Signals | null
  /** How long it ran, and the limit it was killed at. */
  ms: number
  limit: number
  /** When brittle's closing summary was printed (0: never). */
  summaryAt: number
  /** The runner stopped it at its first failure. */
  stoppedAtFailure?: boolean
}

/** What a finished suite process means: green, red, or crashed (and why). */
export function interpretRun ({ stdout: raw, stderr, code, signal, ms, limit, summaryAt, stoppedAtFailure }: FinishedProcess): SuiteRun {
  // The learner's prints apart (capture-output.mjs marked them): what is left is brittle's TAP.
  const { tap: stdout, printed } = readPrinted(raw)
  const { tests, finished } = parseTap(stdout)
  const open = stderr.match(LEFTOVERS)?.[1]
  const base = {
    tests,
    ms,
    output: stdout + stderr,
    stderr,
    ...(printed.length ? { printed } : {}),
    ...(summaryAt ? { exitLagMs: Date.now() - summaryAt } : {}),
    ...(open ? { openHandles: open } : {})
  }
  const failed = tests.findIndex((t) => !t.ok)
  // The busy-loop watchdog failed the running test, then ended the process: red, not a crash.
  if (failed >= 0 && stdout.includes(BUSY_LINE)) return { ...base, tests: tests.slice(0, failed + 1), status: 'red', stopped: true }
  if (stoppedAtFailure && failed >= 0) return { ...base, tests: tests.slice(0, failed + 1), status: 'red', stopped: true }
  // Every test ran, but something the suite opened kept its process alive: red, naming what.
  if (open) return { ...base, status: 'red' }
  if (!finished || signal || (code !== 0 && tests.every((t) => t.ok))) {
    const why = signal === 'SIGKILL' && ms >= limit
      ? `the suite was still running after ${limit / 1000} s and was stopped`
      : `the suite process ended early (${signal ? `signal ${signal}` : `exit code ${code}`})`
    return { ...base, status: 'crashed', crash: `${why}\n${errorLine(stderr) ?? ''}\n${tail(stderr || stdout)}` }
  }
  return { ...base, status: tests.length > 0 && tests.every((t) => t.ok) ? 'green' : 'red' }
}

// The line that names the error in a Node crash ("Error [ERR_MODULE_NOT_FOUND]: Cannot find module …").
function errorLine (stderr: string): string | undefined {
  return stderr.split('\n').find((line) => /^\w*(Error|Exception)\b.*:/.test(line.trim()))?.trim()
}

function tail (text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}
