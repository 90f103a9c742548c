// Kata 10's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'highest-clock-ignores-about',
    blames: 'timelineView',
    concept: 'Every entry that carries a clock counts, not only chat messages: an `about` message (a nick change) has a clock too, and a post must come after it.',
    edits: [
      ["        if (typeof value.clock === 'number') highest = Math.max(highest, value.clock)\n        if (value.type !== 'chat/text') continue\n",
        "        if (value.type !== 'chat/text') continue\n        highest = Math.max(highest, value.clock)\n"]
    ],
    names: /about|not only chat messages/
  },
  {
    name: 'messages-hands-out-internal-array',
    blames: 'messages',
    concept: '`messages` hands out a copy: a caller that sorts, filters or edits the list it got must not change the view.',
    edits: [['messages: (_core, channel) => [...(channels.get(channel) ?? [])]', 'messages: (_core, channel) => channels.get(channel) ?? []']],
    names: /copy/
  },
  {
    name: 'sort-by-timestamp-first',
    blames: 'compareEntries',
    concept: 'Sort by it and a reply can show up above the question it answers.',
    edits: [['  if (a.value.clock !== b.value.clock) return a.value.clock - b.value.clock\n',
      '  if (a.value.timestamp !== b.value.timestamp) return a.value.timestamp - b.value.timestamp\n  if (a.value.clock !== b.value.clock) return a.value.clock - b.value.clock\n']],
    names: /wall clock|timestamp/
  },
  {
    name: 'seq-before-author-key',
    blames: 'compareEntries',
    concept: 'Sort by `clock`, break ties by the author\'s key (the lower key first, comparing the hex strings), then by `seq` (the lower first).',
    edits: [['  if (a.key !== b.key) return a.key < b.key ? -1 : 1\n  return a.seq - b.seq\n',
      '  if (a.seq !== b.seq) return a.seq - b.seq\n  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0\n']],
    names: /author key/
  },
  {
    name: 'author-key-descending',
    blames: 'compareEntries',
    concept: 'Sort by `clock`, break ties by the author\'s key (the lower key first, comparing the hex strings), then by `seq` (the lower first).',
    edits: [['  if (a.key !== b.key) return a.key < b.key ? -1 : 1\n', '  if (a.key !== b.key) return a.key > b.key ? -1 : 1\n']],
    names: /lower author key comes first/
  },
  {
    name: 'author-key-before-clock',
    blames: 'compareEntries',
    concept: 'Sort by `clock`, break ties by the author\'s key (the lower key first, comparing the hex strings), then by `seq` (the lower first).',
    edits: [['  if (a.value.clock !== b.value.clock) return a.value.clock - b.value.clock\n  if (a.key !== b.key) return a.key < b.key ? -1 : 1\n',
      '  if (a.key !== b.key) return a.key < b.key ? -1 : 1\n  if (a.value.clock !== b.value.clock) return a.value.clock - b.value.clock\n']],
    names: /the clock comes first, the key only breaks ties/
  },
  {
    name: 'post-without-waiting-for-the-view',
    blames: 'post',
    concept: 'To post, wait for the view to be up to date',
    edits: [['    await new Promise<void>((resolve) => core.ready(TIMELINE, resolve))\n', '']],
    names: /up to date/
  },
  {
    name: 'concurrent-posts-not-serialised',
    blames: 'post',
    concept: 'Two posts on the same core at once must still get different clocks.',
    edits: [['  queues.set(core, next)\n', '']],
    names: /same clock twice|one after the other/
  },
  {
    name: 'post-returns-discovery-key',
    blames: 'post',
    concept: 'Resolves with the new entry: its author\'s feed key (hex), its seq in that feed, and the message.',
    edits: [["resolve({ key: feed.key.toString('hex'), seq, value })", "resolve({ key: feed.discoveryKey.toString('hex'), seq, value })"]],
    names: /author's feed key/
  },
  {
    name: 'post-returns-length-as-seq',
    blames: 'post',
    concept: 'Resolves with the new entry: its author\'s feed key (hex), its seq in that feed, and the message.',
    edits: [["resolve({ key: feed.key.toString('hex'), seq, value })", "resolve({ key: feed.key.toString('hex'), seq: feed.length, value })"]],
    names: /position in the feed/
  },
  {
    name: 'chat-chosen-by-shape',
    blames: 'timelineView',
    concept: 'A chat message is an entry whose `type` is `chat/text`: choose entries by their type, not their shape',
    edits: [["        if (value.type !== 'chat/text') continue\n", '']],
    names: /by type \(chat\/text\), not by shape/
  },
  {
    name: 'failed-post-blocks-the-queue',
    blames: 'post',
    concept: 'A post that fails must not block the ones after it: the next post waits for the previous one to settle, written or failed.',
    edits: [['const next = previous.catch(() => {}).then(async () => {', 'const next = previous.then(async () => {']],
    names: /a failed post must not block the next ones/
  },
  {
    name: 'timestamp-zero-replaced',
    blames: 'post',
    concept: '`timestamp` defaults to `Date.now()` only when it is left out: 0 is a timestamp too.',
    edits: [['timestamp: opts.timestamp ?? Date.now(),', 'timestamp: opts.timestamp || Date.now(),']],
    names: /a timestamp of 0 is a timestamp too/
  },
  {
    name: 'state-shared-across-cores',
    blames: 'timelineView',
    concept: 'Each core has its own view, and so its own state: keep the state inside `timelineView()`, which makes a fresh one on every call, not in the module.',
    edits: [['export function timelineView (): View<TimelineApi> {\n  const channels = new Map<string, Array<Entry<ChatMessage>>>()\n  let highest = 0\n',
      'const channels = new Map<string, Array<Entry<ChatMessage>>>()\nlet highest = 0\nexport function timelineView (): View<TimelineApi> {\n']],
    names: /own state/
  },
  {
    name: 'pushed-not-sorted',
    blames: 'timelineView',
    concept: '`map` inserts each chat message at its place in its channel, whatever order the entries reach it in',
    edits: [['        let i = list.length\n        while (i > 0 && compareEntries(list[i - 1], entry as Entry<ChatMessage>) > 0) i--\n        list.splice(i, 0, entry as Entry<ChatMessage>)\n',
      '        list.push(entry as Entry<ChatMessage>)\n']],
    names: /sorted by \(clock, key, seq\)/
  },
  {
    name: 'no-plus-one',
    blames: 'post',
    concept: 'A Lamport clock says "after everything I had seen": a new clock is higher than every clock its core has seen.',
    edits: [['const clock = timeline.highestClock() + 1', 'const clock = timeline.highestClock()']],
    names: /higher than every clock/
  },
  {
    name: 'highest-at-module-level',
    blames: 'timelineView',
    concept: 'Each core has its own view, and so its own state: a variable at module level is shared by every core.',
    edits: [['export function timelineView (): View<TimelineApi> {\n  const channels = new Map<string, Array<Entry<ChatMessage>>>()\n  let highest = 0\n',
      'let highest = 0\nexport function timelineView (): View<TimelineApi> {\n  const channels = new Map<string, Array<Entry<ChatMessage>>>()\n']],
    names: /own state/
  },
  {
    name: 'post-clock-at-module-level',
    blames: 'post',
    concept: 'A post takes its clock from its own core\'s view: a clock kept at module level is shared by every core.',
    edits: [['const queues = new WeakMap<Kappa, Promise<unknown>>()\n', 'const queues = new WeakMap<Kappa, Promise<unknown>>()\nlet last = 0\n'],
      ['const clock = timeline.highestClock() + 1\n', 'const clock = Math.max(timeline.highestClock(), last) + 1\n    last = clock\n']],
    names: /module level/
  },
  {
    name: 'failed-append-resolves',
    blames: 'post',
    concept: 'A failed write is passed on to the caller: a post that resolves says a message was written that never was.',
    edits: [['          if (err) reject(err)\n          else resolve({', '          resolve({']],
    names: /append fails/
  },
  {
    name: 'post-swallows-its-error',
    blames: 'post',
    concept: 'A failed write is passed on to the caller, even when the queue must go on after it.',
    edits: [['  queues.set(core, next)\n  return next\n', '  const settled = next.catch(() => undefined as unknown as Entry<ChatMessage>)\n  queues.set(core, settled)\n  return settled\n']],
    names: /append fails/
  },
  {
    name: 'writer-error-lost',
    blames: 'post',
    concept: 'A failed write is passed on to the caller, the writer feed that cannot be opened too.',
    edits: [['        if (err) return reject(err)\n        feed.append', '        if (err) return\n        feed.append']],
    names: /post/
  },
  {
    name: 'timestamp-breaks-ties',
    blames: 'compareEntries',
    concept: 'Equal clocks mean neither author had seen the other: the tie is broken by what every peer knows the same way (the author key, then seq), never by a wall clock.',
    edits: [['  if (a.key !== b.key) return a.key < b.key ? -1 : 1\n',
      '  if (a.value.timestamp !== b.value.timestamp) return a.value.timestamp - b.value.timestamp\n  if (a.key !== b.key) return a.key < b.key ? -1 : 1\n']],
    names: /timestamp breaks no tie/
  },
  {
    name: 'one-post-queue-for-every-core',
    blames: 'post',
    concept: 'A core\'s posts take turns with that core\'s other posts only: one queue at module level makes a post stuck on one core hold up every other core.',
    edits: [
      ['const queues = new WeakMap<Kappa, Promise<unknown>>()\n', 'let queue: Promise<unknown> = Promise.resolve()\n'],
      ['const previous = queues.get(core) ?? Promise.resolve()', 'const previous = queue'],
      ['  queues.set(core, next)\n', '  queue = next\n']
    ],
    names: /per core/
  }
] satisfies Mistake[]
