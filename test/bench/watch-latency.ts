// Benchmark (not a test): the time from saving a file to the new result in watch mode.
//   node --import tsx test/bench/watch-latency.ts [saves] [pause-ms] [red|green]
// Starts `npm start`'s watcher on a throwaway copy of the repository (kata 01, the stub), then saves the
// stub `saves` times, `pause-ms` apart (a learner types between saves), and measures from just before each
// write to the moment the watcher prints the new result. The debounce (100 ms) is included.
// "green" saves the reference solution instead, so every test really runs (hypercores on disk).
import { Session, KATA_01, sandbox } from '../dojo-sandbox.ts'

const saves = Number(process.argv[2] ?? 15)
const pause = Number(process.argv[3] ?? 2000)
const green = process.argv[4] === 'green'
const box = sandbox([KATA_01])
if (green) box.solve(KATA_01)
const result = green ? /PASS 01 [^\n]*\n/ : /FAIL 01 [^\n]*\n/
const session = new Session(box.start('start'))
const stub = `katas/${KATA_01}/log.ts`
const original = box.read(stub)
const times: number[] = []
try {
  let at = await session.waitFor(result)
  for (let i = 0; i < saves; i++) {
    await new Promise((resolve) => setTimeout(resolve, pause))
    const started = performance.now()
    box.write(stub, `${original}\n// save ${i}\n`)
    at = await session.waitFor(result, at)
    times.push(performance.now() - started)
  }
} finally {
  session.send('q\n')
  await session.exited
  box.remove()
}
const sorted = [...times].sort((a, b) => a - b)
const pick = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2
console.log(`save → result in watch mode, ${times.length} saves ${pause} ms apart (kata 01, ${green ? 'the solution: green' : 'the stub: red'}):`)
console.log(`  median ${median.toFixed(0)} ms · p90 ${pick(0.9).toFixed(0)} ms · min ${sorted[0].toFixed(0)} ms · max ${sorted[sorted.length - 1].toFixed(0)} ms`)
console.log(`  all: ${times.map((t) => t.toFixed(0)).join(' ')}`)
