// The room's own protocol on a swarm connection (a protomux channel next to corestore's replication):
// both sides prove they hold the room key, then a laptop names its status core to a board. A connection
// whose proof is wrong is ended before anything is named.
import c from 'compact-encoding'
import Protomux from 'protomux'
import crypto from 'hypercore-crypto'
import type NoiseSecretStream from '@hyperswarm/secret-stream'
import { checkProof, proofFor } from './key.ts'

/** The swarm topic: hypercore's discovery key of the room key. */
export function roomTopic (key: Buffer): Buffer {
  return crypto.discoveryKey(key)
}

const PROTOCOL = 'kappa-katas/room/1'
export type Role = 'laptop' | 'board'
const ROLES: Role[] = ['laptop', 'board']

export interface WireOptions {
  key: Buffer
  role: Role
  /** A laptop's status core key: named only to a board that proved it holds the room key. */
  coreKey?: Buffer
  /** A board: a laptop on this connection named its status core (at most once per connection). */
  onCore?: (coreKey: Buffer) => void
  /** The other side proved it holds the room key. */
  onPeer?: (remote: Role, wire: Wire) => void
  /** A laptop: a board has the laptop's status up to this length. */
  onAck?: (length: number) => void
  /** The other side does not hold the room key, or spoke nonsense: the connection is ended. */
  onRefused?: (why: string) => void
}

export interface Wire {
  /** A board tells the laptop it has shown its status up to this length. */
  ack (length: number): void
}

export function openWire (conn: NoiseSecretStream, opts: WireOptions): void {
  const handshakeHash = conn.handshakeHash
  if (!handshakeHash) {
    opts.onRefused?.('no handshake hash')
    conn.destroy()
    return
  }
  let named = false
  const refuse = (why: string): void => {
    opts.onRefused?.(why)
    conn.destroy()
  }
  const channel = Protomux.from(conn).createChannel({
    protocol: PROTOCOL,
    handshake: c.buffer,
    messages: [{
      encoding: c.buffer,
      onmessage: (coreKey: Uint8Array) => {
        if (opts.role !== 'board' || named) return refuse('a second status core on one connection')
        if (!(coreKey instanceof Uint8Array) || coreKey.byteLength !== 32) return refuse('a status core key that is not 32 bytes')
        named = true
        opts.onCore?.(Buffer.from(coreKey))
      }
    }, {
      encoding: c.uint,
      onmessage: (length: number) => { if (opts.role === 'laptop') opts.onAck?.(length) }
    }],
    onopen: (handshake: Uint8Array) => {
      if (!(handshake instanceof Uint8Array) || handshake.byteLength !== 33 || handshake[0] > 1) return refuse('a malformed room handshake')
      if (!checkProof(opts.key, handshakeHash, !conn.isInitiator, Buffer.from(handshake.subarray(1)))) return refuse('no proof of the room key')
      const remote = ROLES[handshake[0]]
      // Laptops talk only to boards; a laptop names its core only now that the board has proved the key.
      if (opts.role === 'laptop' && remote === 'board' && opts.coreKey) channel!.messages[0].send(opts.coreKey)
      opts.onPeer?.(remote, { ack: (length) => { channel!.messages[1].send(length) } })
    }
  })
  if (!channel) return
  channel.open(Buffer.concat([Buffer.from([ROLES.indexOf(opts.role)]), proofFor(opts.key, handshakeHash, conn.isInitiator)]))
}
