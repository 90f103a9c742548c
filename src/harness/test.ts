// `test()` for kata suites: brittle's test, plus a budget watchdog and errors turned into
// failures a learner can act on (brittle alone would crash on a throw and wait 30 s on a hang).
import { writeSync } from 'node:fs'
import brittle, { type Test } from 'brittle'
import { KataContext } from './context.ts'
import { PendingError, describeError } from './failures.ts'
import { DEFAULT_WAIT, Pending } from './wait.ts'
import { whereThrown } from './where.ts'

export interface KataTestOptions {
  /** The whole test's time budget in ms; a test still running then fails, naming what was pending. */
  budget?: number
  /** Default limit for each k.step / k.until / k.once, in ms. */
  wait?: number
}

const settings: Required<KataTestOptions> = { budget: 15000, wait: DEFAULT_WAIT }
let running: Test | null = null
let started = 0
/** The running test's name and number, for a busy-loop watchdog that reads it while the main thread is stuck. */
export const CURRENT_TEST = Symbol.for('kappa-katas.current-test')
;(globalThis as Record<symbol, unknown>)[CURRENT_TEST] = null
let runningContext: KataContext | null = null
let registered = 0
let ended = 0
/** The test brittle ended without a result, and how many queued after it never ran (see `unended`). */
let stuck: string | null = null
let neverRan = 0

/** Printed once every test of the suite has ended, teardowns included. */
export const ALL_ENDED = '# all tests ended'

// brittle prints its summary only once the event loop is empty, which never happens when learner code
// leaves a timer or socket behind: this line says the suite is over all the same.
function testEnded (): void {
  if (++ended !== registered) return
  setImmediate(() => {
    if (ended !== registered) return
    if (neverRan) process.stdout.write(`# ${neverRan} test(s) after "${stuck}" never ran\n`)
    process.stdout.write(`${ALL_ENDED}\n`)
  })
}

// When a test's cleanup throws, or the event loop runs empty while the cleanup still awaits something
// (nothing left running can settle it), brittle ends that test with an error and prints no result for
// it, and every test queued behind it rejects without running; brittle may then sum up only the tests
// that ran, "# ok". So such a test is a failed test here, printed as TAP, and the process exits non-zero.
function unended (name: string, number: number, err: unknown): void {
  process.exitCode = 1
  stuck ??= name
  const why = err instanceof Error ? err.message : String(err)
  const what = /did not end|deadlocked/.test(why)
    ? `this test never ended (${why}): it, or the cleanup after it, waited for something that nothing left running can finish`
    : `the cleanup after this test failed: ${why}`
  process.stdout.write(`    not ok 1 - ${what}. Did a close() resolve before what it closes had closed?\n` +
    `not ok ${number} - ${name}\n`)
}

/** Sets the defaults for every test of this suite. */
export function configure (opts: KataTestOptions): void {
  Object.assign(settings, opts)
}

export type KataTestFn = (t: Test, k: KataContext) => Promise<void> | void

/** A kata test: `fn` gets brittle's `t` and a KataContext `k`. */
export function test (name: string, fn: KataTestFn, opts: KataTestOptions = {}): void {
  const { budget, wait } = { ...settings, ...opts }
  registered++
  // brittle's own timeout stays as a last resort, well after ours.
  let number = 0
  const run = brittle(name, { timeout: budget + 10000 }, async (t) => {
    number = started + 1
    const pending = new Pending()
    const k = new KataContext(t, pending, wait)
    let timer: NodeJS.Timeout | undefined
    const watchdog = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new PendingError(pending.describe(), budget)), budget)
    })
    running = t
    runningContext = k
    ;(globalThis as Record<symbol, unknown>)[CURRENT_TEST] = { name, number: ++started }
    try {
      await Promise.race([Promise.resolve().then(() => fn(t, k)), watchdog])
    } catch (err) {
      t.fail(meaningOf(k, err) + describeError(err) + whereThrown(err))
    } finally {
      clearTimeout(timer)
      running = null
      runningContext = null
    }
  })
  Promise.resolve(run).then(testEnded, (err) => {
    if (number) unended(name, number, err)
    else neverRan++
    testEnded()
  })
}

/** What `k.explainStray` says an error means (thrown in a callback or by a call the test awaited), as a prefix. */
function meaningOf (k: KataContext | null, err: unknown): string {
  const meaning = k?.strays.find((s) => s.pattern.test(describeError(err)))?.meaning
  return meaning ? `${meaning}: ` : ''
}

// An error thrown in a learner's callback (an event handler, a stream) fails the running test
// instead of killing the suite.
function onStray (err: unknown): void {
  if (running) running.fail(meaningOf(runningContext, err) + describeError(err) + whereThrown(err) + ' (in a callback or event handler)')
  else console.log('# outside any running test (in a teardown?): ' + describeError(err).replace(/\n/g, ' '))
}
process.on('uncaughtException', onStray)
process.on('unhandledRejection', onStray)

// A process that ends while a test runs (something called process.exit) cuts the TAP short, brittle silent:
// say which test it was, and what it waited for.
process.on('exit', (code) => {
  const current = (globalThis as Record<symbol, { name: string } | null>)[CURRENT_TEST]
  if (!running || !runningContext || !current) return
  try {
    writeSync(2, `# the process exited (code ${code}) while "${current.name}" ran, waiting for: ${runningContext.pending.describe()}\n`)
  } catch {} // stderr gone with the runner
})
