// Kata 05 — hyperdht: find a peer by its public key and talk to it, end-to-end encrypted.
// Read README.md in this folder first. Replace each `throw` with your code; `npm test -- 05` tells you
// which function is next. You never create a DHT node yourself: the tests hand you one (on a private
// testnet), exactly as an app would hand you its long-lived node.
import DHT from 'hyperdht'

/** An ed25519 key pair: the public key is a peer's address on the DHT, the secret key proves it. */
export interface KeyPair {
  /** 32 bytes. Share it: it is how others find and verify you. */
  publicKey: Buffer
  /** 64 bytes. Never share it. */
  secretKey: Buffer
}

/** A hyperdht server: it listens on a key pair and hands you each connection. */
export type Server = DHT.Server

export interface EchoOptions {
  /** When given, only clients whose public key is in this list may connect; everyone else is refused. */
  allow?: Buffer[]
}

/**
 * Task 1: make a key pair. With a 32-byte `seed`, the same seed must always give the same key pair.
 */
export function createKeyPair (seed?: Uint8Array): KeyPair {
  // TODO(task 1): a key pair is an identity; a seed makes it reproducible.
  throw new Error('createKeyPair() is not implemented yet: make a key pair, the same one for the same seed (kata 05, task 1)')
}

/**
 * Task 2: start a server on `dht` that listens on `keyPair` and sends every byte it receives straight
 * back to the client, ending its side when the client ends. Resolve once it is findable. A client that
 * vanishes mid-stream must not crash the process.
 * Task 5: with `opts.allow`, let in every key on the list and refuse every other one (an empty list
 * refuses everyone). Each server keeps its own list.
 */
export async function serveEcho (dht: DHT, keyPair: KeyPair, opts: EchoOptions = {}): Promise<Server> {
  // TODO(task 2): a server on this DHT node that echoes each connection; done only once it is findable.
  // TODO(task 5): decide about each client before its connection exists.
  throw new Error('serveEcho() is not implemented yet: serve an echo on `keyPair`, findable when it resolves (kata 05, task 2)')
}

/**
 * Task 3: connect to the server whose public key is `serverPublicKey`, as `keyPair`; send `message`,
 * end your side, and resolve with everything the server sends back before it ends its side, as text
 * (a character may arrive cut between two chunks). Reject if the connection fails. Calls that overlap
 * each get their own reply.
 */
export async function ask (dht: DHT, serverPublicKey: Buffer, message: string, keyPair: KeyPair): Promise<string> {
  // TODO(task 3): dial the server's key as `keyPair`; the reply is complete when the server ends its side,
  // and it is bytes until then.
  throw new Error('ask() is not implemented yet: dial the server, send, collect the whole reply (kata 05, task 3)')
}

/**
 * Task 4: start a server on `dht`, listening on `keyPair`, that answers every client with the client's own
 * public key as hex (as the handshake proved it), then finishes, so that each connection closes on both
 * sides. A client that vanishes must not crash the process.
 */
export async function serveWhoAmI (dht: DHT, keyPair: KeyPair): Promise<Server> {
  // TODO(task 4): the handshake told the server who is calling; answer, and let each connection close.
  throw new Error('serveWhoAmI() is not implemented yet: answer each client with its own public key in hex (kata 05, task 4)')
}
