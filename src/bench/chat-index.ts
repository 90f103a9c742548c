// Benchmark: what indexing costs the reference kappa chat as its history grows. A send with many Cabal
// (clockless) entries stamped a little in the future in its history (each later entry with a clock raises
// theirs), and a restart on a long history: messages of several members that follow each other across
// feeds, with or without such clockless entries among them.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import crypto from 'hypercore-crypto'
import createTestnet from 'hyperdht/testnet'
import Hyperswarm from 'hyperswarm'
import multifeed from 'multifeed'
import { referenceModule } from '../runner/solutions.ts'
import type { Chat } from '../../katas/12-kappa-chat/chat.ts'
import { ms, percentile } from './measure.ts'

type CreateChat = typeof import('../../katas/12-kappa-chat/chat.ts').createChat

export interface IndexTiming {
  /** Clockless entries stamped ahead of the reader (within its skew) in the history of the send case. */
  future: number
  sends: number
  sendP50: number
  sendP95: number
  /** This process's CPU time over all the sends, divided by their number. */
  sendCpuMs: number
  /** Messages with a clock in the restart's history, written by 4 members that follow each other. */
  messages: number
  /** createChat on that storage until it resolves (everything on disk indexed): wall time, and this process's CPU time. */
  restartMs: number
  restartCpuMs: number
  /** The same, with `future` clockless entries among them. */
  restartWithFutureMs: number
  restartWithFutureCpuMs: number
}

/** How far ahead of the wall clock the clockless entries are stamped: within the chat's skew (60 s). */
const AHEAD = 40000
const MEMBERS = 4

/**
 * Writes `messages` chat messages with clocks into `dir`, as the chat lays it out: member i's entries
 * follow the one before them, whoever wrote it (clock n, `after` entry n - 1); then `future` clockless
 * ones (Cabal's) from another member, stamped AHEAD ms from now, a millisecond apart.
 */
export async function writeHistory (dir: string, key: string, messages: number, future: number): Promise<void> {
  const feeds = multifeed(dir, { valueEncoding: 'binary', encryptionKey: Buffer.from(key, 'hex') })
  const writer = (name: string): Promise<multifeed.Hypercore9Feed> => new Promise((resolve, reject) => {
    feeds.writer(name, (err, feed) => err ? reject(err) : resolve(feed))
  })
  const append = (feed: multifeed.Hypercore9Feed, entries: unknown[]): Promise<void> => new Promise((resolve, reject) => {
    feed.append(entries.map((e) => Buffer.from(JSON.stringify(e))), (err) => err ? reject(err) : resolve())
  })
  const members = []
  for (let i = 0; i < MEMBERS; i++) members.push(await writer(`member-${i}`))
  const start = Date.now() - messages
  const batches: unknown[][] = members.map(() => [])
  for (let n = 0; n < messages; n++) {
    const previous = n - 1
    const after = previous >= 0 ? { after: { key: members[previous % MEMBERS].key.toString('hex'), seq: Math.floor(previous / MEMBERS) } } : {}
    batches[n % MEMBERS].push({ type: 'chat/text', content: { channel: 'default', text: `message ${n}` }, timestamp: start + n, clock: n + 1, ...after })
  }
  for (const [i, feed] of members.entries()) await append(feed, batches[i])
  if (future > 0) {
    const ahead = Date.now() + AHEAD
    const cabal = Array.from({ length: future }, (_, i) => ({ type: 'chat/text', content: { channel: 'default', text: `from the future ${i}` }, timestamp: ahead + i }))
    await append(await writer('cabal'), cabal)
  }
  await new Promise<void>((resolve) => feeds.close(() => resolve()))
}

export async function benchIndex (opts: { messages: number, future: number, sends: number, createChat?: CreateChat }): Promise<IndexTiming> {
  const createChat = opts.createChat ?? (await referenceModule<typeof import('../../katas/12-kappa-chat/chat.ts')>('12-kappa-chat', 'chat.ts')).createChat
  const testnet = await createTestnet(3, { host: '127.0.0.1' })
  const dirs: string[] = []

  /** Writes a history, then times createChat on it (wall and CPU ms); `use` gets the opened chat. */
  async function open (messages: number, future: number, use?: (chat: Chat) => Promise<void>): Promise<[number, number]> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kk-bench-index-'))
    dirs.push(dir)
    const key = crypto.randomBytes(32).toString('hex')
    await writeHistory(dir, key, messages, future)
    const swarm = new Hyperswarm({ dht: testnet.createNode() })
    const started = performance.now()
    const cpu = process.cpuUsage()
    const chat = await createChat({ storage: dir, key, nick: 'alice', swarm })
    const { user, system } = process.cpuUsage(cpu)
    const ms: [number, number] = [performance.now() - started, (user + system) / 1000]
    try {
      if (chat.history().length !== messages + future) throw new Error(`benchmark: ${chat.history().length} of ${messages + future} messages indexed`)
      await use?.(chat)
    } finally {
      await chat.close()
      await swarm.destroy()
    }
    return ms
  }

  try {
    const latencies: number[] = []
    let sendCpuMs = NaN
    await open(100, opts.future, async (chat) => {
      const cpu = process.cpuUsage()
      for (let i = 0; i < opts.sends; i++) {
        const started = performance.now()
        await chat.send(`now ${i}`)
        latencies.push(performance.now() - started)
      }
      const { user, system } = process.cpuUsage(cpu)
      sendCpuMs = (user + system) / 1000 / opts.sends
    })
    const [restartMs, restartCpuMs] = await open(opts.messages, 0)
    const [restartWithFutureMs, restartWithFutureCpuMs] = await open(opts.messages, opts.future)
    return {
      future: opts.future,
      sends: latencies.length,
      sendP50: percentile(latencies, 50),
      sendP95: percentile(latencies, 95),
      sendCpuMs,
      messages: opts.messages,
      restartMs,
      restartCpuMs,
      restartWithFutureMs,
      restartWithFutureCpuMs
    }
  } finally {
    await testnet.destroy()
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  }
}

export interface IndexReportOptions {
  date: string
  machine: string
  out: string
  node: string
  messages: number
  future: number
  sends: number
  /** Another chat.ts to measure instead of the reference (an older reference, a learner's). */
  module?: string
}

/** `npm run bench -- --chat-index`: runs benchIndex, writes chat-index-node<major>.md and .json. */
export async function reportIndex (opts: IndexReportOptions): Promise<void> {
  const createChat = opts.module ? ((await import(pathToFileURL(path.resolve(opts.module)).href)) as typeof import('../../katas/12-kappa-chat/chat.ts')).createChat : undefined
  const loadBefore = os.loadavg().map((l) => l.toFixed(1))
  const timing = await benchIndex({ messages: opts.messages, future: opts.future, sends: opts.sends, ...(createChat ? { createChat } : {}) })
  const loadAfter = os.loadavg().map((l) => l.toFixed(1))
  const met = (value: number, aim: number): string => value <= aim ? 'met' : 'missed'
  const md = `# Kappa chat: indexing as the history grows (Node ${opts.node})

Taken ${opts.date} on ${opts.machine}; load average ${loadBefore.join(', ')} before, ${loadAfter.join(', ')} after (the
machine was shared: wall times include waiting for a core, CPU times do not). Chat: ${opts.module ? `\`${opts.module}\`` : 'the kata 12 reference'}.
Regenerate with \`npm run bench -- --chat-index\` (\`--restart N --future N --sends N\`, \`--chat-module FILE\` for another chat.ts).
Aims (issue 22), never asserted.

- **Send**: a chat whose history holds 100 messages and ${timing.future} Cabal (clockless) entries stamped ${AHEAD / 1000} s
  ahead (within the reader's skew, so they are shown, and every later entry with a clock raises theirs); ${timing.sends} sends
  one after another, each from \`send()\` to its promise (the entry written and indexed).
- **Restart**: \`createChat\` on a storage holding ${timing.messages} messages of ${MEMBERS} members, each following the one before it
  across feeds (clock n, \`after\` entry n - 1), until it resolves (everything on disk indexed); then the same with the
  ${timing.future} future-stamped clockless entries among them.

| measure | value | aim | |
|---|---:|---:|---|
| send with ${timing.future} future-stamped clockless entries, p50 | ${timing.sendP50.toFixed(1)} ms | | |
| send with ${timing.future} future-stamped clockless entries, p95 | ${timing.sendP95.toFixed(1)} ms | ≤ 20 ms | ${met(timing.sendP95, 20)} |
| send: CPU per send (mean) | ${timing.sendCpuMs.toFixed(1)} ms | | |
| restart at ${timing.messages} messages: wall | ${ms(timing.restartMs)} | ≤ 5 s | ${met(timing.restartMs, 5000)} |
| restart at ${timing.messages} messages: CPU | ${ms(timing.restartCpuMs)} | | |
| restart at ${timing.messages} + ${timing.future} clockless: wall | ${ms(timing.restartWithFutureMs)} | ≤ 5 s | ${met(timing.restartWithFutureMs, 5000)} |
| restart at ${timing.messages} + ${timing.future} clockless: CPU | ${ms(timing.restartWithFutureCpuMs)} | | |
`
  const file = path.join(opts.out, `chat-index-node${opts.node}`)
  await mkdir(opts.out, { recursive: true })
  await writeFile(`${file}.md`, md)
  await writeFile(`${file}.json`, JSON.stringify({ date: opts.date, machine: opts.machine, load: { before: loadBefore, after: loadAfter }, module: opts.module ?? null, ...timing }, null, 2) + '\n')
  console.log(md)
}
