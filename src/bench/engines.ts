// Benchmark: the app's two engines side by side, kata 12's (multifeed, kappa-core) and kata 15's (Autobase),
// their reference chats opened as the app opens them, two peers on a local testnet, the same steps for each:
// live latency at a short history, writing a long one send after send, live latency at that history, and a
// flood of sends called at once.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import crypto from 'hypercore-crypto'
import createTestnet from 'hyperdht/testnet'
import Hyperswarm from 'hyperswarm'
import type { Engine } from '../chat/args.ts'
import { openChat, type AppChat, type AppMessage } from '../chat/engine.ts'
import { ms, percentile } from './measure.ts'

export const ENGINES: Engine[] = ['multifeed', 'autobase']

export interface EngineTiming {
  engine: Engine
  /** alice's sends one after another until the history holds `history` messages: wall, and CPU per send (both peers are in this process). */
  history: number
  writeMs: number
  writeCpuMsPerSend: number
  /**
   * From alice's send() to bob's 'message' event, `samples` times, at a short history and at `history`; with the
   * CPU both peers spent a sample (wall well above it is waiting: for a core on a shared machine, or for a disk).
   */
  samples: number
  liveShort: Live & { history: number }
  liveLong: Live
  /** `flood` sends called at once: until the last resolved, and its CPU per send; then `samples` sends one at a time. */
  flood: number
  floodMs: number
  floodCpuMsPerSend: number
  /** p50 of those sends, and their CPU a send. */
  sendAfterFloodMs: number
  sendAfterFloodCpuMs: number
}

export interface Live { p50: number, p95: number, cpuMs: number }

export interface EngineBenchOptions {
  history: number
  samples: number
  flood: number
}

const SHORT = 100
const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }

export async function benchEngine (engine: Engine, opts: EngineBenchOptions): Promise<EngineTiming> {
  const testnet = await createTestnet(3, { host: '127.0.0.1' })
  const dirs: string[] = []
  const chats: AppChat[] = []
  const swarms: Hyperswarm[] = []
  const open = async (key: string | null, nick?: string): Promise<AppChat> => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kk-bench-engine-'))
    const swarm = new Hyperswarm({ dht: testnet.createNode() })
    dirs.push(dir)
    swarms.push(swarm)
    const { chat } = await openChat(engine, true, { storage: dir, key, swarm, ...(nick ? { nick } : {}) })
    chats.push(chat)
    await swarm.flush()
    return chat
  }
  try {
    // Kata 12's app makes the key; kata 15's chat makes its own. Bob only reads: no nick (on Autobase he is no writer).
    const alice = await open(engine === 'multifeed' ? crypto.randomBytes(32).toString('hex') : null, 'alice')
    const bob = await open(alice.key)
    const sendAll = async (count: number, label: string): Promise<void> => {
      for (let i = 0; i < count; i++) await alice.send(`${label} ${i}`)
    }
    const live = async (label: string): Promise<Live> => {
      const latencies: number[] = []
      const cpu = cpuMs()
      for (let i = 0; i < opts.samples; i++) {
        const text = `${label} ${i}`
        const started = performance.now()
        const heard = arrival(bob, text)
        await alice.send(text)
        await heard
        latencies.push(performance.now() - started)
      }
      return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), cpuMs: (cpuMs() - cpu) / opts.samples }
    }

    await sendAll(SHORT, 'short')
    await until(() => bob.history().length >= SHORT, `bob to get alice's first ${SHORT} messages`)
    const liveShort = { history: SHORT, ...await live('live short') }

    const cpu = cpuMs()
    const started = performance.now()
    const more = Math.max(0, opts.history - bob.history().length)
    await sendAll(more, 'history')
    const writeMs = performance.now() - started
    const writeCpuMsPerSend = (cpuMs() - cpu) / Math.max(more, 1)
    await until(() => bob.history().length >= opts.history, `bob to get alice's ${opts.history} messages`, 600000)
    const liveLong = await live('live long')

    const floodCpu = cpuMs()
    const floodStarted = performance.now()
    await Promise.all(Array.from({ length: opts.flood }, (_, i) => alice.send(`flood ${i}`)))
    const floodMs = performance.now() - floodStarted
    const floodCpuMsPerSend = (cpuMs() - floodCpu) / Math.max(opts.flood, 1)
    const afterCpu = cpuMs()
    const after: number[] = []
    for (let i = 0; i < opts.samples; i++) {
      const started = performance.now()
      await alice.send(`after the flood ${i}`)
      after.push(performance.now() - started)
    }
    const sendAfterFloodMs = percentile(after, 50)
    const sendAfterFloodCpuMs = (cpuMs() - afterCpu) / opts.samples

    return { engine, history: opts.history, writeMs, writeCpuMsPerSend, samples: opts.samples, liveShort, liveLong, flood: opts.flood, floodMs, floodCpuMsPerSend, sendAfterFloodMs, sendAfterFloodCpuMs }
  } finally {
    for (const chat of chats) await chat.close().catch(() => {})
    for (const swarm of swarms) await swarm.destroy().catch(() => {})
    await testnet.destroy()
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  }
}

function arrival (chat: AppChat, text: string): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: AppMessage): void => {
      if (message.text !== text) return
      chat.off('message', onMessage)
      resolve()
    }
    chat.on('message', onMessage)
  })
}

async function until (condition: () => boolean, what: string, wait = 60000): Promise<void> {
  const deadline = Date.now() + wait
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`benchmark: timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

export interface EnginesReportOptions extends EngineBenchOptions {
  date: string
  machine: string
  out: string
  node: string
}

/** `npm run bench -- --engines`: both engines, one after the other, in one table (chat-engines-node<major>.md and .json). */
export async function reportEngines (opts: EnginesReportOptions): Promise<void> {
  const loadBefore = os.loadavg().map((l) => l.toFixed(1))
  const timings: EngineTiming[] = []
  for (const engine of ENGINES) {
    timings.push(await benchEngine(engine, opts))
    console.log(`${engine}: ${JSON.stringify(timings.at(-1))}`)
  }
  const loadAfter = os.loadavg().map((l) => l.toFixed(1))
  const row = (what: string, value: (t: EngineTiming) => string): string => `| ${what} | ${timings.map(value).join(' | ')} |`
  const md = `# The chat's two engines side by side (Node ${opts.node})

Taken ${opts.date} on ${opts.machine}; load average ${loadBefore.join(', ')} before, ${loadAfter.join(', ')} after (the
machine was shared: wall times include waiting for a core). Regenerate with \`npm run bench -- --engines\`
(\`--history N --samples N --flood N\`).

Each engine's reference chat (kata 12's for multifeed, kata 15's for Autobase), opened as the app opens it, two
peers in this process on a loopback testnet: alice writes, bob reads. Live latency: from alice's \`send()\` to bob's
\`message\` event, ${opts.samples} messages one at a time, at ${SHORT} messages of history (right after both opened) and at
${opts.history}, with the CPU both peers spent a message. Writing: alice's sends one after another up to ${opts.history} messages
(bob receiving meanwhile). Flood: ${opts.flood} sends called at once, then ${opts.samples} sends one at a time. CPU is this
process's, both peers' (user + system).

| measure | ${timings.map((t) => t.engine).join(' | ')} |
|---|${timings.map(() => '---:').join('|')}|
${row(`write ${opts.history} messages, send after send`, (t) => ms(t.writeMs))}
${row('write: CPU per send (both peers)', (t) => `${t.writeCpuMsPerSend.toFixed(2)} ms`)}
${row(`live latency at ${SHORT} messages, p50 / p95 (CPU a message)`, (t) => `${t.liveShort.p50.toFixed(1)} / ${t.liveShort.p95.toFixed(1)} ms (${t.liveShort.cpuMs.toFixed(1)} ms)`)}
${row(`live latency at ${opts.history} messages, p50 / p95 (CPU a message)`, (t) => `${t.liveLong.p50.toFixed(1)} / ${t.liveLong.p95.toFixed(1)} ms (${t.liveLong.cpuMs.toFixed(1)} ms)`)}
${row(`flood of ${opts.flood} sends at once (CPU a send)`, (t) => `${ms(t.floodMs)} (${t.floodCpuMsPerSend.toFixed(2)} ms)`)}
${row('a send after the flood, p50 (CPU a send)', (t) => `${t.sendAfterFloodMs.toFixed(1)} ms (${t.sendAfterFloodCpuMs.toFixed(1)} ms)`)}
`
  const file = path.join(opts.out, `chat-engines-node${opts.node}`)
  await mkdir(opts.out, { recursive: true })
  await writeFile(`${file}.md`, md)
  await writeFile(`${file}.json`, JSON.stringify({ date: opts.date, machine: opts.machine, load: { before: loadBefore, after: loadAfter }, timings }, null, 2) + '\n')
  console.log(md)
}
