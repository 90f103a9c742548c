// `npm run bench`: a benchmark, not a test. Medians over several runs on this machine, written as
// markdown and JSON (src/bench/results-node<major>.md and .json: one pair per Node version). Targets are
// aims, never asserted.
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { listKatas, selectKatas } from '../runner/katas.ts'
import { parseFlags } from '../verify/flags.ts'
import { benchChat, type ChatTiming } from './chat.ts'
import { timeKata, timeStartup, timeVerify, timeWholeRun, type KataTiming } from './katas.ts'
import { ms } from './measure.ts'
import { benchWatch, type WatchTiming } from './watch.ts'
import { benchRed } from './red-report.ts'

const USAGE = `usage: npm run bench -- [--runs N] [--verify-runs N] [--history N] [--out DIR] [--red]
  --red             only the learner's red loop: first failure of every learner mistake and of hung
                    stubs, and a leftover named (writes red-node<major>.md and .json)
  --kata NN         with --red: only this kata's mistakes (a quick look; the committed table has them all)
  --runs N          runs per measurement, of which the median is reported (default 5)
  --verify-runs N   runs of the whole \`npm run verify\` (default 3)
  --history N       messages the chat's late joiner syncs (default 10000)
  --out DIR         where results-node<major>.md and .json go (default src/bench)`

const values = parseFlags({
  runs: { type: 'string', default: '5' },
  'verify-runs': { type: 'string', default: '3' },
  history: { type: 'string', default: '10000' },
  out: { type: 'string', default: path.dirname(fileURLToPath(import.meta.url)) },
  red: { type: 'boolean', default: false },
  kata: { type: 'string' }
}, USAGE, ['runs', 'verify-runs', 'history'])
const runs = Number(values.runs)
const NODE_MAJOR = process.versions.node.split('.')[0]

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`
const date = new Date().toISOString()
console.log(`kappa-katas benchmark · ${date}\n${machine}\n`)
if (values.red) {
  await benchRed({ date, machine, runs, out: values.out!, node: NODE_MAJOR, ...(values.kata ? { katas: selectKatas([values.kata]) } : {}) })
  process.exit(0)
}

const katas: KataTiming[] = []
for (const kata of listKatas()) {
  const timing = await timeKata(kata, runs)
  katas.push(timing)
  console.log(`${kata.name.padEnd(30)} runner ${ms(timing.runnerMs).padStart(8)}  raw ${ms(timing.rawMs).padStart(8)}  ×${timing.ratio.toFixed(2)}`)
}
const wholeRunMs = await timeWholeRun(Math.min(runs, 3))
console.log(`npm test -- --solution (all katas, one runner): ${ms(wholeRunMs)}`)
const startup = await timeStartup(Math.max(runs, 10))
console.log(`start-up: node ${ms(startup.nodeMs)}, node + tsx ${ms(startup.tsxMs)}, npm test -- --help ${ms(startup.runnerMs)}`)
const verifyMs = await timeVerify(Number(values['verify-runs']))
console.log(`npm run verify: ${ms(verifyMs)}`)
const watch: WatchTiming = await benchWatch(runs)
console.log(`watch: save to result ${ms(watch.medianMs)} (median of ${watch.samples})`)
const chat: ChatTiming = await benchChat({ messages: 50, history: Number(values.history) })
console.log(`chat: propagation p50 ${ms(chat.propagationP50)}, p95 ${ms(chat.propagationP95)}; late joiner ${chat.historySize} messages ${ms(chat.lateJoinerMs)}`)

const target = (value: number, aim: number): string => value <= aim ? 'met' : 'missed'
const totalRunner = katas.reduce((sum, k) => sum + k.runnerMs, 0)
const totalRaw = katas.reduce((sum, k) => sum + k.rawMs, 0)
const markdown = `# Benchmark (Node ${NODE_MAJOR})

Taken ${date} on ${machine}. Medians of ${runs} runs unless noted; regenerate with \`npm run bench\`.

## Runner overhead per kata (reference solutions)

\`npm test -- katas/NN --solution\` against the raw \`node --import tsx --import src/runner/use-solutions.mjs <suite>\`
of the same suite, alternated in the same run. The runner's time includes npm's own start-up.

| kata | npm test | raw | added | ratio |
|------|---------:|----:|------:|------:|
${katas.map((k) => `| ${k.kata} | ${ms(k.runnerMs)} | ${ms(k.rawMs)} | ${ms(k.runnerMs - k.rawMs)} | ×${k.ratio.toFixed(2)} |`).join('\n')}
| **sum** | ${ms(totalRunner)} | ${ms(totalRaw)} | ${ms(totalRunner - totalRaw)} | ×${(totalRunner / totalRaw).toFixed(2)} |
| **all in one \`npm test -- --solution\`** (median of ${Math.min(runs, 3)}) | ${ms(wholeRunMs)} | ${ms(totalRaw)} | ${ms(wholeRunMs - totalRaw)} | ×${(wholeRunMs / totalRaw).toFixed(2)} |

Where a single kata's added time goes (medians of ${Math.max(runs, 10)}): Node starts in ${ms(startup.nodeMs)}, and in
${ms(startup.tsxMs)} with tsx (the TypeScript loader); \`npm test -- --help\` (npm, then the runner's Node, tsx and
modules, no suite) takes ${ms(startup.runnerMs)}. That start-up is paid once per \`npm test\`, so it weighs on a
single short kata and disappears in a whole run.

## Targets

| what | measured | aim | |
|------|---------:|----:|-|
| runner overhead, all katas in one run | ×${(wholeRunMs / totalRaw).toFixed(3)} | ≤ ×1.15 | ${target(wholeRunMs / totalRaw, 1.15)} |
| runner overhead, one kata per \`npm test\` (sum) | ×${(totalRunner / totalRaw).toFixed(3)} | ≤ ×1.15 | ${target(totalRunner / totalRaw, 1.15)} |
| \`npm run verify\` (median of ${values['verify-runs']}) | ${ms(verifyMs)} | ≤ 60 s | ${target(verifyMs, 60000)} |
| watch mode: save to result (median of ${watch.samples}) | ${ms(watch.medianMs)} | ≤ 1 s | ${target(watch.medianMs, 1000)} |
| chat: propagation p50 across 3 peers (${chat.messages} deliveries) | ${ms(chat.propagationP50)} | ≤ 100 ms | ${target(chat.propagationP50, 100)} |
| chat: propagation p95 | ${ms(chat.propagationP95)} | | |
| chat: late joiner syncs and indexes ${chat.historySize} messages | ${ms(chat.lateJoinerMs)} | ≤ 5 s | ${target(chat.lateJoinerMs, 5000)} |

How each is measured: propagation is from alice's \`send()\` to the \`message\` event on bob and on carol
(reference chat, local testnet, one message at a time); the late joiner is from \`createChat\` to all
${chat.historySize} messages in its \`history()\` (replication over the swarm and indexing together; alice
took ${ms(chat.writeMs)} to write them). Watch mode: ${watch.how}
`
const file = path.join(values.out!, `results-node${NODE_MAJOR}`)
await writeFile(`${file}.md`, markdown)
await writeFile(`${file}.json`, JSON.stringify({ date, machine, runs, katas, wholeRunMs, startup, verifyMs, watch, chat }, null, 2) + '\n')
console.log(`\nwrote ${file}.md and .json`)
