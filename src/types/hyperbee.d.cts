// Ambient types for hyperbee 2.27.x (written against node_modules/hyperbee/index.js): an append-only
// B-tree stored in the blocks of one hypercore. Block 0 is a header; every put or del appends one block
// holding the key, the value and the tree nodes it changed (pointers to older blocks for the rest).
// K and V are the decoded key and value types of the bee's keyEncoding and valueEncoding.

declare module 'hyperbee' {
  import { EventEmitter } from 'events'
  import type { Readable } from 'streamx'
  import type Hypercore from 'hypercore'

  class Hyperbee<K = Buffer, V = Buffer> extends EventEmitter {
    /** A bee on `core` (a hypercore whose blocks are raw bytes: no valueEncoding on the core itself). */
    constructor(core: Hypercore, opts?: Hyperbee.HyperbeeOptions)

    /** The hypercore the bee lives in (a sub or a checkout shares its parent's core or a session of it). */
    readonly core: Hypercore
    /** The length of the core this bee reads (a checkout: the version it was taken at); at least 1. */
    readonly version: number
    readonly key: Buffer
    readonly discoveryKey: Buffer
    readonly id: string
    readonly writable: boolean
    readonly readable: boolean
    /** True once ready() has resolved. */
    opened: boolean
    closed: boolean

    /** Resolves once the core is open and the bee's caches are set up. */
    ready(): Promise<void>
    /** Closes the bee and its core (a sub's core is its parent's: close the parent). */
    close(): Promise<void>
    /** Asks the peers for the core's latest length (see hypercore's update()). */
    update(opts?: { wait?: boolean }): Promise<boolean>
    replicate(isInitiator: boolean, opts?: Hypercore.ReplicateOptions): Hypercore.ReplicationStream

    /** Appends one block (the first write also appends the header block 0). */
    put(key: K, value?: V, opts?: Hyperbee.PutOptions<K, V>): Promise<void>
    /** The entry under `key`, or null if there is none (or it was deleted). */
    get(key: K, opts?: Hyperbee.ReadOptions): Promise<Hyperbee.Entry<K, V> | null>
    /** Appends one block that removes `key` (nothing when the key is absent). */
    del(key: K, opts?: Hyperbee.DelOptions<K, V>): Promise<void>
    /** The key and value written in block `seq`. */
    getBySeq(seq: number, opts?: Hyperbee.ReadOptions): Promise<{ key: K, value: V | null } | null>

    /** An atomic batch: its writes are appended to the core in one append when it is flushed. */
    batch(opts?: Hyperbee.ReadOptions): Hyperbee.Batch<K, V>

    /** The entries with keys in `range`, sorted by the bytes of the encoded keys. */
    createReadStream(range?: Hyperbee.Range<K>, opts?: Hyperbee.ReadStreamOptions): Hyperbee.Stream<Hyperbee.Entry<K, V>>
    /** The first entry of createReadStream(range, opts), or null. */
    peek(range?: Hyperbee.Range<K>, opts?: Hyperbee.ReadStreamOptions): Promise<Hyperbee.Entry<K, V> | null>
    /** Every put and del ever made, in the order they were appended (seq ranges, not key ranges). */
    createHistoryStream(opts?: Hyperbee.HistoryOptions): Hyperbee.Stream<Hyperbee.HistoryEntry<K, V>>
    /**
     * The keys that differ between this bee (left) and `other` (right: a version number or another bee,
     * a checkout): sorted by key; entries with the same seq on both sides are left out.
     */
    createDiffStream(other: number | Hyperbee<K, V>, range?: Hyperbee.Range<K>, opts?: Hyperbee.ReadStreamOptions): Hyperbee.Stream<Hyperbee.DiffEntry<K, V>>

    /** A watcher yielding [current, previous] snapshots after each change in `range` (main bee only, not subs or checkouts). */
    watch(range?: Hyperbee.Range<K>, opts?: Hyperbee.WatchOptions): Hyperbee.Watcher<K, V>
    /** A watcher of one key; `node` is its current entry, 'update' fires when it changes. */
    getAndWatch(key: K, opts?: Hyperbee.ReadOptions): Promise<Hyperbee.EntryWatcher<K, V>>

    /** A read-only bee as it was at `version` (a length of the core). Close it when done. */
    checkout(version: number, opts?: Hyperbee.EncodingOptions): Hyperbee<K, V>
    /** checkout(this.version). */
    snapshot(opts?: Hyperbee.EncodingOptions): Hyperbee<K, V>
    /** A bee over the keys prefixed by `prefix` + separator, in the same core (not another core). */
    sub<K2 = K, V2 = V>(prefix: string | Buffer, opts?: Hyperbee.SubOptions): Hyperbee<K2, V2>

    /** The header in block 0. */
    getHeader(opts?: Hyperbee.ReadOptions): Promise<{ protocol: string, metadata: unknown } | null>
    static isHyperbee(core: Hypercore, opts?: Hyperbee.ReadOptions): Promise<boolean>
  }

  namespace Hyperbee {
    type Encoding = 'binary' | 'utf-8' | 'utf8' | 'ascii' | 'json' | 'hex' | 'base64' | { encode (value: any): Buffer, decode (buffer: Buffer): any }

    /** A streamx Readable of T: read it with `for await`. */
    type Stream<T> = Readable & AsyncIterable<T>

    interface EncodingOptions {
      keyEncoding?: Encoding
      valueEncoding?: Encoding
    }

    interface HyperbeeOptions extends EncodingOptions {
      /** The hyperbee wire extension that prefetches blocks for remote readers (default on). */
      extension?: boolean
      metadata?: unknown
      readonly?: boolean
      /** Put a new block even when the value is unchanged (default true). */
      alwaysDuplicate?: boolean
    }

    interface SubOptions extends EncodingOptions {
      /** The separator between the prefix and the key (default a zero byte). */
      sep?: string | Buffer
    }

    /** What get() and read streams give: the block `seq` the entry was written in, its key and value. */
    interface Entry<K, V> {
      seq: number
      key: K
      value: V
    }

    interface HistoryEntry<K, V> extends Entry<K, V | null> {
      type: 'put' | 'del'
    }

    /**
     * left: the entry in the bee the stream was made on; right: the entry in the other version; null on
     * the side where the key is absent (never on both).
     */
    type DiffEntry<K, V> =
      | { left: Entry<K, V>, right: Entry<K, V> | null }
      | { left: null, right: Entry<K, V> }

    interface Range<K> {
      gt?: K
      gte?: K
      lt?: K
      lte?: K
    }

    interface ReadStreamOptions extends EncodingOptions {
      reverse?: boolean
      /** The most entries to give; -1 for no limit. */
      limit?: number
    }

    interface ReadOptions extends EncodingOptions {
      wait?: boolean
      timeout?: number
      update?: boolean
    }

    interface PutOptions<K, V> {
      cas?(prev: Entry<K, V>, next: Entry<K, V>): boolean | Promise<boolean>
    }

    interface DelOptions<K, V> {
      cas?(prev: Entry<K, V>): boolean | Promise<boolean>
    }

    interface HistoryOptions {
      live?: boolean
      reverse?: boolean
      gt?: number
      gte?: number
      lt?: number
      lte?: number
      limit?: number
      /** Passed on to the core's get: false fails on a block that is not stored here instead of waiting for it. */
      wait?: boolean
    }

    interface WatchOptions extends EncodingOptions {
      /** Yield once at the start, comparing against version 1. */
      eager?: boolean
    }

    interface Batch<K, V> {
      /** The version the bee will have once this batch is flushed. */
      readonly version: number
      /**
       * Takes the bee's write lock now (the first put or del takes it otherwise): reads made after it see
       * no other writer's batch half-way. Not in hyperbee's README; see class Batch in index.js. Released
       * by flush() or close().
       */
      lock(): Promise<void>
      put(key: K, value?: V, opts?: PutOptions<K, V>): Promise<void>
      get(key: K, opts?: ReadOptions): Promise<Entry<K, V> | null>
      del(key: K, opts?: DelOptions<K, V>): Promise<void>
      createReadStream(range?: Range<K>, opts?: ReadStreamOptions): Stream<Entry<K, V>>
      peek(range?: Range<K>, opts?: ReadStreamOptions): Promise<Entry<K, V> | null>
      /** Appends every write of the batch to the core in one append, and releases the bee's write lock. */
      flush(): Promise<void>
      /** Drops the batch without writing anything, and releases the lock. */
      close(): Promise<void>
    }

    interface Watcher<K, V> extends EventEmitter, AsyncIterable<[current: Hyperbee<K, V>, previous: Hyperbee<K, V>]> {
      readonly opened: boolean
      ready(): Promise<void>
      close(): Promise<void>
    }

    interface EntryWatcher<K, V> extends EventEmitter {
      node: Entry<K, V> | null
      close(): Promise<void>
    }
  }

  export = Hyperbee
}
