// Ambient types for hyperdht 6.x (written against node_modules/hyperdht/index.js, lib/server.js,
// lib/connect.js, testnet.js and the dht-rpc base class it extends).

declare module 'hyperdht' {
  import { EventEmitter } from 'events'
  import type { Readable, ReadableEvents } from 'streamx'
  import type NoiseSecretStream from '@hyperswarm/secret-stream'
  import type { KeyPair } from 'hypercore-crypto'

  /** A HyperDHT node: finds peers by public key or topic and opens encrypted, hole-punched connections. */
  class HyperDHT extends EventEmitter<HyperDHT.DHTEvents> {
    /** Join the DHT; for tests pass { bootstrap: testnet.bootstrap } (never the public DHT). */
    constructor(opts?: HyperDHT.DHTOptions)

    /** Generate an ed25519 key pair (deterministic with a 32-byte seed). */
    static keyPair(seed?: Uint8Array): KeyPair
    /** BLAKE2b-256 hash, as used for DHT targets. */
    static hash(data: Uint8Array): Buffer
    /** Start a bootstrap node on a fixed port/host. */
    static bootstrapper(port: number, host: string, opts?: HyperDHT.DHTOptions): HyperDHT
    /** The public bootstrap nodes ("ip@host:port" strings). */
    static readonly BOOTSTRAP: string[]
    /** NAT firewall classes. */
    static readonly FIREWALL: { UNKNOWN: 0; OPEN: 1; CONSISTENT: 2; RANDOM: 3 }

    /** Key pair used by servers/connections when none is given. */
    defaultKeyPair: KeyPair
    /** Bootstrap nodes this node was created with. */
    bootstrapNodes: HyperDHT.HostPort[]
    /** Servers currently listening on this node. */
    listening: Set<HyperDHT.Server>
    /** True once the first bootstrap finished. */
    bootstrapped: boolean
    /** True if this node is not (yet) a routing node other nodes can store data on. */
    ephemeral: boolean
    /** True if we are behind a firewall (others cannot connect to us directly). */
    firewalled: boolean
    destroyed: boolean
    suspended: boolean
    /** False if the network seems down. */
    online: boolean
    degraded: boolean
    /** Our node id (null while ephemeral). */
    readonly id: Buffer | null
    /** Our public host as seen by others (null until known). */
    readonly host: string | null
    /** Our public port as seen by others (0 until known). */
    readonly port: number
    /** True if our NAT gives us a random port per connection. */
    readonly randomized: boolean

    /** Resolves once the node has bootstrapped (joined the routing table). */
    fullyBootstrapped(): Promise<void>
    /** Deprecated alias of fullyBootstrapped(). */
    ready(): Promise<void>
    /** Local UDP socket address (null if not bound yet). */
    address(): HyperDHT.SocketAddress | null
    /** LAN address of the server socket. */
    localAddress(): HyperDHT.HostPort | null
    /** Public address, if we are reachable. */
    remoteAddress(): HyperDHT.HostPort | null
    /** Known routing nodes (use as `bootstrap` for another node). */
    toArray(opts?: { limit?: number }): HyperDHT.HostPort[]
    /** Add a known node to the routing table. */
    addNode(node: HyperDHT.HostPort): void
    /** Leave the DHT and close all servers (force: skip graceful server close). */
    destroy(opts?: { force?: boolean }): Promise<void>
    /** Suspend networking (mobile background). */
    suspend(opts?: { log?: (...args: unknown[]) => unknown }): Promise<void>
    /** Resume after suspend(). */
    resume(opts?: { log?: (...args: unknown[]) => unknown }): Promise<void>

    /** Create a server; call listen(keyPair) on it to accept connections to that public key. */
    createServer(onconnection?: (socket: NoiseSecretStream) => void): HyperDHT.Server
    createServer(opts?: HyperDHT.ServerOptions, onconnection?: (socket: NoiseSecretStream) => void): HyperDHT.Server
    /** Connect to the server listening on remotePublicKey; the stream emits 'open' once connected. */
    connect(remotePublicKey: Buffer | string, opts?: HyperDHT.ConnectOptions): NoiseSecretStream

    /** Find peers announced on a 32-byte topic; iterate the stream for replies. */
    lookup(topic: Buffer, opts?: HyperDHT.QueryOptions): HyperDHT.Query<HyperDHT.LookupReply>
    /** Announce keyPair.publicKey on topic (and look up other peers at the same time). */
    announce(
      topic: Buffer,
      keyPair: KeyPair,
      relayAddresses?: HyperDHT.HostPort[],
      opts?: HyperDHT.QueryOptions & { clear?: boolean }
    ): HyperDHT.Query<HyperDHT.LookupReply>
    /** Remove our announcement from topic. */
    unannounce(topic: Buffer, keyPair: KeyPair, opts?: HyperDHT.QueryOptions): Promise<void>
    /** Look up the routing info of a server's public key. */
    findPeer(publicKey: Buffer, opts?: HyperDHT.QueryOptions & { hash?: boolean }): HyperDHT.Query<HyperDHT.FindPeerReply>
    /** Store an immutable value; its hash is the key. */
    immutablePut(value: Buffer, opts?: HyperDHT.QueryOptions): Promise<{ hash: Buffer; closestNodes: HyperDHT.Node[] }>
    /** Fetch an immutable value by hash (null if not found). */
    immutableGet(hash: Buffer, opts?: HyperDHT.QueryOptions): Promise<{ value: Buffer; from: HyperDHT.Node } | null>
    /** Store a value signed by keyPair under its public key. */
    mutablePut(
      keyPair: KeyPair,
      value: Buffer,
      opts?: HyperDHT.QueryOptions & { seq?: number }
    ): Promise<{ publicKey: Buffer; closestNodes: HyperDHT.Node[]; seq: number; signature: Buffer }>
    /** Fetch the latest value signed by publicKey (null if not found). */
    mutableGet(
      publicKey: Buffer,
      opts?: HyperDHT.QueryOptions & { seq?: number; latest?: boolean }
    ): Promise<{ value: Buffer; seq: number; signature: Buffer; from: HyperDHT.Node } | null>
  }

  namespace HyperDHT {
    /** A { host, port } pair. */
    export interface HostPort {
      host: string
      port: number
    }

    /** A bound UDP socket address. */
    export interface SocketAddress {
      host: string
      family: number
      port: number
    }

    /** A DHT routing node. */
    export interface Node extends HostPort {
      id: Buffer | null
    }

    /** Options for new HyperDHT(). */
    export interface DHTOptions {
      /** Bootstrap nodes: 'host:port', a port (localhost), or { host, port }. false = none. */
      bootstrap?: Array<string | number | HostPort> | false
      /** Default key pair for servers/connections. */
      keyPair?: KeyPair
      /** Seed for the default key pair. */
      seed?: Uint8Array
      /** UDP port to bind (default 49737, falls back to a random one). */
      port?: number
      /** Host to bind (default '0.0.0.0'). */
      host?: string
      /** Force ephemeral (true) or persistent (false) mode instead of adapting. */
      ephemeral?: boolean
      /** Start firewalled (default true). */
      firewalled?: boolean
      /** Nodes to seed the routing table with. */
      nodes?: HostPort[]
      /** Keep-alive for connections in ms (false disables; default 5000). */
      connectionKeepAlive?: number | false
      /** Query concurrency. */
      concurrency?: number
      /** Max records in the caches. */
      maxSize?: number
      /** Max age of cached records in ms. */
      maxAge?: number
      /** Wait before doing random-NAT punches. */
      deferRandomPunch?: boolean
      randomPunchInterval?: number
      /** Allow binding to any port if `port` is taken (default true). */
      anyPort?: boolean
    }

    /** Firewall callback: return true to REJECT the connection. */
    export type Firewall = (
      remotePublicKey: Buffer,
      remoteHandshakePayload: unknown,
      clientAddress?: HostPort
    ) => boolean | Promise<boolean>

    /** Options for dht.createServer(). */
    export interface ServerOptions {
      /** Return true to reject an incoming connection. */
      firewall?: Firewall
      /** Same as passing onconnection as an argument. */
      onconnection?: (socket: NoiseSecretStream) => void
      /** Return false to refuse holepunching for a client. */
      holepunch?: ((...args: unknown[]) => boolean) | false
      /** Share our LAN address with clients (default true). */
      shareLocalAddress?: boolean
      /** Relay through this DHT peer. */
      relayThrough?: Buffer | ((force: boolean) => Buffer | null) | null
      relayKeepAlive?: number
      /** How long (ms) to keep handshake state around. */
      handshakeClearWait?: number
      reusableSocket?: boolean
    }

    /** Options for dht.connect(). */
    export interface ConnectOptions {
      /** Our key pair (default dht.defaultKeyPair). */
      keyPair?: KeyPair
      /** Addresses of relays the server is reachable through. */
      relayAddresses?: HostPort[]
      /** Relay through this DHT peer. */
      relayThrough?: Buffer | ((force: boolean) => Buffer | null) | null
      /** Try the LAN address first (default true). */
      localConnection?: boolean
      /** Try connecting before holepunching (default true). */
      fastOpen?: boolean
      reusableSocket?: boolean
    }

    /** Options for queries (lookup/announce/...). */
    export interface QueryOptions {
      /** Start from these nodes (e.g. closestNodes of a previous query). */
      closestNodes?: Node[]
      nodes?: Node[]
      /** Only talk to the given closestNodes. */
      onlyClosestNodes?: boolean
      concurrency?: number
      retries?: number
    }

    /** A reply to lookup()/announce(). */
    export interface LookupReply {
      token: Buffer | null
      from: Node
      to: HostPort | null
      /** Peers announced on the topic at that node. */
      peers: Array<{ publicKey: Buffer; relayAddresses: HostPort[] }>
      bump: number
    }

    /** A reply to findPeer(). */
    export interface FindPeerReply {
      token: Buffer | null
      from: Node
      to: HostPort | null
      peer: { publicKey: Buffer; relayAddresses: HostPort[] }
    }

    /** A running DHT query: a readable stream of replies (`for await`), plus finished(). */
    export interface QueryEvents<T> extends ReadableEvents {
      data: [reply: T]
    }
    export interface Query<T> extends Readable<QueryEvents<T>> {
      /** Resolves when the query is done (consumes the stream). */
      finished(): Promise<void>
      /** The nodes closest to the target (available once finished). */
      readonly closestNodes: Node[]
      [Symbol.asyncIterator](): AsyncIterator<T>
    }

    /** A server accepting connections to a key pair's public key. */
    export interface Server extends EventEmitter<ServerEvents> {
      readonly dht: HyperDHT
      /** True while listening. */
      readonly listening: boolean
      /** The public key we listen on (null before listen()). */
      readonly publicKey: Buffer | null
      /** Relays we are announced through. */
      readonly relayAddresses: HostPort[]
      /** True once closed. */
      closed: boolean
      suspended: boolean
      /** The firewall function. */
      firewall: Firewall
      /** Start accepting connections to keyPair.publicKey (default dht.defaultKeyPair). */
      listen(keyPair?: KeyPair, opts?: Record<string, unknown>): Promise<Server>
      /** Stop listening and unannounce. */
      close(): Promise<void>
      /** Our public key and the DHT's public host/port (null before listen()). */
      address(): { publicKey: Buffer; host: string | null; port: number } | null
      /** Re-announce now. */
      refresh(): void
      suspend(opts?: { log?: (...args: unknown[]) => unknown }): Promise<void>
      resume(): Promise<void>
    }

    /** Events of a Server. */
    export interface ServerEvents {
      /** A client connected (the stream is already encrypted and authenticated). */
      connection: [socket: NoiseSecretStream]
      /** listen() finished. */
      listening: []
      /** close() finished. */
      close: []
    }

    /** Events of a HyperDHT node. */
    export interface DHTEvents {
      /** Fully bootstrapped. */
      ready: []
      /** The UDP socket is bound. */
      listening: []
      /** destroy() finished. */
      close: []
      /** The node switched to persistent (non-ephemeral) mode. */
      persistent: []
      /** The node switched to ephemeral mode. */
      ephemeral: []
      /** Woke up after the machine slept. */
      wakeup: []
      /** Network interfaces changed. */
      'network-change': [interfaces: unknown]
      /** online/degraded changed. */
      'network-update': []
      /** Our public address changed. */
      'nat-update': [host: string, port: number]
      'add-node': [node: Node]
      'remove-node': [node: Node]
      suspend: []
      resume: []
    }

    export type { KeyPair }
  }

  export = HyperDHT
}

declare module 'hyperdht/testnet' {
  import type HyperDHT from 'hyperdht'

  /** A local, in-process DHT for tests. Destroy it when done (or pass t.teardown). */
  interface Testnet extends Iterable<HyperDHT> {
    /** All nodes of the testnet (including those made with createNode()). */
    nodes: HyperDHT[]
    /** Pass this as `bootstrap` to HyperDHT / Hyperswarm so they join the testnet. */
    bootstrap: HyperDHT.HostPort[]
    /** Create an extra (ephemeral) node that is bootstrapped into the testnet. */
    createNode(opts?: HyperDHT.DHTOptions): HyperDHT
    /** Close all servers and destroy every node. */
    destroy(): Promise<void>
  }

  /** Registers teardown callbacks, e.g. brittle's t.teardown. */
  type Teardown = (fn: () => Promise<void>, opts: { order: number }) => void

  interface TestnetOptions {
    /** Called with the testnet's destroy function (e.g. pass t.teardown). */
    teardown?: Teardown
    /** Host to bind (default '127.0.0.1'). */
    host?: string
    /** Port of the first node (default random). */
    port?: number
    /** Join an existing bootstrap instead of creating one. */
    bootstrap?: HyperDHT.HostPort[]
  }

  /** Start `size` (default 10) local DHT nodes; resolves once all are bootstrapped. */
  function createTestnet(size?: number, opts?: TestnetOptions | Teardown): Promise<Testnet>

  namespace createTestnet {
    export type { Testnet, TestnetOptions, Teardown }
  }

  export = createTestnet
}

// Plain Node ESM (without tsx) needs the file extension, since hyperdht has no "exports" map.
declare module 'hyperdht/testnet.js' {
  import createTestnet = require('hyperdht/testnet')
  export = createTestnet
}
