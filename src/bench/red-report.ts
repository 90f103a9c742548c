// `npm run bench -- --red`: the red loop's table (src/bench/red-node<major>.md and .json).
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { timeFirstFailures, timeLeftoverNamed } from './red.ts'
import type { Kata } from '../runner/katas.ts'
import { median, ms, timeCommand } from './measure.ts'

const AIM_FIRST = 6000
const AIM_LEFTOVER = 2000

export async function benchRed ({ date, machine, runs, out, node, katas, stubsOnly = false, mistakes = Infinity }: { date: string, machine: string, runs: number, out: string, node: string, katas?: Kata[], stubsOnly?: boolean, mistakes?: number }): Promise<void> {
  // What npm and the runner add before a suite starts (paid once per `npm test`).
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const startups: number[] = []
  for (let i = 0; i < runs; i++) startups.push(await timeCommand(npm, ['test', '--silent', '--', '--help']))
  const startup = median(startups)
  const timings = await timeFirstFailures((t) => console.log(`${t.kata} ${t.mistake.padEnd(34)} ${ms(t.ms + startup).padStart(8)}  ${t.status}  ${t.first.slice(0, 90)}`), katas, stubsOnly ? 0 : mistakes)
  const lags = await timeLeftoverNamed(runs)
  const worst = timings.reduce((a, b) => (b.ms > a.ms ? b : a))
  const busy = timings.filter((t) => t.mistake === 'busy')
  const worstBusy = busy.reduce((a, b) => (b.ms > a.ms ? b : a), busy[0])
  const leftover = median(lags)
  const met = (value: number, aim: number): string => value <= aim ? 'met' : 'missed'
  const markdown = `# The red loop (Node ${node})

Taken ${date} on ${machine} (load average ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} when it ended); regenerate with \`npm run bench -- --red${stubsOnly ? ' --stubs' : ''}\`.${stubsOnly ? ' Only the stubs: the mistakes\' rows are in red-node' + node + '.md.' : ''}${!stubsOnly && Number.isFinite(mistakes) ? ` Only the first ${mistakes} mistakes of each kata (\`--mistakes\`).` : ''}

**First failure on screen**: for every mistake of the learner-mistake library (\`src/mistakes/\`) and for each
kata's stubs made to hang forever (\`hung\`) or to spin in a synchronous loop for ever (\`busy\`), the time from starting the suite to its first failure being known, as
\`npm test -- NN\` runs it (stopping at the first failure), plus npm's and the runner's start-up
(\`npm test -- --help\`, median of ${runs}: ${ms(startup)}).

| what | measured | aim | |
|------|---------:|----:|-|
| first failure on screen, worst of ${timings.length} (${worst.kata} ${worst.mistake}) | ${ms(worst.ms + startup)} | ≤ ${ms(AIM_FIRST)} | ${met(worst.ms + startup, AIM_FIRST)} |
| first failure on screen, median | ${ms(median(timings.map((t) => t.ms)) + startup)} | | |
${worstBusy ? `| a busy loop named, worst of ${busy.length} katas (${worstBusy.kata}) | ${ms(worstBusy.ms + startup)} | ≤ ${ms(AIM_FIRST)} | ${met(worstBusy.ms + startup, AIM_FIRST)} |\n` : ''}| leftover named: last test to the timer named and the process stopped (median of ${runs}) | ${ms(leftover)} | ≤ ${ms(AIM_LEFTOVER)} | ${met(leftover, AIM_LEFTOVER)} |

| kata | mistake | first failure on screen | first failure |
|------|---------|------------------------:|---------------|
${timings.map((t) => `| ${t.kata} | ${t.mistake} | ${ms(t.ms + startup)} | ${t.status === 'red' ? t.first.replace(/\|/g, '\\|').slice(0, 120) : `**${t.status}**`} |`).join('\n')}
`
  const file = path.join(out, `red-${stubsOnly ? 'stubs-' : ''}node${node}`)
  await mkdir(out, { recursive: true })
  await writeFile(`${file}.md`, markdown)
  await writeFile(`${file}.json`, JSON.stringify({ date, machine, startup, timings, leftoverLags: lags }, null, 2) + '\n')
  console.log(`\nworst first failure ${ms(worst.ms + startup)}; leftover named ${ms(leftover)}\nwrote ${file}.md and .json`)
}
