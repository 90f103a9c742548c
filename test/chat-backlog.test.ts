// The reference kappa chat (kata 12) against a hostile member over the swarm: an entry that waits for an
// entry of another feed, then 125 MiB of blocks that are not JSON and messages behind it. The chat's memory
// stays bounded (a few entries held, the rest waits on disk), the junk is counted, and nothing valid is lost
// once the awaited entry comes.
// Run: node --import tsx test/chat-backlog.test.ts
import v8 from 'node:v8'
import vm from 'node:vm'
import crypto from 'hypercore-crypto'
import type multifeed from 'multifeed'
import { configure, rawMember, test } from '../src/harness/index.ts'
import { referenceModule } from '../src/runner/solutions.ts'

type ChatModule = typeof import('../katas/12-kappa-chat/chat.ts')
interface Backlog { held: number, onDisk: number, rejected: number }

const JUNK = 2000
const JUNK_BYTES = 64 * 1024
const MESSAGES = 1000
/** What the chat may keep of it all: half the 125 MiB of junk (20–44 MB measured: replication buffers in flight vary with load). */
const MAX_GROWTH_MB = 64

configure({ budget: 240000, wait: 120000 })

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void
/** Heap and buffers in use once garbage is collected, MB. */
function memoryMb (): number {
  gc()
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return (heapUsed + arrayBuffers) / 2 ** 20
}

test(`a member's waiting entry with ${JUNK} junk blocks (${JUNK * JUNK_BYTES / 2 ** 20} MiB) and ${MESSAGES} messages behind it: memory bounded, junk counted, nothing lost`, async (t, k) => {
  const { createChat, chatTopic } = await referenceModule<ChatModule>('12-kappa-chat', 'chat.ts')
  const key = crypto.randomBytes(32).toString('hex')
  const alice = await k.step('alice\'s chat', createChat({ storage: await k.tmp(), key, nick: 'alice', swarm: await k.swarm() }))
  k.teardown(() => alice.close())
  const backlog = (): Backlog => (alice as unknown as { backlog (): Backlog }).backlog()
  const before = memoryMb()

  // Mallory's first entry follows entry 0 of another feed of hers, which stays empty for now.
  const mallory = await rawMember(k, key)
  const later = await k.step('mallory\'s second feed', new Promise<multifeed.Hypercore9Feed>((resolve, reject) => {
    mallory.feeds.writer('later', (err, feed) => err ? reject(err) : resolve(feed))
  }))
  const start = Date.now()
  await mallory.write({ type: 'chat/text', content: { channel: 'default', text: 'waiting' }, timestamp: start, clock: 1, after: { key: later.key.toString('hex'), seq: 0 } })
  for (let i = 0; i < JUNK; i += 100) await mallory.write(...Array.from({ length: 100 }, () => crypto.randomBytes(JUNK_BYTES)))
  await mallory.write(...Array.from({ length: MESSAGES }, (_, i) => ({ type: 'chat/text', content: { channel: 'default', text: `behind ${i}` }, timestamp: start + 1 + i })))
  await mallory.join(chatTopic(Buffer.from(key, 'hex')))

  const total = 1 + JUNK + MESSAGES
  await k.until(`alice to receive mallory's ${total} entries`, () => { const b = backlog(); return b.held + b.onDisk === total })
  const waiting = backlog()
  const growth = memoryMb() - before
  t.comment(`waiting: ${waiting.held} held, ${waiting.onDisk} on disk; memory grew ${growth.toFixed(1)} MB`)
  t.ok(waiting.held <= 100, `a feed that waits holds at most 100 entries in memory (${waiting.held}); the rest waits on disk (${waiting.onDisk})`)
  t.ok(growth < MAX_GROWTH_MB, `memory grew ${growth.toFixed(1)} MB < ${MAX_GROWTH_MB} MB with ${JUNK * JUNK_BYTES / 2 ** 20} MiB waiting`)
  t.absent(alice.history().some((m) => m.text.startsWith('behind')), 'nothing behind the waiting entry is shown yet')

  // The entry it follows comes: everything behind it is read again from disk, the junk counted.
  await new Promise<void>((resolve, reject) => later.append(Buffer.from(JSON.stringify({ type: 'about', content: { name: 'mallory' }, timestamp: start, clock: 1 })), (err) => err ? reject(err) : resolve()))
  await k.until(`alice to show mallory's ${MESSAGES} messages`, () => alice.history().length === 1 + MESSAGES)
  const texts = alice.history().map((m) => m.text)
  t.alike(texts, ['waiting', ...Array.from({ length: MESSAGES }, (_, i) => `behind ${i}`)], 'the waiting message, then every message behind it, in order')
  t.alike(backlog(), { held: 0, onDisk: 0, rejected: JUNK }, `nothing waits any more, and the ${JUNK} junk blocks were counted`)
})
