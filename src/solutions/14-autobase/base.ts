// Kata 14 reference solution.
import Autobase from 'autobase'
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import type Hyperswarm from 'hyperswarm'

/** "I had seen the first `length` nodes of this writer": one head of a node. */
export interface Head {
  from: string
  length: number
}

/** One post, as the view holds it. */
export interface Message {
  from: string
  seq: number
  text: string
  after: Head[]
}

/** What writers append to their own core. */
export type Op =
  | { type: 'post', text: string }
  | { type: 'add-writer', key: string, indexer: boolean }

export type View = Hypercore
export type Base = Autobase<View, Op>

/** The view split at its signed length. */
export interface ViewRead {
  indexed: Message[]
  pending: Message[]
}

const KEY = /^[0-9a-f]{64}$/

export async function openBase (store: Corestore, key: Buffer | null = null): Promise<Base> {
  const base: Base = new Autobase(store, key, {
    valueEncoding: 'json',
    open: (views) => views.get({ name: 'messages', valueEncoding: 'json' }),
    apply
  })
  await base.ready()
  return base
}

export async function apply (nodes: Array<Autobase.Node<unknown>>, view: View, host: Autobase.Host): Promise<void> {
  for (const node of nodes) {
    const op = node.value as Record<string, unknown> | null
    if (typeof op !== 'object' || op === null) continue
    if (op.type === 'post' && typeof op.text === 'string') {
      const message: Message = {
        from: node.from.key.toString('hex'),
        seq: node.length - 1,
        text: op.text,
        after: node.heads.map((head) => ({ from: head.key.toString('hex'), length: head.length }))
      }
      await view.append(message)
    } else if (op.type === 'add-writer' && typeof op.key === 'string' && KEY.test(op.key)) {
      if (!node.from.key.equals(host.key)) continue // only the base's creator adds writers
      await host.addWriter(Buffer.from(op.key, 'hex'), { indexer: op.indexer === true })
    }
  }
}

export async function post (base: Base, text: string): Promise<void> {
  if (typeof text !== 'string') throw new TypeError(`post() takes a string, not ${typeof text}`)
  await base.append({ type: 'post', text })
}

export async function addWriter (base: Base, key: Buffer, opts: { indexer?: boolean } = {}): Promise<void> {
  if (!Buffer.isBuffer(key) || key.length !== 32) throw new TypeError('addWriter() takes a writer\'s 32-byte local core key')
  await base.append({ type: 'add-writer', key: key.toString('hex'), indexer: opts.indexer === true })
}

export async function readView (base: Base): Promise<ViewRead> {
  const snapshot = base.view.snapshot({ valueEncoding: 'json' })
  try {
    await snapshot.ready()
    const messages: Message[] = []
    for (let i = 0; i < snapshot.length; i++) messages.push(await snapshot.get(i) as Message)
    const signed = Math.min(snapshot.signedLength, messages.length)
    return { indexed: messages.slice(0, signed), pending: messages.slice(signed) }
  } finally {
    await snapshot.close()
  }
}

export async function joinBase (base: Base, swarm: Hyperswarm): Promise<void> {
  swarm.on('connection', (conn) => base.replicate(conn))
  swarm.join(base.discoveryKey)
  await swarm.flush()
}
