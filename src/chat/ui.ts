// What the user sees and types: a terminal UI (messages scroll above an input line) or, when
// stdin/stdout are not a terminal, plain lines in and out for scripts.
import readline from 'node:readline'
import type { AppChat, AppMessage, Membership } from './engine.ts'
import { formatMessage, sanitize, short } from './display.ts'
import { checkChannel, checkKey, checkNick, checkText } from './input.ts'
import { Names } from './names.ts'
import type { Fork, ForkGuard } from './forks.ts'

export const HELP = 'commands: /nick <name>, /join <channel>, /channels, /peers, /help, /quit'
/** The autobase engine's: membership too. */
export const HELP_MEMBERS = 'commands: /nick <name>, /join <channel>, /channels, /peers, /members, /add <writer key>, /remove <writer key or name>, /help, /quit'

export interface UiOptions {
  input: NodeJS.ReadableStream
  output: NodeJS.WriteStream
  /** Status lines (stderr in pipe mode, so that stdout carries only messages). */
  status: NodeJS.WritableStream
  tty: boolean
  onQuit: () => void
  /** Kata 15's chat: who may write, and the commands to change that. Absent: everyone with the key writes. */
  membership?: Membership
  /** The chat itself, seen through its fork guard (the `chat` given is then that guard): warns of forked members. */
  forks?: ForkGuard
}

export class ChatUi {
  private channel = 'default'
  private readonly rl: readline.Interface
  private closed = false
  private readonly names: Names
  private readonly membership: Membership | null
  /** The members as last shown, and whether we were one: what a 'members' event changed. */
  private members: string[] = []
  private writable = true

  constructor (private readonly chat: AppChat, private readonly opts: UiOptions) {
    this.membership = opts.membership ?? null
    this.names = new Names((author) => chat.nickOf(author))
    this.names.see(chat.author)
    for (const channel of chat.channels()) for (const m of chat.history(channel)) this.names.see(m.author)
    if (this.membership) {
      const membership = this.membership
      this.members = membership.members()
      this.writable = membership.writable
      for (const member of this.members) this.names.see(member)
      membership.on('members', (members) => this.onMembers(members))
    }
    this.rl = readline.createInterface({ input: opts.input, output: opts.tty ? opts.output : undefined, terminal: opts.tty })
    this.rl.on('line', (line) => {
      this.eraseTyped(line)
      this.onLine(line).catch((err: Error) => this.info(`error: ${err.message}`))
    })
    this.rl.on('close', () => { if (!this.closed) opts.onQuit() })
    chat.on('message', (m) => {
      if (!this.names.has(m.author) && this.alsoCalled(m.author)) this.info(`${this.names.name(m.author)} is new here${this.alsoCalled(m.author)}`)
      this.print(this.format(m))
    })
    chat.on('nick', ({ author, nick }) => {
      const { before, after } = this.names.rename(author, nick)
      if (author !== chat.author) this.info(`${before} is now known as ${after}${this.alsoCalled(author)}`)
    })
    chat.on('peers', (peers) => this.info(`${peers.length} peer${peers.length === 1 ? '' : 's'} connected`))
    opts.forks?.on('fork', (fork) => this.onFork(fork))
    this.updatePrompt()
  }

  /** Shows the last messages of the current channel. */
  showHistory (count = 50): void {
    for (const m of this.chat.history(this.channel).slice(-count)) this.print(this.format(m))
  }

  get help (): string {
    return this.membership ? HELP_MEMBERS : HELP
  }

  /** For a chat with members: whether we may write, and what to do if not. */
  showMembership (): void {
    if (!this.membership) return
    if (this.membership.writable) this.info(`you are a member (${this.membership.members().length} in all; /members lists them)`)
    else this.info(this.readOnly())
  }

  /** A status line (its text is sanitized: it may quote a peer or an error). */
  info (text: string): void {
    const line = sanitize(text)
    if (this.opts.tty) this.print(`\x1b[2m* ${line}\x1b[0m`)
    else this.opts.status.write(`* ${line}\n`)
  }

  close (): void {
    this.closed = true
    this.rl.close()
    if (this.opts.tty) this.opts.output.write('\n')
  }

  private async onLine (raw: string): Promise<void> {
    const line = raw.trim()
    if (!line) return this.updatePrompt()
    if (!line.startsWith('/')) {
      const text = checkText(line)
      if (!text.ok) return this.info(text.error)
      if (this.membership && !this.membership.writable) return this.info(`not sent: ${this.readOnly()}`)
      try {
        await this.chat.send(text.value, this.channel)
      } catch (err) {
        this.info(`not sent: ${(err as Error).message}`)
      }
      return
    }
    const [command, ...rest] = line.split(/\s+/)
    const arg = rest.join(' ')
    switch (command) {
      case '/nick': {
        if (!arg) return this.info(`you are ${this.names.name(this.chat.author)}`)
        const nick = checkNick(arg)
        if (!nick.ok) return this.info(`${nick.error}; you are still ${this.names.name(this.chat.author)}`)
        if (this.membership && !this.membership.writable) return this.info(`nick not set: ${this.readOnly()}`)
        try {
          await this.chat.setNick(nick.value)
        } catch (err) {
          return this.info(`nick not set: ${(err as Error).message}`)
        }
        this.info(`you are now ${this.names.name(this.chat.author)}${this.alsoCalled(this.chat.author)}`)
        break
      }
      case '/join': {
        if (!arg) return this.info('usage: /join <channel>')
        const channel = checkChannel(arg)
        if (!channel.ok) return this.info(`${channel.error}; still in #${this.channel}`)
        this.channel = channel.value
        this.updatePrompt()
        this.info(`joined #${channel.value}`)
        this.showHistory()
        break
      }
      case '/channels':
        this.info(`channels: ${this.chat.channels().map((c) => '#' + sanitize(c)).join(' ') || '(none yet)'}`)
        break
      case '/peers': {
        // A peer is known by its swarm key; once its 'peer-id' message came (ours or Cabal's), by its author key too.
        const peers = this.chat.peerInfo()
        const names = this.names.all()
        const label = (p: { key: string, author?: string }): string => (p.author && names.get(p.author)) || (p.author ? short(p.author) : short(p.key))
        this.info(peers.length ? `${peers.length} peer(s): ${peers.map(label).join(' ')}` : 'no peers connected (yet)')
        if (this.membership) this.showMembers()
        else this.info(`members: ${[...names].map(([author, name]) => `${name} (${short(author)})`).join(', ')}`)
        break
      }
      case '/members':
        if (!this.membership) return this.info('this chat has no members list: whoever has its key writes (members come with --engine autobase)')
        this.showMembers()
        break
      case '/add': case '/remove':
        if (!this.membership) return this.info(`${command}: whoever has this chat's key writes; there is no one to add or remove (members come with --engine autobase)`)
        await this.changeMembers(command, arg, this.membership)
        break
      case '/help':
        this.info(this.help)
        break
      case '/quit': case '/exit':
        this.opts.onQuit()
        break
      default:
        this.info(`unknown command ${command}; ${this.help}`)
    }
  }

  private readOnly (): string {
    return `you are read-only: ask a member to /add ${this.membership!.writerKey}`
  }

  /** "2 member(s): alice (3f2a0b1c, creator, you), bob (9b1c4d5e)"; one without a nick yet by its key alone. */
  private showMembers (): void {
    const membership = this.membership!
    const members = membership.members()
    const show = (key: string): string => {
      const name = this.names.name(key)
      const about = [name === short(key) ? '' : short(key), key === membership.creator ? 'creator' : '', key === membership.writerKey ? 'you' : ''].filter(Boolean)
      return about.length ? `${name} (${about.join(', ')})` : name
    }
    this.info(`${members.length} member(s): ${members.map(show).join(', ')}`)
    if (!membership.writable) this.info(this.readOnly())
  }

  /** /add <writer key>, /remove <writer key, or a member's name as shown>. */
  private async changeMembers (command: string, arg: string, membership: Membership): Promise<void> {
    const adding = command === '/add'
    const usage = adding
      ? 'usage: /add <writer key>: the 64 hex characters the new member\'s chat printed'
      : 'usage: /remove <writer key, or a member\'s name as /members shows it>'
    if (!arg) return this.info(usage)
    const named = adding ? undefined : [...this.names.all()].find(([key, name]) => name === arg && membership.members().includes(key))
    const key = named ? { ok: true as const, value: named[0] } : checkKey(arg)
    if (!key.ok) return this.info(`${key.error}; ${usage}`)
    const name = this.names.name(key.value)
    const member = membership.members().includes(key.value)
    if (adding && member) return this.info(`${name} is a member already`)
    if (!adding && !member) return this.info(`${name} is not a member`)
    if (!membership.writable) return this.info(`not ${adding ? 'added' : 'removed'}: ${this.readOnly()}`)
    try {
      await (adding ? membership.addMember(key.value) : membership.removeMember(key.value))
    } catch (err) {
      this.info(`not ${adding ? 'added' : 'removed'}: ${(err as Error).message}`)
    }
  }

  /** Says who was added or removed, and whether we may write now. */
  private onMembers (members: string[]): void {
    const membership = this.membership!
    const label = (key: string): string => this.names.name(key) === short(key) ? short(key) : `${this.names.name(key)} (${short(key)})`
    for (const key of members) {
      if (!this.members.includes(key) && key !== membership.writerKey) this.info(`${label(key)} is a member now`)
    }
    for (const key of this.members) {
      if (!members.includes(key) && key !== membership.writerKey) this.info(`${label(key)} is no longer a member`)
    }
    this.members = members
    if (membership.writable !== this.writable) {
      this.writable = membership.writable
      this.info(this.writable ? 'you were added: you are a member, you can write now' : `you were removed from the members: ${this.readOnly()}`)
    }
  }

  /** A member's key signed two histories: say who, when, and where their feed stops; their messages are gone from view. */
  private onFork ({ author, seq, at }: Fork): void {
    const name = this.names.name(author)
    const who = name === short(author) ? short(author) : `${name} (${short(author)})`
    const where = seq >= 0 ? `; their feed stops at seq ${seq} here` : ''
    this.info(`warning: ${who} forked: their key signed two different histories (one key written from two devices, or a restored backup written again), found at ${new Date(at).toTimeString().slice(0, 8)}${where}. ` +
      'Neither history can be trusted: none of their messages is shown any more (/join the channel again to see it without them)')
  }

  /** " (alice is also alice~3f2a)": the names that looked like `author`'s before the suffixes. */
  private alsoCalled (author: string): string {
    const alike = this.names.alike(author)
    return alike.length ? ` (that nick is also used by ${alike.join(', ')})` : ''
  }

  private format (m: AppMessage): string {
    return formatMessage({
      timestamp: m.timestamp,
      name: this.names.name(m.author),
      text: m.text,
      ...(m.channel === this.channel ? {} : { channel: m.channel }),
      ...(this.opts.tty ? { colour: 31 + (parseInt(m.author.slice(0, 2), 16) % 6) } : {})
    }, this.opts.tty ? this.opts.output.columns || 80 : undefined)
  }

  private print (line: string): void {
    if (!this.opts.tty) {
      this.opts.output.write(line + '\n')
      return
    }
    readline.clearLine(this.opts.output, 0)
    readline.cursorTo(this.opts.output, 0)
    this.opts.output.write(line + '\n')
    if (!this.closed) this.rl.prompt(true)
  }

  // The terminal echoed what was typed, prompt included: take it away, the message shows it properly.
  private eraseTyped (line: string): void {
    if (!this.opts.tty) return
    const rows = Math.max(1, Math.ceil((this.rl.getPrompt().length + line.length) / (this.opts.output.columns || 80)))
    for (let i = 0; i < rows; i++) this.opts.output.write('\x1b[1A\x1b[2K')
    readline.cursorTo(this.opts.output, 0)
  }

  private updatePrompt (): void {
    if (!this.opts.tty) return
    this.rl.setPrompt(`#${this.channel} > `)
    this.rl.prompt(true)
  }
}
