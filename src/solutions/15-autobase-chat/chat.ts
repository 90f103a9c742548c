// Kata 15 reference solution: the chat on Autobase, with a Hyperbee view and membership through the log.
import { EventEmitter } from 'node:events'
import Autobase from 'autobase'
import Corestore from 'corestore'
import Hyperbee from 'hyperbee'
import pLimit from 'p-limit'
import type Hyperswarm from 'hyperswarm'
import { z } from 'zod'

export const DEFAULT_CHANNEL = 'default'

export const LIMITS = { text: 4096, nick: 64, channel: 64, timestamp: 8.64e15, members: 256 } as const

export type Entry =
  | { type: 'message', channel: string, text: string, timestamp: number }
  | { type: 'nick', name: string }
  | { type: 'add', key: string }
  | { type: 'remove', key: string }

export interface ChatMessage {
  author: string
  seq: number
  index: number
  channel: string
  text: string
  timestamp: number
}

export interface NickChange {
  author: string
  nick: string
}

export interface ChatOptions {
  storage: string
  key?: string
  nick?: string
  defaultNick?: string
  swarm: Hyperswarm
}

export interface PeerInfo {
  key: string
  author?: string
}

export type SwarmConnection = Hyperswarm.NoiseSecretStream

export interface ChatEvents {
  message: [message: ChatMessage]
  nick: [change: NickChange]
  peers: [peers: string[]]
  members: [members: string[]]
  error: [err: Error]
}

export interface Chat extends EventEmitter<ChatEvents> {
  readonly key: string
  readonly creator: string
  readonly writerKey: string
  readonly author: string
  readonly writable: boolean
  send (text: string, channel?: string): Promise<ChatMessage>
  setNick (name: string): Promise<void>
  nickOf (author: string): string | undefined
  history (channel?: string): ChatMessage[]
  channels (): string[]
  members (): string[]
  addMember (key: string): Promise<void>
  removeMember (key: string): Promise<void>
  peers (): string[]
  peerInfo (): PeerInfo[]
  close (): Promise<void>
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const noControl = (s: string): boolean => !CONTROL.test(s)
const HEX_KEY = /^[0-9a-f]{64}$/
/**
 * A writer key is the hash of a core's manifest: never one byte 32 times. 00…00 or ff…ff is a placeholder, a
 * member no one can write as (Autobase would still open a core for it). Not checkable further: any hash is.
 */
const isWeak = (key: string): boolean => /^(..)\1{31}$/.test(key)
const writerKey = z.string().regex(HEX_KEY)
const entrySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message'),
    channel: z.string().min(1).max(LIMITS.channel).refine(noControl).refine((s) => !/\s/.test(s)),
    text: z.string().min(1).max(LIMITS.text),
    timestamp: z.number().min(0).max(LIMITS.timestamp)
  }),
  z.object({ type: z.literal('nick'), name: z.string().min(1).max(LIMITS.nick).refine(noControl) }),
  z.object({ type: z.literal('add'), key: writerKey.refine((key) => !isWeak(key)) }),
  z.object({ type: z.literal('remove'), key: writerKey })
])

export function parseEntry (bytes: Uint8Array): Entry | null {
  let value: unknown
  try { value = JSON.parse(Buffer.from(bytes).toString('utf8')) } catch {} // not JSON: undefined, which no schema accepts
  const result = entrySchema.safeParse(value)
  return result.success ? result.data : null
}

/** What the view stores: every key a string, every value JSON. */
type View = Hyperbee<string, unknown>
/** A message as the view stores it, under `msg/<its place in the order, 16 digits>`. */
interface Stored { author: string, seq: number, channel: string, text: string, timestamp: number }

/**
 * At most this many of our appends wait on Autobase at once; the rest wait their turn. Autobase gathers what
 * is appended while it works into one batch: a flood of 50000 sends as one batch cost 4 times the CPU per
 * send of one of 10000, and held it all in memory at once (src/bench/autobase-node20.md).
 */
const APPENDING = 1000

/** Re-announce and re-look-up the topic after 1 s, 2 s, 4 s … at most every minute (kata 12). */
const REFRESH_FIRST = 1000
const REFRESH_MAX = 60000

const hex = (key: Uint8Array): string => Buffer.from(key).toString('hex')

/** A text or nick with a control character is refused: it could rewrite the screen of everyone who reads it. */
function refuseControl (what: string, said: string): void {
  const control = CONTROL.exec(said)
  if (!control) return
  const code = control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()
  throw new Error(`${what} may not contain control characters (U+${code}): the chat sends none`)
}
const place = (n: number): string => n.toString().padStart(16, '0')
/** A message's id: its author and its place in the author's core, the same wherever the order puts it. */
const idOf = (author: string, seq: number): string => `${author}@${seq}`

/**
 * Applies nodes in the order every peer agrees on. It reads and writes nothing but the nodes, the view
 * and the host: the same nodes give the same view on every peer, and Autobase can undo and redo it.
 */
async function apply (nodes: Array<Autobase.Node<Buffer>>, view: View, host: Autobase.Host): Promise<void> {
  const creator = hex(host.key)
  const batch = view.batch()
  for (const node of nodes) {
    const entry = parseEntry(node.value)
    if (!entry) continue
    // Who wrote it is the writer core it is in: signed, unlike anything inside the entry.
    const writer = hex(node.from.key)
    if (entry.type === 'message') {
      const count = ((await batch.get('count'))?.value as number | undefined) ?? 0
      const stored: Stored = { author: writer, seq: node.length - 1, channel: entry.channel, text: entry.text, timestamp: entry.timestamp }
      await batch.put(`msg/${place(count)}`, stored)
      await batch.put('count', count + 1)
    } else if (entry.type === 'nick') {
      await batch.put(`nick/${writer}`, entry.name)
    } else if (entry.type === 'add') {
      // Any member may add; someone the creator removed comes back only if the creator says so.
      if (entry.key === creator || await batch.get(`member/${entry.key}`)) continue
      if (writer !== creator && await batch.get(`removed/${entry.key}`)) continue
      // Each member is a writer Autobase keeps: a member adding junk keys by the thousand must not grow it for ever.
      const memberCount = ((await batch.get('members'))?.value as number | undefined) ?? 1
      if (memberCount >= LIMITS.members) continue
      await host.addWriter(Buffer.from(entry.key, 'hex'), { indexer: false })
      await batch.put(`member/${entry.key}`, writer) // who added it
      await batch.put('members', memberCount + 1)
    } else {
      // Only the creator removes, and never itself: a hostile member must not remove everyone else.
      if (writer !== creator || entry.key === creator || !await batch.get(`member/${entry.key}`)) continue
      await host.removeWriter(Buffer.from(entry.key, 'hex'))
      await batch.del(`member/${entry.key}`)
      await batch.put('members', (((await batch.get('members'))?.value as number | undefined) ?? 1) - 1)
      await batch.put(`removed/${entry.key}`, writer)
    }
  }
  await batch.flush()
}

/** What one read of the view changed: the nicks as they were before it, the messages it placed. */
class Change {
  readonly was = new Map<string, string | undefined>()
  /** Each message placed, with its place: one a later truncation cut away is not told. */
  readonly messages: Array<[ChatMessage, number]> = []
  constructor (private readonly nicks: Map<string, string>) {}
  /** `author`'s nick is about to change: remember what it was before this read. */
  nick (author: string): void {
    if (!this.was.has(author)) this.was.set(author, this.nicks.get(author))
  }
}

class AutobaseChat extends EventEmitter<ChatEvents> implements Chat {
  readonly key: string
  readonly writerKey: string
  private readonly store: Corestore
  private readonly base: Autobase<View, Buffer>
  /** What the app sees: the view as far as we read it (its `version`), kept up to date op by op. */
  private readonly placed: ChatMessage[] = [] // every message, by its place in the order
  private readonly byChannel = new Map<string, ChatMessage[]>()
  /** Every message by its id (`author@seq`): a send finds its own at once, even in a flood. */
  private readonly byId = new Map<string, ChatMessage>()
  private nicks = new Map<string, string>()
  private memberSet = new Set<string>()
  private memberList: string[]
  private wasWritable = false
  private version = 0
  private fork = 0
  /** The shortest length Autobase truncated the view to since our last read (a reorder rewrote what follows). */
  private truncatedTo = Infinity
  /** Every message already given to 'message' (`author@seq`): a reorder moves messages, it does not make them new. */
  private readonly emitted = new Set<string>()
  /** A nick asked for before we were a member: published once we are. */
  private pendingNick: string | undefined
  private loading: Promise<void> = Promise.resolve()
  /** Our appends waiting on Autobase: at most APPENDING at once, the rest wait their turn, in order. */
  private readonly appending = pLimit(APPENDING)
  private queued: Promise<void> | null = null
  private readonly sockets = new Set<SwarmConnection>()
  private discovery: Hyperswarm.PeerDiscovery | null = null
  private refreshTimer?: NodeJS.Timeout
  private closing: Promise<void> | null = null

  constructor (store: Corestore, base: Autobase<View, Buffer>, private readonly swarm: Hyperswarm) {
    super()
    this.store = store
    this.base = base
    this.key = hex(base.key)
    this.writerKey = hex(base.local.key)
    this.fork = base.view.core.fork
    this.memberList = [this.key]
    this.onConnection = this.onConnection.bind(this)
    this.base.view.core.on('truncate', (length: number) => { this.truncatedTo = Math.min(this.truncatedTo, length) })
    this.base.on('update', () => { this.load().catch((err: Error) => this.fail(err)) })
    this.base.on('error', (err) => this.fail(err))
  }

  get creator (): string { return this.key }
  get author (): string { return this.writerKey }
  get writable (): boolean { return this.base.writable }

  async open (nick: string | undefined, defaultNick: string | undefined): Promise<void> {
    await this.load()
    const want = nick ?? (this.nicks.has(this.author) ? undefined : defaultNick)
    if (want !== undefined && this.nicks.get(this.author) !== want) {
      if (this.writable) await this.setNick(want)
      else this.pendingNick = want
    }
    // The swarm may already be connected to peers of the chat: it opens no second connection to them.
    for (const socket of this.swarm.connections) this.onConnection(socket)
    this.swarm.on('connection', this.onConnection)
    const discovery = this.discovery = this.swarm.join(this.base.discoveryKey) // as server and client: hyperswarm's default
    await discovery.flushed()
    let delay = REFRESH_FIRST
    const refresh = (): void => {
      this.refreshTimer = setTimeout(() => {
        discovery.refresh().catch(() => {})
        delay = Math.min(delay * 2, REFRESH_MAX)
        refresh()
      }, delay)
    }
    refresh()
  }

  // close() takes this handler off the swarm at once: a closing chat is never given a connection.
  private onConnection (socket: SwarmConnection): void {
    this.base.replicate(socket) // which also handles the socket's errors

    const before = this.peers().join()
    this.sockets.add(socket)
    socket.once('close', () => {
      const before = this.peers().join()
      this.sockets.delete(socket)
      this.tellPeers(before)
    })
    this.tellPeers(before)
  }

  /** 'peers' only when the list changed: a second connection to a peer (a reconnect overlapping the old one) changes nothing. */
  private tellPeers (before: string): void {
    if (this.peers().join() !== before) this.emit('peers', this.peers())
  }

  // ---- the view, as the app sees it -------------------------------------------------------

  /** Reads what changed in the view, one read at a time; a read not started yet serves every caller. */
  private load (): Promise<void> {
    this.queued ??= this.loading = this.loading.then(() => {
      this.queued = null
      return this.read()
    })
    return this.queued
  }

  /**
   * The view is a log: we read its ops from where we stopped (O(what changed), never the whole view). A
   * reorder truncates it and applies again: then we go back to where it was cut, and read on from there.
   */
  private async read (): Promise<void> {
    const change = new Change(this.nicks)
    try {
      while (!await this.readOnce(change)) {} // cut under our feet: again, from the cut
    } finally {
      this.tell(change)
    }
  }

  /** Reads up to the view's version now: false if a truncation took away what it was reading. */
  private async readOnce (change: Change): Promise<boolean> {
    const view = this.base.view
    const version = view.version // apply may append more meanwhile: the next read takes it
    let from = Math.min(this.version, this.truncatedTo)
    this.truncatedTo = Infinity
    if (view.core.fork !== this.fork && from === this.version) from = 0 // rewritten, and we missed where: all again
    this.fork = view.core.fork
    const cut = (): boolean => this.truncatedTo !== Infinity || view.core.fork !== this.fork
    try {
      if (from < this.version) await this.rewind(view, from, change)
      this.version = from
      // live: a plain session, no snapshot (a snapshot per read costs more than the read); limit: up to `version`.
      const start = Math.max(1, from)
      // Not waiting for a block: one a truncation took away would never come.
      const ops = (wait: boolean) => view.createHistoryStream({ live: true, gte: start, limit: version - start, wait })
      try {
        if (version > start) {
          for await (const op of ops(false)) {
            if (cut()) return false // what follows is not what we were reading: from the cut, again
            this.replay(op, change)
          }
        }
      } catch (err) {
        if (cut()) throw err
        // Not truncated, only not here yet (a view Autobase fast-forwarded is downloaded as it is read).
        for await (const op of ops(true)) this.replay(op, change)
      }
      this.version = version
      return true
    } catch (err) {
      if (!cut()) throw err
      return false
    }
  }

  /** Back to the view as it was at `from` (before the truncation, nothing changed: a checkout reads it). */
  private async rewind (view: View, from: number, change: Change): Promise<void> {
    const past = view.checkout(Math.max(1, from))
    try {
      const last = await past.peek({ gte: 'msg/', lt: 'msg0' }, { reverse: true })
      this.cut(last ? Number(last.key.slice(4)) + 1 : 0)
      const nicks = new Map<string, string>()
      const members = new Set<string>()
      for await (const { key, value } of past.createReadStream({ gte: 'nick/', lt: 'nick0' })) nicks.set(key.slice(5), value as string)
      for await (const { key } of past.createReadStream({ gte: 'member/', lt: 'member0' })) members.add(key.slice(7))
      for (const author of new Set([...this.nicks.keys(), ...nicks.keys()])) change.nick(author)
      this.nicks = nicks
      this.memberSet = members
    } finally {
      await past.close()
    }
  }

  /** Drops every message from place `count` on (the last of each channel's list, going backwards). */
  private cut (count: number): void {
    while (this.placed.length > count) {
      const gone = this.placed.pop()!
      const list = this.byChannel.get(gone.channel)!
      list.pop()
      if (list.length === 0) this.byChannel.delete(gone.channel)
      this.byId.delete(idOf(gone.author, gone.seq))
    }
  }

  /** One op of the view's log, as apply wrote it. */
  private replay (op: Hyperbee.HistoryEntry<string, unknown>, change: Change): void {
    const [kind, name] = [op.key.slice(0, op.key.indexOf('/') + 1), op.key.slice(op.key.indexOf('/') + 1)]
    if (kind === 'msg/') { // apply only ever puts a message, as a nick
      this.cut(Number(name)) // a message goes at its place: any message read there before was moved away
      const m = op.value as Stored
      let list = this.byChannel.get(m.channel)
      if (!list) this.byChannel.set(m.channel, list = [])
      const message = { author: m.author, seq: m.seq, index: list.length, channel: m.channel, text: m.text, timestamp: m.timestamp }
      list.push(message)
      this.byId.set(idOf(m.author, m.seq), message)
      change.messages.push([message, this.placed.push(message) - 1])
    } else if (kind === 'nick/') {
      change.nick(name)
      this.nicks.set(name, op.value as string)
    } else if (kind === 'member/') {
      if (op.type === 'put') this.memberSet.add(name)
      else this.memberSet.delete(name)
    }
  }

  /** The events of one read: nicks first (the app names each message's author as it hears it), members, then messages. */
  private tell (change: Change): void {
    for (const [author, was] of change.was) {
      const nick = this.nicks.get(author)
      if (nick !== undefined && nick !== was) this.emit('nick', { author, nick })
    }
    const membersBefore = this.memberList.join()
    this.memberList = [this.key, ...this.memberSet].sort() // at most LIMITS.members: cheap to build on every read
    const writableBefore = this.wasWritable
    this.wasWritable = this.writable
    if (membersBefore !== this.memberList.join() || writableBefore !== this.wasWritable) this.emit('members', this.members())
    for (const [message, place] of change.messages) {
      if (this.placed[place] !== message) continue
      const id = idOf(message.author, message.seq)
      if (this.emitted.has(id)) continue
      this.emitted.add(id)
      this.emit('message', message)
    }
    if (this.pendingNick !== undefined && this.writable) {
      const nick = this.pendingNick
      this.pendingNick = undefined
      this.setNick(nick).catch((err: Error) => this.fail(err))
    }
  }

  private fail (err: Error): void {
    if (!this.closing && this.listenerCount('error') > 0) this.emit('error', err)
  }

  // ---- the API ----------------------------------------------------------------------------

  async send (text: string, channel = DEFAULT_CHANNEL): Promise<ChatMessage> {
    refuseControl('a message', text)
    const seq = await this.append({ type: 'message', channel, text, timestamp: Date.now() })
    for (;;) {
      const mine = this.byId.get(idOf(this.author, seq))
      if (mine) return { ...mine }
      // A reorder cut it out of the view just now: it comes back with the next update (unless we were removed).
      if (this.closing || !this.writable) throw new Error('the message was written, but the chat closed or removed us before the view showed it')
      await new Promise<void>((resolve) => this.base.once('update', () => resolve()))
      await this.load()
    }
  }

  async setNick (name: string): Promise<void> {
    refuseControl('a nick', name)
    await this.append({ type: 'nick', name })
  }

  async addMember (key: string): Promise<void> {
    if (typeof key !== 'string' || !HEX_KEY.test(key.toLowerCase())) throw new Error('a member is added by its writer key: 64 hex characters')
    key = key.toLowerCase()
    if (isWeak(key)) throw new Error('a weak key (one byte 32 times) is not a writer key: a writer key is the hash of a core\'s manifest, and no one could write as that member')
    if (!this.memberList.includes(key) && this.memberList.length >= LIMITS.members) throw new Error(`the chat is full: it holds at most ${LIMITS.members} members (LIMITS.members)`)
    await this.append({ type: 'add', key })
    if (!this.memberList.includes(key)) throw new Error('the member was not added: apply ignored the add (a chat holds at most LIMITS.members members, and only the creator may add back someone it removed)')
  }

  async removeMember (key: string): Promise<void> {
    if (typeof key !== 'string' || !HEX_KEY.test(key.toLowerCase())) throw new Error('a member is removed by its writer key: 64 hex characters')
    key = key.toLowerCase()
    if (this.writerKey !== this.creator) throw new Error('only the creator of the chat may remove members')
    if (key === this.creator) throw new Error('the creator cannot be removed')
    await this.append({ type: 'remove', key })
  }

  nickOf (author: string): string | undefined {
    return this.nicks.get(author)
  }

  history (channel = DEFAULT_CHANNEL): ChatMessage[] {
    return (this.byChannel.get(channel) ?? []).map((m) => ({ ...m }))
  }

  channels (): string[] {
    return [...this.byChannel.keys()].sort()
  }

  members (): string[] {
    return [...this.memberList]
  }

  peers (): string[] {
    return [...new Set([...this.sockets].map((s) => hex(s.remotePublicKey!)))]
  }

  peerInfo (): PeerInfo[] {
    return this.peers().map((key) => ({ key }))
  }

  /** Appends a (valid) entry as a member; resolves with its seq once the app's view of the chat shows it. */
  private async append (entry: Entry): Promise<number> {
    if (this.closing) throw new Error('the chat is closed')
    const bytes = Buffer.from(JSON.stringify(entry))
    if (!parseEntry(bytes)) throw new Error(`not a valid chat entry (every peer would drop it): an empty or too long ${entry.type}, or a bad channel`)
    if (!this.writable) throw new Error(`you are not a member of this chat (yet): a member must add your writer key ${this.writerKey}`)
    const length = await this.appending(async () => {
      if (this.closing) throw new Error('the chat is closed')
      // append resolves once apply has run on it (written for good); the view is then read again.
      return await this.base.append(bytes)
    })
    await this.load()
    return length - 1
  }

  close (): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.refreshTimer)
      this.swarm.off('connection', this.onConnection)
      await this.discovery?.destroy().catch(() => {})
      for (const socket of this.sockets) socket.destroy()
      await this.loading.catch(() => {})
      // Closing the base closes its view, its writers and the store it was given.
      await this.base.close()
      await this.store.close()
    })()
    return this.closing
  }
}

export async function createChat (opts: ChatOptions): Promise<Chat> {
  if (opts.key !== undefined && (typeof opts.key !== 'string' || !HEX_KEY.test(opts.key.toLowerCase()))) {
    throw new Error('a chat key is 64 hex characters (32 bytes)')
  }
  const store = new Corestore(opts.storage)
  const base = new Autobase<View, Buffer>(store, opts.key === undefined ? null : Buffer.from(opts.key, 'hex'), {
    open: (viewStore) => new Hyperbee(viewStore.get('chat'), { keyEncoding: 'utf-8', valueEncoding: 'json' }),
    apply
  })
  let chat: AutobaseChat | null = null
  try {
    await base.ready()
    chat = new AutobaseChat(store, base, opts.swarm)
    await chat.open(opts.nick, opts.defaultNick)
    return chat
  } catch (err) {
    // What the chat started, then the base and the store (closing them again, after the chat did, changes nothing).
    await chat?.close().catch(() => {})
    await base.close().catch(() => {})
    await store.close().catch(() => {})
    throw err
  }
}
