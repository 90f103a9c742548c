// Runs the watched kata's suite in a warm process (see warm-suite.ts), one run at a time: a new run
// stops the one in flight, and every process it starts dies with its whole process group when the run
// is cancelled or the watcher ends.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ROOT, type Kata } from '../runner/katas.ts'
import { SUITE_PRELOADS, SuiteOutput, stopSuite, suiteTmp, type KataResult } from '../runner/run-suite.ts'

const WARM = path.join(path.dirname(fileURLToPath(import.meta.url)), 'warm-suite.ts')
const GROUPS = process.platform !== 'win32'

interface Warm {
  child: ChildProcess
  /** The run it is doing (none before the suite's path is written to it). */
  output: SuiteOutput | null
  /** What it printed before that (an error while loading, say), handed to the run when it starts. */
  early: { out: string, err: string }
  exited: boolean
}

export interface RunnerOptions {
  /** Stop a suite still running after this many ms. */
  limit?: number
  /** Run every test, not only up to the first failure. */
  all?: boolean
}

export class SuiteRunner {
  private spare: Warm | null = null
  private active: { warm: Warm, cancel: () => void } | null = null
  private readonly children = new Set<ChildProcess>()
  private closed = false

  constructor (private readonly opts: RunnerOptions = {}) {}

  /** Starts a spare process now so the next run does not wait for Node to load. */
  warmUp (): void {
    if (!this.closed && (!this.spare || this.spare.exited)) this.spare = this.start()
  }

  /** Runs `kata`'s suite; resolves null if the run was cancelled (by cancel(), a newer run or close()). */
  run (kata: Kata): Promise<KataResult | null> {
    this.cancel()
    this.warmUp()
    const warm = this.spare!
    this.spare = null
    const limit = this.opts.limit ?? 120000
    const started = Date.now()
    const output = new SuiteOutput(!this.opts.all, () => stopSuite(warm.child, () => this.kill(warm.child)))
    warm.output = output
    output.out(warm.early.out)
    output.err(warm.early.err)
    return new Promise((resolve) => {
      let cancelled = false
      const killer = setTimeout(() => this.kill(warm.child), limit)
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        clearTimeout(killer)
        if (this.active?.warm === warm) this.active = null
        if (cancelled) return resolve(null)
        resolve({ kata, ...output.finish(code, signal, Date.now() - started, limit) })
        this.warmUp()
      }
      if (warm.exited) finish(warm.child.exitCode, warm.child.signalCode)
      else warm.child.once('close', finish)
      this.active = {
        warm,
        cancel: () => {
          cancelled = true
          this.kill(warm.child)
          resolve(null)
        }
      }
      warm.child.stdin!.end(`${kata.suite}\n`)
    })
  }

  /** Stops the run in flight, if any. */
  cancel (): void {
    const active = this.active
    this.active = null
    active?.cancel()
  }

  /** Stops everything this runner started (synchronous: safe in an exit handler). */
  close (): void {
    this.closed = true
    this.cancel()
    for (const child of this.children) this.kill(child)
    this.spare = null
  }

  private start (): Warm {
    const tmp = suiteTmp()
    const child = spawn(process.execPath, ['--no-warnings', ...SUITE_PRELOADS, WARM], {
      cwd: ROOT,
      env: { ...process.env, ...tmp.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group: whatever the suite starts can be stopped with it.
      detached: GROUPS
    })
    const warm: Warm = { child, output: null, early: { out: '', err: '' }, exited: false }
    this.children.add(child)
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { if (warm.output) warm.output.out(chunk); else warm.early.out += chunk })
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { if (warm.output) warm.output.err(chunk); else warm.early.err += chunk })
    child.stdin!.on('error', () => {})
    child.on('close', () => {
      warm.exited = true
      this.children.delete(child)
      this.kill(child) // anything the suite left behind in its group
      tmp.remove()
    })
    return warm
  }

  private kill (child: ChildProcess): void {
    if (child.pid === undefined) return
    try {
      if (GROUPS) process.kill(-child.pid, 'SIGKILL')
      else child.kill('SIGKILL')
    } catch {}
  }
}
