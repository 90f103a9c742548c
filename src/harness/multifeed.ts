// A raw multifeed member, for suites of multifeed-based apps: it writes whatever blocks a test wants (an
// honest peer's, a hostile one's, bytes that are not JSON) and replicates them on a swarm topic, or hands
// them straight to one swarm as a stranger's connection. It knows no kata: only multifeed and the swarm.
import type multifeed from 'multifeed'
import type Hyperswarm from 'hyperswarm'
import type { KataContext } from './context.ts'

type Feed = multifeed.Hypercore9Feed
type Stream = multifeed.ProtocolStream
type Socket = Hyperswarm.NoiseSecretStream

/** What a raw member saw of one connection: the other side's replication handshake, or the error that ended it. */
export interface RawConnection { handshake: boolean, error?: string }

export interface RawMember {
  /** Its multifeed (binary blocks, the secret given). */
  readonly feeds: multifeed.Multifeed
  /** Its own feed's key (hex); '' for a member opened without a feed of its own. */
  readonly author: string
  /** Its swarm's public key (hex), once it joined a topic. */
  swarmKey: string
  /** Each connection it replicated on, by the other side's swarm key. */
  readonly connections: Map<string, RawConnection>
  /** Appends blocks to its own feed: Buffers as they are, anything else as JSON. */
  write (...blocks: unknown[]): Promise<void>
  /** Block `seq` of `author`'s feed once this member has it, parsed as JSON (null when it is not JSON). */
  read (author: string, seq: number): Promise<unknown>
  /** Replicates, live, on every connection of a swarm of its own that joins `topic` (both ways by default). */
  join (topic: Buffer, opts?: { server?: boolean, client?: boolean }): Promise<void>
  /**
   * Replicates, live, on a stranger's connection handed to `swarm` (no DHT: the swarm's 'connection'
   * listeners get it, as from any peer). `setup` sees the replication stream before any data flows.
   */
  handTo (swarm: Hyperswarm, setup?: (stream: Stream) => void): Promise<{ key: string, ours: Socket, theirs: Socket, stream: Stream }>
  /** A new member (no feed of its own) holding a copy of this member's feeds, and nothing else. */
  copy (): Promise<RawMember>
}

/**
 * A multifeed member of the room whose secret is `secret` (hex or bytes), in a temp dir, closed after the
 * test. `{ writer: false }`: no feed of its own (a courier for other members' feeds).
 */
export async function rawMember (k: KataContext, secret: string | Buffer, opts: { writer?: boolean } = {}): Promise<RawMember> {
  const { default: multifeed } = await import('multifeed')
  const encryptionKey = typeof secret === 'string' ? Buffer.from(secret, 'hex') : secret
  const feeds = multifeed(await k.tmp(), { valueEncoding: 'binary', encryptionKey })
  k.teardown(() => new Promise<void>((resolve) => feeds.close(() => resolve())))
  await k.step('a raw member\'s multifeed', new Promise<void>((resolve) => feeds.ready(() => resolve())))
  const own = opts.writer === false
    ? null
    : await k.step('a raw member\'s own feed', new Promise<Feed>((resolve, reject) => {
      feeds.writer('local', (err, feed) => err ? reject(err) : resolve(feed))
    }))
  const connections = new Map<string, RawConnection>()

  const replicate = (socket: Socket, isInitiator: boolean, setup?: (stream: Stream) => void): Stream => {
    socket.on('error', () => {})
    const stream = feeds.replicate(isInitiator, { live: true })
    const seen: RawConnection = { handshake: false }
    if (socket.remotePublicKey) connections.set(socket.remotePublicKey.toString('hex'), seen)
    ;(stream as unknown as NodeJS.EventEmitter).once('handshake', () => { seen.handshake = true })
    stream.on('error', (err: Error) => { seen.error ??= err.message; socket.destroy() })
    setup?.(stream)
    socket.pipe(stream).pipe(socket)
    return stream
  }

  const member: RawMember = {
    feeds,
    author: own ? own.key.toString('hex') : '',
    swarmKey: '',
    connections,
    write: (...blocks) => k.step('a raw member appending', new Promise<void>((resolve, reject) => {
      if (!own) return reject(new Error('this raw member has no feed of its own'))
      own.append(blocks.map((b) => Buffer.isBuffer(b) ? b : Buffer.from(JSON.stringify(b))), (err) => err ? reject(err) : resolve())
    })),
    read: async (author, seq) => {
      await k.until(`a raw member to replicate entry ${seq} of ${author.slice(0, 8)}…'s feed`, () => (feeds.feed(author)?.length ?? 0) > seq)
      const bytes = await k.step('a raw member reading an entry', new Promise<Buffer>((resolve, reject) => {
        feeds.feed(author)!.get(seq, (err, data) => err ? reject(err) : resolve(data as Buffer))
      }))
      try { return JSON.parse(bytes.toString()) } catch { return null }
    },
    join: async (topic, how = {}) => {
      const swarm = await k.swarm()
      member.swarmKey = swarm.keyPair.publicKey.toString('hex')
      swarm.on('connection', (socket) => replicate(socket, socket.isInitiator))
      await k.step('a raw member announcing its topic', swarm.join(topic, how).flushed())
      await k.step('a raw member\'s first lookup', swarm.flush())
    },
    handTo: async (swarm, setup) => {
      const { ours, theirs, key } = await k.stranger(swarm)
      const stream = replicate(theirs, true, setup)
      swarm.emit('connection', ours, {} as never)
      return { key, ours, theirs, stream }
    },
    copy: async () => {
      const courier = await rawMember(k, encryptionKey, { writer: false })
      const a = feeds.replicate(true, { live: false })
      const b = courier.feeds.replicate(false, { live: false })
      for (const s of [a, b]) s.on('error', () => {})
      a.pipe(b).pipe(a)
      const want = feeds.feeds().map((f) => [f.key.toString('hex'), f.length] as const)
      await k.until('a copy of a raw member\'s feeds', () => want.every(([key, length]) => {
        const copied = courier.feeds.feed(key)
        return copied !== undefined && copied.length >= length && copied.downloaded(0, length) === length
      }))
      a.destroy()
      b.destroy()
      return courier
    }
  }
  return member
}
