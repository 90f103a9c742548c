// The messages the app's peers tell each other about forks (head-gossip.ts), and keep (fork-record.ts): a signed
// head, or a proof of a fork (two heads and the nodes between), as JSON with bytes in hex. Anything else, or
// anything out of bounds, is not one: a peer's junk is refused here, before any of it is believed.
import { z } from 'zod'
import type { ForkProof, Head, TreeNode } from './signed-heads.ts'

/** A message bigger than this is no head nor proof (a head has at most 64 roots; a proof about as many nodes). */
export const MAX_MESSAGE = 96 * 1024

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
export const message = z.discriminatedUnion('t', [
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

export type Message = z.infer<typeof message>
type ForkMessage = Extract<Message, { t: 'fork' }>

/** The message in `data`, or null if it is not one. */
export function parseMessage (data: Buffer): Message | null {
  if (data.length > MAX_MESSAGE) return null
  try {
    return message.parse(JSON.parse(data.toString('utf8')))
  } catch {
    return null
  }
}

export const encode = (m: Message): Buffer => Buffer.from(JSON.stringify(m))
export const headMessage = (head: Head): Message => ({ t: 'head', head: fromHead(head) })
export const proofMessage = (p: ForkProof): ForkMessage => ({ t: 'fork', a: fromHead(p.a), b: fromHead(p.b), nodes: p.nodes.map(fromNode) })
export const proofOf = (m: ForkMessage): ForkProof => ({ a: toHead(m.a), b: toHead(m.b), nodes: m.nodes.map(toNode) })
export const headIn = (m: Extract<Message, { t: 'head' }>): Head => toHead(m.head)
