// The Autobase engine's heads: the signed head of each member's writer core this peer holds (open-cores.ts finds
// the cores). hypercore 11 finds a fork itself only when a peer's proof fails to fit (a longer branch met): two
// branches of one length meet without a word, so the app's peers compare heads too. A core is a member's if its
// key is a member, or wrote a message this peer holds.
import type { AppChat } from './engine.ts'
import type { HeadSource } from './head-gossip.ts'
import { openCores } from './open-cores.ts'
import { preferFastForward } from './open-bases.ts'
import { proofAt, signedHead } from './core-heads.ts'
import type { Head, TreeNode } from './signed-heads.ts'

export class MemberHeads implements HeadSource {
  private readonly authors = new Set<string>()
  /** The length of each core's head last read. */
  private readonly told = new Map<string, number>()

  /** `chat`: the engine's own (its history whole); `members`: who may write now. */
  constructor (chat: AppChat, private readonly members: () => string[]) {
    for (const channel of chat.channels()) for (const m of chat.history(channel)) this.authors.add(m.author)
    chat.on('message', (m) => this.authors.add(m.author))
  }

  /** Her messages, or blocks of her core: a member's key alone is not her feed (nothing to tell where it stops). */
  holds (key: string): boolean {
    if (this.authors.has(key)) return true
    const core = this.members().includes(key) ? openCores().get(key) : undefined
    return ((core?.header as { hints?: { contiguousLength: number } } | undefined)?.hints?.contiguousLength ?? 0) > 0
  }

  /**
   * The peers that found her fork froze her core, and a frozen core tells no peer what it holds: a newcomer would
   * wait for her blocks for ever to order what came after them. The indexers' signed view holds it all already.
   */
  waiting (key: string): void {
    if (this.members().includes(key)) preferFastForward()
  }

  async newHeads (skip: (key: string) => boolean): Promise<Head[]> {
    const heads: Head[] = []
    const members = new Set(this.members())
    for (const [key, core] of openCores()) {
      if (!(members.has(key) || this.authors.has(key)) || skip(key)) continue
      const head = signedHead(core)
      if (!head || head.length <= (this.told.get(key) ?? 0)) continue
      this.told.set(key, head.length)
      heads.push(head)
    }
    return heads
  }

  async proof (ours: Head, length: number): Promise<{ head: Head, nodes: TreeNode[] } | null> {
    const core = openCores().get(ours.key)
    return core ? await proofAt(core, length).catch(() => null) : null
  }
}
