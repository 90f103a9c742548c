// Ambient types for the few modules of hypercore 11.37 (pinned) the chat app reaches into to check a fork
// proof as hypercore itself does (node_modules/hypercore/lib/{core,merkle-tree,verifier,caps}.js). Only what it uses.

declare module 'hypercore/lib/merkle-tree.js' {
  interface TreeNode { index: number, size: number, hash: Buffer }
  /** An upgrade proof: the tree's roots at `start + length`, the nodes on to the signed length, and the signature. */
  interface Upgrade { start: number, length: number, nodes: TreeNode[], additionalNodes: TreeNode[], signature: Buffer }
  interface Proof { fork: number, upgrade: Upgrade | null, manifest?: unknown }
  interface Batch { fork: number, length: number, roots: TreeNode[], signature: Buffer | null }
  interface Reader { tryFlush (): void }
  interface SessionLike { fork: number, roots: TreeNode[], length: number, signature: Buffer | null, byteLength: number, prologue: unknown, storage: unknown }
  export const MerkleTree: {
    /** Rebuilds the tree a proof shows from nothing (throws if the nodes do not fit). */
    verifyFullyRemote (session: SessionLike, proof: Proof): Batch
    proof (session: unknown, rx: Reader, request: { block: null, hash: null, seek: null, upgrade: { start: number, length: number } }): Promise<{ settle (): Promise<Proof> }>
  }
}

declare module 'hypercore/lib/verifier.js' {
  interface Signable {
    length: number
    fork: number
    hash (): Buffer
    signable (namespace: Buffer): Buffer
    signableCompat (noHeader: boolean): Buffer
  }
  class Verifier {
    constructor (key: Buffer, manifest: Verifier.Manifest, opts?: { legacy?: boolean })
    verify (batch: Signable, signature: Buffer): boolean
    static encodeManifest (manifest: Verifier.Manifest): Buffer
    static decodeManifest (bytes: Buffer): Verifier.Manifest
    static isValidManifest (key: Buffer, manifest: Verifier.Manifest): boolean
    static isCompat (key: Buffer, manifest: Verifier.Manifest): boolean
  }
  namespace Verifier {
    interface Manifest { version: number, allowPatch: boolean, quorum: number, signers: unknown[], prologue: unknown }
  }
  export = Verifier
}

declare module 'hypercore/lib/caps.js' {
  export function treeSignable (manifestHash: Buffer, treeHash: Buffer, length: number, fork: number): Buffer
  export function treeSignableCompat (hash: Buffer, length: number, fork: number, noHeader: boolean): Buffer
}

declare module 'hypercore/lib/core.js' {
  import type { Proof } from 'hypercore/lib/merkle-tree.js'
  import type Verifier from 'hypercore/lib/verifier.js'
  /** One core, under all its sessions. */
  class Core {
    opened: boolean
    closed: boolean
    discoveryKey: Buffer
    header: { key: Buffer, manifest: Verifier.Manifest | null }
    /** Its signed head: the roots of its tree at `length`, and their signature. */
    state: { length: number, fork: number, roots: Array<{ index: number, size: number, hash: Buffer }>, signature: Buffer | null, storage: { read (): { tryFlush (): void } } }
    /** Called once hypercore has checked a peer's proof that this core forked (before it closes its sessions). */
    _onconflict (proof: Proof): Promise<void>
  }
  export = Core
}
