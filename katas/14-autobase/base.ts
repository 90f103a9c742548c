// Kata 14 — Autobase: many writers, one view. Read README.md in this folder first.
// Replace each `throw` with your code; `npm test -- 14` tells you which function is next.
import Autobase from 'autobase'
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import type Hyperswarm from 'hyperswarm'

/** One head of a node: "when I wrote this, I had seen the first `length` nodes of writer `from`". */
export interface Head {
  /** A writer's local core key, hex. */
  from: string
  length: number
}

/** One post, as the view holds it (JSON). */
export interface Message {
  /** Hex key of the writer's local core it was appended to: who wrote it. */
  from: string
  /** Its place in that writer's core. */
  seq: number
  text: string
  /** What its writer had seen when posting: the node's heads in the causal graph. */
  after: Head[]
}

/** What writers add to the base, as JSON. Anything else a writer adds is skipped. */
export type Op =
  | { type: 'post', text: string }
  /** `key`: the new writer's local core key, in hex. */
  | { type: 'add-writer', key: string, indexer: boolean }

/** The view: one core of Messages, in the linearized order. */
export type View = Hypercore
export type Base = Autobase<View, Op>

/** The view as a reader sees it: what is agreed, and what is only applied here so far. */
export interface ViewRead {
  /** The signed part of the view: this order will not change. */
  indexed: Message[]
  /** Applied on this peer, but a remote writer's nodes may still come before them. */
  pending: Message[]
}

/**
 * Task 1: open the base in `store`: a new one without `key`, the existing one with it. It holds `Op`s,
 * and its view is one core of `Message`s that `apply` builds. Resolves once the base can be used.
 * (Closing the base closes `store` too.)
 */
export async function openBase (store: Corestore, key: Buffer | null = null): Promise<Base> {
  // TODO(task 1)
  throw new Error('openBase() is not implemented yet: create or open the base whose view apply() builds (kata 14, task 1)')
}

/**
 * Tasks 2 and 4: turn linearized nodes into the view. A post becomes a Message; an add-writer op
 * makes its key a writer (an indexer only if it says so) when the base's creator wrote it, and is
 * ignored otherwise. Anything malformed is skipped. It runs on every peer, and again after a reorder.
 */
export async function apply (nodes: Array<Autobase.Node<unknown>>, view: View, host: Autobase.Host): Promise<void> {
  // TODO(task 2): a Message for each post. TODO(task 4): add-writer requests.
  throw new Error('apply() is not implemented yet: build the view from the nodes, a Message for each post (kata 14, task 2)')
}

/**
 * Task 2: post `text` to the base as this peer: resolve once it is a node of the base, written by this
 * writer (every peer's apply then sees it). Rejects on a text that is not a string.
 */
export async function post (base: Base, text: string): Promise<void> {
  // TODO(task 2)
  throw new Error('post() is not implemented yet: add a post to the base, as this writer (kata 14, task 2)')
}

/**
 * Task 3: keep the base in sync with every peer of it that `swarm` meets, without giving the key away.
 * Resolves once the peers already online are found.
 */
export async function joinBase (base: Base, swarm: Hyperswarm): Promise<void> {
  // TODO(task 3)
  throw new Error('joinBase() is not implemented yet: meet the base\'s peers and sync with them (kata 14, task 3)')
}

/**
 * Task 4: request that `key` (a peer's local core key) become a writer, an indexer only with
 * `{ indexer: true }`. Rejects on anything that is not a core key.
 */
export async function addWriter (base: Base, key: Buffer, opts: { indexer?: boolean } = {}): Promise<void> {
  // TODO(task 4): a request; apply decides whether it counts.
  throw new Error('addWriter() is not implemented yet: request a new writer (kata 14, task 4)')
}

/** Task 5: the view's messages as they are at one moment (a reorder may truncate it meanwhile), split where agreement ends. */
export async function readView (base: Base): Promise<ViewRead> {
  // TODO(task 5)
  throw new Error('readView() is not implemented yet: the view at one moment, split into indexed and pending (kata 14, task 5)')
}
