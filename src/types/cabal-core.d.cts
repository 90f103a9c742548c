// Ambient types for cabal-core 16 (written against node_modules/cabal-core/index.js and views/):
// only what kata 12's wire-compatibility test uses. Callback-based, kappa-core 7 underneath.

declare module 'cabal-core' {
  import { EventEmitter } from 'events'
  import type { Duplex } from 'streamx'

  /** Create a cabal (callable with or without `new`): storage dir, 64-hex key (or cabal://…). */
  interface CabalFactory {
    (storage: string, key?: string | Buffer, opts?: Cabal.CabalOptions): Cabal.Cabal
    new (storage: string, key?: string | Buffer, opts?: Cabal.CabalOptions): Cabal.Cabal
  }

  const Cabal: CabalFactory

  namespace Cabal {
    export interface CabalOptions {
      maxFeeds?: number
      modKeys?: string[]
      adminKeys?: string[]
    }

    /** An entry as cabal writes it: { type, content, timestamp }. */
    export interface CabalMessage {
      type: string
      content: { channel?: string, text?: string, name?: string, [field: string]: unknown }
      timestamp?: number
      [field: string]: unknown
    }

    /** What views hand out: the entry with its feed key and seq. */
    export interface CabalEntry {
      key: string
      seq: number
      value: CabalMessage
    }

    export interface EntryStream extends EventEmitter {
      on(event: 'data', fn: (entry: CabalEntry) => void): this
      on(event: 'end' | 'close', fn: () => void): this
      on(event: 'error', fn: (err: Error) => void): this
    }

    /** A hypercore-protocol 8 stream: cabal-core's swarm.js registers the 'peer-id' extension on it. */
    export interface ReplicationStream extends Duplex {
      registerExtension<T = unknown>(name: string, handlers: {
        encoding?: 'json' | 'binary' | 'utf-8'
        onmessage?(message: T, peer: unknown): void
      }): { send(message: T): void, destroy(): void }
    }

    export interface User {
      key: string
      name?: string
    }

    export interface Cabal extends EventEmitter {
      /** The cabal key (64 hex characters). */
      key: string
      ready(cb: () => void): void
      getLocalKey(cb: (err: Error | null, key: string) => void): void
      /** Append a message (timestamp added) to the local feed. */
      publish(message: CabalMessage, cb?: (err: Error | null) => void): void
      publish(message: CabalMessage, opts: object | null, cb?: (err: Error | null) => void): void
      /** Append { type: 'about', content: { name } }. */
      publishNick(nick: string, cb?: (err?: Error | null) => void): void
      /** A hypercore-protocol 8 replication stream (live by default). */
      replicate(isInitiator: boolean, opts?: object): ReplicationStream
      /**
       * What cabal-core's swarm.js calls when the 'peer-id' extension of a connection names the peer
       * (its local feed key): emits 'peer-added' with that key. `_removeConnection` emits 'peer-dropped'.
       */
      _addConnection(key: string): void
      _removeConnection(key: string): void
      /** Join the PUBLIC DHT: never in tests. */
      swarm(cb?: (err: Error | null) => void): void
      close(cb?: (err?: Error | null) => void): void
      messages: {
        /** The channel's messages, newest first (a readable-stream 3 object stream). */
        read(channel: string, opts?: { limit?: number, lt?: number, gt?: number }): EntryStream
        events: EventEmitter
      }
      users: {
        get(key: string, cb: (err: Error | null, user: User) => void): void
        getAll(cb: (err: Error | null, users: Record<string, User>) => void): void
        events: EventEmitter
      }
    }
  }

  export = Cabal
}
