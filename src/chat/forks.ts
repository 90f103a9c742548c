// Forked members: a key that signed two different histories (the same key written from two devices, or a
// storage restored from a backup and written again). Neither branch can be told genuine from its signatures,
// so the app believes neither: every peer that sees both hides all of that member's messages and says so.
// The same rule on every peer, whichever branch it saw first: honest peers show the same history.
import { EventEmitter } from 'node:events'
import type { AppChat, AppEvents, AppMessage } from './engine.ts'

/** One forked member, as this peer found out. */
export interface Fork {
  author: string
  /** The member's last seq this peer holds: its copy of their feed stops there (it is frozen). */
  seq: number
  /** When this peer found out (ms since the epoch). */
  at: number
}

/**
 * `chat` as the UI sees it: a forked member's messages taken out of history() and of 'message', and a
 * 'fork' event when one is found out. Wraps either engine; neither kata's API knows of it.
 */
export class ForkGuard extends EventEmitter<AppEvents> implements AppChat {
  private readonly forked = new Map<string, Fork>()

  constructor (private readonly chat: AppChat) {
    super()
    chat.on('message', (m) => { if (!this.forked.has(m.author)) this.emit('message', m) })
    chat.on('nick', (change) => this.emit('nick', change))
    chat.on('peers', (peers) => this.emit('peers', peers))
    chat.on('error', (err) => this.emit('error', err))
  }

  get key (): string { return this.chat.key }
  get author (): string { return this.chat.author }

  /** Marks `author` as forked (once): from now on none of their messages is shown. */
  fork (author: string, at = Date.now()): void {
    if (this.forked.has(author)) return
    let seq = -1
    for (const channel of this.chat.channels()) {
      for (const m of this.chat.history(channel)) if (m.author === author) seq = Math.max(seq, m.seq)
    }
    const fork = { author, seq, at }
    this.forked.set(author, fork)
    this.emit('fork', fork)
  }

  forks (): Fork[] {
    return [...this.forked.values()]
  }

  history (channel?: string): AppMessage[] {
    return this.chat.history(channel).filter((m) => !this.forked.has(m.author))
  }

  channels (): string[] {
    return this.chat.channels().filter((c) => this.history(c).length > 0)
  }

  send (text: string, channel?: string): Promise<unknown> { return this.chat.send(text, channel) }
  setNick (name: string): Promise<void> { return this.chat.setNick(name) }
  nickOf (author: string): string | undefined { return this.chat.nickOf(author) }
  peerInfo (): Array<{ key: string, author?: string }> { return this.chat.peerInfo() }
  close (): Promise<void> { return this.chat.close() }
}
