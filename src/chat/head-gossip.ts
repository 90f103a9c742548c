// Forks, told: the app's own peers meet on a topic of their own (the chat's connections carry only the engine's
// replication) and tell each other the signed head of every feed they hold, and every proof of a fork they have.
// A peer whose copy of a feed disagrees with a head it is told has a proof of a fork (multifeed's hypercore 9
// keeps no watch; hypercore 11, the Autobase engine's, finds one only when a longer branch meets a shorter, and
// the app hands those in). A proof
// marks the member and is passed on to every app peer, which checks it before believing it: a peer that comes
// later, holding one branch or none, is told too. Cabal clients take no part, and lose nothing.
import crypto from 'hypercore-crypto'
import type DHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import type { ForkGuard } from './forks.ts'
import { disagree, verifyHead, type ForkProof as Proof, type Head, type TreeNode } from './signed-heads.ts'
import { encode, headIn, headMessage, parseMessage, proofMessage, proofOf, type Message } from './fork-wire.ts'
import type { ForkRecord, Recorded } from './fork-record.ts'

/** Where a peer's own heads come from: a multifeed storage's files (feed-heads.ts), or the Autobase engine's writer cores (member-heads.ts). */
export interface HeadSource {
  /** Whether this peer holds `key`'s feed (a proof about a feed it does not hold waits for it, a few at most). */
  holds (key: string): boolean
  /** The heads of the feeds it holds (but those `skip` names) that are new since the last call. */
  newHeads (skip: (key: string) => boolean): Promise<Head[]>
  /** A proof about `key`'s feed waits for it: fetch what would show it, if there is a way (called again while it waits). */
  waiting? (key: string): void
  /** Our head of `ours`'s feed (`ours`, or a newer one) with the nodes that show its tree at `length`, or null. */
  proof (ours: Head, length: number): Promise<{ head: Head, nodes: TreeNode[] } | null>
}

/** How often the heads are read again (a new message reads them sooner). */
const RESCAN = 5000
const SOON = 300
const MAX_PENDING = 64

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
  private readonly pending = new Map<string, Recorded>()
  /** The keys whose proofs the record holds already. */
  private readonly recorded = new Set<string>()
  private readonly sockets = new Set<Hyperswarm.NoiseSecretStream>()
  private timer: NodeJS.Timeout | undefined
  private scanning: Promise<void> | null = null
  private again = false
  /** A look is due within SOON ms. */
  private early = false
  private closed = false

  /**
   * Tells the heads of `source` to the app peers of chat `key`, on `dht` (the chat's swarm's); marks forks on
   * `guard`, and keeps them in `record` (those it kept before are marked again, once checked).
   */
  constructor (private readonly source: HeadSource, key: string, dht: DHT, private readonly guard: ForkGuard, private readonly record: ForkRecord | null = null) {
    this.swarm = new Hyperswarm({ dht })
    this.swarm.on('connection', (socket: Hyperswarm.NoiseSecretStream) => this.onConnection(socket))
    this.discovery = this.swarm.join(headsTopic(key))
    guard.on('message', () => this.soon())
    guard.on('nick', () => this.soon())
    for (const kept of record?.read() ?? []) {
      this.recorded.add(kept.proof.a.key)
      this.tell(kept.proof, kept.at)
    }
    this.scan()
  }

  /** Resolves once the topic is announced (and the peers already there were tried). */
  async flushed (): Promise<void> {
    await this.discovery.flushed()
  }

  /**
   * A fork this peer found itself (hypercore 11's, say) or was told of: checked, then marked and told. A proof
   * about a feed this peer does not hold (yet) waits for it.
   */
  tell (proof: Proof, at = Date.now()): void {
    if (this.closed || this.proofs.has(proof.a.key) || !disagree(proof.a, proof.b, proof.nodes)) return
    if (this.source.holds(proof.a.key)) return this.found({ proof, at })
    // Kept for when it comes, a few at most (anyone can fork keys of their own).
    this.pending.delete(proof.a.key)
    this.pending.set(proof.a.key, { proof, at })
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!)
    this.source.waiting?.(proof.a.key)
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
        for (const socket of this.sockets) this.send(socket, headMessage(head))
      }
      for (const [key, waiting] of this.pending) {
        if (this.closed) continue
        if (!this.source.holds(key)) {
          this.source.waiting?.(key)
          continue
        }
        this.pending.delete(key)
        this.found(waiting)
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
    for (const head of this.heads.values()) this.send(socket, headMessage(head))
    for (const proof of this.proofs.values()) this.send(socket, proofMessage(proof))
  }

  private async onMessage (socket: Hyperswarm.NoiseSecretStream, data: Buffer): Promise<void> {
    const parsed = parseMessage(data)
    if (!parsed) return void socket.destroy() // not one of ours: a peer that talks nonsense is dropped
    if (parsed.t === 'fork') return this.tell(proofOf(parsed))
    // Their head against ours: checkable here when ours is at least as long (else they check ours).
    const theirs = headIn(parsed)
    const ours = this.heads.get(theirs.key)
    if (!ours || this.proofs.has(theirs.key) || ours.length < theirs.length || !verifyHead(theirs)) return
    const shown = await this.source.proof(ours, theirs.length)
    if (shown && !this.proofs.has(theirs.key) && disagree(theirs, shown.head, shown.nodes)) this.found({ proof: { a: theirs, b: shown.head, nodes: shown.nodes }, at: Date.now() })
  }

  /** A proven fork: marked here, kept, and passed on to every app peer (each checks it). */
  private found ({ proof, at }: Recorded): void {
    const key = proof.a.key
    this.proofs.set(key, proof)
    this.guard.fork(key, at)
    if (!this.recorded.has(key)) {
      this.recorded.add(key)
      this.record?.add({ proof, at })
    }
    for (const socket of this.sockets) this.send(socket, proofMessage(proof))
  }

  private send (socket: Hyperswarm.NoiseSecretStream, m: Message): void {
    if (!socket.destroyed) socket.write(encode(m))
  }
}
