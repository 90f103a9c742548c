// A laptop in a room: its own status core (a hypercore only this laptop can sign), appended after each
// test run and served to the room's boards over hyperswarm. The core lives in one directory per room, so
// a laptop keeps its row on the board across restarts.
import os from 'node:os'
import path from 'node:path'
import Corestore from 'corestore'
import type Hyperswarm from 'hyperswarm'
import type DHT from 'hyperdht'
import type Hypercore from 'hypercore'
import type { Room } from './key.ts'
import { roomSwarm } from './swarm.ts'
import { encodeStatus, type Status } from './status.ts'
import { openWire, roomTopic } from './wire.ts'

/**
 * While no board is connected, look for one again (a board may start after the laptops): soon at first,
 * then less and less often, so a laptop left in a room whose board is gone does not keep asking the DHT.
 */
const LOOK_FIRST_MS = 3000
const LOOK_AT_MOST_EVERY_MS = 60000

export function roomStorage (room: Room): string {
  return path.join(os.homedir(), '.kappa-katas', 'rooms', roomTopic(room.key).toString('hex'))
}

export interface PublisherOptions {
  /** Where the status core is kept (default: roomStorage(room)). */
  storage?: string
  /** A DHT node to use (tests, the benchmark); default: one on the room's bootstrap or the public DHT. */
  dht?: DHT
}

export class RoomPublisher {
  /** Boards connected now. */
  boards = 0
  private acked = 0
  private readonly waiters = new Set<() => void>()
  private look: NodeJS.Timeout | null = null
  private lookAgain: (delay: number) => void = () => {}

  private constructor (private readonly store: Corestore, private readonly core: Hypercore, private readonly swarm: Hyperswarm, room: Room) {
    swarm.on('connection', (conn) => {
      store.replicate(conn)
      let board = false
      conn.on('error', () => {})
      conn.on('close', () => {
        if (board && --this.boards === 0) this.lookAgain(LOOK_FIRST_MS)
      })
      openWire(conn, {
        key: room.key,
        role: 'laptop',
        coreKey: core.key!,
        onPeer: (remote) => { if (remote === 'board') { board = true; this.boards++ } },
        onAck: (length) => {
          this.acked = Math.max(this.acked, length)
          for (const wake of this.waiters) wake()
        }
      })
    })
    const discovery = swarm.join(roomTopic(room.key), { server: false, client: true })
    this.lookAgain = (delay) => {
      if (this.look) clearTimeout(this.look)
      this.look = setTimeout(() => {
        if (this.boards > 0) return
        discovery.refresh({ server: false, client: true }).catch(() => {})
        this.lookAgain(Math.min(delay * 2, LOOK_AT_MOST_EVERY_MS))
      }, delay)
      this.look.unref()
    }
    this.lookAgain(LOOK_FIRST_MS)
  }

  /** Opens this laptop's status core and starts looking for the room's boards. */
  static async open (room: Room, opts: PublisherOptions = {}): Promise<RoomPublisher> {
    const store = new Corestore(opts.storage ?? roomStorage(room))
    let core
    try {
      core = store.get({ name: 'status' })
      await core.ready()
    } catch (err) {
      await store.close().catch(() => {})
      throw err
    }
    const swarm = roomSwarm(room.bootstrap, opts.dht)
    return new RoomPublisher(store, core, swarm, room)
  }

  /** The laptop's identity on the board: its status core's key. */
  get key (): Buffer {
    return this.core.key!
  }

  /** Appends a status: signed by this laptop, on its way to every board connected now or later. */
  async publish (status: Status): Promise<number> {
    await this.core.append(encodeStatus(status))
    return this.core.length
  }

  /** Resolves true once a board has the latest status, false after `ms`. */
  delivered (ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.acked < this.core.length) return
        done(true)
      }
      const done = (ok: boolean): void => {
        clearTimeout(timer)
        this.waiters.delete(check)
        resolve(ok)
      }
      const timer = setTimeout(() => done(false), ms)
      this.waiters.add(check)
      check()
    })
  }

  async close (): Promise<void> {
    this.lookAgain = () => {}
    if (this.look) clearTimeout(this.look)
    for (const wake of this.waiters) wake()
    await this.swarm.destroy()
    await this.store.close()
  }
}
