// The multifeed engine's heads: hypercore 9 keeps no watch for forks (a block of another branch fails to verify
// and the whole replication stream is dropped, silently), so the app reads each feed's signed head from its
// files (the app made the storage) and its peers compare them (head-gossip.ts).
import fs from 'node:fs/promises'
import path from 'node:path'
import flat from 'flat-tree'
import { span, verifyHead, type Head, type TreeNode } from './signed-heads.ts'
import type { HeadSource } from './head-gossip.ts'

/** Every feed in a multifeed storage folder, as a source of heads: new folders are found on each look. */
export class FeedHeads implements HeadSource {
  private readonly feeds = new Map<string, FeedFiles>()
  /** The feed folders already read: a look reads only the new ones' keys. */
  private readonly folders = new Set<string>()

  constructor (private readonly dir: string) {}

  holds (key: string): boolean {
    return this.feeds.has(key)
  }

  async newHeads (skip: (key: string) => boolean): Promise<Head[]> {
    for (const feed of await feedsIn(this.dir, this.folders)) {
      this.folders.add(feed.dir)
      if (!this.feeds.has(feed.key)) this.feeds.set(feed.key, feed)
    }
    const heads: Head[] = []
    for (const feed of this.feeds.values()) {
      if (skip(feed.key)) continue
      const head = await feed.newHead().catch(() => null)
      if (head) heads.push(head)
    }
    return heads
  }

  async proof (ours: Head, length: number): Promise<{ head: Head, nodes: TreeNode[] } | null> {
    // A feed's tree nodes never change: our head as told, and the nodes from the files.
    const nodes = await this.feeds.get(ours.key)?.proof(length, ours)
    return nodes ? { head: ours, nodes } : null
  }
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
