// The Autobase engine's side of the heads told between app peers: hypercore 11 finds forks itself (conflicts.ts
// hands each in with its proof), so a peer tells no heads of its own, only proofs. A proof is about a member's
// writer core this peer holds if that key is a member, or wrote a message it holds.
import type { AppChat } from './engine.ts'
import type { HeadSource } from './head-gossip.ts'
import type { Head, TreeNode } from './signed-heads.ts'

export class MemberHeads implements HeadSource {
  private readonly authors = new Set<string>()

  /** `chat`: the engine's own (its history whole); `members`: who may write now. */
  constructor (chat: AppChat, private readonly members: () => string[]) {
    for (const channel of chat.channels()) for (const m of chat.history(channel)) this.authors.add(m.author)
    chat.on('message', (m) => this.authors.add(m.author))
  }

  holds (key: string): boolean {
    return this.authors.has(key) || this.members().includes(key)
  }

  async newHeads (): Promise<Head[]> {
    return []
  }

  async proof (): Promise<TreeNode[] | null> {
    return null
  }
}
