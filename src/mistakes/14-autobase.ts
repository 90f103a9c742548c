// Kata 14's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'base-values-are-bytes',
    lesson: 'A base\'s values are bytes unless you give it a value encoding: give it JSON, and the view\'s core JSON too.',
    edits: [["  const base: Base = new Autobase(store, key, {\n    valueEncoding: 'json',\n", '  const base: Base = new Autobase(store, key, {\n']],
    names: /JSON/
  },
  {
    name: 'view-core-is-bytes',
    lesson: 'A base\'s values are bytes unless you give it a value encoding: give it JSON, and the view\'s core JSON too.',
    edits: [["views.get({ name: 'messages', valueEncoding: 'json' })", "views.get({ name: 'messages' })"]],
    names: /JSON/
  },
  {
    name: 'seq-is-length',
    lesson: 'A node\'s `length` is the length of its writer\'s core once the node was appended, so the node itself is block `length - 1`.',
    edits: [['seq: node.length - 1,', 'seq: node.length,']],
    names: /seq/
  },
  {
    name: 'after-is-empty',
    lesson: 'Each node carries its **heads**: for every writer, how far into that writer\'s core its author had seen when appending it.',
    edits: [['after: node.heads.map((head) => ({ from: head.key.toString(\'hex\'), length: head.length }))', 'after: []']],
    names: /heads/
  },
  {
    name: 'after-names-the-writer-itself',
    lesson: 'Each node carries its **heads**: for every writer, how far into that writer\'s core its author had seen when appending it.',
    edits: [['after: node.heads.map((head) => ({ from: head.key.toString(\'hex\'), length: head.length }))',
      'after: node.heads.map((head) => ({ from: node.from.key.toString(\'hex\'), length: head.length }))']],
    names: /heads/
  },
  {
    name: 'applied-once-set-outside-the-view',
    lesson: 'Apply must be deterministic and may change nothing but the view: state kept anywhere else is not undone when the view is truncated.',
    edits: [
      ['const KEY = /^[0-9a-f]{64}$/\n', 'const KEY = /^[0-9a-f]{64}$/\nconst appliedOnce = new WeakMap<object, Set<string>>()\n'],
      ['      await view.append(message)\n',
        '      const seen = appliedOnce.get(view) ?? new Set<string>()\n      appliedOnce.set(view, seen)\n' +
        '      if (seen.has(`${message.from}:${message.seq}`)) continue // "never apply a node twice"\n' +
        '      seen.add(`${message.from}:${message.seq}`)\n      await view.append(message)\n']
    ],
    names: /truncated|only the nodes/
  },
  {
    name: 'apply-throws-on-malformed-ops',
    lesson: 'Apply must never throw: a base whose apply throws closes (and with no `\'error\'` listener, takes the process down).',
    edits: [
      ["    if (typeof op !== 'object' || op === null) continue\n", ''],
      ["    if (op.type === 'post' && typeof op.text === 'string') {", "    if (op!.type === 'post') {"],
      ['      text: op.text,', '      text: op.text as string,'],
      ["op.type === 'add-writer' && typeof op.key === 'string' && KEY.test(op.key)", "op.type === 'add-writer'"],
      ["Buffer.from(op.key, 'hex')", "Buffer.from(op.key as string, 'hex')"]
    ],
    names: /never throw|skips what it does not understand|malformed/
  },
  {
    name: 'add-writer-ignored',
    lesson: 'An add-writer op counts only once apply honours it, on every peer: appending the op is a request, the host call in apply is the decision.',
    edits: [["      await host.addWriter(Buffer.from(op.key, 'hex'), { indexer: op.indexer === true })\n", '']],
    names: /host\.addWriter/
  },
  {
    name: 'anyone-adds-writers',
    lesson: 'only the base\'s creator may add writers: apply adds a writer only when the add-writer node is from the base\'s key.',
    edits: [['      if (!node.from.key.equals(host.key)) continue // only the base\'s creator adds writers\n', '']],
    names: /creator/
  },
  {
    name: 'creator-is-whoever-runs-apply',
    lesson: 'Every peer runs apply itself, over the same nodes, and must arrive at the same view: nothing but the nodes decides.',
    edits: [['if (!node.from.key.equals(host.key)) continue', 'if (!node.from.writable) continue']],
    names: /honoured|apply/
  },
  {
    name: 'every-writer-an-indexer',
    lesson: 'Adding a writer makes it an indexer unless the call says otherwise; in this kata an add-writer op says which.',
    edits: [["await host.addWriter(Buffer.from(op.key, 'hex'), { indexer: op.indexer === true })", "await host.addWriter(Buffer.from(op.key, 'hex'))"]],
    names: /indexer/
  },
  {
    name: 'everything-indexed',
    lesson: 'Up to the view\'s signed length, the order is agreed and will not change; past it, messages are only applied on this peer, and may still move.',
    edits: [['const signed = Math.min(snapshot.signedLength, messages.length)', 'const signed = messages.length']],
    names: /pending|indexed/
  },
  {
    name: 'base-signed-length',
    lesson: 'Read the view\'s own signed length, not the base\'s: the base\'s counts nodes of its system core, not messages.',
    edits: [['const signed = Math.min(snapshot.signedLength, messages.length)', 'const signed = Math.min(base.signedLength, messages.length)']],
    names: /signed length|pending/
  },
  {
    name: 'join-under-the-key',
    lesson: 'join under the base\'s discovery key, never its key',
    edits: [['swarm.join(base.discoveryKey)', 'swarm.join(base.key)']],
    names: /discovery key/
  },
  {
    name: 'no-flush',
    lesson: 'resolve once the swarm has flushed',
    edits: [['  await swarm.flush()\n', '']],
    names: /flush/
  },
  {
    name: 'replicate-first-connection-only',
    lesson: 'replicate the base on every connection the swarm makes',
    edits: [["swarm.on('connection', (conn) => base.replicate(conn))", "swarm.once('connection', (conn) => base.replicate(conn))"]],
    names: /every connection/
  }
] satisfies Mistake[]
