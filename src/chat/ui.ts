// What the user sees and types: a terminal UI (messages scroll above an input line) or, when
// stdin/stdout are not a terminal, plain lines in and out for scripts.
import readline from 'node:readline'
import type { Chat, ChatMessage } from '../../katas/12-kappa-chat/chat.ts'

export const HELP = 'commands: /nick <name>, /join <channel>, /channels, /peers, /help, /quit'

export interface UiOptions {
  input: NodeJS.ReadableStream
  output: NodeJS.WriteStream
  /** Status lines (stderr in pipe mode, so that stdout carries only messages). */
  status: NodeJS.WritableStream
  tty: boolean
  onQuit: () => void
}

export class ChatUi {
  private channel = 'default'
  private readonly rl: readline.Interface
  private closed = false

  constructor (private readonly chat: Chat, private readonly opts: UiOptions) {
    this.rl = readline.createInterface({ input: opts.input, output: opts.tty ? opts.output : undefined, terminal: opts.tty })
    this.rl.on('line', (line) => {
      this.eraseTyped(line)
      this.onLine(line).catch((err: Error) => this.info(`error: ${err.message}`))
    })
    this.rl.on('close', () => { if (!this.closed) opts.onQuit() })
    chat.on('message', (m) => this.print(this.format(m)))
    chat.on('nick', ({ author, nick }) => { if (author !== chat.author) this.info(`${short(author)} is now known as ${clean(nick)}`) })
    chat.on('peers', (peers) => this.info(`${peers.length} peer${peers.length === 1 ? '' : 's'} connected`))
    this.updatePrompt()
  }

  /** Shows the last messages of the current channel. */
  showHistory (count = 50): void {
    for (const m of this.chat.history(this.channel).slice(-count)) this.print(this.format(m))
  }

  info (line: string): void {
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
      await this.chat.send(line, this.channel)
      return
    }
    const [command, ...rest] = line.split(/\s+/)
    const arg = rest.join(' ')
    switch (command) {
      case '/nick':
        if (!arg) return this.info(`you are ${this.chat.nickOf(this.chat.author) ?? short(this.chat.author)}`)
        await this.chat.setNick(arg)
        this.info(`you are now ${arg}`)
        break
      case '/join': {
        const channel = arg.replace(/^#/, '')
        if (!channel || /\s/.test(channel)) return this.info('usage: /join <channel>')
        this.channel = channel
        this.updatePrompt()
        this.info(`joined #${channel}`)
        this.showHistory()
        break
      }
      case '/channels':
        this.info(`channels: ${this.chat.channels().map((c) => '#' + c).join(' ') || '(none yet)'}`)
        break
      case '/peers': {
        const peers = this.chat.peers()
        this.info(peers.length ? `${peers.length} peer(s): ${peers.map(short).join(' ')}` : 'no peers connected (yet)')
        break
      }
      case '/help':
        this.info(HELP)
        break
      case '/quit': case '/exit':
        this.opts.onQuit()
        break
      default:
        this.info(`unknown command ${command}; ${HELP}`)
    }
  }

  private format (m: ChatMessage): string {
    const time = new Date(m.timestamp).toTimeString().slice(0, 5)
    const nick = clean(this.chat.nickOf(m.author) ?? short(m.author))
    const where = m.channel === this.channel ? '' : `#${m.channel} `
    const who = this.opts.tty ? `\x1b[${31 + (parseInt(m.author.slice(0, 2), 16) % 6)}m<${nick}>\x1b[0m` : `<${nick}>`
    return `${time} ${where}${who} ${clean(m.text)}`
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

/** No terminal escapes from peers: control characters become spaces. */
export function clean (text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
}

export function short (key: string): string {
  return key.slice(0, 8)
}
