// Kata 06 reference solution.
import Hyperswarm from 'hyperswarm'
import crypto from 'hypercore-crypto'
import b4a from 'b4a'

export interface JoinMode {
  server: boolean
  client: boolean
}

export interface PeerSummary {
  publicKey: string
  client: boolean
}

export function topicFor (room: string): Buffer {
  return crypto.hash(b4a.from(room, 'utf-8'))
}

export function checkTopic (topic: unknown): Uint8Array {
  if (!(topic instanceof Uint8Array)) { // a Buffer is a Uint8Array too
    throw new TypeError(`a topic must be 32 bytes (a Buffer or Uint8Array), got ${typeof topic}`)
  }
  if (topic.byteLength !== 32) {
    throw new RangeError(`a topic must be 32 bytes, got ${topic.byteLength}`)
  }
  return topic
}

export async function joinRoom (swarm: Hyperswarm, topic: Buffer, mode: JoinMode = { server: true, client: true }): Promise<void> {
  checkTopic(topic) // before joining: a swarm that joined a bad topic never finishes joining anything
  swarm.join(topic, { server: mode.server, client: mode.client })
  await swarm.flush() // every topic announced (server) and looked up (client), every peer found tried
}

export function trackPeers (swarm: Hyperswarm): Map<string, PeerSummary> {
  const peers = new Map<string, PeerSummary>()
  swarm.on('connection', (socket, peerInfo) => {
    const publicKey = b4a.toString(peerInfo.publicKey, 'hex')
    const summary = { publicKey, client: peerInfo.client }
    peers.set(publicKey, summary)
    socket.on('error', () => {})
    socket.on('close', () => {
      // The same peer may already have reconnected: only forget this connection's entry.
      if (peers.get(publicKey) === summary) peers.delete(publicKey)
    })
  })
  return peers
}

export function broadcast (swarm: Hyperswarm, message: string): number {
  for (const socket of swarm.connections) socket.write(message)
  return swarm.connections.size
}

export async function leaveRoom (swarm: Hyperswarm, topic: Buffer): Promise<void> {
  checkTopic(topic)
  await swarm.leave(topic)
}
