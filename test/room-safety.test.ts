// The room board against hostile members, in one process on a testnet: everything a member can send is
// dropped and counted or kept to one row, and a laptop's row holds only what that laptop signed.
// Run: node --import tsx test/room-safety.test.ts
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import type Hyperswarm from 'hyperswarm'
import { configure, test, type KataContext } from '../src/harness/index.ts'
import { RoomBoard } from '../src/room/board.ts'
import { newRoomKey, type Room } from '../src/room/key.ts'
import { RoomPublisher } from '../src/room/publisher.ts'
import type { Status } from '../src/room/status.ts'
import { openWire, roomTopic } from '../src/room/wire.ts'

configure({ budget: 60000, wait: 15000 })

const STATUS: Status = { v: 1, name: 'alice & bob', kata: '03', katas: { '01': 'green', '02': 'green', '03': 'red' }, passed: 2, total: 5, failing: 'replicate reads a block', hint: 1, hints: 4, onKata: 120, failingFor: 60 }

async function board (k: KataContext, room: Room, maxLaptops?: number): Promise<RoomBoard> {
  const b = await RoomBoard.open(room, { dht: await k.dht(), ...(maxLaptops ? { maxLaptops } : {}) })
  k.teardown(() => b.close())
  await b.announced
  return b
}

async function laptop (k: KataContext, room: Room): Promise<RoomPublisher> {
  const p = await RoomPublisher.open(room, { dht: await k.dht(), storage: await k.tmp() })
  k.teardown(() => p.close())
  return p
}

/** A member that writes whatever blocks it likes to its own core, with the room's real protocol. */
async function hostile (k: KataContext, room: Room, opts: { key?: Buffer, forge?: Hypercore } = {}): Promise<{ append: (block: Buffer) => Promise<void>, swarm: Hyperswarm, core: Hypercore }> {
  const store = new Corestore(await k.tmp())
  k.teardown(() => store.close())
  // Forging: the other laptop's manifest and public key (both public), signed with a secret key of our own.
  const core = opts.forge
    ? store.get({ manifest: opts.forge.manifest!, keyPair: { publicKey: opts.forge.keyPair!.publicKey, secretKey: Buffer.alloc(64, 7) } })
    : store.get({ name: 'status' })
  await core.ready()
  const swarm = await k.swarm()
  swarm.on('connection', (conn) => {
    conn.on('error', () => {})
    store.replicate(conn)
    openWire(conn, { key: opts.key ?? room.key, role: 'laptop', coreKey: core.key! })
  })
  swarm.join(roomTopic(room.key), { server: false, client: true })
  return { append: async (block) => { await core.append(block) }, swarm, core }
}

const rowNamed = (b: RoomBoard, name: string) => b.model.view().rows.find((r) => r.name === name)

test('a laptop\'s status reaches the board, and only its latest is kept', async (t, k) => {
  const room = { key: newRoomKey(), bootstrap: null }
  const b = await board(k, room)
  const p = await laptop(k, room)
  for (let i = 0; i < 20; i++) await p.publish({ ...STATUS, passed: i % 5 })
  await p.publish({ ...STATUS, passed: 4 })
  t.ok(await p.delivered(15000), 'the board acknowledges the latest status')
  await k.until('the board shows the latest status', () => rowNamed(b, 'alice & bob')?.passed === 4)
  t.is(b.model.laptops.size, 1, 'one row for the laptop, however many statuses it wrote')
  const row = rowNamed(b, 'alice & bob')!
  t.alike({ kata: row.kata, failing: row.failing, hint: row.hint, hints: row.hints }, { kata: '03', failing: 'replicate reads a block', hint: 1, hints: 4 })
  t.is(row.id, p.key.toString('hex').slice(0, 6), 'the row is the laptop\'s core key')
})

test('malformed and oversized statuses are dropped and counted; the board keeps the last good one', async (t, k) => {
  const room = { key: newRoomKey(), bootstrap: null }
  const b = await board(k, room)
  const h = await hostile(k, room)
  await h.append(Buffer.from(JSON.stringify({ ...STATUS, name: 'mallory' })))
  await k.until('the good status is shown', () => rowNamed(b, 'mallory'))
  const bad = [
    Buffer.from('not json'),
    Buffer.from([0xff, 0xfe, 0x00]),
    Buffer.from(JSON.stringify({ ...STATUS, name: 'evil\u001b[2J' })),
    Buffer.from(JSON.stringify({ ...STATUS, code: 'function x () {}' })),
    Buffer.from(JSON.stringify({ ...STATUS, passed: 9, total: 1 })),
    Buffer.from(JSON.stringify({ ...STATUS, katas: Object.fromEntries(Array.from({ length: 99 }, (_, i) => [String(i).padStart(2, '0'), 'green'])) }))
  ]
  for (const block of bad) {
    const before = b.model.dropped.malformed
    await h.append(block)
    await k.until(`the malformed status ${block.subarray(0, 20).toString()}… is counted`, () => b.model.dropped.malformed === before + 1)
  }
  await h.append(Buffer.alloc(1024 * 1024, 'x'))
  await k.until('the oversized status is counted', () => b.model.dropped.oversized === 1)
  t.is(b.model.dropped.malformed, bad.length, 'each malformed status counted once')
  t.is(rowNamed(b, 'mallory')?.passed, STATUS.passed, 'the row still shows the last good status')
  t.is(b.model.laptops.size, 1)
})

test('a status forged for another laptop is ignored: only the laptop\'s own key signs its row', async (t, k) => {
  const room = { key: newRoomKey(), bootstrap: null }
  const b = await board(k, room)
  const alice = await hostile(k, room)
  await alice.append(Buffer.from(JSON.stringify(STATUS)))
  const id = alice.core.key!.toString('hex').slice(0, 6)
  await k.until('alice is on the board', () => b.model.view().rows.find((r) => r.id === id)?.passed === STATUS.passed)
  // Mallory has alice's core key (members learn it), her manifest and public key, but not her secret key.
  const mallory = await hostile(k, room, { forge: alice.core })
  t.alike(mallory.core.key, alice.core.key, 'the forged core claims alice\'s key')
  const green = Buffer.from(JSON.stringify({ ...STATUS, katas: { '01': 'green', '02': 'green', '03': 'green' }, passed: 5, failing: undefined }))
  await mallory.append(green)
  await mallory.append(green)
  await k.until('mallory reaches the board', () => mallory.swarm.connections.size > 0)
  // Alice writes on: her real statuses still arrive, the forged ones never do.
  await alice.append(Buffer.from(JSON.stringify({ ...STATUS, passed: 3 })))
  await k.until('alice\'s next status is shown', () => b.model.view().rows.find((r) => r.id === id)?.passed === 3)
  await new Promise((resolve) => setTimeout(resolve, 500))
  const row = b.model.view().rows.find((r) => r.id === id)!
  t.is(row.katas['03'], 'red', 'alice\'s kata 03 is still red')
  t.is(row.passed, 3)
  t.is(b.model.laptops.size, 1, 'no second row')
})

test('a peer without the room key is refused before any core is named; the laptop cap holds', async (t, k) => {
  const room = { key: newRoomKey(), bootstrap: null }
  const b = await board(k, room, 2)
  const outsider = await hostile(k, room, { key: newRoomKey() })
  await outsider.append(Buffer.from(JSON.stringify({ ...STATUS, name: 'outsider' })))
  await k.until('the outsider is refused', () => b.model.dropped.refused >= 1)
  t.is(b.model.laptops.size, 0, 'nothing of the outsider is on the board')
  const laptops = [await laptop(k, room), await laptop(k, room), await laptop(k, room)]
  for (const [i, p] of laptops.entries()) await p.publish({ ...STATUS, name: `pair ${i}` })
  await k.until('two laptops are shown and the third is counted', () => b.model.laptops.size === 2 && b.model.dropped.tooMany >= 1)
  t.is(b.model.laptops.size, 2)
})

test('a board started after the laptops, or started again, finds them and their latest status', async (t, k) => {
  const room = { key: newRoomKey(), bootstrap: null }
  const p = await laptop(k, room)
  await p.publish({ ...STATUS, passed: 1 })
  t.absent(await p.delivered(500), 'no board yet')
  const first = await RoomBoard.open(room, { dht: await k.dht() })
  await first.announced
  await k.until('the late board shows the laptop\'s status', () => rowNamed(first, 'alice & bob')?.passed === 1)
  await first.close()
  await p.publish({ ...STATUS, passed: 2 })
  const second = await board(k, room)
  await k.until('the restarted board shows the laptop\'s latest status', () => rowNamed(second, 'alice & bob')?.passed === 2)
  t.ok(await p.delivered(15000), 'and the laptop knows it is on the board')
})
