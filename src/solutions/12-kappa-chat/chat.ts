// Kata 12 reference solution: a Cabal-compatible chat on kappa-core, multifeed and hyperswarm.
import { EventEmitter } from 'node:events'
import crypto from 'hypercore-crypto'
import kappa from 'kappa-core'
import multifeed from 'multifeed'
import sortedBtree from 'sorted-btree'
import type Hyperswarm from 'hyperswarm'
import { z } from 'zod'

export const DEFAULT_CHANNEL = 'default'

/**
 * `timestamp` is at most the last moment a Date can hold (8.64e15 ms, in the year 275760). `skew`: how far
 * ahead of the reader's clock an entry without a clock may be stamped before it waits for its time (ms).
 */
export const LIMITS = { text: 4096, nick: 64, channel: 64, clock: 2 ** 32, timestamp: 8.64e15, skew: 60000 } as const

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

/** The entry an entry follows: a feed key (hex) and a seq in that feed. */
export interface EntryRef {
  key: string
  seq: number
}

export type Entry =
  | { type: 'chat/text', content: { channel: string, text: string }, timestamp: number, clock?: number, after?: EntryRef }
  | { type: 'about', content: { name: string }, timestamp: number, clock?: number, after?: EntryRef }

/** An entry as send and setNick ask for it, before it is stamped. */
type Unstamped = { type: 'chat/text', content: { channel: string, text: string } } | { type: 'about', content: { name: string } }

export interface ChatOptions {
  storage: multifeed.Storage
  key: string
  nick?: string
  defaultNick?: string
  swarm: Hyperswarm
}

export interface PeerInfo {
  key: string
  author?: string
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
  peerInfo (): PeerInfo[]
  close (): Promise<void>
}

export function chatTopic (key: Uint8Array): Buffer {
  if (key.byteLength !== 32) throw new Error('a chat key is 32 bytes')
  // BLAKE2b-256 of the bytes "hypercore", keyed with the chat key: hypercore's discovery key,
  // the same in hypercore-crypto 2 (cabal-core) and 3.
  return crypto.discoveryKey(Buffer.from(key))
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const noControl = (s: string): boolean => !CONTROL.test(s)
const clock = z.number().int().min(0).max(LIMITS.clock)
// Not always an integer: cabal-core's monotonic-timestamp adds fractions to make its timestamps unique.
const timestamp = z.number().min(0).max(LIMITS.timestamp)
const after = z.object({ key: z.string().regex(/^[0-9a-f]{64}$/), seq: z.number().int().min(0) })
const entrySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('chat/text'),
    content: z.object({
      channel: z.string().min(1).max(LIMITS.channel).refine(noControl).refine((s) => !/\s/.test(s)),
      text: z.string().min(1).max(LIMITS.text)
    }),
    timestamp,
    clock: clock.optional(),
    after: after.optional()
  }),
  z.object({
    type: z.literal('about'),
    content: z.object({ name: z.string().min(1).max(LIMITS.nick).refine(noControl) }),
    timestamp,
    clock: clock.optional(),
    after: after.optional()
  })
])

export function parseEntry (bytes: Uint8Array): Entry | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'))
    const result = entrySchema.safeParse(value)
    return result.success ? result.data : null
  } catch {
    return null
  }
}

export function compareMessages (a: ChatMessage, b: ChatMessage): number {
  if (a.clock !== b.clock) return a.clock - b.clock
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp
  if (a.author !== b.author) return a.author < b.author ? -1 : 1
  return a.seq - b.seq
}

/** One connection from the swarm's 'connection' event: an encrypted duplex stream to one peer. */
export type SwarmConnection = Hyperswarm.NoiseSecretStream

type Feed = kappa.Hypercore9Feed
type Socket = SwarmConnection

// A B+ tree: a sorted map whose inserts, deletes and look-ups (nearest key too) take O(log n).
// (sorted-btree is CommonJS: its class is the module's `default`.)
const SortedMap = sortedBtree.default
type SortedMap<K, V> = InstanceType<typeof SortedMap<K, V>>

/** Clockless messages by when they were written (then author and seq, so that no two are equal). */
function byTimestamp (a: ChatMessage, b: ChatMessage): number {
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp
  if (a.author !== b.author) return a.author < b.author ? -1 : 1
  return a.seq - b.seq
}

/** Two lists in compareMessages order, as one. */
function merge (a: ChatMessage[], b: ChatMessage[]): ChatMessage[] {
  const merged: ChatMessage[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) merged.push(compareMessages(a[i], b[j]) <= 0 ? a[i++] : b[j++])
  return merged.concat(a.slice(i), b.slice(j))
}

/** Re-announce and re-look-up the topic after about 1 s, 2 s, 4 s … at most every minute. */
const REFRESH_FIRST = 1000
const REFRESH_MAX = 60000
/**
 * How long a send waits for the wall clock to pass its previous entry's timestamp. Longer than that, the
 * clock went back (a restart, a corrected clock): the entry is stamped just after the previous one.
 */
const CLOCK_WAIT = 2000
/** Entries within one millisecond are this much apart. */
const STEP = 0.001
/** A connection whose replication handshake did not arrive by then is dead. */
const HANDSHAKE_TIMEOUT = 3000

/** `ms`, give or take half: peers that started together must not keep acting in lockstep. */
const jitter = (ms: number): number => ms * (0.5 + Math.random())

/**
 * One channel's messages, in two orders that never change once a message is in them, so that a message
 * costs O(log n) to add whatever arrives later. A message without a clock (Cabal's) takes its clock from
 * the clock steps when read: an entry indexed later can raise it, but never moves it among the others
 * without a clock (a later timestamp never gets a lower clock).
 */
interface Channel {
  /** Messages with a clock, in compareMessages order. */
  clocked: SortedMap<ChatMessage, undefined>
  /** Messages without one, by timestamp. */
  clockless: SortedMap<ChatMessage, undefined>
}

/**
 * How many entries of one feed wait in memory to be indexed. A feed waits whole behind its first entry
 * (for the entry it follows, or for its time), however long: the rest stays on disk and is read again
 * when its turn comes, so that no feed, a hostile one's included, holds more than this.
 */
const HELD = 100

/** What the view knows of one feed. */
interface FeedState {
  /**
   * Entries received but not indexed yet, parsed (null: not a valid entry, nothing else kept of it): the
   * first one waits for the entry it follows, or for its time. At most HELD.
   */
  queue: Array<{ seq: number, entry: Entry | null }>
  /** The next seq to index. */
  next: number
  /** One more than the last seq received: the entries after the queue, up to there, wait on disk. */
  received: number
  /** The read again from disk under way, if any (createChat waits for it). */
  reading: Promise<void> | null
  /** The clock of the feed's last entry that had one (0: none yet). */
  clock: number
  /** The clock of each indexed entry that has one, by seq: what an `after` can name. */
  clocks: number[]
  /** The timestamp of the feed's last valid entry, as indexed (0: none yet). */
  timestamp: number
}

class KappaChat extends EventEmitter<ChatEvents> implements Chat {
  readonly key: string
  author = ''
  private readonly feeds: multifeed.Multifeed
  private readonly core: kappa.Kappa
  private feed: Feed | null = null
  private readonly topic: Buffer
  private readonly byChannel = new Map<string, Channel>()
  private readonly nicks = new Map<string, string>()
  private readonly feedStates = new Map<string, FeedState>()
  /** How many entries were not valid: skipped, counted, nothing kept of them. */
  private rejected = 0
  /**
   * The clock steps: timestamp → the highest clock of the entries with a clock stamped up to then, kept
   * only where it rises. A clockless entry comes after every entry with a clock and an earlier timestamp:
   * its clock is that of the step just before its timestamp.
   */
  private readonly steps: SortedMap<number, number> = new SortedMap()
  /** The highest clock indexed, and the entry that has it: what our next entry follows. */
  private highest: { clock: number, ref: EntryRef | null } = { clock: 0, ref: null }
  /** The timestamp of our last entry (0: none yet): the next one is later, even within the same millisecond. */
  private lastTimestamp = 0
  /** Our entries are stamped and appended one at a time, in the order they were asked for. */
  private writing: Promise<unknown> = Promise.resolve()
  /** How many of our own entries the view has indexed, and who waits for the next ones. */
  private ownIndexed = 0
  private readonly waiting = new Map<number, () => void>()
  /** Our entries under way (stamped and written, not yet shown): close() lets each finish or fail first. */
  private readonly writes = new Set<Promise<number>>()
  private readonly sockets = new Map<Socket, PeerInfo>()
  private discovery: Hyperswarm.PeerDiscovery | null = null
  private refreshTimer: NodeJS.Timeout | undefined
  /** Wakes the view when the earliest entry from the future comes within the skew. */
  private wakeTimer: NodeJS.Timeout | undefined
  private wakeTime = 0
  private closing: Promise<void> | null = null

  constructor (storage: multifeed.Storage, key: Buffer, private readonly swarm: Hyperswarm) {
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
        this.receive(entries as Array<kappa.Entry<Buffer>>)
        next()
      }
    })
    this.onConnection = this.onConnection.bind(this)
  }

  async open (nick: string | undefined, defaultNick: string | undefined): Promise<void> {
    this.feed = await new Promise<Feed>((resolve, reject) => {
      this.core.writer('local', (err, feed) => err ? reject(err) : resolve(feed))
    })
    // It needs no 'error' handler: hypercore 9 emits 'error' only while opening, and the writer comes opened.
    this.author = this.feed.key.toString('hex')
    // Everything on disk is indexed before the chat is handed out.
    await new Promise<void>((resolve) => this.core.ready(() => resolve()))
    // What waited on disk for an entry indexed since is read again: that too.
    for (let reads = this.reads(); reads.length > 0; reads = this.reads()) await Promise.all(reads)
    // A nick given now wins; a default only names a chat that has no nick of ours yet.
    const want = nick ?? (this.nicks.has(this.author) ? undefined : defaultNick)
    if (want !== undefined && this.nicks.get(this.author) !== want) await this.setNick(want)
    this.joinSwarm()
  }

  // ---- the network ------------------------------------------------------------------------

  private joinSwarm (): void {
    const discovery = this.swarm.join(this.topic, { server: true, client: true })
    this.discovery = discovery
    this.swarm.on('connection', this.onConnection)
    // Two peers that announce at the same moment can miss each other, and hyperswarm only
    // refreshes every few minutes: look again soon, then less and less often. The jitter keeps two
    // peers that started together from finding, and dialling, each other at the very same moment.
    let delay = REFRESH_FIRST
    const refresh = (): void => {
      this.refreshTimer = setTimeout(() => {
        discovery.refresh().catch(() => {})
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
    const info: PeerInfo = { key: socket.remotePublicKey!.toString('hex') }
    // Cabal's 'peer-id' extension: each side sends its local feed key; a Cabal client lists a peer
    // only once it got one. Registered before any data flows, so that the handshake announces it.
    const peerId = stream.registerExtension<{ id?: unknown }>('peer-id', {
      encoding: 'json',
      onmessage: (message) => {
        if (info.author !== undefined || typeof message?.id !== 'string' || !/^[0-9a-f]{64}$/.test(message.id)) return
        info.author = message.id
        this.emit('peers', this.peers())
      }
    })
    peerId.send({ id: this.author })
    socket.pipe(stream).pipe(socket)
    // A connection that never brings the other side's replication handshake is dead (the two sides
    // disagree about it: a duplicate one side dropped, a hole punch one side never saw): drop it, look again.
    // (Once close() has begun, the discovery is destroyed and refresh() rejects: nothing to guard.)
    const silent = setTimeout(() => {
      socket.destroy()
      this.discovery!.refresh().catch(() => {})
    }, HANDSHAKE_TIMEOUT)
    ;(stream as unknown as EventEmitter).once('handshake', () => clearTimeout(silent))
    this.sockets.set(socket, info)
    socket.once('close', () => {
      clearTimeout(silent)
      stream.destroy()
      this.sockets.delete(socket)
      this.emit('peers', this.peers())
    })
    this.emit('peers', this.peers())
  }

  // ---- indexing ---------------------------------------------------------------------------

  private state (author: string): FeedState {
    let state = this.feedStates.get(author)
    if (!state) this.feedStates.set(author, state = { queue: [], next: 0, received: 0, reading: null, clock: 0, clocks: [], timestamp: 0 })
    return state
  }

  /** Queues an entry, parsed, if there is room for it and none before it waits on disk (else it waits there). */
  private hold (state: FeedState, seq: number, value: Buffer): void {
    if (state.queue.length >= HELD || seq !== state.next + state.queue.length) return
    state.queue.push({ seq, entry: parseEntry(value) })
  }

  /** New entries of one feed, in feed order: queue them, then index whatever can be indexed. */
  private receive (entries: Array<kappa.Entry<Buffer>>): void {
    for (const { key, seq, value } of entries) {
      const state = this.state(key)
      state.received = seq + 1
      this.hold(state, seq, value)
    }
    // An entry that follows one not indexed yet waits for it (with the rest of its feed), whatever
    // order the feeds arrive in: go round until nothing more can be indexed.
    let progress = true
    while (progress) {
      progress = false
      for (const [author, state] of this.feedStates) {
        while (state.queue.length > 0 && this.indexNext(author, state)) progress = true
        if (state.queue.length === 0 && state.next < state.received) this.readAgain(author, state)
      }
    }
  }

  /** Reads the next entries of a feed that waited on disk, then indexes on. */
  private readAgain (author: string, state: FeedState): void {
    if (state.reading || this.closing) return
    const end = Math.min(state.received, state.next + HELD)
    state.reading = new Promise<void>((resolve) => {
      this.feeds.feed(author)!.getBatch<Buffer>(state.next, end, (err, values) => {
        state.reading = null
        resolve()
        if (this.closing) return
        if (err) return this.fail(err)
        values.forEach((value, i) => this.hold(state, state.next + i, value))
        this.receive([])
      })
    })
  }

  /** Indexes the first queued entry of a feed; false if it must wait for the entry it follows. */
  private indexNext (author: string, state: FeedState): boolean {
    const { seq, entry } = state.queue[0]
    let clock: number | undefined
    if (entry?.clock !== undefined) {
      // A clock is believed up to one more than the entry it follows (or its feed's previous entry):
      // to reach clock n takes n entries, so no single entry can exhaust the clocks of a chat.
      let followed = 0
      const ref = entry.after
      if (ref && !(ref.key === author && ref.seq >= seq)) {
        const known = this.feedStates.get(ref.key)?.clocks[ref.seq]
        if (known !== undefined) followed = known
        else if ((this.feedStates.get(ref.key)?.next ?? 0) <= ref.seq) return false // not here yet: wait
      }
      const bound = Math.min(Math.max(state.clock, followed) + 1, LIMITS.clock)
      clock = Math.min(Math.max(entry.clock, state.clock + 1), bound)
    }
    // Without a clock, the timestamp places the entry, so it is believed only as far as it can be checked:
    // no earlier than its feed's previous entry (a feed is written in order), and no later than this
    // reader's clock plus the skew. An entry from further ahead waits for its time (its feed with it):
    // believed now, it would stay last in its channel until then.
    const timestamp = entry && clock === undefined ? Math.max(entry.timestamp, state.timestamp) : entry?.timestamp ?? 0
    if (entry && clock === undefined && timestamp > Date.now() + LIMITS.skew) {
      this.wakeAt(timestamp - LIMITS.skew)
      return false
    }
    state.queue.shift()
    state.next = seq + 1
    // Stryker disable next-line all: a count only backlog() reads, which is not part of the kata's Chat
    if (!entry) this.rejected++ // not a valid entry: counted, skipped
    if (entry) {
      state.timestamp = timestamp
      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp)
      if (author === this.author) this.lastTimestamp = Math.max(this.lastTimestamp, entry.timestamp)
      if (entry.type === 'chat/text') {
        const message = { author, seq, clock: clock ?? this.clockBefore(timestamp), channel: entry.content.channel, text: entry.content.text, timestamp }
        this.insert(message, clock === undefined)
        this.emit('message', { ...message }) // a copy: a listener that changes it changes nothing kept here
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
    return true
  }

  /** The reads again from disk under way. */
  private reads (): Array<Promise<void>> {
    return [...this.feedStates.values()].flatMap((state) => state.reading ?? [])
  }

  /** Indexes again at `time` (the wall clock's): an entry from the future waits until then. */
  private wakeAt (time: number): void {
    if (this.closing || (this.wakeTimer && this.wakeTime <= time)) return
    clearTimeout(this.wakeTimer)
    this.wakeTime = time
    // setTimeout waits at most 2^31 - 1 ms (24.8 days): further ahead, it looks again then.
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined
      this.receive([])
    }, Math.min(Math.max(time - Date.now(), 0) + 1, 2 ** 31 - 1))
  }

  private addClock (author: string, seq: number, clock: number, timestamp: number): void {
    const state = this.state(author)
    state.clock = clock
    state.clocks[seq] = clock
    if (clock > this.highest.clock) this.highest = { clock, ref: { key: author, seq } }
    // A clockless entry written later (by its timestamp) than this one comes after it: a step up from
    // here, unless an entry stamped no later already has this clock or a higher one.
    const below = this.steps.getPairOrNextLower(timestamp)
    if (below && below[1] >= clock) return
    this.steps.set(timestamp, clock)
    // Later steps this one reaches are no longer steps up.
    for (let above = this.steps.nextHigherPair(timestamp); above && above[1] <= clock; above = this.steps.nextHigherPair(timestamp)) {
      this.steps.delete(above[0])
    }
  }

  /**
   * The clock of an entry without one (Cabal's): Cabal only says when it was written, so it comes
   * after every entry with a clock and an earlier timestamp (at the same clock; the timestamp decides).
   */
  private clockBefore (timestamp: number): number {
    return this.steps.nextLowerPair(timestamp)?.[1] ?? 0
  }

  private insert (message: ChatMessage, clockless: boolean): void {
    let channel = this.byChannel.get(message.channel)
    if (!channel) {
      channel = { clocked: new SortedMap(undefined, compareMessages), clockless: new SortedMap(undefined, byTimestamp) }
      this.byChannel.set(message.channel, channel)
    }
    (clockless ? channel.clockless : channel.clocked).set(message, undefined)
  }

  private fail (err: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', err)
  }

  // ---- the API ----------------------------------------------------------------------------

  async send (text: string, channel = DEFAULT_CHANNEL): Promise<ChatMessage> {
    const seq = await this.append({ type: 'chat/text', content: { channel, text } })
    // Ours has a clock, and is among the last: look from the end.
    for (const [m] of this.byChannel.get(channel)!.clocked.entriesReversed()) if (m.author === this.author && m.seq === seq) return m
    throw new Error(`send: message ${seq} is not in #${channel}`)
  }

  async setNick (name: string): Promise<void> {
    await this.append({ type: 'about', content: { name } })
  }

  /**
   * When and after what our next entry is written: after the entry with the highest clock we have
   * indexed (named, so that every peer can check the clock), later than our previous entry (Cabal keeps
   * one message per timestamp) and never ahead of the wall clock (Cabal re-stamps an entry from its
   * future with the moment it reads it, which another message may hold). Within the millisecond of our
   * previous entry, a fraction later (as cabal-core's own timestamps do); past it, wait for the clock.
   */
  private async stamp (): Promise<{ timestamp: number, clock: number, after?: EntryRef }> {
    const last = this.lastTimestamp
    const next = last + STEP > last ? last + STEP : Math.floor(last) + 1
    // In short naps: close() must not wait for the clock.
    while (Math.floor(next) > Date.now() && Math.floor(next) - Date.now() < CLOCK_WAIT && !this.closing) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(Math.floor(next) - Date.now(), 50)))
    }
    const timestamp = Math.max(Date.now(), next)
    const { clock, ref } = this.highest
    return { timestamp, clock: Math.min(clock + 1, LIMITS.clock), ...(ref ? { after: ref } : {}) }
  }

  /**
   * Not part of the kata's Chat (the app's tests and benchmarks look at it): entries waiting to be indexed,
   * in memory and on disk, and how many entries were not valid.
   */
  // Stryker disable all: not part of the kata's Chat, so not the kata's suite's to check (test/chat-backlog.test.ts does)
  backlog (): { held: number, onDisk: number, rejected: number } {
    let held = 0
    let onDisk = 0
    for (const state of this.feedStates.values()) {
      held += state.queue.length
      onDisk += state.received - state.next - state.queue.length
    }
    return { held, onDisk, rejected: this.rejected }
  }
  // Stryker restore all

  nickOf (author: string): string | undefined {
    return this.nicks.get(author)
  }

  history (channel = DEFAULT_CHANNEL): ChatMessage[] {
    const stored = this.byChannel.get(channel)
    if (!stored) return []
    // A message without a clock takes its clock as it stands now: an entry indexed since may have raised it.
    const clockless = stored.clockless.keysArray().map((m) => {
      const clock = this.clockBefore(m.timestamp)
      return clock === m.clock ? m : { ...m, clock }
    })
    // Copies: a caller that changes a message it got must not change the history (nor the order it is kept in).
    return merge(stored.clocked.keysArray(), clockless).map((m) => ({ ...m }))
  }

  channels (): string[] {
    return [...this.byChannel.keys()].sort()
  }

  peers (): string[] {
    return [...new Set([...this.sockets.values()].map((p) => p.key))]
  }

  peerInfo (): PeerInfo[] {
    const byKey = new Map<string, PeerInfo>()
    for (const info of this.sockets.values()) if (!byKey.get(info.key)?.author) byKey.set(info.key, { ...info })
    return [...byKey.values()]
  }

  /** Stamps and appends an entry to our feed, after the ones before it; resolves with its seq once history() shows it. */
  private append (entry: Unstamped): Promise<number> {
    if (this.closing) return Promise.reject(new Error('the chat is closed'))
    const said = entry.type === 'about' ? entry.content.name : entry.content.text
    const control = CONTROL.exec(said)
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()
      return Promise.reject(new Error(`${entry.type === 'about' ? 'a nick' : 'a message'} may not contain control characters (U+${code}): the chat sends none`))
    }
    const bytes = Buffer.from(JSON.stringify({ ...entry, timestamp: 0 }))
    if (!parseEntry(bytes)) return Promise.reject(new Error('not a valid chat entry: empty or too long, or a bad channel or nick'))
    let indexed: Promise<number> | undefined
    const appended = this.writing.then(async () => {
      const stamped = { ...entry, ...await this.stamp() }
      if (this.closing) throw new Error('the chat is closed')
      this.lastTimestamp = stamped.timestamp
      const bytes = Buffer.from(JSON.stringify(stamped))
      indexed = new Promise((resolve, reject) => {
        this.feed!.append(bytes, (err, seq) => {
          if (err) return reject(err)
          if (seq < this.ownIndexed) resolve(seq)
          else this.waiting.set(seq, () => resolve(seq))
        })
      })
    })
    // The next entry waits for this one's append to begin, not for it to be indexed (nor to succeed).
    this.writing = appended.catch(() => {})
    const written = appended.then(() => indexed!)
    this.writes.add(written)
    const done = (): void => void this.writes.delete(written)
    written.then(done, done)
    return written
  }

  close (): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.refreshTimer)
      clearTimeout(this.wakeTimer)
      this.swarm.off('connection', this.onConnection)
      await this.discovery?.destroy().catch(() => {})
      for (const socket of this.sockets.keys()) socket.destroy()
      // An entry being written when close() began is written and shown (or fails) before the view stops.
      await Promise.allSettled(this.writes)
      await new Promise<void>((resolve) => this.core.pause(() => resolve()))
      // multifeed's close callback gets a place in its close queue, never an error.
      await new Promise<void>((resolve) => this.feeds.close(() => resolve()))
    })()
    return this.closing
  }
}

export async function createChat (opts: ChatOptions): Promise<Chat> {
  if (!/^[0-9a-f]{64}$/i.test(opts.key)) throw new Error('a chat key is 64 hex characters (32 bytes)')
  const chat = new KappaChat(opts.storage, Buffer.from(opts.key, 'hex'), opts.swarm)
  try {
    await chat.open(opts.nick, opts.defaultNick)
  } catch (err) {
    await chat.close().catch(() => {})
    throw err
  }
  return chat
}
