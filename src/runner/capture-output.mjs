// Preloaded into every suite process: what the learner's code prints with console.log, console.error and
// the rest reaches the runner marked as theirs (printed.ts reads it back). Each line goes to stdout in
// order with brittle's TAP, so the runner knows which test printed it, and a printed "ok 1" or "# ok" is
// never taken for TAP. At most PRINT_CAP lines a test are kept: the first ones, then the last PRINT_TAIL,
// written with the count of those between before the next failure or test (so they are there even when
// the run stops at that failure). A print in a hot loop is counted, not kept.
// brittle's own lines, and the harness's and the runner's, pass through as before.
import { Console } from 'node:console'
import { Writable } from 'node:stream'
import { format } from 'node:util'
import { PRINTED, PRINT_CAP, PRINT_TAIL, PRINT_WIDTH } from './printed.ts'

// A caller in one of these is the TAP's, not the learner's.
const OURS = /[\\/](node_modules[\\/]brittle|src[\\/](harness|runner|dojo))[\\/]/
// A direct process.stdout.write from one of these is the learner's (console's own writes are not).
const LEARNERS = /[\\/](katas|src[\\/]solutions)[\\/](?!.*\.test\.[cm]?[jt]s$)/
const TEST_LINE = /^(ok|not ok) \d+ - |^# /
const HEAD = PRINT_CAP - PRINT_TAIL
let write = process.stdout.write.bind(process.stdout)
let kept = 0
let more = 0
/** The last lines past the first HEAD, written at the next flush. */
let tail = []
/** What a direct write left without its newline yet. */
const partial = { out: '', err: '' }

function emit (stream, chunk) {
  for (const line of String(chunk).split('\n').slice(0, -1)) {
    const text = `${PRINTED}${stream} ${line.length > PRINT_WIDTH ? `${line.slice(0, PRINT_WIDTH)}… (${line.length - PRINT_WIDTH} more characters)` : line}\n`
    if (kept < HEAD) {
      kept++
      write(text)
    } else {
      tail.push(text)
      if (tail.length > PRINT_TAIL) {
        tail.shift()
        more++
      }
    }
  }
}

/** The lines held back (a line not ended yet, the count of those left out, the last ones), as text, forgotten. */
function pending () {
  let text = ''
  for (const stream of ['out', 'err']) {
    if (partial[stream]) text += held(() => emit(stream, `${partial[stream]}\n`))
    partial[stream] = ''
  }
  if (more) text += `${PRINTED}more ${more}\n`
  text += tail.join('')
  more = 0
  tail = []
  return text
}

function flush () {
  const text = pending()
  if (text) write(text)
}

// The busy-loop watchdog (busy-worker.mjs) writes them itself, before the failure: a loop that prints
// never lets this thread write them again.
globalThis[Symbol.for('kappa-katas.print-pending')] = pending

// What emit would write now, returned instead (a partial line goes to the head or the tail like any other).
function held (run) {
  let text = ''
  const saved = write
  write = (line) => { text += line }
  try {
    run()
  } finally {
    write = saved
  }
  return text
}

const sink = (stream) => new Writable({ decodeStrings: false, write (chunk, _encoding, done) { emit(stream, chunk); done() } })
const learner = new Console({ stdout: sink('out'), stderr: sink('err'), colorMode: false })

/** The file of the function that called the caller of this (V8's call sites: no stack text to parse). */
function callerFile () {
  const { prepareStackTrace, stackTraceLimit } = Error
  Error.prepareStackTrace = (_error, sites) => sites
  Error.stackTraceLimit = 2
  const holder = {}
  Error.captureStackTrace(holder, callerFile)
  const sites = holder.stack
  Error.prepareStackTrace = prepareStackTrace
  Error.stackTraceLimit = stackTraceLimit
  return (Array.isArray(sites) && sites[1]?.getFileName?.()) || ''
}

// What brittle's console.log calls start with (a TAP line, a comment, an indented detail of a failure, an
// empty line): any other console.log is the learner's without reading its caller, so a print in a hot
// loop costs no stack.
const TAP_START = /^(\s|ok|not ok|#|TAP version|Bail out!|1\.\.\d|$)/

for (const name of Object.keys(learner)) {
  const original = console[name]
  if (typeof original !== 'function' || typeof learner[name] !== 'function') continue
  console[name] = function (...args) {
    const tapLike = name !== 'log' || args.length === 0 || (typeof args[0] === 'string' && TAP_START.test(args[0]))
    if (!tapLike || !OURS.test(callerFile())) return learner[name](...args)
    if (name === 'log') {
      const text = format(...args)
      // A test's header, a failure or a test's end: the count of what was not kept goes first.
      if (/^\s*not ok /.test(text) || TEST_LINE.test(text)) flush()
      if (TEST_LINE.test(text)) kept = 0
    }
    return original.apply(console, args)
  }
}

// process.stdout.write('…') straight from the learner's code: the same, a line once it is whole.
for (const [stream, target] of [['out', process.stdout], ['err', process.stderr]]) {
  const original = target.write
  target.write = function (chunk, ...rest) {
    if (!LEARNERS.test(callerFile())) return original.call(this, chunk, ...rest)
    const text = partial[stream] + (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString())
    const end = text.lastIndexOf('\n')
    partial[stream] = text.slice(end + 1).slice(0, PRINT_WIDTH * 2)
    if (end >= 0) emit(stream, text.slice(0, end + 1))
    const done = rest.find((arg) => typeof arg === 'function')
    if (done) process.nextTick(done)
    return true
  }
}
process.on('exit', flush)
