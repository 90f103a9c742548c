// Several learner mistakes of one kata in one process (the verifier's mistake checks; run-mistakes.ts
// starts it): starting Node, tsx and the p2p stack costs about 1 s of CPU, most of a mistake check's. Each
// mistake's suite runs in turn, as modules of its own (stub-hooks.mjs: `?batch=N`, with a brittle runner
// of its own that stops at the first failure), between lines that tell the runner where its output starts
// and ends. When a suite leaves anything open (a socket, a timer) the process stops after it, so no
// mistake runs beside another's leftovers; the runner starts a new process for the rest.
//   node --import tsx --import …/use-mistakes.mjs src/runner/mistake-batch.ts <suite>
import brittle from 'brittle'
import { pathToFileURL } from 'node:url'
import { BEGIN, END, LEFT_OPEN } from './batch-lines.ts'

const RUNNER = Symbol.for('brittle-runner')
// The harness's line once every test of a suite has ended (ALL_ENDED in src/harness/test.ts; not imported:
// an instance of the harness outside any batch would answer errors thrown while a mistake runs).
const ALL_ENDED = '# all tests ended'
const SETTLE_MS = 500

/** What keeps the process alive, by kind, counted. */
function resources (): Map<string, number> {
  const counts = new Map<string, number>()
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1)
  return counts
}

/** What is open now that was not before, or '' once nothing is (waiting up to SETTLE_MS for closes to finish). */
async function leftOpen (before: Map<string, number>): Promise<string> {
  const deadline = Date.now() + SETTLE_MS
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve))
    const extra = [...resources()].filter(([kind, n]) => n > (before.get(kind) ?? 0)).map(([kind]) => kind)
    if (!extra.length || Date.now() > deadline) return extra.join(', ')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

// Each suite says it is over with the harness's "all tests ended" line.
let ended: (() => void) | null = null
const write = process.stdout.write.bind(process.stdout)
process.stdout.write = function (chunk: string | Uint8Array, ...rest: unknown[]): boolean {
  if (ended && String(chunk).split('\n').includes(ALL_ENDED)) setImmediate(ended)
  return (write as (...args: unknown[]) => boolean)(chunk, ...rest)
} as typeof process.stdout.write

const suite = pathToFileURL(process.argv[2]).href
const mistakes = JSON.parse(process.env.KATA_MISTAKES ?? '[]') as unknown[]
const baseline = resources()
for (let n = 0; n < mistakes.length; n++) {
  console.log(`${BEGIN}${n}`)
  // What a process this suite starts runs (use-mistakes.mjs): this mistake alone, as from a lone run.
  process.env.KATA_MISTAKE = JSON.stringify(mistakes[n])
  // A brittle runner of its own, stopping at the first failed assertion (the tests after it are skipped).
  delete (globalThis as Record<symbol, unknown>)[RUNNER]
  brittle.configure({ bail: true })
  const over = new Promise<void>((resolve) => { ended = resolve })
  try {
    await import(`${suite}?batch=${n}`)
  } catch (err) {
    // It cannot even load (the mistake's edit no longer fits…): the runner runs it alone, which says why.
    console.error(err)
    process.exit(1)
  }
  await over
  ended = null
  console.log(`${END}${n}`)
  const open = await leftOpen(baseline)
  if (open) {
    console.log(`${LEFT_OPEN}${open}`)
    break
  }
}
process.exit(0)
