// Forks, told: the app's own peers meet on a topic of their own (the chat's connections carry only the engine's
// replication) and tell each other the signed head of every feed they hold, and every proof of a fork they have.
// A peer whose copy of a feed disagrees with a head it is told has a proof of a fork (multifeed's hypercore 9
// keeps no watch); hypercore 11 finds its forks itself (the Autobase engine), and the app hands them in. A proof
// marks the member and is passed on to every app peer, which checks it before believing it: a peer that comes
// later, holding one branch or none, is told too. Cabal clients take no part, and lose nothing.
import crypto from 'hypercore-crypto'
import type DHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import { z } from 'zod'
import type { ForkGuard } from './forks.ts'
import { disagree, verifyHead, type ForkProof as Proof, type Head, type TreeNode } from './signed-heads.ts'

/** Where a peer's own heads come from: a multifeed storage's files (feed-heads.ts), or none (Autobase's, core-heads.ts). */
export interface HeadSource {
  /** Whether this peer holds `key`'s feed (a proof about a feed it does not hold waits for it, a few at most). */
  holds (key: string): boolean
  /** The heads of the feeds it holds (but those `skip` names) that are new since the last call. */
  newHeads (skip: (key: string) => boolean): Promise<Head[]>
  /** The nodes that show the tree of our head `ours` at `length`, or null. */
  proof (ours: Head, length: number): Promise<TreeNode[] | null>
}

/** How often the heads on disk are read again (a new message reads them sooner). */
const RESCAN = 5000
const SOON = 300
/** A message bigger than this is no head nor proof (a head has at most 64 roots; a proof about as many nodes). */
const MAX_MESSAGE = 96 * 1024
const MAX_PENDING = 64

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`))
const node = z.object({ index: z.number().int().min(0).max(2 ** 53), hash: hex(32), size: z.number().int().min(0).max(2 ** 53) })
const bytes = (min: number, max: number) => z.string().regex(new RegExp(`^(?:[0-9a-f]{2}){${min},${max}}$`))
// hypercore 11's heads also carry the core's fork counter and manifest, and its signature may be a multisig's.
const head = z.object({
  key: hex(32),
  length: z.number().int().min(1).max(2 ** 32),
  roots: z.array(node).max(64),
  signature: bytes(64, 2048),
  fork: z.number().int().min(0).max(2 ** 32).optional(),
  manifest: bytes(1, 4096).optional()
}).refine((h) => (h.fork === undefined) === (h.manifest === undefined))
const message = z.discriminatedUnion('t', [
  z.object({ t: z.literal('head'), head }),
  z.object({ t: z.literal('fork'), a: head, b: head, nodes: z.array(node).max(256) })
])
type WireNode = z.infer<typeof node>
type WireHead = z.infer<typeof head>

const toNode = (n: WireNode): TreeNode => ({ index: n.index, hash: Buffer.from(n.hash, 'hex'), size: n.size })
const fromNode = (n: TreeNode): WireNode => ({ index: n.index, hash: n.hash.toString('hex'), size: n.size })
const toHead = (h: WireHead): Head => ({
  key: h.key,
  length: h.length,
  roots: h.roots.map(toNode),
  signature: Buffer.from(h.signature, 'hex'),
  ...(h.manifest === undefined ? {} : { core: { fork: h.fork!, manifest: Buffer.from(h.manifest, 'hex') } })
})
const fromHead = (h: Head): WireHead => ({
  key: h.key,
  length: h.length,
  roots: h.roots.map(fromNode),
  signature: h.signature.toString('hex'),
  ...(h.core ? { fork: h.core.fork, manifest: h.core.manifest.toString('hex') } : {})
})

/** The topic the app's peers of chat `key` meet on to compare heads (not the chat's: Cabal clients are not there). */
export function headsTopic (key: string): Buffer {
  return crypto.hash([Buffer.from('kappa-katas chat: signed heads'), Buffer.from(key, 'hex')])
}

export class HeadGossip {
  private readonly swarm: Hyperswarm
  private readonly discovery: Hyperswarm.PeerDiscovery
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

  /** Tells the heads of `source` to the app peers of chat `key`, on `dht` (the chat's swarm's); marks forks on `guard`. */
  constructor (private readonly source: HeadSource, key: string, dht: DHT, private readonly guard: ForkGuard) {
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

  /**
   * A fork this peer found itself (hypercore 11's, say): checked like any other, then marked and told. A proof
   * about a feed this peer does not hold (yet) waits for it.
   */
  tell (proof: Proof): void {
    if (this.closed || this.proofs.has(proof.a.key) || !disagree(proof.a, proof.b, proof.nodes)) return
    if (this.source.holds(proof.a.key)) return this.found(proof)
    // Kept for when it comes, a few at most (anyone can fork keys of their own).
    this.pending.delete(proof.a.key)
    this.pending.set(proof.a.key, proof)
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!)
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
      for (const head of await this.source.newHeads((key) => this.closed || this.proofs.has(key))) {
        if (this.closed || head.length <= (this.heads.get(head.key)?.length ?? 0)) continue
        this.heads.set(head.key, head)
        for (const socket of this.sockets) this.send(socket, { t: 'head', head: fromHead(head) })
      }
      for (const [key, proof] of this.pending) {
        if (!this.source.holds(key)) continue
        this.pending.delete(key)
        this.found(proof)
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
      return this.tell({ a: toHead(parsed.a), b: toHead(parsed.b), nodes: parsed.nodes.map(toNode) })
    }
    // Their head against ours: checkable here when ours is at least as long (else they check ours).
    const theirs = toHead(parsed.head)
    const ours = this.heads.get(theirs.key)
    if (!ours || this.proofs.has(theirs.key) || ours.length < theirs.length || !verifyHead(theirs)) return
    const nodes = await this.source.proof(ours, theirs.length)
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
