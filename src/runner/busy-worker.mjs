// The busy-loop watchdog's thread (see watch-busy.mjs). It runs while the main thread is stuck, so it
// writes its TAP lines itself, synchronously, and ends the process when they are out.
import { readFileSync, writeSync } from 'node:fs'
import inspector from 'node:inspector'
import path from 'node:path'
import { workerData } from 'node:worker_threads'

// The running test, as the harness records it (CURRENT_TEST in src/harness/test.ts), and whether it is loaded.
const CURRENT_TEST = "globalThis[Symbol.for('kappa-katas.current-test')] ?? null"
const HARNESS_LOADED = "Symbol.for('kappa-katas.current-test') in globalThis"
// The learner's prints capture-output.mjs holds back (the last lines, the count of those left out): a loop
// that prints never lets the main thread write them, so they go out here, before the failure.
// The paused thread's stack as text, deep enough to reach the learner's frame under console.log's own,
// whatever the paused code had set (capture-output.mjs reads call sites with a limit of 2).
const STACK = `(() => {
  const { stackTraceLimit, prepareStackTrace } = Error
  Error.stackTraceLimit = 40
  Error.prepareStackTrace = undefined
  const stack = new Error().stack
  Object.assign(Error, { stackTraceLimit, prepareStackTrace })
  return stack
})()`
const PRINT_PENDING = "globalThis[Symbol.for('kappa-katas.print-pending')]?.() ?? ''"
const { beat, cwd, busyMs, loadingMs, stallMs, busyLine } = workerData

let seen = Atomics.load(beat, 0)
let since = Date.now()
let cpuSince = mainThreadCpuMs()
/** The CPU time allowed this time: a test's, or, once a look found no test running yet, loading's. */
let limit = busyMs
let looking = false
// Keeps running while it looks: an inspector session alone does not keep this thread alive.
setInterval(() => {
  const now = Atomics.load(beat, 0)
  if (now !== seen) {
    seen = now
    since = Date.now()
    cpuSince = mainThreadCpuMs()
    limit = busyMs
  } else if (!looking && (mainThreadCpuMs() - cpuSince >= limit || Date.now() - since >= stallMs)) {
    looking = true
    look()
  }
}, 100)

/** CPU time of the main thread (Linux: its own; elsewhere the whole process's, this thread's being small). */
function mainThreadCpuMs () {
  try {
    // Fields after the command's closing parenthesis: state is the 1st, utime the 12th, stime the 13th (ticks of 10 ms).
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ').pop().split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    const { user, system } = process.cpuUsage()
    return (user + system) / 1000
  }
}

let session = null

// Pauses the main thread where it is and decides: a kata's test is stuck (fail it, end the process);
// the suite's modules are still loading (let it go on, up to loading's limit); or this is no kata suite
// at all (the repository's own tests waiting on a child: let it go and watch on).
function look () {
  if (!session) {
    session = new inspector.Session()
    session.connectToMainThread()
    session.on('Debugger.paused', () => {
      // Evaluated in the global scope, on top of the paused stack: a frame of Node's internals sees no
      // globals (paused in prepareStackTrace under a console.log, `Symbol` is not defined there).
      const expression = `JSON.stringify({ stack: ${STACK}, kata: ${HARNESS_LOADED}, test: ${CURRENT_TEST} })`
      session.post('Runtime.evaluate', { expression }, (err, result) => {
        const { stack = '', kata = true, test = null } = err ? {} : JSON.parse(result.result.value ?? '{}')
        // No test running and no CPU spent: a process waiting on a child (the repository's own tests), not a loop.
        const idle = !test && mainThreadCpuMs() - cpuSince < limit
        const loading = kata && !test && !idle && limit < loadingMs
        if (!kata || idle || loading) {
          if (!kata || idle) since = Date.now()
          if (loading) limit = loadingMs
          session.post('Debugger.resume', () => { looking = false })
          return
        }
        const failure = tap(test, stuckIn(stack), Date.now() - since)
        session.post('Runtime.evaluate', { expression: PRINT_PENDING }, (err, result) => {
          writeSync(1, (err ? '' : String(result.result.value ?? '')) + failure)
          process.kill(process.pid, 'SIGKILL')
        })
      })
    })
  }
  session.post('Debugger.enable', () => session.post('Debugger.pause'))
}

/** The frame to blame: the learner's own code first (a kata's module, not its suite), else any frame of the project's. */
function stuckIn (stack) {
  const frames = stack.split('\n').slice(2).map((line) => line.trim().match(/^at (?:(.+?) \()?((?:file:\/\/)?\/[^()]+):(\d+):(\d+)\)?$/))
    .filter(Boolean).map(([, fn, file, line, col]) => ({ fn: fn?.replace(/^(?:async |Object\.|Timeout\._onTimeout)/, '') || '', at: `${path.relative(cwd, file.replace(/^file:\/\//, ''))}:${line}:${col}` }))
  // The runner's preloads (capture-output.mjs under a console.log) are never the loop.
  const project = frames.filter((f) => !/node_modules|^\.\.|^node:|^src[\\/]runner[\\/]/.test(f.at))
  return project.find((f) => f.at.startsWith('katas') && !/\.test\.ts:/.test(f.at)) ?? project[0] ?? frames[0] ?? { fn: '', at: '' }
}

function tap (test, { fn, at }, ms) {
  const where = fn ? `${fn}() ` : 'your code '
  const message = `timed out: ${where}kept the event loop busy for ${(ms / 1000).toFixed(1)} s and never returned: a loop that never ends, or never awaits? Nothing else can run meanwhile, not even a timer${at ? ` (at ${at})` : ''}`
  const name = test?.name ?? 'loading the kata (a loop at the top level of a module?)'
  return `# ${name}\n    not ok 1 - ${message}\nnot ok ${test?.number ?? 1} - ${name}\n${busyLine}\n`
}
