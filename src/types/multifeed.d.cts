// Ambient types for multifeed 6.0.0 (written against node_modules/multifeed/index.js and mux.js).
// multifeed is the 2020-era, callback-based multi-writer layer used by kappa-core 7. Its feeds are
// hypercore 9 feeds (node_modules/multifeed/node_modules/hypercore), NOT hypercore 11 cores.

declare module 'multifeed' {
  import { EventEmitter } from 'events'
  import type { Duplex, Readable, ReadableEvents, Writable } from 'streamx'

  /** Create a multifeed (callable with or without `new`). */
  interface MultifeedFactory {
    (storage: multifeed.Storage, opts?: multifeed.MultifeedOptions): multifeed.Multifeed
    new (storage: multifeed.Storage, opts?: multifeed.MultifeedOptions): multifeed.Multifeed
  }

  /** Create a set of hypercore 9 feeds (one per writer) that replicate together. */
  const multifeed: MultifeedFactory

  namespace multifeed {
    /** Node-style callback. */
    export type Callback<T = void> = (err: Error | null, value: T) => void
    /** Callback that only reports an error. */
    export type ErrorCallback = (err?: Error | null) => void

    /** One random-access-storage file (what random-access-memory / random-access-file return). */
    export interface RandomAccessStorage {
      read(offset: number, size: number, cb: (err: Error | null, data?: Buffer) => void): void
      write(offset: number, data: Buffer, cb?: (err: Error | null) => void): void
      del?(offset: number, size: number, cb?: (err: Error | null) => void): void
      stat?(cb: (err: Error | null, stat?: { size: number }) => void): void
      close?(cb?: (err: Error | null) => void): void
    }

    /** A directory path, or a function creating a random-access-storage per file name (e.g. random-access-memory). */
    export type Storage = string | ((name: string) => RandomAccessStorage)

    /** Block encodings understood by hypercore 9 (the `codecs` module). */
    export type ValueEncoding =
      | 'binary'
      | 'json'
      | 'ndjson'
      | 'utf-8'
      | 'utf8'
      | 'ascii'
      | 'hex'
      | 'base64'
      | 'ucs2'
      | 'utf16le'
      | { encode(value: unknown): Uint8Array; decode(buffer: Uint8Array): unknown }

    /** Options for multifeed(storage, opts); also passed on to every hypercore 9 feed. */
    export interface MultifeedOptions {
      /** Encoding of every feed's blocks (e.g. 'json'). */
      valueEncoding?: ValueEncoding
      /** Shared secret (32 bytes, Buffer or hex) that peers must have to replicate (a default, public one is used otherwise). */
      encryptionKey?: Buffer | string
      /** Legacy alias for encryptionKey. */
      key?: Buffer | string
      /** Sparse feeds only download what you ask for. */
      sparse?: boolean
      /** Custom hypercore constructor. */
      hypercore?: (storage: (name: string) => RandomAccessStorage, key?: Buffer | Record<string, unknown>, opts?: Record<string, unknown>) => Hypercore9Feed
    }

    /** Options for writer(). */
    export interface WriterOptions {
      /** Use an existing key pair for the new feed. */
      keypair?: { publicKey: Buffer; secretKey: Buffer }
    }

    /** Options for replicate(). */
    export interface ReplicateOptions {
      /** Keep replicating new data until the stream is destroyed (default false: end when in sync). */
      live?: boolean
      /** Download from the remote (default true). */
      download?: boolean
      /** Upload to the remote (default true). */
      upload?: boolean
      /** Encrypt the transport (default true). */
      encrypt?: boolean
      /** Any other hypercore-protocol options. */
      [option: string]: unknown
    }

    /** A set of hypercore 9 feeds, one local writer each, replicated as a whole. */
    export interface Multifeed extends EventEmitter<MultifeedEvents> {
      /** True after close() finished. */
      closed: boolean
      /** Call cb once all stored feeds are loaded. */
      ready(cb: () => void): void
      /** Get (or create) the local writable feed called `name` (default: next free number). */
      writer(cb: (err: Error | null, feed: Hypercore9Feed, name: string) => void): void
      writer(name: string, cb: (err: Error | null, feed: Hypercore9Feed, name: string) => void): void
      writer(name: string, opts: WriterOptions, cb: (err: Error | null, feed: Hypercore9Feed, name: string) => void): void
      /** All feeds, local and replicated from peers. */
      feeds(): Hypercore9Feed[]
      /** Look up a feed by its key (Buffer or hex); undefined if unknown. */
      feed(key: Buffer | string): Hypercore9Feed | undefined
      /** Replication stream: pipe it to the other multifeed's stream (a.pipe(b).pipe(a)). */
      replicate(isInitiator: boolean, opts?: ReplicateOptions): ProtocolStream
      /**
       * Close every feed. cb is told no error (multifeed 6 drops it): its argument, if any, is the caller's
       * place (0, 1, …) among the close calls made before closing finished.
       */
      close(cb?: (index?: number) => void): void
    }

    /** Events of a Multifeed. */
    export interface MultifeedEvents {
      /** A feed was added (created locally, loaded from disk, or received from a peer). */
      feed: [feed: Hypercore9Feed, name: string]
      error: [err: Error]
    }

    /** A hypercore-protocol 8 stream (streamx Duplex). */
    export interface ProtocolStream extends Duplex {
      /** Remote's noise public key (after the handshake). */
      remotePublicKey: Buffer | null
      publicKey: Buffer | null
      /**
       * A named extension of the stream (both sides must register the same name; only then are its
       * messages delivered). cabal-core 16 uses 'peer-id', json: `{ id: <local feed key hex> }`.
       */
      registerExtension<T = unknown>(name: string, handlers: ExtensionHandlers<T>): Extension<T>
    }

    export interface ExtensionHandlers<T> {
      encoding?: 'json' | 'binary' | 'utf-8'
      onmessage?(message: T, peer: unknown): void
      onerror?(err: Error): void
    }

    export interface Extension<T> {
      name: string
      send(message: T): void
      destroy(): void
    }

    /** Options for Hypercore9Feed.get(). */
    export interface Hypercore9GetOptions {
      /** Wait for the block to be downloaded (default true); false errors if missing. */
      wait?: boolean
      /** Error after this many ms. */
      timeout?: number
      /** Decode with another encoding. */
      valueEncoding?: ValueEncoding
      /** Only wait if a peer might have the block. */
      ifAvailable?: boolean
    }

    /** Options for Hypercore9Feed.createReadStream(). */
    export interface Hypercore9ReadStreamOptions {
      start?: number
      end?: number
      /** Keep the stream open for new appends. */
      live?: boolean
      /** Stop at the length when the stream opened (default true). */
      snapshot?: boolean
      /** Start at the current end (with live). */
      tail?: boolean
      wait?: boolean
      ifAvailable?: boolean
      valueEncoding?: ValueEncoding
    }

    /** A range for Hypercore9Feed.download(). */
    export interface Hypercore9Range {
      start?: number
      end?: number
      blocks?: number[]
      linear?: boolean
    }

    /** Stream of blocks from a hypercore 9 feed. */
    export interface Hypercore9ReadStreamEvents<T> extends ReadableEvents {
      data: [block: T]
    }
    export interface Hypercore9ReadStream<T = unknown> extends Readable<Hypercore9ReadStreamEvents<T>> {
      [Symbol.asyncIterator](): AsyncIterator<T>
    }

    /** Events of a hypercore 9 feed. */
    export interface Hypercore9FeedEvents {
      /** The feed is open. */
      ready: []
      /** New block(s) were appended locally. */
      append: []
      /** A block was downloaded from a peer. */
      download: [index: number, data: unknown, from: unknown]
      /** A block was uploaded to a peer. */
      upload: [index: number, data: unknown, from: unknown]
      /** All requested blocks are downloaded. */
      sync: []
      'peer-add': [peer: unknown]
      'peer-remove': [peer: unknown]
      'peer-open': [peer: unknown]
      /** Blocks [start, end) were cleared from local storage. */
      clear: [start: number, end: number]
      close: []
      error: [err: Error]
    }

    /** A hypercore 9 feed: a callback-based append-only log (the feeds inside multifeed/kappa-core). */
    export interface Hypercore9Feed extends EventEmitter<Hypercore9FeedEvents> {
      /** Public key (hex string it with key.toString('hex')). */
      key: Buffer
      /** Hash of the key used to find peers. */
      discoveryKey: Buffer
      /** Present only on feeds we can write to. */
      secretKey: Buffer | null
      /** Number of blocks. */
      length: number
      /** Total bytes of all blocks. */
      byteLength: number
      /** True if this is our own (local writer) feed. */
      writable: boolean
      readable: boolean
      opened: boolean
      closed: boolean
      sparse: boolean
      live: boolean
      /** Peers this feed replicates with. */
      peers: unknown[]
      /** Largest length any peer has. */
      readonly remoteLength: number

      /** Call cb once the feed is open. */
      ready(cb?: (err?: Error | null) => void): void
      /** Close the feed. */
      close(cb?: (err?: Error | null) => void): void
      /** Append a block (or an array of blocks); cb gets the sequence number of the first one. */
      append(data: unknown, cb?: (err: Error | null, seq: number) => void): void
      /** Read block `index` (waits for it to be downloaded by default). */
      get<T = unknown>(index: number, cb: (err: Error | null, data: T) => void): void
      get<T = unknown>(index: number, opts: Hypercore9GetOptions, cb: (err: Error | null, data: T) => void): void
      /** Read blocks [start, end). */
      getBatch<T = unknown>(start: number, end: number, cb: (err: Error | null, data: T[]) => void): void
      getBatch<T = unknown>(start: number, end: number, opts: Hypercore9GetOptions, cb: (err: Error | null, data: T[]) => void): void
      /** Read the last block. */
      head<T = unknown>(cb: (err: Error | null, data: T) => void): void
      head<T = unknown>(opts: Hypercore9GetOptions & { update?: boolean }, cb: (err: Error | null, data: T) => void): void
      /** True if block `index` (or all blocks in [start, end)) is stored locally. */
      has(index: number): boolean
      has(start: number, end: number): boolean
      /** Number of locally stored blocks in [start, end). */
      downloaded(start?: number, end?: number): number
      /** Wait for the feed to grow (to minLength, default length + 1). */
      update(cb: (err: Error | null) => void): void
      update(opts: number | { minLength?: number; ifAvailable?: boolean; hash?: boolean }, cb?: (err: Error | null) => void): void
      /** Download a range (default everything); cb when done. */
      download(range?: Hypercore9Range | number | number[], cb?: (err: Error | null) => void): unknown
      download(cb: (err: Error | null) => void): unknown
      /** Cancel a download(). */
      undownload(range: unknown): void
      /** Shrink the feed (dangerous if already replicated). */
      truncate(newLength: number, cb?: (err: Error | null) => void): void
      /** Stream blocks. */
      createReadStream<T = unknown>(opts?: Hypercore9ReadStreamOptions): Hypercore9ReadStream<T>
      /** Every chunk written is appended. */
      createWriteStream(opts?: { maxBlockSize?: number }): Writable
      /** Replicate just this feed (multifeed.replicate does this for all feeds). */
      replicate(isInitiator: boolean, opts?: ReplicateOptions): ProtocolStream
      /** Pause/resume downloading from peers. */
      setDownloading(downloading: boolean): void
      /** Pause/resume uploading to peers. */
      setUploading(uploading: boolean): void
      /** Close the feed and delete its storage. */
      destroyStorage(cb?: (err: Error | null) => void): void
    }
  }

  export = multifeed
}
