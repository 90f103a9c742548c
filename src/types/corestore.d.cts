// Ambient types for corestore 7.x (written against node_modules/corestore/index.js).
// A Corestore manages many Hypercores in one storage directory and replicates all of them
// over a single stream.

declare module 'corestore' {
  import { EventEmitter } from 'events'
  import type { Readable } from 'streamx'
  import type Hypercore from 'hypercore'
  import type { KeyPair } from 'hypercore-crypto'

  /** A factory and replication hub for many Hypercores sharing one storage. */
  class Corestore extends EventEmitter<Corestore.CorestoreEvents> {
    /** Open a corestore in a directory (or on an existing storage instance). */
    constructor(storage: Hypercore.Storage | null, opts?: Corestore.CorestoreOptions)

    /** The shared hypercore-storage instance. */
    readonly storage: Hypercore.CoreStorage
    /** The root store when this is a session/namespace, else null. */
    readonly root: Corestore | null
    /** 32-byte secret seed all named key pairs are derived from (null until ready). */
    primaryKey: Buffer | null
    /** The current 32-byte namespace. */
    readonly ns: Buffer
    /** True if cores are opened read-only by default. */
    readonly readOnly: boolean
    /** True once ready() has resolved. */
    opened: boolean
    /** True once close() has finished. */
    closed: boolean
    opening: Promise<void> | null
    closing: Promise<void> | null

    /** Resolves once the store is open (primaryKey loaded). */
    ready(): Promise<void>
    /** Close the store, every session made from it and all its cores. */
    close(): Promise<void>

    /** Get a core: by { name } (a writable core of yours), by key (someone else's), or by options. */
    get(opts: Corestore.GetOptions | Buffer | string): Hypercore
    /** A new handle on the same storage (closing it closes only the cores it opened). */
    session(opts?: Corestore.CorestoreOptions): Corestore
    /** A session whose named cores live in a separate namespace (names don't clash). */
    namespace(name: string | Uint8Array, opts?: Corestore.CorestoreOptions): Corestore
    /** Replicate every core (now and later opened) over a new stream, or over a swarm connection. */
    replicate(isInitiator: boolean, opts?: Hypercore.ReplicateOptions): Hypercore.ReplicationStream
    replicate<S extends Hypercore.ProtocolStreamLike>(stream: S, opts?: Hypercore.ReplicateOptions): S
    /** The key pair a named core in this namespace would get. */
    createKeyPair(name: string, ns?: Buffer): Promise<KeyPair>
    /** Stream the discovery keys of all stored cores (or of one namespace). */
    list(namespace?: Buffer): Readable
    /** Tell cores we are looking for peers; call the returned function when done. */
    findingPeers(): () => void
    /** Called with the internal core object whenever a core is opened in the store. */
    watch(fn: (core: unknown) => void): void
    /** Stop a watch(). */
    unwatch(fn: (core: unknown) => void): void
    /** Suspend the storage (mobile background). */
    suspend(opts?: { log?: (...args: unknown[]) => unknown }): Promise<void>
    /** Resume after suspend(). */
    resume(): Promise<void>
  }

  namespace Corestore {
    /** Options for new Corestore() and store.session(). */
    export interface CorestoreOptions {
      /** Set the primary key explicitly (requires unsafe: true). */
      primaryKey?: Buffer
      /** Acknowledge that passing primaryKey is unsafe. */
      unsafe?: boolean
      /** Open everything read-only. */
      readOnly?: boolean
      /** Default writability of cores from this session. */
      writable?: boolean
      /** Raw 32-byte namespace (use namespace() instead). */
      namespace?: Buffer
      /** Replicate cores of this session (default true). */
      active?: boolean
      /** Manifest version for new named cores (default 1). */
      manifestVersion?: number
      /** Suspend storage when suspend() is called (default true except on Android). */
      suspend?: boolean
      /** Allow opening a copied (backed up) storage directory. */
      allowBackup?: boolean
      /** Wait for the storage lock instead of failing if another process holds it. */
      wait?: boolean
      /** Storage id. */
      id?: string
    }

    /** Options for store.get(). */
    export interface GetOptions {
      /** A name: gives you a writable core whose key pair is derived from the store's primary key. */
      name?: string
      /** Key of a core to open (usually someone else's, so read-only). */
      key?: Buffer | string | null
      /** Open a core by discovery key (fails if it is not stored). */
      discoveryKey?: Buffer
      /** Use this key pair for the core. */
      keyPair?: KeyPair
      /** Block encoding for this session. */
      valueEncoding?: Hypercore.ValueEncoding
      /** Take an exclusive write lock. */
      exclusive?: boolean
      /** Open read-only (false) or writable. */
      writable?: boolean
      /** Default wait for get() on this session (default true). */
      wait?: boolean
      /** Default get() timeout in ms. */
      timeout?: number
      /** Called when get() has to wait for the network. */
      onwait?: ((index: number, core: Hypercore) => void) | null
      /** Replicate this core (default true). */
      active?: boolean
      /** Block encryption. */
      encryption?: Hypercore.SessionOptions['encryption']
      /** Manifest of the core. */
      manifest?: Hypercore.Manifest
      /** Create the core if it is missing (default true). */
      createIfMissing?: boolean
      /** Overwrite existing data. */
      overwrite?: boolean
      /** Resolve more options asynchronously. */
      preload?: Promise<Partial<GetOptions>>
      /** Only push, never download. */
      pushOnly?: boolean
      /** Open a draft session. */
      draft?: boolean
    }

    /** Events emitted by a Corestore. */
    export interface CorestoreEvents {
      ready: []
      close: []
      /** A core group (see setGroup) had activity. */
      'group-active': [topic: Buffer, update: unknown]
    }
  }

  export = Corestore
}
