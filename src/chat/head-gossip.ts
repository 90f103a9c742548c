// The multifeed engine's forks: the app's own peers tell each other the signed head of every feed they hold,
// on a topic of their own (the chat's connections carry hypercore 9's replication alone). A peer whose copy
// of a feed disagrees with a head it is told has a proof of a fork: it marks the member and passes the proof
// on to every app peer, which checks it before believing it. Cabal clients take no part, and lose nothing.
import crypto from 'hypercore-crypto'
import type DHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import { z } from 'zod'
import type { ForkGuard } from './forks.ts'
import { disagree, feedsIn, verifyHead, type FeedFiles, type Head, type TreeNode } from './signed-heads.ts'

/** How often the heads on disk are read again (a new message reads them sooner). */
const RESCAN = 5000
const SOON = 300
/** A message bigger than this is no head nor proof (a head has at most 64 roots; a proof about as many nodes). */
const MAX_MESSAGE = 64 * 1024
const MAX_PENDING = 64

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`))
const node = z.object({ index: z.number().int().min(0).max(2 ** 53), hash: hex(32), size: z.number().int().min(0).max(2 ** 53) })
const head = z.object({ key: hex(32), length: z.number().int().min(1).max(2 ** 32), roots: z.array(node).max(64), signature: hex(64) })
const message = z.discriminatedUnion('t', [
  z.object({ t: z.literal('head'), head }),
  z.object({ t: z.literal('fork'), a: head, b: head, nodes: z.array(node).max(256) })
])
type WireNode = z.infer<typeof node>
type WireHead = z.infer<typeof head>

interface Proof { a: Head, b: Head, nodes: TreeNode[] }

const toNode = (n: WireNode): TreeNode => ({ index: n.index, hash: Buffer.from(n.hash, 'hex'), size: n.size })
const fromNode = (n: TreeNode): WireNode => ({ index: n.index, hash: n.hash.toString('hex'), size: n.size })
const toHead = (h: WireHead): Head => ({ key: h.key, length: h.length, roots: h.roots.map(toNode), signature: Buffer.from(h.signature, 'hex') })
const fromHead = (h: Head): WireHead => ({ key: h.key, length: h.length, roots: h.roots.map(fromNode), signature: h.signature.toString('hex') })

/** The topic the app's peers of chat `key` meet on to compare heads (not the chat's: Cabal clients are not there). */
export function headsTopic (key: string): Buffer {
  return crypto.hash([Buffer.from('kappa-katas chat: signed heads'), Buffer.from(key, 'hex')])
}

export class HeadGossip {
  private readonly swarm: Hyperswarm
  private readonly discovery: Hyperswarm.PeerDiscovery
  private readonly feeds = new Map<string, FeedFiles>()
  /** The feed folders already read: a look reads only the new ones' keys. */
  private readonly folders = new Set<string>()
  private readonly heads = new Map<string, Head>()
  private readonly proofs = new Map<string, Proof>()
  /** Proofs about feeds not here yet, oldest first. */
  private readonly pending = new Map<string, Proof>()
  private readonly sockets = new Set<Hyperswarm.NoiseSecretStream>()
  private timer: NodeJS.Timeout | undefined
  private scanning: Promise<void> | null = null
  private again = false
  /** A look is due within SOON ms. */
  private early = false
  private closed = false

  /** Watches the multifeed storage `dir` of chat `key`, on `dht` (the chat's swarm's); marks forks on `guard`. */
  constructor (private readonly dir: string, key: string, dht: DHT, private readonly guard: ForkGuard) {
    this.swarm = new Hyperswarm({ dht })
    this.swarm.on('connection', (socket: Hyperswarm.NoiseSecretStream) => this.onConnection(socket))
    this.discovery = this.swarm.join(headsTopic(key))
    guard.on('message', () => this.soon())
    guard.on('nick', () => this.soon())
    this.scan()
  }

  /** Resolves once the topic is announced (and the peers already there were tried). */
  async flushed (): Promise<void> {
    await this.discovery.flushed()
  }

  /** Reads the heads on disk again shortly (many messages at once: once; a steady flow: every SOON ms). */
  soon (): void {
    if (this.closed || this.early) return
    clearTimeout(this.timer)
    this.early = true
    this.timer = setTimeout(() => this.scan(), SOON)
  }

  /** Stops, and destroys the DHT it was given (hyperswarm's way): close it after the chat's swarm is done with it. */
  async close (): Promise<void> {
    this.closed = true
    clearTimeout(this.timer)
    await this.scanning?.catch(() => {})
    await this.swarm.destroy().catch(() => {})
  }

  private scan (): void {
    this.early = false
    if (this.closed) return
    if (this.scanning) return void (this.again = true)
    this.scanning = (async () => {
      for (const feed of await feedsIn(this.dir, this.folders)) {
        this.folders.add(feed.dir)
        if (!this.feeds.has(feed.key)) this.feeds.set(feed.key, feed)
        const proof = this.pending.get(feed.key)
        if (proof) {
          this.pending.delete(feed.key)
          this.found(proof)
        }
      }
      for (const feed of this.feeds.values()) {
        if (this.closed || this.proofs.has(feed.key)) continue
        const head = await feed.newHead().catch(() => null)
        if (!head || head.length <= (this.heads.get(feed.key)?.length ?? 0)) continue
        this.heads.set(feed.key, head)
        for (const socket of this.sockets) this.send(socket, { t: 'head', head: fromHead(head) })
      }
    })().catch(() => {}).finally(() => {
      this.scanning = null
      if (this.closed || this.early) return // a look is due soon already
      if (this.again) {
        this.again = false
        this.soon()
      } else {
        this.timer = setTimeout(() => this.scan(), RESCAN)
      }
    })
  }

  private onConnection (socket: Hyperswarm.NoiseSecretStream): void {
    if (this.closed) return void socket.destroy()
    socket.on('error', () => {})
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
    socket.on('data', (data: Buffer) => { this.onMessage(socket, data).catch(() => {}) })
    for (const head of this.heads.values()) this.send(socket, { t: 'head', head: fromHead(head) })
    for (const proof of this.proofs.values()) this.send(socket, this.wire(proof))
  }

  private async onMessage (socket: Hyperswarm.NoiseSecretStream, data: Buffer): Promise<void> {
    if (data.length > MAX_MESSAGE) return void socket.destroy()
    let parsed: z.infer<typeof message>
    try {
      parsed = message.parse(JSON.parse(data.toString('utf8')))
    } catch {
      return void socket.destroy() // not one of ours: a peer that talks nonsense is dropped
    }
    if (parsed.t === 'fork') {
      const proof = { a: toHead(parsed.a), b: toHead(parsed.b), nodes: parsed.nodes.map(toNode) }
      if (this.proofs.has(proof.a.key) || !disagree(proof.a, proof.b, proof.nodes)) return
      if (this.feeds.has(proof.a.key)) return this.found(proof)
      // A feed we do not hold (yet): kept for when it comes, a few at most (anyone can fork keys of their own).
      this.pending.delete(proof.a.key)
      this.pending.set(proof.a.key, proof)
      if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!)
      return
    }
    // Their head against ours: checkable here when ours is at least as long (else they check ours).
    const theirs = toHead(parsed.head)
    const ours = this.heads.get(theirs.key)
    const feed = this.feeds.get(theirs.key)
    if (!ours || !feed || this.proofs.has(theirs.key) || ours.length < theirs.length || !verifyHead(theirs)) return
    const nodes = await feed.proof(theirs.length, ours)
    if (nodes && disagree(theirs, ours, nodes)) this.found({ a: theirs, b: ours, nodes })
  }

  /** A proven fork: marked here, and passed on to every app peer (each checks it). */
  private found (proof: Proof): void {
    this.proofs.set(proof.a.key, proof)
    this.guard.fork(proof.a.key)
    for (const socket of this.sockets) this.send(socket, this.wire(proof))
  }

  private wire (proof: Proof): z.infer<typeof message> {
    return { t: 'fork', a: fromHead(proof.a), b: fromHead(proof.b), nodes: proof.nodes.map(fromNode) }
  }

  private send (socket: Hyperswarm.NoiseSecretStream, m: z.infer<typeof message>): void {
    if (!socket.destroyed) socket.write(Buffer.from(JSON.stringify(m)))
  }
}
