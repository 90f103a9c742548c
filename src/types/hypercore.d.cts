// Ambient types for hypercore 11.x (written against node_modules/hypercore/index.js and lib/).
// Promise based API; storage is a directory (RocksDB via hypercore-storage), not random-access-*.
// This is a .d.cts file because `export =` is only valid in a CommonJS-format declaration file.

declare module 'hypercore' {
  import { EventEmitter } from 'events'
  import { Duplex, Readable, Writable, type ReadableEvents } from 'streamx'
  import type NoiseSecretStream from '@hyperswarm/secret-stream'
  import type { KeyPair } from 'hypercore-crypto'

  /** A secure, append-only, replicated log of blocks. */
  class Hypercore extends EventEmitter<Hypercore.HypercoreEvents> {
    /** Open (or create) a core stored in a directory; pass a key to open someone else's core. */
    constructor(storage: Hypercore.Storage, key?: Buffer | string | null, opts?: Hypercore.HypercoreOptions)
    constructor(storage: Hypercore.Storage, opts?: Hypercore.HypercoreOptions)
    constructor(opts: Hypercore.HypercoreOptions & { storage: Hypercore.Storage })

    /** Blocks larger than this (15 MiB) are rejected by append(). */
    static readonly MAX_SUGGESTED_BLOCK_SIZE: number
    /** The discovery key (hash) of a core key. */
    static discoveryKey(key: Uint8Array): Buffer
    /** The core key for a manifest (or a signer's public key). */
    static key(manifest: Uint8Array | Hypercore.Manifest, opts?: { compat?: boolean; version?: number; namespace?: Uint8Array }): Buffer
    /** Create a replication stream that cores can later be attached to with core.replicate(stream). */
    static createProtocolStream(isInitiator: boolean, opts?: Hypercore.ReplicateOptions): Hypercore.ReplicationStream
    static createProtocolStream<S extends Hypercore.ProtocolStreamLike>(stream: S, opts?: Hypercore.ReplicateOptions): S
    /** Turn a directory into a storage instance (returns storage instances unchanged). */
    static defaultStorage(storage: Hypercore.Storage, opts?: Record<string, unknown>): Hypercore.CoreStorage
    /** The Protomux instance hypercore attached to a replication stream. */
    static getProtocolMuxer(stream: Hypercore.ReplicationStream): unknown

    /** 32-byte key identifying the core: a hash of its manifest, NOT keyPair.publicKey (null until opened: await ready() first). */
    readonly key: Buffer
    /** Hash of the key, safe to announce on the DHT (null until opened). */
    readonly discoveryKey: Buffer
    /** z-base-32 encoded key (null until opened). */
    readonly id: string
    /** Signing key pair; secretKey is only present on writable cores (null until opened). */
    keyPair: KeyPair | null
    /** The manifest (signers etc.) of the core, null until known. */
    readonly manifest: Hypercore.Manifest | null
    /** Number of blocks (of this snapshot, for snapshots). */
    readonly length: number
    /**
     * Reads waiting for a block: each get() of a block this session does not have opens one; it closes when
     * the block arrives, the read times out, or the session closes.
     */
    readonly activeRequests: unknown[]
    /** Length of the core that is signed by the writer. */
    readonly signedLength: number
    /** Number of blocks stored locally without gaps from index 0. */
    readonly contiguousLength: number
    /** Largest contiguous length a connected peer has told us about. */
    readonly remoteContiguousLength: number
    /** Total size in bytes of all blocks (deprecated upstream: prefer (await info()).byteLength). */
    readonly byteLength: number
    /** Fork id; increases every time the core is truncated. */
    readonly fork: number
    /** Bytes of encryption padding per block (0 unless encrypted). */
    readonly padding: number
    /** Peers this core is replicating with right now. */
    readonly peers: Hypercore.Peer[]
    /** True if this session can append (we hold the secret key). */
    writable: boolean
    /** False once the session is closed. */
    readable: boolean
    /** True once ready() has resolved. */
    opened: boolean
    /** True once close() has finished. */
    closed: boolean
    /** The ready() promise. */
    opening: Promise<void>
    /** The close() promise, or null if close() was not called. */
    closing: Promise<void> | null
    /** True for sessions made with snapshot(). */
    snapshotted: boolean
    /** Default for get()'s `wait` option on this session. */
    wait: boolean
    /** Default for get()'s `timeout` option on this session (0 = none). */
    timeout: number
    /** All open sessions on the same core. */
    sessions: Hypercore[]

    /** Resolves once the core is opened (key, length etc. are known). */
    ready(): Promise<void>
    /** Close this session (the storage closes once the last session closes). */
    close(opts?: { error?: Error }): Promise<void>

    /** Append one block, or an array of blocks; resolves with the new length and byteLength. */
    append(blocks: unknown, opts?: Hypercore.AppendOptions): Promise<{ length: number; byteLength: number }>
    /** Read block `index` (waits for it to be replicated unless wait: false, then resolves null if missing). */
    get<T = unknown>(index: number, opts: Hypercore.GetOptions & { wait: false }): Promise<T | null>
    /** Read block `index`, decoded with the valueEncoding (a Buffer without one). */
    get<T = unknown>(index: number, opts?: Hypercore.GetOptions): Promise<T>
    /** True if block `start` (or every block in [start, end)) is stored locally. */
    has(start: number, end?: number): Promise<boolean>
    /** Ask peers for a newer length; resolves true if the length changed. */
    update(opts?: Hypercore.UpdateOptions): Promise<boolean>
    /** Find the block containing byte offset `bytes`: [blockIndex, offsetInBlock]. */
    seek(bytes: number, opts?: Hypercore.GetOptions): Promise<[index: number, relativeOffset: number] | null>
    /** Shrink the core to newLength blocks (bumps the fork id). */
    truncate(newLength?: number, opts?: number | { fork?: number; keyPair?: KeyPair; signature?: Buffer }): Promise<void>
    /** Delete locally stored blocks in [start, end) (they can be re-downloaded). */
    clear(start: number, end?: number, opts?: { diff?: boolean }): Promise<{ blocks: number } | null>
    clear(start: number, opts: { diff?: boolean }): Promise<{ blocks: number } | null>
    /** Close all sessions and delete the core from storage. */
    purge(): Promise<void>
    /** Compact the storage. */
    compact(): Promise<void>

    /** Stream blocks [start, end); with live: true it keeps waiting for new appends. */
    createReadStream<T = unknown>(opts?: Hypercore.ReadStreamOptions): Hypercore.ReadStream<T>
    /** A writable stream; every chunk written is appended as a block. */
    createWriteStream(): Writable
    /** Stream the raw bytes of the core (blocks concatenated). */
    createByteStream(opts?: Hypercore.ByteStreamOptions): Hypercore.ReadStream<Buffer>

    /** Eagerly download a range (or everything); await .done() to wait for it. */
    download(range?: Hypercore.DownloadRange): Hypercore.Download
    /** Summary of the core: key, length, byteLength, fork... */
    info(opts?: { storage?: boolean }): Promise<Hypercore.Info>
    /** Merkle tree hash of the core at `length` (default: current length). */
    treeHash(length?: number): Promise<Buffer>

    /** Store a small local value next to the core (not replicated). */
    setUserData(key: string, value: Buffer | string | null): Promise<void>
    /** Read a value stored with setUserData (null if unset). */
    getUserData(key: string): Promise<Buffer | null>

    /** Another handle on the same core, with its own options; close it when done. */
    session(opts?: Hypercore.SessionOptions): Hypercore
    /** A session frozen at the current length (it does not see later appends). */
    snapshot(opts?: Hypercore.SessionOptions): Hypercore

    /** Replicate over a new stream: pipe it to the other side's stream (a.pipe(b).pipe(a)). */
    replicate(isInitiator: boolean, opts?: Hypercore.ReplicateOptions): Hypercore.ReplicationStream
    /** Replicate over an existing stream, e.g. a hyperswarm connection; returns that stream. */
    replicate<S extends Hypercore.ProtocolStreamLike>(stream: S, opts?: Hypercore.ReplicateOptions): S
    /** Tell the core we are looking for peers: update()/get() wait until the returned function is called. */
    findingPeers(): () => void

    /** Add a custom message channel to every peer of this core. */
    registerExtension<M = Buffer>(name: string, handlers?: Hypercore.ExtensionHandlers<M>): Hypercore.Extension<M>
    /** Switch the key pair used to sign appends. */
    setKeyPair(keyPair: KeyPair): void
    /** Mark the session as (in)active for replication. */
    setActive(active: boolean): void
    /** Encrypt blocks with this key from now on. */
    setEncryptionKey(key: Buffer | null, opts?: { block?: boolean }): Promise<void>
    /** The manifest, decoded (or raw bytes with { raw: true }). */
    getManifest(opts?: { raw?: boolean }): Hypercore.Manifest | Buffer | null
  }

  namespace Hypercore {
    /** A directory path, or a storage instance (e.g. corestore's `store.storage`). */
    export type Storage = string | CoreStorage

    /** The hypercore-storage instance (RocksDB) a core lives in. */
    export interface CoreStorage {
      readonly path: string
      readonly db: unknown
      close(): Promise<void>
    }

    /** Named block encodings understood by compact-encoding. */
    export type ValueEncodingName =
      | 'binary'
      | 'json'
      | 'ndjson'
      | 'utf-8'
      | 'utf8'
      | 'ascii'
      | 'hex'
      | 'base64'
      | 'ucs2'
      | 'ucs-2'
      | 'utf16le'
      | 'utf16-le'

    /** A compact-encoding encoder (e.g. `c.uint` from compact-encoding). */
    export interface CompactEncoder {
      preencode(state: { start: number; end: number; buffer: Uint8Array | null }, value: unknown): void
      encode(state: { start: number; end: number; buffer: Uint8Array | null }, value: unknown): void
      decode(state: { start: number; end: number; buffer: Uint8Array | null }): unknown
    }

    /** A codec with plain encode/decode (the `codecs` module style). */
    export interface Codec {
      encode(value: unknown): Uint8Array
      decode(buffer: Uint8Array): unknown
    }

    /** How blocks are encoded: 'json', 'utf-8', 'binary' (default) or a custom encoder. */
    export type ValueEncoding = ValueEncodingName | CompactEncoder | Codec

    /** Options shared by the constructor and session(). */
    export interface SessionOptions {
      /** Encoding of blocks for append/get/streams (default: raw Buffers). */
      valueEncoding?: ValueEncoding
      /** Custom batch encoder used by append() instead of valueEncoding. */
      encodeBatch?: (blocks: unknown[]) => Uint8Array[]
      /** Set false to open read-only even if you have the secret key. */
      writable?: boolean
      /** Default for get({ wait }): wait for missing blocks to be replicated (default true). */
      wait?: boolean
      /** Default for get({ timeout }) in ms (0 = wait forever). */
      timeout?: number
      /** Called whenever get() has to wait for a block from the network. */
      onwait?: ((index: number, core: Hypercore) => void) | null
      /** Called for every get(). */
      onseq?: ((index: number, core: Hypercore) => void) | null
      /** Take an exclusive write lock on the core. */
      exclusive?: boolean
      /** A weak session does not keep the core open by itself. */
      weak?: boolean
      /** Whether this session keeps replication active (default true). */
      active?: boolean
      /** Make a snapshot session. */
      snapshot?: boolean
      /** Named (draft) session with its own state. */
      name?: string
      /** Checkout a named session at this length. */
      checkout?: number
      /** Encryption key, or an encryption provider. */
      encryption?: Buffer | { key: Buffer; block?: boolean } | EncryptionProvider | null
      /** Key pair used to sign appends. */
      keyPair?: KeyPair
      /** Overwrite existing state when creating a named session. */
      overwrite?: boolean
    }

    /** Options for new Hypercore(storage, key?, opts?). */
    export interface HypercoreOptions extends SessionOptions {
      /** Key of the core to open (hex/z32 string or Buffer). */
      key?: Buffer | string | null
      /** Create the core if it does not exist (default true). */
      createIfMissing?: boolean
      /** Wipe any existing core in the storage first. */
      overwrite?: boolean
      /** Deprecated: use `encryption`. */
      encryptionKey?: Buffer
      /** The manifest of the core (multi-signer / custom setups). */
      manifest?: Manifest
      /** Local user data to set when opening (see setUserData). */
      userData?: Record<string, Buffer | string>
      /** Allow truncations from the remote writer (default true). */
      allowFork?: boolean
      /** Only push data to peers, never download. */
      pushOnly?: boolean
      /** Accept pushed (unrequested) blocks. */
      allowPush?: boolean
      /** Open an existing core by its discovery key. */
      discoveryKey?: Buffer
      /** Storage, when passing everything as a single options object. */
      storage?: Storage
      /** Resolve extra options asynchronously before opening. */
      preload?: Promise<Partial<HypercoreOptions>> | null
      /** Use the legacy (v10) key derivation. */
      compat?: boolean
    }

    /** Options for get(). */
    export interface GetOptions {
      /** Wait for the block to be replicated if we do not have it (default: the session's wait, true). */
      wait?: boolean
      /** Give up waiting after this many ms (rejects with REQUEST_TIMEOUT); 0 = never. */
      timeout?: number
      /** Decode this block with a different encoding. */
      valueEncoding?: ValueEncoding
      /** Called if the block has to be fetched from the network. */
      onwait?: (index: number, core: Hypercore) => void
      /** Return the raw (still encrypted) block. */
      raw?: boolean
      /** Set false to skip decryption. */
      decrypt?: boolean
      /** Ask peers even if we think they do not have it. */
      force?: boolean
    }

    /** Options for update(). */
    export interface UpdateOptions {
      /** Wait for peers to answer (default: true while findingPeers() is pending). */
      wait?: boolean
      /** Update even if this core is writable. */
      force?: boolean
    }

    /** Options for append(). */
    export interface AppendOptions {
      keyPair?: KeyPair | null
      signature?: Buffer | null
      /** Throw if the core would grow past this length. */
      maxLength?: number
      /** Allow appending to a non-default session. */
      writable?: boolean
    }

    /** Options for createReadStream(). */
    export interface ReadStreamOptions {
      /** First block (default 0). */
      start?: number
      /** Stop before this block (default: current length, or never with live). */
      end?: number
      /** Keep the stream open and emit new blocks as they are appended. */
      live?: boolean
      /** Stop at the length the core had when the stream opened (default true unless live). */
      snapshot?: boolean
      /** Wait for missing blocks (default: the session's wait). */
      wait?: boolean
      /** Per-block timeout in ms. */
      timeout?: number
    }

    /** Options for createByteStream(). */
    export interface ByteStreamOptions {
      byteOffset?: number
      byteLength?: number
      /** How many blocks to prefetch (default 32). */
      prefetch?: number
    }

    /** A range for download(). */
    export interface DownloadRange {
      start?: number
      /** End (exclusive); -1 = keep downloading forever (default). */
      end?: number
      length?: number
      /** Specific block indexes to download instead of a range. */
      blocks?: number[]
      /** Download in order. */
      linear?: boolean
    }

    /** Returned by download(); await done() to wait for the range. */
    export interface Download {
      readonly session: Hypercore
      readonly range: DownloadRange | undefined
      opened: boolean
      ready(): Promise<void>
      /** Resolves once the whole range has been downloaded. */
      done(): Promise<unknown>
      /** Deprecated alias for done(). */
      downloaded(): Promise<unknown>
      /** Stop downloading this range. */
      destroy(): void
    }

    /** Result of info(). */
    export interface Info {
      key: Buffer
      discoveryKey: Buffer
      length: number
      contiguousLength: number
      byteLength: number
      fork: number
      padding: number
      storage: { oplog: number; tree: number; blocks: number; bitfield: number } | null
    }

    /** Options for replicate(). */
    export interface ReplicateOptions extends Omit<NoiseSecretStream.NoiseSecretStreamOptions, 'keepAlive'> {
      /** Send keep-alives on the stream (default true). */
      keepAlive?: boolean
      /** Called when the remote asks for a core we have not opened yet. */
      ondiscoverykey?: (discoveryKey: Buffer) => void | Promise<void>
      /** Replicate over this existing stream. */
      stream?: Duplex
    }

    /** A stream hypercore can replicate over: a NoiseSecretStream (e.g. a swarm connection) or a replication stream. */
    export type ProtocolStreamLike = Duplex & { readonly noiseStream: NoiseSecretStream }

    /** The stream returned by replicate(true|false): pipe it to the remote's replication stream. */
    export interface ReplicationStream extends Duplex {
      /** The encrypted stream underneath. */
      noiseStream: NoiseSecretStream
      publicKey: Buffer | null
      remotePublicKey: Buffer | null
      handshakeHash: Buffer | null
    }

    /** A block read stream: `for await (const block of core.createReadStream())`. */
    export interface ReadStreamEvents<T> extends ReadableEvents {
      data: [block: T]
    }
    export interface ReadStream<T = unknown> extends Readable<ReadStreamEvents<T>> {
      [Symbol.asyncIterator](): AsyncIterator<T>
    }

    /** A peer we replicate this core with. */
    export interface Peer {
      /** The remote's noise public key (the swarm connection's remotePublicKey). */
      remotePublicKey: Buffer
      /** The encrypted connection this peer is on. */
      stream: NoiseSecretStream
      /** Length of the core on the remote. */
      remoteLength: number
      /** Fork id of the core on the remote. */
      remoteFork: number
      readonly remoteContiguousLength: number
      remoteCanUpgrade: boolean
      remoteSynced: boolean
      remoteOpened: boolean
      paused: boolean
      removed: boolean
      inflight: number
    }

    /** Handlers for registerExtension(). */
    export interface ExtensionHandlers<M = Buffer> {
      /** Encoding of messages (default: binary). */
      encoding?: ValueEncoding
      /** Called with each message a peer sends on this extension. */
      onmessage?: (message: M, peer: Peer) => void
    }

    /** A registered extension channel. */
    export interface Extension<M = Buffer> {
      readonly name: string
      /** Send a message to one peer. */
      send(message: M, peer: Peer): void
      /** Send a message to all peers. */
      broadcast(message: M): void
      /** Unregister the extension. */
      destroy(): void
    }

    /** A custom block encryption provider. */
    export interface EncryptionProvider {
      padding(core: unknown, index: number): number
      encrypt(index: number, block: Buffer, fork: number, core: unknown): Promise<void> | void
      decrypt(index: number, block: Buffer, core: unknown): Promise<void> | void
    }

    /** Describes who may sign a core. */
    export interface Manifest {
      version?: number
      hash?: 'blake2b'
      quorum?: number
      allowPatch?: boolean
      signers: Array<{ signature?: 'ed25519'; namespace?: Buffer; publicKey: Buffer }>
      prologue?: { hash: Buffer; length: number } | null
    }

    /** Events emitted by a Hypercore session. */
    export interface HypercoreEvents {
      /** New blocks were appended (locally or by replication). */
      append: []
      /** The core was truncated to `ancestors` blocks, now at fork `forkId`. */
      truncate: [ancestors: number, forkId: number]
      /** The session opened. */
      ready: []
      /** The session closed. */
      close: []
      /** A peer started replicating this core. */
      'peer-add': [peer: Peer]
      /** A peer stopped replicating this core. */
      'peer-remove': [peer: Peer]
      /** A block was downloaded from `from`. */
      download: [index: number, byteLength: number, from: Peer, request: unknown]
      /** A block was uploaded to `from`. */
      upload: [index: number, byteLength: number, from: Peer]
      /** The manifest became known. */
      manifest: []
      /** A peer told us a new contiguous length. */
      'remote-contiguous-length': [length: number]
      /** The remote writer forked the core at `length` (conflict detected). */
      conflict: [length: number, fork: number, proof: unknown]
      /** The session moved to another core. */
      migrate: [key: Buffer]
      /** A peer sent data that failed verification. */
      'verification-error': [error: Error, request: unknown, response: unknown, from: Peer]
      /** A peer sent an invalid request. */
      'invalid-request': [error: Error, request: unknown, from: Peer]
    }
  }

  export = Hypercore
}

declare module 'hypercore/errors' {
  /** The error class hypercore throws; check `err.code` (e.g. 'REQUEST_TIMEOUT', 'SESSION_CLOSED'). */
  class HypercoreError extends Error {
    constructor(msg: string, code: string, fn?: (...args: never[]) => unknown, discoveryKey?: Buffer | null)
    /** Machine-readable code, e.g. 'REQUEST_TIMEOUT', 'REQUEST_CANCELLED', 'SESSION_NOT_WRITABLE'. */
    code: string
    discoveryKey: Buffer | null
  }

  export = HypercoreError
}

// Plain Node ESM (without tsx) needs the file extension, since hypercore has no "exports" map.
declare module 'hypercore/errors.js' {
  import HypercoreError = require('hypercore/errors')
  export = HypercoreError
}
