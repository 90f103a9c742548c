// What "the curriculum is sound" means, one check at a time: each returns a row for the verify table.
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { ROOT, type Kata } from '../runner/katas.ts'
import { LOOPBACK_ONLY, runFile, type RunOptions, type SuiteRun } from '../runner/run-suite.ts'
import { runMistakes } from '../runner/run-mistakes.ts'
import { specOf, type Mistake } from '../mistakes/mistake.ts'

export interface Check {
  name: string
  ok: boolean
  /** Skipped checks count as neither passed nor failed. */
  skipped?: boolean
  detail: string
  /** What kind of check it is ("stub red", "mistake", "test file"…), named again when it fails. */
  kind?: string
  /** On a failure: the end of what its processes wrote to stderr, so a flake can be read from a CI log. */
  log?: string
  /** Not run: it passed before and nothing it depends on has changed since (src/verify/cache.ts). */
  cached?: boolean
  /** How long it took (wall clock, from start to result). */
  ms?: number
}

/** How a check may be run: under a command that watches it (verify's file tracer). */
export interface CheckOptions {
  prefix?: string[]
}

/** A stub must be red for the right reason: every test fails on "not implemented" or an assertion. */
export async function stubIsRed (kata: Kata): Promise<Check> {
  const run = await runFile(kata.suite)
  const name = `${label(kata)} · stub red`
  return withLog(run, 'stub red', stubVerdict(name, run))
}

function stubVerdict (name: string, run: SuiteRun): Check {
  if (run.status === 'crashed') return { name, ok: false, detail: `crashed: ${head(run.crash ?? '', 3)}` }
  const passing = run.tests.filter((t) => t.ok)
  if (passing.length) return { name, ok: false, detail: `passes on the stub: ${passing.map((t) => `"${t.name}"`).join(', ')}` }
  const wrong = run.tests.find((t) => t.failure && (t.failure.kind === 'timeout' || t.failure.kind === 'threw'))
  if (wrong) return { name, ok: false, detail: `red for the wrong reason: "${wrong.name}": ${wrong.failure!.message}` }
  return { name, ok: true, detail: `${run.tests.length}/${run.tests.length} failing (${reasons(run)})` }
}

/** Code that never finishes must fail every test within the budget, naming what was pending. */
export async function hungCodeFailsFast (kata: Kata): Promise<Check> {
  // Every test waits out its budget (3 s) one after another: kata 12's 30 take 90 s, more on a busy
  // machine; what fails fast is each test, so the whole suite gets longer than the usual 120 s.
  const run = await runFile(kata.suite, { hung: true, limit: 300000 })
  const name = `${label(kata)} · hung code fails fast`
  return withLog(run, 'hung code', hungVerdict(name, run))
}

function hungVerdict (name: string, run: SuiteRun): Check {
  if (run.status === 'crashed') return { name, ok: false, detail: `crashed: ${head(run.crash ?? '', 3)}` }
  if (run.tests.some((t) => t.ok)) return { name, ok: false, detail: 'a test passed with code that never finishes' }
  // A kata whose functions are synchronous has nothing to wait on: its tests fail on what they return.
  const timeout = run.tests.find((t) => t.failure?.kind === 'timeout')
  const example = timeout ? `e.g. "${timeout.failure!.message}"` : 'none waited (its functions are synchronous)'
  return { name, ok: true, detail: `${run.tests.length} failing in ${seconds(run.ms)}, ${example}` }
}

/** Code stuck in a synchronous loop must fail its first test, naming the function it is stuck in and where. */
export async function busyCodeFailsFast (kata: Kata): Promise<Check> {
  const run = await runFile(kata.suite, { busy: true, firstFailure: true })
  const name = `${label(kata)} · busy loop named`
  return withLog(run, 'busy loop', busyVerdict(kata, name, run))
}

function busyVerdict (kata: Kata, name: string, run: SuiteRun): Check {
  if (run.status === 'crashed') return { name, ok: false, detail: `crashed: ${head(run.crash ?? '', 3)}` }
  const first = run.tests.find((t) => !t.ok)
  if (!first) return { name, ok: false, detail: 'no test failed with code that never returns' }
  const message = first.failure?.message ?? ''
  const stuckIn = kata.stubs.some((stub) => /kept the event loop busy/.test(message) && message.includes(`(at ${path.relative(ROOT, stub)}:`))
  if (!stuckIn) return { name, ok: false, detail: `the first failure does not name the busy function and its line: "${first.name}": ${message}` }
  // How soon is the red-loop benchmark's business (npm run bench -- --red), not a timed check's.
  return { name, ok: true, detail: `in ${seconds(run.ms)}: ${message}` }
}

/** A reference solution must be green (`runs` times in a row; each flake is reported). */
export async function solutionIsGreen (kata: Kata, opts: RunOptions & { runs?: number } = {}): Promise<Check> {
  const runs = opts.runs ?? 1
  const name = `${label(kata)} · solution green${opts.offline ? ' offline' : ''}${runs > 1 ? ` ×${runs}` : ''}`
  const flakes: string[] = []
  const kind = `solution green${opts.offline ? ' offline' : ''}`
  let last: Omit<Check, 'name'> = { ok: false, detail: '' }
  let log: string | undefined
  for (let run = 1; run <= runs; run++) {
    const suiteRun = await runFile(kata.suite, { ...opts, solution: true })
    last = greenDetail(suiteRun)
    if (!last.ok) {
      flakes.push(runs > 1 ? `run ${run}: ${last.detail}` : last.detail)
      log ??= stderrTail(suiteRun)
    }
  }
  if (flakes.length) return { name, kind, ok: false, detail: `${runs > 1 ? `${flakes.length} of ${runs} runs failed\n` : ''}${flakes.join('\n')}`, log }
  return { name, kind, ...last }
}

/**
 * A learner's mistake must turn the kata red, and its first failure (the test's name and message, as the
 * learner reads them) must name the function to look at and the concept the mistake misses (not "not
 * implemented", not a crash, not a message that says nothing about it or blames another function).
 */
export async function mistakeIsCaught (kata: Kata, mistake: Mistake): Promise<Check> {
  const name = `${label(kata)} · mistake ${mistake.name}`
  const run = await runFile(kata.suite, { mistake: specOf(kata, mistake), firstFailure: true })
  return withLog(run, 'mistake', mistakeVerdict(mistake, name, run))
}

/**
 * The same for several mistakes of one kata, most of them in one process (src/runner/run-mistakes.ts: each
 * in modules of its own, stopped at its first failure), judged as mistakeIsCaught judges them. A mistake
 * not judged caught there, or whose suite did not end there (a crash, a busy loop), is run again alone in
 * a process of its own, as the learner's `npm test` runs it, and that run decides: sharing a process can
 * save a run, never pass a mistake a process of its own would fail.
 */
/** How the mistakes were run: processes shared, and mistakes run alone after a shared one could not decide. */
export const mistakeProcesses = { shared: 0, alone: 0 }

export async function mistakesAreCaught (kata: Kata, mistakes: Mistake[]): Promise<Check[]> {
  const checks: Check[] = []
  while (checks.length < mistakes.length) {
    const todo = mistakes.slice(checks.length)
    const batch = await runMistakes(kata.suite, todo.map((mistake) => specOf(kata, mistake)))
    mistakeProcesses.shared++
    for (const [i, run] of batch.runs.entries()) {
      const check = mistakeVerdict(todo[i], `${label(kata)} · mistake ${todo[i].name}`, run)
      checks.push(check.ok ? { ...check, kind: 'mistake', ms: run.ms } : await alone(kata, todo[i]))
    }
    // The mistake that was running when the process ended (nothing at all ran: the first one), alone.
    if (batch.brokeOff || !batch.runs.length) checks.push(await alone(kata, mistakes[checks.length]))
  }
  return checks
}

async function alone (kata: Kata, mistake: Mistake): Promise<Check> {
  mistakeProcesses.alone++
  const started = Date.now()
  return { ...await mistakeIsCaught(kata, mistake), ms: Date.now() - started }
}

function mistakeVerdict (mistake: Mistake, name: string, run: SuiteRun): Check {
  if (run.status === 'crashed') return { name, ok: false, detail: `crashed: ${head(run.crash ?? '', 3)}` }
  const first = run.tests.find((t) => !t.ok)
  // Every test passed, but the code left something running: the runner's leftover report is the failure.
  if (!first && run.openHandles) {
    const leftover = `still open 1 s after the last test: ${run.openHandles}`
    if (!mistake.names.test(leftover)) return { name, ok: false, detail: `red on a leftover, but it does not name the concept (${mistake.names}): ${leftover}` }
    return { name, ok: true, detail: `red: ${leftover}` }
  }
  if (!first) return { name, ok: false, detail: `GREEN: the suite accepts this mistake, so the kata accepts code that misses: "${mistake.concept}"` }
  const message = first.failure?.message ?? ''
  if (first.failure?.kind === 'not-implemented') return { name, ok: false, detail: `red on a stub, not on the mistake: ${message}` }
  if (!mistake.names.test(message)) return { name, ok: false, detail: `red, but the first failure does not name the concept (${mistake.names}): "${first.name}": ${message}` }
  if (!namesFunction(`${first.name} ${message}`, mistake.blames)) return { name, ok: false, detail: `red, but the first failure does not name ${mistake.blames}(), where the mistake is: "${first.name}": ${message}` }
  return { name, ok: true, detail: `red at "${first.name}": ${message}` }
}

/** Whether a red message names a function: as a word of its own (`send`, `send()`, `chat.send`), not inside another. */
export function namesFunction (text: string, fn: string): boolean {
  return new RegExp(`(^|[^\\w$])${fn.replace(/[$]/g, '\\$')}(?![\\w$])`).test(text)
}

/** One of the repository's own test files must be green. */
export async function testFileIsGreen (file: string, opts: CheckOptions = {}): Promise<Check> {
  const run = await runFile(file, { limit: 600000, prefix: opts.prefix })
  return withLog(run, 'test file', { name: path.relative(ROOT, file), ...greenDetail(run) })
}

/** The check's kind, and on a failure the end of the suite's stderr. */
function withLog (run: SuiteRun, kind: string, check: Check): Check {
  return check.ok ? { ...check, kind } : { ...check, kind, log: stderrTail(run) }
}

function stderrTail (run: SuiteRun): string | undefined {
  const text = (run.stderr ?? '').trim()
  return text ? tail(text, 15) : undefined
}

function greenDetail (run: SuiteRun): Omit<Check, 'name'> {
  if (run.status === 'crashed') return { ok: false, detail: `crashed: ${head(run.crash ?? '', 3)}` }
  const failing = run.tests.filter((t) => !t.ok)
  if (failing.length || run.tests.length === 0) {
    const [first] = failing
    return { ok: false, detail: first ? `"${first.name}": ${first.failure?.message ?? 'failed'}${first.failure?.at ? ` at ${first.failure.at}` : ''}` : 'no tests ran' }
  }
  if (run.openHandles) return { ok: false, detail: `did not exit within 1 s of its last test; still open: ${run.openHandles}` }
  return { ok: true, detail: `${run.tests.length}/${run.tests.length} passing in ${seconds(run.ms)}` }
}

/** Runs a command to completion; ok when it exits 0. */
export function commandSucceeds (name: string, command: string, args: string[], opts: CheckOptions = {}): Promise<Check> {
  return new Promise((resolve) => {
    const [file, ...rest] = [...(opts.prefix ?? []), command, ...args]
    const child = spawn(file, rest, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => { output += chunk })
    child.stderr.on('data', (chunk) => { output += chunk })
    const kind = 'command'
    child.on('error', (err) => resolve({ name, kind, ok: false, detail: err.message }))
    child.on('close', (code, signal) => resolve({ name, kind, ok: code === 0, detail: code === 0 ? 'ok' : head(output.trim()) || (signal ? `ended by signal ${signal}` : `exit code ${code}`) }))
  })
}

/** Whether this machine lets us make a loopback-only network namespace; why not, if it does not. */
export function loopbackOnlyUnavailable (): string | null {
  const probe = spawnSync(LOOPBACK_ONLY[0], [...LOOPBACK_ONLY.slice(1), 'true'], { encoding: 'utf8' })
  if (probe.error) return `${LOOPBACK_ONLY[0]} is not available (${probe.error.message})`
  return probe.status === 0 ? null : `cannot create a network namespace here: ${probe.stderr.trim() || `exit ${probe.status}`}`
}

function label (kata: Kata): string {
  return `${kata.number} ${kata.title}`
}

function reasons (run: SuiteRun): string {
  return [...new Set(run.tests.map((t) => t.failure?.kind ?? 'assertion'))].join(', ')
}

function seconds (ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

function tail (text: string, lines: number): string {
  const all = text.split('\n')
  return (all.length > lines ? `… ${all.length - lines} lines before\n` : '') + all.slice(-lines).join('\n')
}

function head (text: string, lines = 20): string {
  const all = text.split('\n').filter((line) => line.trim())
  return all.slice(0, lines).join('\n') + (all.length > lines ? `\n… ${all.length - lines} more lines` : '')
}
