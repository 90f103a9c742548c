// hypercore 9 (multifeed's) keeps no watch for forks: a block of another branch fails to verify and the whole
// replication stream is dropped, silently. What proves a fork is two signed heads of one feed whose trees
// disagree: a head is a length, the roots of the merkle tree at that length, and the feed key's signature of
// them. This module reads a feed's head from its files (the app made the storage) and checks two heads, with
// the few tree nodes that show the longer tree's roots at the shorter length (a consistency proof).
import fs from 'node:fs/promises'
import path from 'node:path'
import crypto from 'hypercore-crypto'
import flat from 'flat-tree'

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
}

// hypercore-crypto 2 (hypercore 9's) hashes: BLAKE2b-256 with a type byte and big-endian 64-bit numbers.
const PARENT = Buffer.from([1])
const ROOT = Buffer.from([2])
const uint64 = (n: number): Buffer => {
  const b = Buffer.alloc(8)
  b.writeBigUInt64BE(BigInt(n))
  return b
}
const parentOf = (a: TreeNode, b: TreeNode): TreeNode => ({
  index: flat.parent(a.index),
  hash: crypto.hash([PARENT, uint64(a.size + b.size), a.hash, b.hash]),
  size: a.size + b.size
})
const treeHash = (roots: TreeNode[]): Buffer => crypto.hash([ROOT, ...roots.flatMap((r) => [r.hash, uint64(r.index), uint64(r.size)])])

/** Blocks `[first, end)` under a node. */
const span = (index: number): [number, number] => [flat.leftSpan(index) / 2, flat.rightSpan(index) / 2 + 1]

/** Whether `head` is signed by its key (hypercore 9 signs the tree hash and the length, or, older, the hash alone). */
export function verifyHead (head: Head): boolean {
  const expected = flat.fullRoots(2 * head.length)
  if (head.length < 1 || head.roots.length !== expected.length || head.roots.some((r, i) => r.index !== expected[i])) return false
  const hash = treeHash(head.roots)
  const key = Buffer.from(head.key, 'hex')
  return crypto.verify(Buffer.concat([hash, uint64(head.length)]), head.signature, key) || crypto.verify(hash, head.signature, key)
}

/**
 * The roots of `long`'s tree at `length` (≤ its own), from `nodes`: authenticated if hashing them up (with the
 * nodes right of `length`) gives `long`'s signed roots. Null if the nodes do not show that.
 */
export function rootsAt (long: Head, length: number, nodes: TreeNode[]): TreeNode[] | null {
  if (length < 1 || length > long.length) return null
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

/** True if two signed heads of one key cannot both be true: the longer tree's roots at the shorter length differ. */
export function disagree (a: Head, b: Head, nodes: TreeNode[]): boolean {
  if (a.key !== b.key || !verifyHead(a) || !verifyHead(b)) return false
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  const roots = rootsAt(long, short.length, nodes)
  return roots !== null && roots.some((r, i) => !r.hash.equals(short.roots[i].hash) || r.size !== short.roots[i].size)
}

/** One hypercore 9 feed's files, as multifeed lays them out: `<dir>/<n>/{key,signatures,tree,…}`. */
export class FeedFiles {
  /** The size of the signatures file when its head was last read: a longer feed has a longer file. */
  private seen = 0

  constructor (readonly dir: string, readonly key: string) {}

  /** The head this storage holds (its last signature) if it is new since the last call, else null (none, or none new). */
  async newHead (): Promise<Head | null> {
    const signatures = await readAt(path.join(this.dir, 'signatures'), -64, 64, this.seen)
    if (!signatures) return null
    const { bytes, offset } = signatures
    const length = (offset - 32) / 64 + 1
    if (!Number.isInteger(length) || length < 1 || isBlank(bytes)) return null
    const roots = await this.nodes(flat.fullRoots(2 * length))
    if (!roots) return null
    const head = { key: this.key, length, roots, signature: bytes }
    if (!verifyHead(head)) return null // one written while we read it waits for the next look
    this.seen = offset + 64
    return head
  }

  /** The nodes that show this feed's roots at `length` (see rootsAt), or null if it does not hold them. */
  async proof (length: number, head: Head): Promise<TreeNode[] | null> {
    const wanted: number[] = []
    const collect = (index: number): void => {
      const [first, end] = span(index)
      if (end <= length || first >= length) return void wanted.push(index)
      for (const child of flat.children(index)!) collect(child)
    }
    for (const root of head.roots) collect(root.index)
    return this.nodes(wanted)
  }

  private async nodes (indexes: number[]): Promise<TreeNode[] | null> {
    const nodes: TreeNode[] = []
    const file = await fs.open(path.join(this.dir, 'tree'), 'r').catch(() => null)
    if (!file) return null
    try {
      for (const index of indexes) {
        const bytes = Buffer.alloc(40)
        const { bytesRead } = await file.read(bytes, 0, 40, 32 + 40 * index)
        if (bytesRead < 40 || isBlank(bytes.subarray(0, 32))) return null
        nodes.push({ index, hash: bytes.subarray(0, 32), size: Number(bytes.readBigUInt64BE(32)) })
      }
    } finally {
      await file.close()
    }
    return nodes
  }
}

/** The feeds in a multifeed storage folder (but those whose folder is in `known`). */
export async function feedsIn (dir: string, known: ReadonlySet<string> = new Set()): Promise<FeedFiles[]> {
  const feeds: FeedFiles[] = []
  for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || !/^\d+$/.test(entry.name) || known.has(path.join(dir, entry.name))) continue
    const key = await fs.readFile(path.join(dir, entry.name, 'key')).catch(() => null)
    if (key?.length === 32) feeds.push(new FeedFiles(path.join(dir, entry.name), key.toString('hex')))
  }
  return feeds
}

/** `length` bytes of `file` at `offset` (negative: from its end), or null if it is shorter, or not longer than `seen`. */
async function readAt (file: string, offset: number, length: number, seen = 0): Promise<{ bytes: Buffer, offset: number } | null> {
  const size = (await fs.stat(file).catch(() => null))?.size ?? 0
  if (size <= seen) return null
  const handle = await fs.open(file, 'r').catch(() => null)
  if (!handle) return null
  try {
    const at = offset < 0 ? size + offset : offset
    if (at < 0) return null
    const bytes = Buffer.alloc(length)
    const { bytesRead } = await handle.read(bytes, 0, length, at)
    return bytesRead === length ? { bytes, offset: at } : null
  } finally {
    await handle.close()
  }
}

const isBlank = (bytes: Buffer): boolean => bytes.every((b) => b === 0)
