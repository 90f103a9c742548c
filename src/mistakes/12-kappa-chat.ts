// Kata 12's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'topic-is-the-key',
    lesson: 'The key itself is never announced',
    edits: [['  return crypto.discoveryKey(Buffer.from(key))', '  return Buffer.from(key)']],
    names: /discovery key/
  },
  {
    name: 'no-discovery-refresh',
    lesson: 'Call `discovery.refresh()` again after about 1 s, 2 s, 4 s … up to a minute',
    edits: [['      }, jitter(delay))\n    }\n    refresh()\n', '      }, jitter(delay))\n    }\n']],
    names: /refresh/
  },
  {
    name: 'close-only-closes-feeds',
    lesson: '`close()` undoes everything the chat started, on the network first: it leaves the topic, ends its connections, stops listening for new ones and clears its timer; then it closes the feeds.',
    edits: [[
      '      if (this.refreshTimer) clearTimeout(this.refreshTimer)\n      this.swarm.off(\'connection\', this.onConnection)\n      await this.discovery?.destroy().catch(() => {})\n      for (const socket of this.sockets) socket.destroy()\n',
      ''
    ]],
    names: /close\(\) (leaves the chat's topic|ends the chat's connections|stops listening)/
  },
  {
    name: 'send-resolves-before-indexed',
    lesson: '`send` and `setNick` resolve only once the view has indexed the new entry',
    edits: [['        if (seq < this.ownIndexed) resolve(seq)\n        else this.waiting.set(seq, () => resolve(seq))\n', '        resolve(seq)\n']],
    names: /indexed/
  },
  {
    name: 'clockless-entry-gets-zero',
    lesson: 'Cabal writes no clock: such an entry gets the previous clock of its own feed + 1',
    edits: [['const clock = entry.clock ?? (this.lastClock.get(author) ?? 0) + 1', 'const clock = entry.clock ?? 0']],
    names: /previous clock of its own feed/
  },
  {
    name: 'about-clock-ignored',
    lesson: 'Every valid entry counts toward the highest clock you have seen, `about` entries included.',
    edits: [
      ['        this.lamport = Math.max(this.lamport, clock)\n        if (entry.type === \'chat/text\') {\n',
        '        if (entry.type === \'chat/text\') {\n          this.lamport = Math.max(this.lamport, clock)\n']
    ],
    names: /about entries/
  },
  {
    name: 'nick-from-content-key',
    lesson: 'The `author` of an entry is the key of the feed it is in',
    edits: [
      ['content: z.object({ name: z.string().min(1).max(LIMITS.nick).refine(noControl) }),',
        'content: z.object({ name: z.string().min(1).max(LIMITS.nick).refine(noControl), key: z.string().optional() }),'],
      ["          this.nicks.set(author, entry.content.name)\n          this.emit('nick', { author, nick: entry.content.name })\n",
        "          const who = (entry.content as { key?: string }).key ?? author\n          this.nicks.set(who, entry.content.name)\n          this.emit('nick', { author: who, nick: entry.content.name })\n"]
    ],
    names: /names the author of the feed/
  }
] satisfies Mistake[]
