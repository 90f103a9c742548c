// Preloaded into every suite process: if the process is still alive 1 s after its last test (brittle's
// closing summary, or the harness's "# all tests ended" when a leftover keeps brittle from printing it),
// say on stderr what keeps it alive (sockets, timers, file handles), and where a timer that is still
// running was set when that was in the learner's code, so the runner can name it and stop the process.
import path from 'node:path'
import { timerRegistry } from '../harness/timer-registry.ts'

const write = process.stdout.write.bind(process.stdout)
// While coverage is measured, the runner stops a finished suite with SIGUSR2: exit, so V8 writes it.
if (process.env.NODE_V8_COVERAGE && process.platform !== 'win32') process.on('SIGUSR2', () => process.exit(1))
const KATAS = `${path.sep}katas${path.sep}`
let armed = false

// Timers the suite set and that may still be running, with the stack they were set from (the harness's
// registry, shared with a test's watchTimers(); installed here, before anything sets a timer).
const timers = timerRegistry()

/** "setInterval at katas/12-kappa-chat/chat.ts:88:5" for each running timer set from a kata's code. */
function learnerTimers () {
  const found = []
  for (const [timer, { kind, where }] of timers) {
    if (typeof timer?.hasRef === 'function' && (!timer.hasRef() || timer._destroyed)) continue
    const frame = String(where.stack).split('\n').slice(2).find((line) => line.includes(KATAS) && !line.includes('node_modules'))
    const at = frame?.match(/((?:file:\/\/)?\/[^():]+:\d+:\d+)\)?\s*$/)?.[1]
    if (at) found.push(`${kind} at ${path.relative(process.cwd(), at.replace(/^file:\/\//, ''))}`)
  }
  return [...new Set(found)]
}

process.stdout.write = function (chunk, ...rest) {
  if (!armed && /^# (ok|not ok|all tests ended)$/m.test(String(chunk))) {
    armed = true
    // unref: this timer alone never keeps the process alive, so it only fires when something else does.
    setTimeout(() => {
      const open = process.getActiveResourcesInfo().filter((r) => !['Timeout', 'TTYWrap', 'PipeWrap'].includes(r))
      const set = learnerTimers()
      if (process.getActiveResourcesInfo().includes('Timeout')) open.push(set.length ? `Timeout (${set.join(', ')})` : 'Timeout')
      process.stderr.write(`# still running 1 s after the last test; open: ${open.join(', ') || 'unknown'}\n`)
    }, 1000).unref()
  }
  return write(chunk, ...rest)
}
