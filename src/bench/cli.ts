// `npm run bench`: a benchmark, not a test. Medians over several runs on this machine, written as
// markdown and JSON (src/bench/results-node<major>.md and .json: one pair per Node version). Targets are
// aims, never asserted.
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { listKatas, selectKatas, SelectionError, type Kata } from '../runner/katas.ts'
import { commandLine } from '../cli/flags.ts'
import { benchChat, type ChatTiming } from './chat.ts'
import { reportIndex } from './chat-index.ts'
import { reportEngines } from './engines.ts'
import { benchCrowd, CROWD_FILE_LIMIT } from './crowd.ts'
import { timeKata, timeStartup, timeVerify, timeWholeRun, type KataTiming } from './katas.ts'
import { ms } from './measure.ts'
import { benchWatch, type WatchTiming } from './watch.ts'
import { benchRed } from './red-report.ts'
import { benchRoom } from './room.ts'

const USAGE = `usage: npm run bench -- [--red [--stubs] [--mistakes N]] [--kata NN] [--runs N] [--startup-runs N] [--verify-runs N] [--watch-saves N]
                        [--messages N] [--history N] [--crowd N] [--out DIR]
       npm run bench -- --room [--laptops N] [--rounds N] [--out DIR]
       npm run bench -- --chat-index [--restart N] [--future N] [--sends N] [--chat-module FILE] [--out DIR]
       npm run bench -- --engines [--history N] [--samples N] [--flood N] [--out DIR]
  --red             only the learner's red loop: first failure of every learner mistake and of hung
                    stubs, and a leftover named (writes red-node<major>.md and .json)
  --stubs           with --red: only each kata's hung and busy stubs, no mistakes (writes
                    red-stubs-node<major>.md and .json)
  --mistakes N      with --red: only the first N mistakes of each kata (a quick look; the committed table has all)
  --kata NN         only this kata (its runner overhead, or with --red its mistakes): a quick look; the
                    committed tables have every kata
  --runs N          runs per measurement, of which the median is reported (default 5)
  --startup-runs N  runs of each start-up measurement (default 10)
  --verify-runs N   runs of the whole \`npm run verify\` (default 3; 0 skips it)
  --watch-saves N   saves timed in watch mode, 1.5 s apart (default 10)
  --messages N      messages sent one at a time across the chat's 3 peers (default 50)
  --history N       messages the chat's late joiner syncs (default 10000)
  --crowd N         member feeds in the chat the app opens under ulimit -n 1024, for its memory (default 1000;
                    0 skips it)
  --room            only the workshop room board: N simulated laptops report to a board process; status
                    latency, board memory and CPU (writes room-node<major>.md and .json)
  --laptops N       laptops in the room (default 30); --rounds N: statuses each laptop publishes (default 10)
  --chat-index      only the kappa chat's indexing: sends (--sends N, default 50) with N clockless entries stamped
                    ahead in the history (--future N, default 20000), a restart at N messages (--restart N, default
                    100000); --chat-module FILE measures another chat.ts (writes chat-index-node<major>.md and .json)
  --engines         only the chat's two engines side by side (multifeed, Autobase): live latency at 100 and at
                    --history messages (--samples N each, default 20), writing that history, a flood of --flood N
                    sends at once (default 2000) (writes chat-engines-node<major>.md and .json)
  --out DIR         where the tables (.md and .json) go (default src/bench)`

const { values } = commandLine({
  runs: { type: 'string', default: '5' },
  'startup-runs': { type: 'string', default: '10' },
  'verify-runs': { type: 'string', default: '3' },
  'watch-saves': { type: 'string', default: '10' },
  messages: { type: 'string', default: '50' },
  history: { type: 'string', default: '10000' },
  crowd: { type: 'string', default: '1000' },
  out: { type: 'string', default: path.dirname(fileURLToPath(import.meta.url)) },
  red: { type: 'boolean', default: false },
  stubs: { type: 'boolean', default: false },
  mistakes: { type: 'string' },
  room: { type: 'boolean', default: false },
  'chat-index': { type: 'boolean', default: false },
  future: { type: 'string', default: '20000' },
  restart: { type: 'string', default: '100000' },
  sends: { type: 'string', default: '50' },
  'chat-module': { type: 'string' },
  engines: { type: 'boolean', default: false },
  samples: { type: 'string', default: '20' },
  flood: { type: 'string', default: '2000' },
  laptops: { type: 'string', default: '30' },
  rounds: { type: 'string', default: '10' },
  kata: { type: 'string' }
}, USAGE, { counts: ['runs', 'mistakes', 'startup-runs', 'watch-saves', 'messages', 'history', 'laptops', 'rounds', 'sends', 'restart', 'samples', 'flood'], countsOrZero: ['verify-runs', 'crowd', 'future'] })
let selected: Kata[] | undefined
try {
  if (values.kata !== undefined) selected = selectKatas([values.kata])
} catch (err) {
  if (!(err instanceof SelectionError)) throw err
  console.error(err.message)
  process.exit(2)
}
const runs = Number(values.runs)
const startupRuns = Number(values['startup-runs'])
const verifyRuns = Number(values['verify-runs'])
const NODE_MAJOR = process.versions.node.split('.')[0]

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`
const date = new Date().toISOString()
console.log(`kappa-katas benchmark · ${date}\n${machine}\n`)
if (values.room) {
  await benchRoom({ date, machine, out: values.out!, node: NODE_MAJOR, laptops: Number(values.laptops), rounds: Number(values.rounds) })
  process.exit(0)
}
if (values['chat-index']) {
  await reportIndex({ date, machine, out: values.out!, node: NODE_MAJOR, messages: Number(values.restart), future: Number(values.future), sends: Number(values.sends), ...(values['chat-module'] ? { module: values['chat-module'] } : {}) })
  process.exit(0)
}
if (values.engines) {
  await reportEngines({ date, machine, out: values.out!, node: NODE_MAJOR, history: Number(values.history), samples: Number(values.samples), flood: Number(values.flood) })
  process.exit(0)
}
if (values.red) {
  await benchRed({ date, machine, runs, out: values.out!, node: NODE_MAJOR, stubsOnly: values.stubs, ...(values.mistakes === undefined ? {} : { mistakes: Number(values.mistakes) }), ...(selected ? { katas: selected } : {}) })
  process.exit(0)
}

const katas: KataTiming[] = []
for (const kata of selected ?? listKatas()) {
  const timing = await timeKata(kata, runs)
  katas.push(timing)
  console.log(`${kata.name.padEnd(30)} runner ${ms(timing.runnerMs).padStart(8)}  raw ${ms(timing.rawMs).padStart(8)}  ×${timing.ratio.toFixed(2)}`)
}
const wholeRunMs = await timeWholeRun(Math.min(runs, 3), selected)
console.log(`npm test -- ${selected ? `${selected.map((k) => k.number).join(' ')} ` : ''}--solution (${selected ? 'these katas' : 'all katas'}, one runner): ${ms(wholeRunMs)}`)
const startup = await timeStartup(startupRuns)
console.log(`start-up: node ${ms(startup.nodeMs)}, node + tsx ${ms(startup.tsxMs)}, npm test -- --help ${ms(startup.runnerMs)}`)
const verifyMs = verifyRuns ? await timeVerify(verifyRuns) : NaN
console.log(`npm run verify: ${verifyRuns ? ms(verifyMs) : 'not measured (--verify-runs 0)'}`)
const watch: WatchTiming = await benchWatch(Number(values['watch-saves']))
console.log(`watch: save to result ${ms(watch.medianMs)} (median of ${watch.samples})`)
const chat: ChatTiming = await benchChat({ messages: Number(values.messages), history: Number(values.history) })
console.log(`chat: propagation p50 ${ms(chat.propagationP50)}, p95 ${ms(chat.propagationP95)}; late joiner ${chat.historySize} messages ${ms(chat.lateJoinerMs)}`)
const crowdFeeds = Number(values.crowd)
const crowd = crowdFeeds ? await benchCrowd(crowdFeeds) : null
const crowdRss = crowd ? crowd.peakRssMb : NaN
console.log(`chat app with ${crowdFeeds} member feeds: ${crowd ? `peak RSS ${crowd.peakRssMb.toFixed(0)} MB, open ${ms(crowd.openMs)}` : `not measured (${crowdFeeds ? 'Linux only' : '--crowd 0'})`}`)

const target = (value: number, aim: number): string => Number.isNaN(value) ? 'not measured' : value <= aim ? 'met' : 'missed'
const totalRunner = katas.reduce((sum, k) => sum + k.runnerMs, 0)
const totalRaw = katas.reduce((sum, k) => sum + k.rawMs, 0)
const markdown = `# Benchmark (Node ${NODE_MAJOR})

Taken ${date} on ${machine}. Medians of ${runs} runs unless noted; regenerate with \`npm run bench\`.${selected ? `\nOnly ${selected.map((k) => k.name).join(', ')} (\`--kata\`): a quick look, not the whole curriculum.` : ''}

## Runner overhead per kata (reference solutions)

\`npm test -- katas/NN --solution\` against the raw \`node --import tsx --import src/runner/use-solutions.mjs <suite>\`
of the same suite, alternated in the same run. The runner's time includes npm's own start-up.

| kata | npm test | raw | added | ratio |
|------|---------:|----:|------:|------:|
${katas.map((k) => `| ${k.kata} | ${ms(k.runnerMs)} | ${ms(k.rawMs)} | ${ms(k.runnerMs - k.rawMs)} | ×${k.ratio.toFixed(2)} |`).join('\n')}
| **sum** | ${ms(totalRunner)} | ${ms(totalRaw)} | ${ms(totalRunner - totalRaw)} | ×${(totalRunner / totalRaw).toFixed(2)} |
| **all in one \`npm test -- ${selected ? `${selected.map((k) => k.number).join(' ')} ` : ''}--solution\`** (median of ${Math.min(runs, 3)}) | ${ms(wholeRunMs)} | ${ms(totalRaw)} | ${ms(wholeRunMs - totalRaw)} | ×${(wholeRunMs / totalRaw).toFixed(2)} |

Where a single kata's added time goes (medians of ${startupRuns}): Node starts in ${ms(startup.nodeMs)}, and in
${ms(startup.tsxMs)} with tsx (the TypeScript loader); \`npm test -- --help\` (npm, then the runner's Node, tsx and
modules, no suite) takes ${ms(startup.runnerMs)}. That start-up is paid once per \`npm test\`, so it weighs on a
single short kata and disappears in a whole run.

## Targets

| what | measured | aim | |
|------|---------:|----:|-|
| runner overhead, all katas in one run | ×${(wholeRunMs / totalRaw).toFixed(3)} | ≤ ×1.15 | ${target(wholeRunMs / totalRaw, 1.15)} |
| runner overhead, one kata per \`npm test\` (sum) | ×${(totalRunner / totalRaw).toFixed(3)} | ≤ ×1.15 | ${target(totalRunner / totalRaw, 1.15)} |
| \`npm run verify\` (${verifyRuns ? `median of ${verifyRuns}` : 'skipped: --verify-runs 0'}) | ${ms(verifyMs)} | ≤ 60 s | ${target(verifyMs, 60000)} |
| watch mode: save to result (median of ${watch.samples}) | ${ms(watch.medianMs)} | ≤ 1 s | ${target(watch.medianMs, 1000)} |
| chat: propagation p50 across 3 peers (${chat.messages} deliveries) | ${ms(chat.propagationP50)} | ≤ 100 ms | ${target(chat.propagationP50, 100)} |
| chat: propagation p95 | ${ms(chat.propagationP95)} | | |
| chat: late joiner syncs and indexes ${chat.historySize} messages | ${ms(chat.lateJoinerMs)} | ≤ 5 s | ${target(chat.lateJoinerMs, 5000)} |
| chat app: peak RSS with ${crowdFeeds} member feeds, \`ulimit -n ${CROWD_FILE_LIMIT}\` | ${Number.isNaN(crowdRss) ? 'n/a' : `${crowdRss.toFixed(0)} MB`} | ≤ 300 MB | ${target(crowdRss, 300)} |
| chat app: open with ${crowdFeeds} member feeds | ${crowd ? ms(crowd.openMs) : 'n/a'} | | |

How each is measured: propagation is from alice's \`send()\` to the \`message\` event on bob and on carol
(reference chat, local testnet, one message at a time); the late joiner is from \`createChat\` to all
${chat.historySize} messages in its \`history()\` (replication over the swarm and indexing together; alice
took ${ms(chat.writeMs)} to write them). The crowd: the app (\`npm run chat -- --reference\`) started on a storage
holding that many member feeds of one message each, from its start (node and tsx included) to the last member's
message shown; its peak RSS is the process's VmHWM. Watch mode: ${watch.how}
`
const file = path.join(values.out!, `results-node${NODE_MAJOR}`)
await mkdir(values.out!, { recursive: true })
await writeFile(`${file}.md`, markdown)
await writeFile(`${file}.json`, JSON.stringify({ date, machine, runs, katas, wholeRunMs, startup, verifyMs, watch, chat, crowd }, null, 2) + '\n')
console.log(`\nwrote ${file}.md and .json`)
