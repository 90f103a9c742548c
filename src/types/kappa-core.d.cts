// Ambient types for kappa-core 7.0.0 (written against node_modules/kappa-core/index.js and the
// multifeed-index 3.x indexer it uses). kappa-core = multifeed (a log per writer) + views that
// index every entry of every log via map().
//
// Typed views: describe your views once and pass that map as the type argument, then
// `core.api.<view>.<fn>` is typed (the `core` first parameter is dropped, like at runtime):
//
//   interface ChatApi { read(core: Kappa, cb: (msgs: Msg[]) => void): void }
//   const chatView: kappa.View<Msg, ChatApi> = { map (entries, next) { ...; next() }, api: { read (core, cb) { ... } } }
//   const core = kappa<{ chat: typeof chatView }>(storage, { valueEncoding: 'json' })
//   core.use('chat', chatView)
//   core.api.chat.read((msgs) => ...)

declare module 'kappa-core' {
  import { EventEmitter } from 'events'
  import type multifeed from 'multifeed'

  /** Create a kappa-core (callable with or without `new`). */
  interface KappaFactory {
    <Views extends kappa.ViewMap = kappa.DefaultViews>(storage: multifeed.Storage | null, opts?: kappa.KappaOptions): kappa.Kappa<Views>
    new <Views extends kappa.ViewMap = kappa.DefaultViews>(storage: multifeed.Storage | null, opts?: kappa.KappaOptions): kappa.Kappa<Views>
  }

  /** Create a kappa-core database: multifeed logs + materialized views. */
  const kappa: KappaFactory

  namespace kappa {
    /** One log entry handed to a view's map(): which feed, which position, and the decoded value. */
    export interface Entry<T = unknown> {
      /** Hex-encoded key of the feed (log) the entry comes from. */
      key: string
      /** Position of the entry in that feed. */
      seq: number
      /** The decoded block (per valueEncoding). */
      value: T
    }

    /** A view: map() is called with batches of new entries; api exposes query functions. */
    export interface View<T = unknown, Api extends object = object> {
      /** Index a batch of entries, then call next() (or next(err)). */
      map(entries: Array<Entry<T>>, next: (err?: Error | null) => void): void
      /** Query functions; each gets the kappa core as first argument (dropped in core.api). */
      api?: Api
      /** Called after each batch has been indexed. */
      indexed?(entries: Array<Entry<T>>): void
      /** Max entries per map() call (default 10). */
      maxBatch?: number
      /** Persist the indexer state (provide together with fetchState). */
      storeState?(state: Buffer, cb: (err?: Error | null) => void): void
      /** Load the indexer state stored by storeState. */
      fetchState?(cb: (err: (Error & { notFound?: boolean }) | null, state?: Buffer | null) => void): void
      /** Wipe the view's index (called when the view version changes). */
      clearIndex?(cb: (err?: Error | null) => void): void
    }

    /** Any view (used as the constraint for view maps). */
    export type AnyView = View<unknown, object>
    /** A map from view name to view type, e.g. { chat: typeof chatView }. */
    export type ViewMap = Record<string, AnyView>
    /** Default: views are not known statically, so core.api is loosely typed. */
    export type DefaultViews = Record<string, AnyView>

    /** A view api function as seen on core.api (first `core` argument removed). */
    export type BoundApiFunction<F> = F extends (core: never, ...args: infer A) => infer R ? (...args: A) => R : F

    /** What core.api.<name> looks like for a view: its api functions without the core argument, plus ready(). */
    export type BoundViewApi<V> = (V extends { api?: infer Api }
      ? { [K in keyof NonNullable<Api>]: BoundApiFunction<NonNullable<Api>[K]> }
      : Record<string, never>) & {
      /** Call cb once this view has indexed everything currently in the logs. */
      ready(cb: () => void): void
    }

    /** Loosely typed view api (used when the view map type argument is not given). */
    export type LooseViewApi = Record<string, (...args: unknown[]) => unknown>

    /** Type of core.api for a view map. */
    export type KappaApi<Views extends ViewMap> = string extends keyof Views
      ? Record<string, LooseViewApi>
      : { [N in keyof Views]: BoundViewApi<Views[N]> }

    /** Options for kappa(storage, opts); passed on to multifeed. */
    export interface KappaOptions extends multifeed.MultifeedOptions {
      /** Use an existing multifeed instead of creating one. */
      multifeed?: multifeed.Multifeed
    }

    /** A kappa-core database. */
    export interface Kappa<Views extends ViewMap = DefaultViews> extends EventEmitter<KappaEvents> {
      /** Query functions of every view, by view name. */
      api: KappaApi<Views>
      /** The underlying multifeed (internal, but kappa-core 7 has no close(): use core._logs.close(cb)). */
      _logs: multifeed.Multifeed
      /** Add a view under `name`; bump `version` to rebuild it when map() changes (needs clearIndex). */
      use<N extends keyof Views & string>(name: N, view: Views[N]): void
      use<N extends keyof Views & string>(name: N, version: number, view: Views[N]): void
      /** Call cb once the given views (default: all) have indexed everything currently known. */
      ready(cb: () => void): void
      ready(viewNames: (keyof Views & string) | Array<keyof Views & string>, cb: () => void): void
      /** Pause indexing of the given views (default: all). */
      pause(cb?: () => void): void
      pause(viewNames: (keyof Views & string) | Array<keyof Views & string>, cb?: () => void): void
      /** Resume indexing after pause(). */
      resume(viewNames?: (keyof Views & string) | Array<keyof Views & string>): void
      /** Get (or create) our local writable feed called `name`. */
      writer(name: string, cb: (err: Error | null, feed: multifeed.Hypercore9Feed) => void): void
      /** All feeds (ours and replicated ones). */
      feeds(): multifeed.Hypercore9Feed[]
      /** A feed by key (Buffer or hex), undefined if unknown. */
      feed(key: Buffer | string): multifeed.Hypercore9Feed | undefined
      /** Replication stream for all feeds: pipe it to the other core's stream. */
      replicate(isInitiator: boolean, opts?: multifeed.ReplicateOptions): multifeed.ProtocolStream
    }

    /** Events of a Kappa core. */
    export interface KappaEvents {
      /** A view's map() (or state storage) failed. */
      error: [err: Error]
    }

    export type Hypercore9Feed = multifeed.Hypercore9Feed
  }

  export = kappa
}
