// What proves a fork: two signed heads of one key whose trees disagree. A head is a length, the roots of the
// merkle tree at that length, and the key's signature of them; with the few tree nodes that show the longer
// tree's roots at the shorter length (a consistency proof), anyone holding only the key can check it. Two
// hypercores sign heads: hypercore 9 (multifeed's; feed-heads.ts reads its files) and hypercore 11 (Autobase's;
// core-heads.ts takes its heads from the conflicts hypercore finds). They hash and sign differently: a head
// says which it is, and is checked by that one's rules.
import crypto from 'hypercore-crypto'
import flat from 'flat-tree'
import { coreParent, verifyCoreHead } from './core-heads.ts'

export interface TreeNode {
  index: number
  hash: Buffer
  size: number
}

/** A feed's signed head: `signature` by `key` of the tree's `roots` at `length`. */
export interface Head {
  key: string
  length: number
  roots: TreeNode[]
  signature: Buffer
  /** hypercore 11's heads only: the core's fork counter and manifest (encoded), which say who signs and how. */
  core?: { fork: number, manifest: Buffer }
}

/** A fork: `a` and `b` disagree, as `nodes` (the longer's tree at the shorter length) show. */
export interface ForkProof {
  a: Head
  b: Head
  nodes: TreeNode[]
}

// hypercore-crypto 2 (hypercore 9's) hashes: BLAKE2b-256 with a type byte and big-endian 64-bit numbers.
const PARENT = Buffer.from([1])
const ROOT = Buffer.from([2])
const uint64 = (n: number): Buffer => {
  const b = Buffer.alloc(8)
  b.writeBigUInt64BE(BigInt(n))
  return b
}
const feedParent = (a: TreeNode, b: TreeNode): TreeNode => ({
  index: flat.parent(a.index),
  hash: crypto.hash([PARENT, uint64(a.size + b.size), a.hash, b.hash]),
  size: a.size + b.size
})
const treeHash = (roots: TreeNode[]): Buffer => crypto.hash([ROOT, ...roots.flatMap((r) => [r.hash, uint64(r.index), uint64(r.size)])])

/** hypercore 9 signs the tree hash and the length, or, older, the hash alone. */
function verifyFeedHead (head: Head): boolean {
  const hash = treeHash(head.roots)
  const key = Buffer.from(head.key, 'hex')
  return crypto.verify(Buffer.concat([hash, uint64(head.length)]), head.signature, key) || crypto.verify(hash, head.signature, key)
}

/** Blocks `[first, end)` under a node. */
export const span = (index: number): [number, number] => [flat.leftSpan(index) / 2, flat.rightSpan(index) / 2 + 1]

/** Whether `head` is signed by its key. */
export function verifyHead (head: Head): boolean {
  const expected = flat.fullRoots(2 * head.length)
  if (head.length < 1 || head.roots.length !== expected.length || head.roots.some((r, i) => r.index !== expected[i])) return false
  return head.core ? verifyCoreHead(head, head.core) : verifyFeedHead(head)
}

/**
 * The roots of `long`'s tree at `length` (≤ its own), from `nodes`: authenticated if hashing them up (with the
 * nodes right of `length`) gives `long`'s signed roots. Null if the nodes do not show that.
 */
export function rootsAt (long: Head, length: number, nodes: TreeNode[]): TreeNode[] | null {
  if (length < 1 || length > long.length) return null
  const parentOf = long.core ? coreParent : feedParent
  const given = new Map(nodes.map((n) => [n.index, n]))
  const wanted = flat.fullRoots(2 * length)
  const found = new Map<number, TreeNode>()
  const compute = (index: number): TreeNode | null => {
    const [first, end] = span(index)
    if (end <= length || first >= length) {
      // Wholly left of the cut: one of the roots at `length`; wholly right of it: taken as given.
      const node = given.get(index)
      if (!node || (end <= length && !wanted.includes(index))) return null
      if (end <= length) found.set(index, node)
      return node
    }
    const [left, right] = flat.children(index)!
    const a = compute(left)
    const b = compute(right)
    return a && b ? parentOf(a, b) : null
  }
  for (const root of long.roots) {
    const [, end] = span(root.index)
    const node = end <= length ? root : compute(root.index)
    if (end <= length) found.set(root.index, root)
    if (!node || !node.hash.equals(root.hash) || node.size !== root.size) return null
  }
  return wanted.every((i) => found.has(i)) ? wanted.map((i) => found.get(i)!) : null
}

/**
 * True if two signed heads of one key cannot both be true: the longer tree's roots at the shorter length differ.
 * hypercore 11's heads must share a fork counter too: its owner may truncate (a new fork) and write again.
 */
export function disagree (a: Head, b: Head, nodes: TreeNode[]): boolean {
  if (a.key !== b.key || Boolean(a.core) !== Boolean(b.core) || a.core?.fork !== b.core?.fork) return false
  if (!verifyHead(a) || !verifyHead(b)) return false
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  const roots = rootsAt(long, short.length, nodes)
  return roots !== null && roots.some((r, i) => !r.hash.equals(short.roots[i].hash) || r.size !== short.roots[i].size)
}
