// The room key: 32 random bytes that are the room's only secret. The swarm topic is its discovery key
// (a keyed hash: seeing the topic on the DHT does not give the key), and every connection proves to the
// other side that it holds the key before any status core is named.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export interface HostPort { host: string, port: number }

export interface Room {
  key: Buffer
  /** A local DHT (npm run testnet) to bootstrap from; null: the public DHT. */
  bootstrap: HostPort[] | null
}

export class RoomKeyError extends Error {}

export function newRoomKey (): Buffer {
  return randomBytes(32)
}

/** "<64 hex>" or "<64 hex>@host:port[,host:port]": one token for the whiteboard, testnet included. */
export function formatRoom (room: Room): string {
  const hex = room.key.toString('hex')
  return room.bootstrap?.length ? `${hex}@${room.bootstrap.map((b) => `${b.host}:${b.port}`).join(',')}` : hex
}

export function parseRoom (input: string): Room {
  const [hex, where, ...rest] = input.trim().split('@')
  if (!/^[0-9a-f]{64}$/i.test(hex ?? '') || rest.length) throw new RoomKeyError(`bad room key "${input}": expected 64 hex characters, optionally @host:port of a testnet`)
  return { key: Buffer.from(hex, 'hex'), bootstrap: where === undefined ? null : parseBootstrap(where) }
}

export function parseBootstrap (input: string): HostPort[] {
  const list = input.split(',').map((s) => s.trim()).filter(Boolean)
  if (list.length === 0) throw new RoomKeyError('bad bootstrap: expected host:port (see npm run testnet)')
  return list.map((item) => {
    const match = /^([^:\s@]+|\[[0-9a-f:]+\]):(\d{1,5})$/i.exec(item)
    const port = match ? Number(match[2]) : 0
    if (!match || port < 1 || port > 65535) throw new RoomKeyError(`bad bootstrap "${item}": expected host:port, e.g. 192.168.1.20:49737`)
    return { host: match[1].replace(/^\[|\]$/g, ''), port }
  })
}

/**
 * What one side of a connection sends to show it holds the room key: a keyed hash of the connection's
 * Noise handshake hash (so it cannot be replayed on another connection) and of its role (so a peer cannot
 * send ours back).
 */
export function proofFor (key: Buffer, handshakeHash: Buffer, initiator: boolean): Buffer {
  return createHmac('sha256', key).update(initiator ? 'kappa-katas room: initiator\0' : 'kappa-katas room: responder\0').update(handshakeHash).digest()
}

export function checkProof (key: Buffer, handshakeHash: Buffer, remoteInitiator: boolean, proof: Buffer): boolean {
  const expected = proofFor(key, handshakeHash, remoteInitiator)
  return proof.length === expected.length && timingSafeEqual(proof, expected)
}
