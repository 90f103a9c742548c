// Kata 12 reference solution: a Cabal-compatible chat on kappa-core, multifeed and hyperswarm.
import { EventEmitter } from 'node:events'
import crypto from 'hypercore-crypto'
import kappa from 'kappa-core'
import multifeed from 'multifeed'
import type Hyperswarm from 'hyperswarm'
import { z } from 'zod'

export const DEFAULT_CHANNEL = 'default'

export const LIMITS = { text: 4096, nick: 64, channel: 64, clock: 2 ** 32 } as const

export interface ChatMessage {
  author: string
  seq: number
  clock: number
  channel: string
  text: string
  timestamp: number
}

export interface NickChange {
  author: string
  nick: string
}

export type Entry =
  | { type: 'chat/text', content: { channel: string, text: string }, timestamp: number, clock?: number }
  | { type: 'about', content: { name: string }, timestamp: number, clock?: number }

export interface ChatOptions {
  storage: string
  key: string
  nick?: string
  swarm: Hyperswarm
}

export interface ChatEvents {
  message: [message: ChatMessage]
  nick: [change: NickChange]
  peers: [peers: string[]]
  error: [err: Error]
}

export interface Chat extends EventEmitter<ChatEvents> {
  readonly key: string
  readonly author: string
  send (text: string, channel?: string): Promise<ChatMessage>
  setNick (name: string): Promise<void>
  nickOf (author: string): string | undefined
  history (channel?: string): ChatMessage[]
  channels (): string[]
  peers (): string[]
  close (): Promise<void>
}

export function chatTopic (key: Uint8Array): Buffer {
  if (key.byteLength !== 32) throw new Error('a chat key is 32 bytes')
  // BLAKE2b-256 of the bytes "hypercore", keyed with the chat key: hypercore's discovery key,
  // the same in hypercore-crypto 2 (cabal-core) and 3.
  return crypto.discoveryKey(Buffer.from(key))
}

const noControl = (s: string): boolean => !/[\u0000-\u001f\u007f-\u009f]/.test(s)
const clock = z.number().int().min(0).max(LIMITS.clock)
const timestamp = z.number().finite().min(0)
const entrySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('chat/text'),
    content: z.object({
      channel: z.string().min(1).max(LIMITS.channel).refine(noControl).refine((s) => !/\s/.test(s)),
      text: z.string().min(1).max(LIMITS.text)
    }),
    timestamp,
    clock: clock.optional()
  }),
  z.object({
    type: z.literal('about'),
    content: z.object({ name: z.string().min(1).max(LIMITS.nick).refine(noControl) }),
    timestamp,
    clock: clock.optional()
  })
])

export function parseEntry (bytes: Uint8Array): Entry | null {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'))
  } catch {
    return null
  }
  const result = entrySchema.safeParse(value)
  return result.success ? result.data : null
}

export function compareMessages (a: ChatMessage, b: ChatMessage): number {
  if (a.clock !== b.clock) return a.clock - b.clock
  if (a.author !== b.author) return a.author < b.author ? -1 : 1
  return a.seq - b.seq
}

/** One connection from the swarm's 'connection' event: an encrypted duplex stream to one peer. */
export type SwarmConnection = Hyperswarm.NoiseSecretStream

type Feed = kappa.Hypercore9Feed
type Socket = SwarmConnection

/** Re-announce and re-look-up the topic after about 1 s, 2 s, 4 s … at most every minute. */
const REFRESH_FIRST = 1000
const REFRESH_MAX = 60000
/** A connection whose replication handshake did not arrive by then is dead. */
const HANDSHAKE_TIMEOUT = 3000

/** `ms`, give or take half: peers that started together must not keep acting in lockstep. */
const jitter = (ms: number): number => ms * (0.5 + Math.random())

class KappaChat extends EventEmitter<ChatEvents> implements Chat {
  readonly key: string
  author = ''
  private readonly feeds: multifeed.Multifeed
  private readonly core: kappa.Kappa
  private feed: Feed | null = null
  private readonly topic: Buffer
  private readonly byChannel = new Map<string, ChatMessage[]>()
  private readonly nicks = new Map<string, string>()
  /** Effective clock of the last valid entry of each feed. */
  private readonly lastClock = new Map<string, number>()
  /** How many of our own entries the view has indexed, and who waits for the next ones. */
  private ownIndexed = 0
  private readonly waiting = new Map<number, () => void>()
  private readonly sockets = new Set<Socket>()
  private discovery: Hyperswarm.PeerDiscovery | null = null
  private refreshTimer: NodeJS.Timeout | null = null
  private lamport = 0
  private closing: Promise<void> | null = null

  constructor (storage: string, key: Buffer, private readonly swarm: Hyperswarm) {
    super()
    this.key = key.toString('hex')
    this.topic = chatTopic(key)
    // Blocks stay bytes: parseEntry decides what they mean, so a bad block can't break the feed.
    this.feeds = multifeed(storage, { valueEncoding: 'binary', encryptionKey: key })
    this.feeds.on('error', (err) => this.fail(err))
    this.core = kappa(null, { multifeed: this.feeds })
    this.core.on('error', (err) => this.fail(err))
    this.core.use('chat', {
      // Index in big batches: a late joiner's thousands of entries go through in few rounds.
      maxBatch: 100,
      map: (entries: Array<kappa.Entry<unknown>>, next) => {
        this.index(entries as Array<kappa.Entry<Buffer>>)
        next()
      }
    })
    this.onConnection = this.onConnection.bind(this)
  }

  async open (nick: string | undefined): Promise<void> {
    this.feed = await new Promise<Feed>((resolve, reject) => {
      this.core.writer('local', (err, feed) => err ? reject(err) : resolve(feed))
    })
    this.feed.on('error', (err) => this.fail(err))
    this.author = this.feed.key.toString('hex')
    // Everything on disk is indexed before the chat is handed out.
    await new Promise<void>((resolve) => this.core.ready(() => resolve()))
    if (nick !== undefined && this.nicks.get(this.author) !== nick) await this.setNick(nick)
    this.joinSwarm()
  }

  // ---- the network ------------------------------------------------------------------------

  private joinSwarm (): void {
    this.swarm.on('connection', this.onConnection)
    this.discovery = this.swarm.join(this.topic, { server: true, client: true })
    // Two peers that announce at the same moment can miss each other, and hyperswarm only
    // refreshes every few minutes: look again soon, then less and less often. The jitter keeps two
    // peers that started together from finding, and dialling, each other at the very same moment.
    let delay = REFRESH_FIRST
    const refresh = (): void => {
      this.refreshTimer = setTimeout(() => {
        this.discovery?.refresh().catch(() => {})
        delay = Math.min(delay * 2, REFRESH_MAX)
        refresh()
      }, jitter(delay))
    }
    refresh()
  }

  private onConnection (socket: Socket): void {
    if (this.closing) return void socket.destroy()
    socket.on('error', () => {})
    const stream = this.core.replicate(socket.isInitiator, { live: true })
    stream.on('error', () => socket.destroy())
    socket.pipe(stream).pipe(socket)
    // A connection that never brings the other side's replication handshake is dead (the two sides
    // disagree about it: a duplicate one side dropped, a hole punch one side never saw): drop it, look again.
    const silent = setTimeout(() => {
      socket.destroy()
      if (!this.closing) this.discovery?.refresh().catch(() => {})
    }, HANDSHAKE_TIMEOUT)
    ;(stream as unknown as EventEmitter).once('handshake', () => clearTimeout(silent))
    this.sockets.add(socket)
    socket.once('close', () => {
      clearTimeout(silent)
      stream.destroy()
      this.sockets.delete(socket)
      this.emit('peers', this.peers())
    })
    this.emit('peers', this.peers())
  }

  // ---- indexing ---------------------------------------------------------------------------

  private index (entries: Array<kappa.Entry<Buffer>>): void {
    for (const { key: author, seq, value } of entries) {
      const entry = parseEntry(value)
      if (entry) {
        // An entry without a clock (Cabal's) comes right after the previous one of its feed.
        const clock = entry.clock ?? (this.lastClock.get(author) ?? 0) + 1
        this.lastClock.set(author, clock)
        this.lamport = Math.max(this.lamport, clock)
        if (entry.type === 'chat/text') {
          this.addMessage({ author, seq, clock, channel: entry.content.channel, text: entry.content.text, timestamp: entry.timestamp })
        } else if (this.nicks.get(author) !== entry.content.name) {
          // A nick is always the nick of the feed it was written to, whatever else the entry says.
          this.nicks.set(author, entry.content.name)
          this.emit('nick', { author, nick: entry.content.name })
        }
      }
      if (author === this.author) {
        this.ownIndexed = seq + 1
        this.waiting.get(seq)?.()
        this.waiting.delete(seq)
      }
    }
  }

  private addMessage (message: ChatMessage): void {
    let list = this.byChannel.get(message.channel)
    if (!list) this.byChannel.set(message.channel, list = [])
    let i = list.length
    while (i > 0 && compareMessages(list[i - 1], message) > 0) i--
    list.splice(i, 0, message)
    this.emit('message', message)
  }

  private fail (err: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', err)
  }

  // ---- the API ----------------------------------------------------------------------------

  async send (text: string, channel = DEFAULT_CHANNEL): Promise<ChatMessage> {
    const seq = await this.append({ type: 'chat/text', content: { channel, text }, timestamp: Date.now(), clock: this.lamport + 1 })
    return this.history(channel).find((m) => m.author === this.author && m.seq === seq)!
  }

  async setNick (name: string): Promise<void> {
    await this.append({ type: 'about', content: { name }, timestamp: Date.now(), clock: this.lamport + 1 })
  }

  nickOf (author: string): string | undefined {
    return this.nicks.get(author)
  }

  history (channel = DEFAULT_CHANNEL): ChatMessage[] {
    return [...(this.byChannel.get(channel) ?? [])]
  }

  channels (): string[] {
    return [...this.byChannel.keys()].sort()
  }

  peers (): string[] {
    return [...new Set([...this.sockets].map((s) => s.remotePublicKey!.toString('hex')))]
  }

  /** Appends a (valid) entry to our feed; resolves with its seq once history() shows it. */
  private append (entry: Entry): Promise<number> {
    if (this.closing) return Promise.reject(new Error('the chat is closed'))
    const bytes = Buffer.from(JSON.stringify(entry))
    if (!parseEntry(bytes)) return Promise.reject(new Error('not a valid chat entry: empty or too long, or a bad channel or nick'))
    this.lamport = Math.max(this.lamport, entry.clock ?? 0)
    return new Promise((resolve, reject) => {
      this.feed!.append(bytes, (err, seq) => {
        if (err) return reject(err)
        if (seq < this.ownIndexed) resolve(seq)
        else this.waiting.set(seq, () => resolve(seq))
      })
    })
  }

  close (): Promise<void> {
    this.closing ??= (async () => {
      if (this.refreshTimer) clearTimeout(this.refreshTimer)
      this.swarm.off('connection', this.onConnection)
      await this.discovery?.destroy().catch(() => {})
      for (const socket of this.sockets) socket.destroy()
      await new Promise<void>((resolve) => this.core.pause(() => resolve()))
      await new Promise<void>((resolve, reject) => {
        this.feeds.close((err) => err ? reject(err) : resolve())
      })
    })()
    return this.closing
  }
}

export async function createChat (opts: ChatOptions): Promise<Chat> {
  if (!/^[0-9a-f]{64}$/i.test(opts.key)) throw new Error('a chat key is 64 hex characters (32 bytes)')
  const chat = new KappaChat(opts.storage, Buffer.from(opts.key, 'hex'), opts.swarm)
  try {
    await chat.open(opts.nick)
  } catch (err) {
    await chat.close().catch(() => {})
    throw err
  }
  return chat
}
