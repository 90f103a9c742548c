// Ambient types for hyperswarm 4.x (written against node_modules/hyperswarm/index.js and lib/).
// A swarm finds peers interested in the same 32-byte topics on the HyperDHT and keeps
// encrypted connections (NoiseSecretStreams) open to them.

declare module 'hyperswarm' {
  import { EventEmitter } from 'events'
  import type NoiseSecretStream from '@hyperswarm/secret-stream'
  import type HyperDHT from 'hyperdht'
  import type { KeyPair } from 'hypercore-crypto'

  /** Find and connect to peers by topic; every connection is an end-to-end encrypted stream. */
  class Hyperswarm extends EventEmitter<Hyperswarm.SwarmEvents> {
    /** Create a swarm; in tests pass { bootstrap: testnet.bootstrap } (never the public DHT). */
    constructor(opts?: Hyperswarm.SwarmOptions)

    /** Our key pair: keyPair.publicKey is our identity, seen by peers as remotePublicKey. */
    keyPair: KeyPair
    /** The HyperDHT node the swarm runs on. */
    dht: HyperDHT
    /** The DHT server accepting incoming connections. */
    server: HyperDHT.Server
    /** Open connections. */
    connections: Set<NoiseSecretStream>
    /** Known peers, keyed by hex public key. */
    peers: Map<string, Hyperswarm.PeerInfo>
    /** Peers added with joinPeer(). */
    explicitPeers: Set<Hyperswarm.PeerInfo>
    /** Number of outgoing connection attempts in progress. */
    connecting: number
    /** Promise for the server listening (null until listen()/join as server). */
    listening: Promise<HyperDHT.Server> | null
    destroyed: boolean
    suspended: boolean
    maxPeers: number
    maxClientConnections: number
    maxServerConnections: number
    maxParallel: number
    /** Connection counters. */
    stats: {
      updates: number
      connects: {
        client: { opened: number; closed: number; attempted: number }
        server: { opened: number; closed: number }
      }
      bannedPeers: number
    }

    /** Start discovering peers on a 32-byte topic (announce as server and/or look up as client). Returns at
     *  once; it does not check the topic (any 32-byte Uint8Array works; another length makes flushing hang). */
    join(topic: Buffer, opts?: Hyperswarm.JoinOptions): Hyperswarm.PeerDiscovery
    /** Stop discovering a topic (existing connections stay open). */
    leave(topic: Buffer): Promise<void>
    /** Keep connecting to one peer by its public key, no topic needed. */
    joinPeer(publicKey: Buffer): void
    /** Stop keeping a connection to a peer added with joinPeer(). */
    leavePeer(publicKey: Buffer): void
    /** Resolves once all joined topics are announced/looked up and found peers were tried. */
    flush(): Promise<boolean>
    /** Start the server so peers can connect to us (join with server: true does this). */
    listen(): Promise<HyperDHT.Server>
    /** The discovery for a topic, or null if not joined. */
    status(topic: Buffer): Hyperswarm.PeerDiscovery | null
    /** All topic discoveries. */
    topics(): IterableIterator<Hyperswarm.PeerDiscovery>
    /** Leave every topic. */
    clear(): Promise<unknown>
    /** Leave all topics, close all connections and the DHT (force: skip unannouncing). */
    destroy(opts?: { force?: boolean }): Promise<void>
    /** Pause all networking (mobile background). */
    suspend(opts?: { log?: (...args: unknown[]) => unknown }): Promise<void>
    /** Resume after suspend(). */
    resume(opts?: { log?: (...args: unknown[]) => unknown }): Promise<void>
  }

  namespace Hyperswarm {
    /** Options for new Hyperswarm(). */
    export interface SwarmOptions {
      /** Our identity key pair (default: random, or derived from seed). */
      keyPair?: KeyPair
      /** 32-byte seed for a deterministic key pair. */
      seed?: Uint8Array
      /** Max number of connections (default 64). */
      maxPeers?: number
      maxClientConnections?: number
      maxServerConnections?: number
      /** Max parallel outgoing connection attempts (default 3). */
      maxParallel?: number
      /** Return true to reject a peer by public key. */
      firewall?: (remotePublicKey: Buffer, payload: unknown) => boolean
      /** Use an existing DHT node (e.g. testnet.createNode()). */
      dht?: HyperDHT
      /** Bootstrap nodes for the swarm's own DHT node (e.g. testnet.bootstrap). */
      bootstrap?: HyperDHT.DHTOptions['bootstrap']
      /** Seed the DHT routing table. */
      nodes?: HyperDHT.HostPort[]
      /** UDP port for the DHT node. */
      port?: number
      /** Relay connections through this peer. */
      relayThrough?: Buffer | ((force: boolean, swarm: Hyperswarm) => Buffer | null) | null
      /** Reconnect backoffs in ms. */
      backoffs?: number[]
      jitter?: number
      handshakeClearWait?: number
      deferRandomPunch?: boolean
      randomPunchInterval?: number
    }

    /** Options for swarm.join(). */
    export interface JoinOptions {
      /** Announce ourselves so others can connect to us (default true). */
      server?: boolean
      /** Look up and connect to others (default true). */
      client?: boolean
      /** Stop connecting after this many peers for the topic. */
      limit?: number
      /** Called if the background refresh fails. */
      onerror?: (err: Error) => void
    }

    /** Handle returned by swarm.join() for one topic. */
    export interface PeerDiscovery {
      readonly swarm: Hyperswarm
      /** The topic. */
      readonly topic: Buffer
      isClient: boolean
      isServer: boolean
      destroyed: boolean
      /** Resolves once the topic is fully announced (server) / looked up (client). */
      flushed(): Promise<boolean>
      /** Re-announce / re-lookup, optionally switching client/server mode. */
      refresh(opts?: { client?: boolean; server?: boolean; limit?: number }): Promise<boolean | undefined>
      /** Stop this join (the topic is left once no join for it remains). */
      destroy(): Promise<void>
    }

    /** What the swarm knows about a peer (second argument of the 'connection' event). */
    export interface PeerInfo extends EventEmitter<PeerInfoEvents> {
      /** The peer's public key (same as conn.remotePublicKey). */
      publicKey: Buffer
      /** Topics we found this peer on: empty for incoming connections, and for a peer we dialed by its key
       *  alone (joinPeer), so it does not tell who dialed: `client` does. */
      topics: Buffer[]
      relayAddresses: HyperDHT.HostPort[] | null
      /** True if we dialed the peer (we initiated the connection, whether or not a topic found it), false if it
       *  dialed us. Not in hyperswarm's README; set in node_modules/hyperswarm/index.js. */
      client: boolean
      /** True if the peer connected to us (!client). */
      readonly server: boolean
      /** True if the peer is at normal or high priority for reconnects. */
      readonly prioritized: boolean
      /** Reconnect when the connection drops. */
      reconnecting: boolean
      /** True once we have ever connected successfully. */
      proven: boolean
      banned: boolean
      /** True if added with joinPeer(). */
      explicit: boolean
      /** Failed connection attempts. */
      attempts: number
      priority: number
      /** Ban (true) or unban the peer: banned peers are never connected to. */
      ban(banned: boolean): void
      /** Enable/disable reconnecting to this peer. */
      reconnect(reconnect: boolean): void
    }

    /** Events of a PeerInfo. */
    export interface PeerInfoEvents {
      /** The peer was found on another topic. */
      topic: [topic: Buffer]
    }

    /** Events of a Hyperswarm. */
    export interface SwarmEvents {
      /** A new encrypted connection to a peer (incoming or outgoing). */
      connection: [conn: NoiseSecretStream, info: PeerInfo]
      /** Something changed (connections, peers, connecting count). */
      update: []
      /** A peer got banned (e.g. by the firewall). */
      ban: [info: PeerInfo, err: Error]
    }

    export type { NoiseSecretStream, KeyPair }
  }

  export = Hyperswarm
}
