// Kata 10's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'highest-clock-ignores-about',
    lesson: 'Every entry that carries a clock counts, not only chat messages: an `about` message (a nick change) has a clock too, and a post must come after it.',
    edits: [
      ["        if (typeof value.clock === 'number') highest = Math.max(highest, value.clock)\n        if (value.type !== 'chat/text') continue\n",
        "        if (value.type !== 'chat/text') continue\n        highest = Math.max(highest, value.clock)\n"]
    ],
    names: /about|not only chat messages/
  },
  {
    name: 'messages-hands-out-internal-array',
    lesson: '`messages` hands out a copy: a caller that sorts, filters or edits the list it got must not change the view.',
    edits: [['messages: (_core, channel) => [...(channels.get(channel) ?? [])]', 'messages: (_core, channel) => channels.get(channel) ?? []']],
    names: /copy/
  },
  {
    name: 'sort-by-timestamp-first',
    lesson: 'Sort by it and a reply can show up above the question it answers.',
    edits: [['  if (a.value.clock !== b.value.clock) return a.value.clock - b.value.clock\n',
      '  if (a.value.timestamp !== b.value.timestamp) return a.value.timestamp - b.value.timestamp\n  if (a.value.clock !== b.value.clock) return a.value.clock - b.value.clock\n']],
    names: /wall clock|timestamp/
  },
  {
    name: 'seq-before-author-key',
    lesson: 'Sort by `clock`, break ties by the author\'s key (the lower key first, comparing the hex strings), then by `seq` (the lower first).',
    edits: [['  if (a.key !== b.key) return a.key < b.key ? -1 : 1\n  return a.seq - b.seq\n',
      '  if (a.seq !== b.seq) return a.seq - b.seq\n  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0\n']],
    names: /author key/
  },
  {
    name: 'author-key-descending',
    lesson: 'Sort by `clock`, break ties by the author\'s key (the lower key first, comparing the hex strings), then by `seq` (the lower first).',
    edits: [['  if (a.key !== b.key) return a.key < b.key ? -1 : 1\n', '  if (a.key !== b.key) return a.key > b.key ? -1 : 1\n']],
    names: /lower author key comes first/
  },
  {
    name: 'author-key-before-clock',
    lesson: 'Sort by `clock`, break ties by the author\'s key (the lower key first, comparing the hex strings), then by `seq` (the lower first).',
    edits: [['  if (a.value.clock !== b.value.clock) return a.value.clock - b.value.clock\n  if (a.key !== b.key) return a.key < b.key ? -1 : 1\n',
      '  if (a.key !== b.key) return a.key < b.key ? -1 : 1\n  if (a.value.clock !== b.value.clock) return a.value.clock - b.value.clock\n']],
    names: /the clock comes first, the key only breaks ties/
  },
  {
    name: 'post-without-waiting-for-the-view',
    lesson: 'To post, wait for the view to be up to date',
    edits: [['    await new Promise<void>((resolve) => core.ready(TIMELINE, resolve))\n', '']],
    names: /up to date/
  },
  {
    name: 'concurrent-posts-not-serialised',
    lesson: 'Two posts on the same core at once must still get different clocks.',
    edits: [['  queues.set(core, next)\n', '']],
    names: /same clock twice|one after the other/
  },
  {
    name: 'post-returns-discovery-key',
    lesson: 'Resolves with the new entry: its author\'s feed key (hex), its seq in that feed, and the message.',
    edits: [["resolve({ key: feed.key.toString('hex'), seq, value })", "resolve({ key: feed.discoveryKey.toString('hex'), seq, value })"]],
    names: /author's feed key/
  },
  {
    name: 'post-returns-length-as-seq',
    lesson: 'Resolves with the new entry: its author\'s feed key (hex), its seq in that feed, and the message.',
    edits: [["resolve({ key: feed.key.toString('hex'), seq, value })", "resolve({ key: feed.key.toString('hex'), seq: feed.length, value })"]],
    names: /position in the feed/
  }
] satisfies Mistake[]
