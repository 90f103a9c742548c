// hypercore 11's signed heads (the Autobase engine's writer cores). hypercore finds a fork itself: a peer's
// signed proof that does not fit the tree it holds. It freezes the core, but keeps the proof to itself; from that
// proof and the core's own tree this module makes one anyone can check with the key alone (signed-heads.ts),
// and checks a head as hypercore does: the manifest the key names says who signs, and how.
import crypto from 'hypercore-crypto'
import flat from 'flat-tree'
import type Core from 'hypercore/lib/core.js'
import * as caps from 'hypercore/lib/caps.js'
import { MerkleTree, type Proof } from 'hypercore/lib/merkle-tree.js'
import Verifier from 'hypercore/lib/verifier.js'
import type { ForkProof, Head, TreeNode } from './signed-heads.ts'

/** hypercore-crypto 3 (hypercore 11's) parent hash: little-endian sizes, unlike hypercore 9's. */
export const coreParent = (a: TreeNode, b: TreeNode): TreeNode => ({ index: flat.parent(a.index), hash: crypto.parent(a, b), size: a.size + b.size })

/** Whether `head`'s signature is good for its key, under the manifest it carries (which must be the key's). */
export function verifyCoreHead (head: Head, { fork, manifest: bytes }: { fork: number, manifest: Buffer }): boolean {
  const key = Buffer.from(head.key, 'hex')
  const hash = crypto.tree(head.roots)
  const signed = {
    length: head.length,
    fork,
    hash: () => hash,
    signable: (namespace: Buffer) => caps.treeSignable(namespace, hash, head.length, fork),
    signableCompat: (noHeader: boolean) => caps.treeSignableCompat(hash, head.length, fork, noHeader)
  }
  try {
    const manifest = Verifier.decodeManifest(bytes)
    // A patched multisig needs the whole tree to check; writers never sign so.
    if (manifest.allowPatch || !(Verifier.isValidManifest(key, manifest) || Verifier.isCompat(key, manifest))) return false
    return new Verifier(key, manifest).verify(signed, head.signature)
  } catch {
    return false // a manifest that is not one
  }
}

/** The signed head a hypercore 11 upgrade proof (from the start) shows, with its nodes (its tree at the upgrade's length). */
export function headOf (key: string, manifest: Buffer, proof: Proof): { head: Head, nodes: TreeNode[] } | null {
  if (!proof.upgrade || proof.upgrade.start !== 0) return null
  try {
    const empty = { fork: proof.fork, roots: [], length: 0, signature: null, byteLength: 0, prologue: null, storage: null }
    const batch = MerkleTree.verifyFullyRemote(empty, proof)
    if (!batch.signature) return null
    const head = { key, length: batch.length, roots: batch.roots.map(plain), signature: Buffer.from(batch.signature), core: { fork: batch.fork, manifest } }
    return { head, nodes: [...proof.upgrade.nodes, ...proof.upgrade.additionalNodes].map(plain) }
  } catch {
    return null
  }
}

const plain = (n: TreeNode): TreeNode => ({ index: n.index, hash: Buffer.from(n.hash), size: n.size })

/** `core`'s own upgrade proof from the start to `length`: its signed head, and its tree at `length`. */
async function ownProof (core: Core, length: number): Promise<Proof> {
  const rx = core.state.storage.read()
  const proof = MerkleTree.proof(core.state, rx, { block: null, hash: null, seek: null, upgrade: { start: 0, length } })
  rx.tryFlush()
  return (await proof).settle()
}

/** `core`'s signed head as it holds it now, or null if it holds none (yet). */
export function signedHead (core: Core): Head | null {
  const { state, header } = core
  if (!header.manifest || !state.signature || state.length < 1) return null
  const head = { key: header.key.toString('hex'), length: state.length, roots: state.roots.map(plain), signature: Buffer.from(state.signature), core: { fork: state.fork, manifest: Verifier.encodeManifest(header.manifest) } }
  return head.roots.length > 0 ? head : null
}

/** `core`'s signed head now, with the nodes that show its tree at `length` (null if it does not hold them). */
export async function proofAt (core: Core, length: number): Promise<{ head: Head, nodes: TreeNode[] } | null> {
  if (!core.header.manifest || length < 1 || length > core.state.length) return null
  return headOf(core.header.key.toString('hex'), Verifier.encodeManifest(core.header.manifest), await ownProof(core, length))
}

/**
 * A proof anyone can check that `core` forked, from the peer's proof hypercore found did not fit it (`theirs`):
 * the shorter signed head as it is, the longer with its tree at the shorter length. Null if the two cannot be put
 * so (each side's tree is known only up to its own signed length).
 */
export async function conflictProof (core: Core, theirs: Proof): Promise<ForkProof | null> {
  if (!core.header.manifest || !theirs.upgrade) return null
  const key = core.header.key.toString('hex')
  const manifest = Verifier.encodeManifest(core.header.manifest)
  const other = headOf(key, manifest, theirs)
  if (!other) return null
  const local = core.state.length
  // Ours at their length (we hold our tree up to ours); else theirs at ours, if their proof stops there.
  const at = other.head.length <= local ? other.head.length : theirs.upgrade.length === local ? local : 0
  if (at < 1) return null
  const own = headOf(key, manifest, await ownProof(core, at))
  if (!own) return null
  const [short, long] = other.head.length <= own.head.length ? [other, own] : [own, other]
  return short.head.length === at ? { a: short.head, b: long.head, nodes: long.nodes } : null
}
