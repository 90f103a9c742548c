// Kata 06 — hyperswarm: meet everyone in a room, by topic.
// Read README.md in this folder first. Replace each `throw` with your code; `npm test -- 06` tells you
// which function is next. You never create a swarm yourself: the tests hand you swarms on a private
// testnet, exactly as an app would pass around its one long-lived swarm.
import Hyperswarm from 'hyperswarm'

/** How to take part in a topic. */
export interface JoinMode {
  /** Announce yourself on the topic so others can connect to you. */
  server: boolean
  /** Look up the topic and connect to the peers announced on it. */
  client: boolean
}

/** What you know about one connected peer. */
export interface PeerSummary {
  /** The peer's public key, 64 hex characters. */
  publicKey: string
  /** True if this side dialed the peer (we were the client), false if the peer dialed us, whether or not we
   *  found it on a topic. */
  client: boolean
}

/**
 * Task 1: turn a room name into a topic, 32 bytes: the same on every peer for the same name, another for
 * every other name (whatever its characters), and never the name itself.
 */
export function topicFor (room: string): Buffer {
  // TODO(task 1): peers who share only the name must derive the same 32 bytes, without revealing the name.
  throw new Error('topicFor() is not implemented yet: hash the room name into 32 bytes (kata 06, task 1)')
}

/**
 * Task 2: return `topic` as it is when it is a topic (32 bytes, whether a Buffer or not); refuse anything
 * else with the kind of error that fits what is wrong, saying what a topic must be.
 */
export function checkTopic (topic: unknown): Uint8Array {
  // TODO(task 2): the wrong kind of value and the wrong length are two different mistakes.
  throw new Error('checkTopic() is not implemented yet: accept only 32 bytes (kata 06, task 2)')
}

/**
 * Task 3: join `topic` on `swarm` in exactly the roles of `mode`, checking the topic first (a bad topic
 * must never reach the swarm). Resolve once the topic is announced (server) and looked up (client), and
 * every peer the lookup found has been tried.
 */
export async function joinRoom (swarm: Hyperswarm, topic: Buffer, mode: JoinMode = { server: true, client: true }): Promise<void> {
  // TODO(task 3): take part in the topic in the roles `mode` gives; resolve only once you are findable and
  // every peer you found has been tried.
  throw new Error('joinRoom() is not implemented yet: join the topic and wait until joining has happened (kata 06, task 3)')
}

/**
 * Task 4: keep a map of the peers connected to `swarm`, by public key (hex), up to date: add a peer on
 * every 'connection', remove it when its connection closes. A connection that errors (a peer vanishing)
 * must not crash the process. Return the map (it keeps changing); each swarm has a map of its own.
 */
export function trackPeers (swarm: Hyperswarm): Map<string, PeerSummary> {
  // TODO(task 4): every peer arrives through the swarm's new-connection event; each connection says when it
  // ends, and when it fails.
  throw new Error('trackPeers() is not implemented yet: keep a map of the connected peers up to date (kata 06, task 4)')
}

/**
 * Task 5: send `message` to every peer `swarm` is connected to now, keeping the connections open; return
 * how many peers this call sent it to.
 */
export function broadcast (swarm: Hyperswarm, message: string): number {
  // TODO(task 5): the swarm knows its open connections, whoever dialed; keep them open.
  throw new Error('broadcast() is not implemented yet: send the message to every connected peer (kata 06, task 5)')
}

/**
 * Task 6: leave `topic` (after checking it): stop announcing and looking it up. Resolve once done.
 */
export async function leaveRoom (swarm: Hyperswarm, topic: Buffer): Promise<void> {
  // TODO(task 6): stop being announced and stop looking; the connections you have are not part of it.
  throw new Error('leaveRoom() is not implemented yet: leave the topic (kata 06, task 6)')
}
