// Ambient types for autobase 7.x (written against node_modules/autobase/index.js and lib/, 7.28.1).
// Documents the API as the package does (README.md and the code); the concepts are in the katas' lessons.

declare module 'autobase' {
  import { EventEmitter } from 'events'
  import type Corestore from 'corestore'
  import type Hypercore from 'hypercore'

  /**
   * A multi-writer base. `V` is what `open` returns (the view), `T` the value of a node (what `append` takes).
   * Closing the base closes the corestore it was given (pass `store.session()` to keep yours open).
   */
  class Autobase<V = unknown, T = unknown> extends EventEmitter<Autobase.AutobaseEvents> {
    /** A new base (bootstrap null: you create it, and your local core's key becomes its key) or an existing one. */
    constructor(store: Corestore, bootstrap?: Uint8Array | string | null, handlers?: Autobase.Handlers<V, T>)
    constructor(store: Corestore, handlers: Autobase.Handlers<V, T>)

    /** The corestore the base was given. */
    readonly store: Corestore
    /** The base's key: its creator's local core key (null until ready when you create it). */
    readonly key: Buffer
    /** Hash of the key: the topic to announce on the DHT. */
    readonly discoveryKey: Buffer
    /** This peer's own writer core (exists even before it is added as a writer; null until ready). */
    readonly local: Hypercore
    /** Whether this peer is a writer (has been added, and not removed). */
    readonly writable: boolean
    /** Whether this peer is currently an indexer. */
    readonly isIndexer: boolean
    /** The view `open` returned. */
    readonly view: V
    /** The system core (the base's internal state: writers, heads, indexers). */
    readonly core: Hypercore
    /** Length of the system core (neither a writer's length nor the view's). */
    readonly length: number
    /** Length of the system core signed by a quorum of indexers: up to here the order never changes. */
    readonly signedLength: number
    /** How much of the system core is indexed on this peer. */
    readonly indexedLength: number
    /** Whether apply is paused (pause()/resume()). */
    readonly paused: boolean
    /** The error that closed the base, if one did. */
    getLastError(): Error | null
    opened: boolean
    closed: boolean
    closing: Promise<void> | null

    ready(): Promise<void>
    /** Closes the writers, the view (the `close` handler) and the corestore the base was given. */
    close(): Promise<void>
    /** Appends a value (or an array of values, one batch) to this peer's local core, and applies it. Rejects if not writable. */
    append(value: T | T[] | null, opts?: { optimistic?: boolean }): Promise<number>
    /** Fetch what peers have and run apply on anything new. */
    update(): Promise<void>
    /** Appends a null node that references the known heads (indexers only; null nodes are not applied). */
    ack(bg?: boolean): Promise<void>
    /** The current heads of the causal DAG: nodes nothing depends on yet ({ key: writer key, length }). */
    heads(): Autobase.Head[]
    /** A replication stream (the store's, plus autobase's wakeup protocol), or replicate over a swarm connection. */
    replicate(isInitiator: boolean | Hypercore.ProtocolStreamLike, opts?: Hypercore.ReplicateOptions): Hypercore.ReplicationStream
    /** The hash of the system core's tree. */
    hash(): Promise<Buffer>
    pause(): Promise<void>
    resume(): Promise<void>
    setUserData(key: string, value: string | Buffer): Promise<void>
    getUserData(key: string): Promise<Buffer | null>
  }

  namespace Autobase {
    /** A writer's position: "every node of this writer up to this length". */
    interface Head {
      key: Buffer
      length: number
    }

    /** A node handed to apply, in the linearized order. */
    interface Node<T = unknown> {
      /** The appended value (never null: acks are not applied). */
      value: T
      /** The writer's local core the node was appended to. */
      from: Hypercore
      /** The length of the writer's core once this node was appended. */
      length: number
      /** The node's causal references: writer heads ({ key, length }) known to its writer when appending. */
      heads: Head[]
      /** Whether the node was indexed at the time of this apply call. */
      indexed: boolean
      /** Whether it was appended as an optimistic block. */
      optimistic: boolean
    }

    /** Host calls passed to apply: side effects on the base itself, valid while apply runs. */
    interface Host {
      /** The base's key. */
      readonly key: Buffer
      readonly discoveryKey: Buffer
      /** Adds a writer with this key; `indexer` defaults to true. */
      addWriter(key: Uint8Array, opts?: { indexer?: boolean }): Promise<void>
      /** Removes a writer; throws for the last indexer. */
      removeWriter(key: Uint8Array): Promise<void>
      /** Whether a writer may be removed (the last indexer may not). */
      removeable(key: Uint8Array): boolean
      /** Accepts an optimistic block from a writer that was not added. */
      ackWriter(key: Buffer): Promise<void>
      /** Stops applying and closes the base; emits 'interrupt'. */
      interrupt(reason?: unknown): void
    }

    /** The store passed to open: views are cores loaded here by name. */
    interface ViewStore {
      get(name: string | { name: string, valueEncoding?: Hypercore.ValueEncoding }, opts?: { valueEncoding?: Hypercore.ValueEncoding }): Hypercore
    }

    interface Handlers<V, T> {
      /** Creates the view from the store it is given. */
      open?: (store: ViewStore, host: Host) => V
      /** Called with batches of linearized nodes to update the view. */
      apply?: (nodes: Array<Node<T>>, view: V, host: Host) => Promise<void> | void
      /** Closes the view when the base closes. */
      close?: (view: V) => Promise<void> | void
      /** The encoding of node values: 'json', 'utf-8', 'binary' (the default) or a compact-encoding. */
      valueEncoding?: Hypercore.ValueEncoding
      /** Milliseconds between automatic acks of an indexer (default 10 000; 0 turns them off). */
      ackInterval?: number
      ackThreshold?: number
      optimistic?: boolean
      encryptionKey?: Buffer | Promise<Buffer>
      encrypt?: boolean
      encrypted?: boolean
      fastForward?: boolean | { key: Buffer }
      bigBatches?: boolean
    }

    interface AutobaseEvents {
      /** apply has run: the view changed. */
      update: []
      /** apply called host.interrupt(reason). */
      interrupt: [reason: unknown]
      'fast-forward': [to: number, from: number]
      'is-indexer': []
      'is-non-indexer': []
      writable: []
      unwritable: []
      warning: [warning: unknown]
      /** An error while updating (apply threw): the base closes. Without a listener the process crashes. */
      error: [err: Error]
    }
  }

  export = Autobase
}
