// Benchmark: the reference kappa chat on a local testnet — live propagation across 3 peers, and a late
// joiner syncing and indexing a long history.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import crypto from 'hypercore-crypto'
import createTestnet from 'hyperdht/testnet'
import Hyperswarm from 'hyperswarm'
import { referenceModule } from '../runner/solutions.ts'
import type { Chat, ChatMessage } from '../../katas/12-kappa-chat/chat.ts'
import { percentile } from './measure.ts'

export interface ChatTiming {
  propagationP50: number
  propagationP95: number
  messages: number
  historySize: number
  /** Late joiner: from join to the whole history in history() (replication and indexing together). */
  lateJoinerMs: number
  /** How long the writer took to send the history (send() resolves once its own view shows it). */
  writeMs: number
}

export async function benchChat (opts: { messages: number, history: number }): Promise<ChatTiming> {
  const { createChat } = await referenceModule<typeof import('../../katas/12-kappa-chat/chat.ts')>('12-kappa-chat', 'chat.ts')
  const testnet = await createTestnet(3, { host: '127.0.0.1' })
  const dirs: string[] = []
  const chats: Chat[] = []
  const swarms: Hyperswarm[] = []
  const key = crypto.randomBytes(32).toString('hex')

  async function peer (nick: string): Promise<Chat> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kk-bench-'))
    const swarm = new Hyperswarm({ dht: testnet.createNode() })
    dirs.push(dir)
    swarms.push(swarm)
    const chat = await createChat({ storage: dir, key, nick, swarm })
    chats.push(chat)
    await swarm.flush()
    return chat
  }

  try {
    const [alice, bob, carol] = [await peer('alice'), await peer('bob'), await peer('carol')]
    await until(() => alice.peers().length >= 2 && bob.peers().length >= 2 && carol.peers().length >= 2)

    // Live propagation: alice sends one message at a time; time until bob and carol each index it.
    const latencies: number[] = []
    for (let i = 0; i < opts.messages; i++) {
      const text = `ping ${i}`
      const started = performance.now()
      const arrivals = [bob, carol].map((chat) => arrival(chat, text).then(() => latencies.push(performance.now() - started)))
      await alice.send(text)
      await Promise.all(arrivals)
    }

    // A long history, then a late joiner.
    const writeStarted = performance.now()
    for (let i = 0; i < opts.history; i++) await alice.send(`history ${i}`, 'history')
    const writeMs = performance.now() - writeStarted
    const joinStarted = performance.now()
    const dave = await peer('dave')
    await until(() => dave.history("history").length >= opts.history, 600000)
    const lateJoinerMs = performance.now() - joinStarted

    return {
      propagationP50: percentile(latencies, 50),
      propagationP95: percentile(latencies, 95),
      messages: latencies.length,
      historySize: opts.history,
      lateJoinerMs,
      writeMs
    }
  } finally {
    for (const chat of chats) await chat.close().catch(() => {})
    for (const swarm of swarms) await swarm.destroy().catch(() => {})
    await testnet.destroy()
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  }
}

function arrival (chat: Chat, text: string): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: ChatMessage): void => {
      if (message.text !== text) return
      chat.off('message', onMessage)
      resolve()
    }
    chat.on('message', onMessage)
  })
}

async function until (condition: () => boolean, ms = 30000): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('benchmark: a peer never got there')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
