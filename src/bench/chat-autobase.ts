// Benchmark: the Autobase engine (kata 15's reference chat) alone on a local testnet: writing a history one
// send at a time, a flood of sends at once, and the memory a member's junk add-writer entries cost.
// `node --import tsx src/bench/chat-autobase.ts [--writes N] [--flood N] [--junk N]` prints JSON.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import Autobase from 'autobase'
import Corestore from 'corestore'
import crypto from 'hypercore-crypto'
import createTestnet from 'hyperdht/testnet'
import Hyperswarm from 'hyperswarm'
import { referenceModule } from '../runner/solutions.ts'
import type { Chat } from '../../katas/15-autobase-chat/chat.ts'
import { percentile } from './measure.ts'

export interface AutobaseTiming {
  writes: number
  /** `writes` sends one after another: wall time, and this process's CPU time per send. */
  writeMs: number
  writeCpuMsPerSend: number
  flood: number
  /** `flood` sends called at once: until the last resolved, and each send's own time (call to resolve). */
  floodMs: number
  floodSendP50: number
  floodSendP95: number
  floodCpuMsPerSend: number
  /** After the flood: sends one at a time (AFTER of them), wall p50 and CPU per send. */
  sendAfterFloodP50: number
  sendAfterFloodCpuMs: number
  /** The same after a pause of PAUSE ms once the flood resolved. */
  sendAfterPauseP50: number
  sendAfterPauseCpuMs: number
  junk: number
  /** RSS before and after a member appended `junk` adds of keys that are valid hex but no one's core. */
  junkRssBeforeMb: number
  junkRssAfterMb: number
  /** The JS heap in use before the junk, and after it (acknowledged, collected), and memory outside it (buffers), MB. */
  junkHeapBeforeMb: number
  junkHeapMb: number
  junkExternalMb: number
  /** Members the chat lists after the junk (the cap, if any, plus the creator and the junk member). */
  junkMembers: number
}

const AFTER = 20
const PAUSE = 10000
const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
const rssMb = (): number => process.memoryUsage().rss / 2 ** 20

async function settleGc (): Promise<void> {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.()
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

export async function benchAutobase (opts: { writes: number, flood: number, junk: number }): Promise<AutobaseTiming> {
  const { createChat } = await referenceModule<typeof import('../../katas/15-autobase-chat/chat.ts')>('15-autobase-chat', 'chat.ts')
  const testnet = await createTestnet(3, { host: '127.0.0.1' })
  const dirs: string[] = []
  const closers: Array<() => Promise<unknown>> = []
  const tmp = async (): Promise<string> => { const dir = await mkdtemp(path.join(os.tmpdir(), 'kk-ab-bench-')); dirs.push(dir); return dir }
  const swarm = (): Hyperswarm => { const s = new Hyperswarm({ dht: testnet.createNode() }); closers.push(() => s.destroy()); return s }
  try {
    const open = async (key?: string): Promise<Chat> => {
      const chat = await createChat({ storage: await tmp(), swarm: swarm(), nick: 'bench', ...(key ? { key } : {}) })
      closers.unshift(() => chat.close())
      return chat
    }

    const alice = await open()
    let cpu = cpuMs()
    let started = performance.now()
    for (let i = 0; i < opts.writes; i++) await alice.send(`history ${i}`)
    const writeMs = performance.now() - started
    const writeCpuMsPerSend = (cpuMs() - cpu) / Math.max(1, opts.writes)

    const flooded = await open()
    const times: number[] = []
    cpu = cpuMs()
    started = performance.now()
    await Promise.all(Array.from({ length: opts.flood }, async (_, i) => {
      const at = performance.now()
      await flooded.send(`flood ${i}`)
      times.push(performance.now() - at)
    }))
    const floodMs = performance.now() - started
    const floodCpuMsPerSend = (cpuMs() - cpu) / Math.max(1, opts.flood)
    // Then sends one at a time, with the flood in the history.
    const afterTimes: number[] = []
    cpu = cpuMs()
    for (let i = 0; i < AFTER; i++) {
      const at = performance.now()
      await flooded.send(`after the flood ${i}`)
      afterTimes.push(performance.now() - at)
    }
    const sendAfterFloodP50 = percentile(afterTimes, 50)
    const sendAfterFloodCpuMs = (cpuMs() - cpu) / AFTER
    // Again after a pause: what Autobase still does in the background after a big batch is then done.
    await new Promise((resolve) => setTimeout(resolve, PAUSE))
    const pausedTimes: number[] = []
    cpu = cpuMs()
    for (let i = 0; i < AFTER; i++) {
      const at = performance.now()
      await flooded.send(`after the pause ${i}`)
      pausedTimes.push(performance.now() - at)
    }
    const sendAfterPauseP50 = percentile(pausedTimes, 50)
    const sendAfterPauseCpuMs = (cpuMs() - cpu) / AFTER

    // A member that appends junk adds: keys that are valid hex, and no one's core.
    const victim = await open()
    await settleGc()
    const junkRssBeforeMb = rssMb()
    const junkHeapBeforeMb = process.memoryUsage().heapUsed / 2 ** 20
    const store = new Corestore(await tmp())
    // Its own apply follows only the add of itself: that is how it learns it may write.
    const raw: Autobase<unknown, Buffer> = new Autobase<unknown, Buffer>(store, Buffer.from(victim.key, 'hex'), {
      open: (s) => s.get('raw'),
      apply: async (nodes, _view, host) => {
        for (const node of nodes) {
          const entry = JSON.parse(node.value.toString()) as { type?: string, key?: string }
          if (entry.type === 'add' && entry.key === raw.local.key.toString('hex')) await host.addWriter(raw.local.key, { indexer: false })
        }
      }
    })
    closers.unshift(async () => { await raw.close(); await store.close() }) // closing twice is harmless
    await raw.ready()
    const rawSwarm = swarm()
    rawSwarm.on('connection', (socket: Hyperswarm.NoiseSecretStream) => { socket.on('error', () => {}); raw.replicate(socket) })
    await rawSwarm.join(raw.discoveryKey).flushed()
    await victim.addMember(raw.local.key.toString('hex'))
    while (!raw.writable) await new Promise((resolve) => setTimeout(resolve, 20))
    const junk = Array.from({ length: opts.junk }, () => Buffer.from(JSON.stringify({ type: 'add', key: crypto.randomBytes(32).toString('hex') })))
    for (let i = 0; i < junk.length; i += 500) await raw.append(junk.slice(i, i + 500))
    await raw.append(Buffer.from(JSON.stringify({ type: 'message', channel: 'default', text: 'after the junk', timestamp: Date.now() })))
    const deadline = Date.now() + 600000
    while (!victim.history().some((m) => m.text === 'after the junk')) {
      if (Date.now() > deadline) throw new Error('benchmark: the junk never arrived')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    // The creator's next entry acknowledges the junk (its nodes are then indexed, and let go).
    await victim.send('after the junk, from the creator')
    // The junk member's own base goes first: what is left is what the chat holds.
    await raw.close()
    await store.close()
    await settleGc()
    const junkRssAfterMb = rssMb()
    const heap = process.memoryUsage()
    const junkHeapMb = heap.heapUsed / 2 ** 20
    const junkExternalMb = (heap.external + heap.arrayBuffers) / 2 ** 20

    return {
      writes: opts.writes,
      writeMs,
      writeCpuMsPerSend,
      flood: opts.flood,
      floodMs,
      floodSendP50: percentile(times, 50),
      floodSendP95: percentile(times, 95),
      floodCpuMsPerSend,
      sendAfterFloodP50,
      sendAfterFloodCpuMs,
      sendAfterPauseP50,
      sendAfterPauseCpuMs,
      junk: opts.junk,
      junkRssBeforeMb,
      junkRssAfterMb,
      junkHeapBeforeMb,
      junkHeapMb,
      junkExternalMb,
      junkMembers: victim.members().length
    }
  } finally {
    for (const close of closers) await close().catch(() => {})
    await testnet.destroy()
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`)
    return i === -1 ? fallback : Number(process.argv[i + 1])
  }
  const result = await benchAutobase({ writes: arg('writes', 10000), flood: arg('flood', 2000), junk: arg('junk', 5000) })
  console.log(JSON.stringify(result, null, 2))
}
