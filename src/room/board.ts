// A board in a room: announces itself on the room's topic, checks every connection's proof of the room
// key, follows each laptop's status core and reads only its latest block (size checked before it is
// downloaded). Whatever a member sends, the board keeps one status per laptop and counts what it drops.
import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Corestore from 'corestore'
import type Hyperswarm from 'hyperswarm'
import type DHT from 'hyperdht'
import type Hypercore from 'hypercore'
import type { Room } from './key.ts'
import { roomSwarm } from './swarm.ts'
import { BoardModel } from './model.ts'
import { MAX_STATUS_BYTES, decodeStatus } from './status.ts'
import { openWire, roomTopic, type Wire } from './wire.ts'

export interface BoardOptions {
  dht?: DHT
  maxLaptops?: number
}

interface Followed {
  core: Hypercore
  wires: Set<Wire>
  /** The length whose status the board last read. */
  read: number
  reading: boolean
  again: boolean
}

export class RoomBoard extends EventEmitter<{ change: [] }> {
  readonly model: BoardModel
  private readonly followed = new Map<string, Followed>()
  private closing = false

  private constructor (private readonly store: Corestore, private readonly swarm: Hyperswarm, private readonly dir: string, room: Room, opts: BoardOptions) {
    super()
    this.model = new BoardModel(opts.maxLaptops)
    swarm.on('connection', (conn) => {
      conn.on('error', () => {})
      store.replicate(conn)
      let wire: Wire | null = null
      let laptop: string | null = null
      openWire(conn, {
        key: room.key,
        role: 'board',
        onPeer: (_remote, w) => { wire = w },
        onCore: (key) => {
          laptop = key.toString('hex')
          if (wire) this.follow(laptop, key, wire)
        },
        onRefused: () => { this.model.drop('refused'); this.emit('change') }
      })
      conn.on('close', () => {
        const f = laptop ? this.followed.get(laptop) : undefined
        if (!f || !wire) return
        f.wires.delete(wire)
        if (f.wires.size === 0) {
          this.model.leave(laptop!)
          this.emit('change')
        }
      })
    })
  }

  static async open (room: Room, opts: BoardOptions = {}): Promise<RoomBoard> {
    // The board keeps nothing between runs: every laptop's core is read again from the laptop.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kappa-katas-board-'))
    const store = new Corestore(dir)
    await store.ready()
    // Hyperswarm keeps 64 connections by default: a board takes a few more than its laptop cap, and no more.
    const swarm = roomSwarm(room.bootstrap, opts.dht, (opts.maxLaptops ?? 256) + 16)
    const board = new RoomBoard(store, swarm, dir, room, opts)
    board.announced = swarm.join(roomTopic(room.key), { server: true, client: false }).flushed().then(() => {}, () => {})
    // hyperdht says it has bootstrapped even when nobody answered (after a few seconds of retries).
    board.alone = swarm.dht.fullyBootstrapped().then(() => !swarm.destroyed && swarm.dht.toArray().length === 0, () => false)
    return board
  }

  /** Resolves once the board is announced on the room's topic (laptops that look now find it). */
  announced: Promise<void> = Promise.resolve()
  /** Resolves true if no DHT node answered (a wrong testnet address, or no network). */
  alone: Promise<boolean> = Promise.resolve(false)

  private follow (hex: string, key: Buffer, wire: Wire): void {
    if (this.closing || !this.model.join(hex)) return
    let f = this.followed.get(hex)
    if (!f) {
      const core = this.store.get({ key })
      f = { core, wires: new Set(), read: 0, reading: false, again: false }
      this.followed.set(hex, f)
      core.on('append', () => this.read(hex))
      core.ready().then(() => core.update({ wait: true })).then(() => this.read(hex), () => {})
    } else {
      this.read(hex)
    }
    f.wires.add(wire)
    this.emit('change')
  }

  /** Reads the latest status of a laptop; appends while it reads are coalesced into one more read. */
  private async read (hex: string): Promise<void> {
    const f = this.followed.get(hex)
    if (!f || this.closing) return
    if (f.reading) {
      f.again = true
      return
    }
    f.reading = true
    try {
      do {
        f.again = false
        // Length and byte length read together: the size below is the size of block length - 1.
        const length = f.core.length
        const bytes = f.core.byteLength
        if (length === 0 || length === f.read) continue
        f.read = length
        const size = await blockSize(f.core, length, bytes)
        if (size === null || size > MAX_STATUS_BYTES) {
          this.model.drop('oversized')
        } else {
          const block = await f.core.get(length - 1, { timeout: 10000 }) as Buffer | null
          const decoded = block ? decodeStatus(block) : { ok: false as const, reason: 'malformed' as const }
          if (decoded.ok) this.model.update(hex, decoded.status)
          else this.model.drop(decoded.reason)
        }
        for (const wire of f.wires) wire.ack(length)
        this.emit('change')
      } while (f.again && !this.closing)
    } catch {
      if (!this.closing) this.model.drop('malformed')
    } finally {
      f.reading = false
    }
  }

  async close (): Promise<void> {
    this.closing = true
    await this.swarm.destroy()
    await this.store.close()
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** The byte size of the last block of the first `length`, from the merkle tree: nothing is downloaded. */
async function blockSize (core: Hypercore, length: number, bytes: number): Promise<number | null> {
  if (bytes === 0) return null
  const found = await core.seek(bytes - 1, { timeout: 10000 })
  if (!found || found[0] !== length - 1) return null
  return found[1] + 1
}
