// Kata 14's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'base-values-are-bytes',
    blames: 'openBase',
    concept: 'A base\'s values are bytes unless you give it a value encoding: give it JSON, and the view\'s core JSON too.',
    edits: [["  const base: Base = new Autobase(store, key, {\n    valueEncoding: 'json',\n", '  const base: Base = new Autobase(store, key, {\n']],
    names: /JSON/
  },
  {
    name: 'view-core-is-bytes',
    blames: 'openBase',
    concept: 'A base\'s values are bytes unless you give it a value encoding: give it JSON, and the view\'s core JSON too.',
    edits: [["views.get({ name: 'messages', valueEncoding: 'json' })", "views.get({ name: 'messages' })"]],
    names: /JSON/
  },
  {
    name: 'seq-is-length',
    blames: 'apply',
    concept: 'A message\'s `seq` is its node\'s place in its writer\'s core, where every node the writer appended counts.',
    edits: [['seq: node.length - 1,', 'seq: node.length,']],
    names: /seq/
  },
  {
    name: 'after-is-empty',
    blames: 'apply',
    concept: 'Each node carries its **heads**: for every writer, how far into that writer\'s core its author had seen when appending it.',
    edits: [['after: node.heads.map((head) => ({ from: head.key.toString(\'hex\'), length: head.length }))', 'after: []']],
    names: /heads/
  },
  {
    name: 'after-names-the-writer-itself',
    blames: 'apply',
    concept: 'Each node carries its **heads**: for every writer, how far into that writer\'s core its author had seen when appending it.',
    edits: [['after: node.heads.map((head) => ({ from: head.key.toString(\'hex\'), length: head.length }))',
      'after: node.heads.map((head) => ({ from: node.from.key.toString(\'hex\'), length: head.length }))']],
    names: /heads/
  },
  {
    name: 'applied-once-set-outside-the-view',
    blames: 'apply',
    concept: 'Apply must be deterministic and may change nothing but the view: state kept anywhere else is not undone when the view is truncated.',
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
    blames: 'apply',
    concept: 'Apply must never throw: a base whose apply throws closes (and with no `\'error\'` listener, takes the process down).',
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
    blames: 'apply',
    concept: 'An add-writer op counts only once apply honours it, on every peer: appending the op is a request, the host call in apply is the decision.',
    edits: [["      await host.addWriter(Buffer.from(op.key, 'hex'), { indexer: op.indexer === true })\n", '']],
    names: /granted it/
  },
  {
    name: 'anyone-adds-writers',
    blames: 'apply',
    concept: 'here, only the base\'s creator may add writers.',
    edits: [['      if (!node.from.key.equals(host.key)) continue // only the base\'s creator adds writers\n', '']],
    names: /creator/
  },
  {
    name: 'creator-is-whoever-runs-apply',
    blames: 'apply',
    concept: 'Every peer runs apply itself, over the same nodes, and must arrive at the same view: nothing but the nodes decides.',
    edits: [['if (!node.from.key.equals(host.key)) continue', 'if (!node.from.writable) continue']],
    names: /learns who created the base/
  },
  {
    name: 'every-writer-an-indexer',
    blames: 'apply',
    concept: 'Adding a writer makes it an indexer unless the call says otherwise; in this kata an add-writer op says which',
    edits: [["await host.addWriter(Buffer.from(op.key, 'hex'), { indexer: op.indexer === true })", "await host.addWriter(Buffer.from(op.key, 'hex'))"]],
    names: /indexer/
  },
  {
    name: 'everything-indexed',
    blames: 'readView',
    concept: 'Up to the view\'s signed length, the order is agreed and will not change; past it, messages are only applied on this peer, and may still move.',
    edits: [['const signed = Math.min(snapshot.signedLength, messages.length)', 'const signed = messages.length']],
    names: /pending|indexed/
  },
  {
    name: 'base-signed-length',
    blames: 'readView',
    concept: 'Read the view\'s own signed length, not the base\'s: the base\'s counts nodes of its system core, not messages.',
    edits: [['const signed = Math.min(snapshot.signedLength, messages.length)', 'const signed = Math.min(base.signedLength, messages.length)']],
    names: /system core/
  },
  {
    name: 'creator-check-in-the-caller',
    blames: 'apply',
    concept: 'A check in the function that appends the op is only the honest caller\'s: apply decides who may add, from who wrote the node, never from what the op says about itself.',
    edits: [
      ['      if (!node.from.key.equals(host.key)) continue // only the base\'s creator adds writers\n', ''],
      ["  if (!Buffer.isBuffer(key) || key.length !== 32) throw new TypeError('addWriter() takes a writer\\'s 32-byte local core key')\n",
        "  if (!Buffer.isBuffer(key) || key.length !== 32) throw new TypeError('addWriter() takes a writer\\'s 32-byte local core key')\n" +
        "  if (!base.local.key.equals(base.key)) throw new Error('only the base\\'s creator adds writers')\n"]
    ],
    names: /creator/
  },
  {
    name: 'creator-named-in-the-op',
    blames: 'apply',
    concept: 'A check in the function that appends the op is only the honest caller\'s: apply decides who may add, from who wrote the node, never from what the op says about itself.',
    edits: [
      ['if (!node.from.key.equals(host.key)) continue', "if (op.by !== host.key.toString('hex')) continue"],
      ["await base.append({ type: 'add-writer', key: key.toString('hex'), indexer: opts.indexer === true })",
        "await base.append({ type: 'add-writer', key: key.toString('hex'), indexer: opts.indexer === true, by: base.local.key.toString('hex') } as Op)"]
    ],
    names: /creator/
  },
  {
    name: 'indexer-flag-ignored',
    blames: 'apply',
    concept: 'Adding a writer makes it an indexer unless the call says otherwise; in this kata an add-writer op says which',
    edits: [["await host.addWriter(Buffer.from(op.key, 'hex'), { indexer: op.indexer === true })", "await host.addWriter(Buffer.from(op.key, 'hex'), { indexer: false })"]],
    names: /indexer/
  },
  {
    name: 'host-call-not-awaited',
    blames: 'apply',
    concept: 'Await what apply does: a host call counts only while apply runs.',
    edits: [["      await host.addWriter(Buffer.from(op.key, 'hex'),", "      void host.addWriter(Buffer.from(op.key, 'hex'),"]],
    names: /wait for it before it returns/
  },
  {
    name: 'post-to-the-local-core',
    blames: 'post',
    concept: 'The local core is the base\'s to write: only `base.append` makes a value a node (with its heads).',
    edits: [["  await base.append({ type: 'post', text })", "  await base.local.append({ type: 'post', text } as never)"]],
    names: /to the base itself/
  },
  {
    name: 'message-records-when-applied',
    blames: 'apply',
    concept: 'A message holds only what its node says: when apply ran, whether the node was indexed yet, or which peer ran it differ between peers and between runs, and would be frozen into the view.',
    edits: [['        text: op.text,\n', '        text: op.text,\n        pending: !node.indexed, // "a reader wants to know"\n']],
    names: /deterministic/
  },
  {
    name: 'message-has-a-time',
    blames: 'apply',
    concept: 'Every peer runs apply itself, over the same nodes, and must arrive at the same view: nothing but the nodes decides.',
    edits: [['        text: op.text,\n', '        text: op.text,\n        at: Date.now(),\n']],
    names: /deterministic/
  },
  {
    name: 'stop-at-a-malformed-op',
    blames: 'apply',
    concept: 'Writers are peers, and a peer can append anything: apply skips what it does not understand.',
    edits: [["    if (typeof op !== 'object' || op === null) continue\n", "    if (typeof op !== 'object' || op === null) return\n"]],
    names: /skipped one by one/
  },
  {
    name: 'seq-counts-posts',
    blames: 'apply',
    concept: 'A message\'s `seq` is its node\'s place in its writer\'s core, where every node the writer appended counts.',
    edits: [
      ['const KEY = /^[0-9a-f]{64}$/\n', 'const KEY = /^[0-9a-f]{64}$/\n' +
        'async function postsBy (view: View, from: string): Promise<number> {\n  let n = 0\n' +
        '  for (let i = 0; i < view.length; i++) if ((await view.get(i) as Message).from === from) n++\n  return n\n}\n'],
      ['seq: node.length - 1,', "seq: await postsBy(view, node.from.key.toString('hex')),"]
    ],
    names: /every node/
  },
  {
    name: 'applied-once-module-set',
    blames: 'apply',
    concept: 'Apply must be deterministic and may change nothing but the view: state kept anywhere else is not undone when the view is truncated.',
    edits: [
      ['const KEY = /^[0-9a-f]{64}$/\n', 'const KEY = /^[0-9a-f]{64}$/\nconst appliedPosts = new Set<string>()\n'],
      ['      await view.append(message)\n',
        '      if (appliedPosts.has(`${message.from}:${message.seq}`)) continue\n' +
        '      appliedPosts.add(`${message.from}:${message.seq}`)\n      await view.append(message)\n']
    ],
    names: /outside the view/
  },
  {
    name: 'read-view-cached',
    blames: 'readView',
    concept: 'remember the signed length, not the index, and re-read past it when the view emits `\'truncate\'`',
    edits: [
      ['const KEY = /^[0-9a-f]{64}$/\n', 'const KEY = /^[0-9a-f]{64}$/\nconst read = new WeakMap<Base, Message[]>()\n'],
      ['    const messages: Message[] = []\n    for (let i = 0; i < snapshot.length; i++)',
        '    const messages = read.get(base) ?? []\n    read.set(base, messages)\n    for (let i = messages.length; i < snapshot.length; i++)']
    ],
    names: /truncate/
  },
  {
    name: 'an-indexer-reads-all-as-indexed',
    blames: 'readView',
    concept: 'With two indexers a majority is both: being an indexer signs nothing alone, and an indexer\'s own post is pending until the other has seen it.',
    edits: [['const signed = Math.min(snapshot.signedLength, messages.length)', 'const signed = base.isIndexer ? messages.length : Math.min(snapshot.signedLength, messages.length)']],
    names: /pending/
  },
  {
    name: 'join-under-the-key',
    blames: 'joinBase',
    concept: 'join under the base\'s discovery key, never its key',
    edits: [['swarm.join(base.discoveryKey)', 'swarm.join(base.key)']],
    names: /discovery key/
  },
  {
    name: 'no-flush',
    blames: 'joinBase',
    concept: 'resolve once the swarm has flushed',
    edits: [['  await swarm.flush()\n', '']],
    names: /peers already online/
  },
  {
    name: 'replicate-first-connection-only',
    blames: 'joinBase',
    concept: 'replicate the base on every connection the swarm makes',
    edits: [["swarm.on('connection', (conn) => base.replicate(conn))", "swarm.once('connection', (conn) => base.replicate(conn))"]],
    names: /every connection/
  },
  {
    name: 'stop-at-an-ignored-add-writer',
    blames: 'apply',
    concept: 'Writers are peers, and a peer can append anything: apply skips what it does not understand.',
    edits: [['if (!node.from.key.equals(host.key)) continue', 'if (!node.from.key.equals(host.key)) return']],
    names: /next node of the batch/
  },
  {
    name: 'stop-at-a-malformed-post',
    blames: 'apply',
    concept: 'Writers are peers, and a peer can append anything: apply skips what it does not understand.',
    edits: [["    if (op.type === 'post' && typeof op.text === 'string') {",
      "    if (op.type === 'post' && typeof op.text !== 'string') return\n    if (op.type === 'post' && typeof op.text === 'string') {"]],
    names: /skipped one by one/
  },
  {
    name: 'indexer-flag-left-undefined',
    blames: 'addWriter',
    concept: 'Adding a writer makes it an indexer unless the call says otherwise; in this kata an add-writer op says which',
    edits: [
      ["indexer: opts.indexer === true })", 'indexer: opts.indexer as boolean })'],
      ["{ indexer: op.indexer === true }", '{ indexer: op.indexer as boolean }']
    ],
    names: /leaves the flag out/
  },
  {
    name: 'add-only-when-indexed',
    blames: 'apply',
    concept: 'Apply runs over a node when it first comes in the order (and again only after a reorder), not when it is signed: an op counts when apply runs over it, indexed or not.',
    edits: [["      await host.addWriter(Buffer.from(op.key, 'hex'),", "      if (!node.indexed) continue // \"only honour signed ops\"\n      await host.addWriter(Buffer.from(op.key, 'hex'),"]],
    names: /indexed or not/
  },
  {
    name: 'key-checked-by-length-only',
    blames: 'apply',
    concept: 'Apply must never throw: a base whose apply throws closes (and with no `\'error\'` listener, takes the process down).',
    edits: [["typeof op.key === 'string' && KEY.test(op.key)", "typeof op.key === 'string' && op.key.length === 64"]],
    names: /64 hex/
  },
  {
    name: 'post-from-what-the-op-says',
    blames: 'apply',
    concept: 'The same goes for a post: a message is from the writer whose core holds its node, whatever the op claims.',
    edits: [["        from: node.from.key.toString('hex'),", "        from: typeof op.from === 'string' ? op.from : node.from.key.toString('hex'),"]],
    names: /never from what the op says/
  },
  {
    name: 'post-not-awaited',
    blames: 'post',
    concept: '`post` rejects a text that is not a string, and resolves once its node is appended.',
    edits: [["  await base.append({ type: 'post', text })", "  void base.append({ type: 'post', text })"]],
    names: /resolves once its node is added/
  },
  {
    name: 'view-from-the-outer-store',
    blames: 'openBase',
    concept: '`open(store)` creates the view, a hypercore (or a Hyperbee, or several) made from the store it is given',
    edits: [["open: (views) => views.get({ name: 'messages', valueEncoding: 'json' })", "open: () => store.get({ name: 'messages', valueEncoding: 'json' })"]],
    names: /store open is given/
  },
  {
    // Any indexer may add writers: the system's indexers, not the base's creator.
    name: 'any-indexer-adds',
    blames: 'apply',
    concept: 'only the base\'s creator may add writers',
    edits: [["      if (!node.from.key.equals(host.key)) continue", "      if (!host.system.indexers.some((i: { key: Buffer }) => i.key.equals(node.from.key))) continue"]],
    names: /only the base's creator/
  },
  {
    // An op that asks for an indexer is taken as the creator's say-so, whoever wrote it.
    name: 'indexer-op-from-anyone',
    blames: 'apply',
    concept: 'only the base\'s creator may add writers',
    edits: [["      if (!node.from.key.equals(host.key)) continue", "      if (!node.from.key.equals(host.key) && op.indexer !== true) continue"]],
    names: /only the base's creator/
  },
  {
    // Hex checked, length not: an odd last digit is dropped by Buffer.from, and 66 digits make a 33-byte key.
    name: 'key-any-hex-length',
    blames: 'apply',
    concept: 'apply skips what it does not understand. Apply must never throw',
    edits: [['const KEY = /^[0-9a-f]{64}$/', 'const KEY = /^[0-9a-f]+$/']],
    names: /64 hex/
  },
  {
    name: 'head-length-one-short',
    blames: 'apply',
    concept: 'A head says how many nodes of a writer its author had seen: its length, as the node carries it.',
    edits: [["length: head.length }))", "length: head.length - 1 }))"]],
    names: /heads/
  },
  {
    name: 'head-length-one-long',
    blames: 'apply',
    concept: 'A head says how many nodes of a writer its author had seen: its length, as the node carries it.',
    edits: [["length: head.length }))", "length: head.length + 1 }))"]],
    names: /heads/
  },
  {
    // A learner trial: the view read block by block with no snapshot, so a reorder during the read mixes two states.
    name: 'read-view-without-snapshot',
    blames: 'readView',
    concept: 'A view can be truncated and re-applied at any time: a reader reads one state of it, a snapshot, not the live view block by block.',
    edits: [["base.view.snapshot({ valueEncoding: 'json' })", 'base.view'], ['    await snapshot.close()\n', '']],
    names: /snapshot/
  },
  {
    name: 'read-view-length-once-without-snapshot',
    blames: 'readView',
    concept: 'A view can be truncated and re-applied at any time: a reader reads one state of it, a snapshot, not the live view block by block.',
    edits: [["base.view.snapshot({ valueEncoding: 'json' })", 'base.view'], ['    await snapshot.close()\n', ''],
      ['for (let i = 0; i < snapshot.length; i++)', 'for (let i = 0, n = snapshot.length; i < n; i++)']],
    names: /a mix of both/
  },
  {
    // A learner trial: a key checked only for being short; 33 or 64 bytes go through.
    name: 'writer-key-at-least-32-bytes',
    blames: 'addWriter',
    concept: 'A writer key is a core\'s public key: exactly 32 bytes, as a Buffer.',
    edits: [['if (!Buffer.isBuffer(key) || key.length !== 32)', 'if (key.length < 32)']],
    names: /exactly 32 bytes/
  },
  {
    name: 'add-writer-key-at-least-64-characters',
    blames: 'apply',
    concept: 'A peer can append anything: apply takes an add-writer op\'s key only if it is exactly 64 hex characters.',
    edits: [["typeof op.key === 'string' && KEY.test(op.key)", "typeof op.key === 'string' && op.key.length >= 64"]],
    names: /64 hex/
  },
  {
    // A learner trial: state at module level, shared by every base of the process.
    name: 'creator-in-a-module-variable',
    blames: 'apply',
    concept: 'Apply learns the base it runs for from its host: a creator kept in a variable of the module is another base\'s when two bases run in one process.',
    edits: [
      ['const KEY = /^[0-9a-f]{64}$/\n', 'const KEY = /^[0-9a-f]{64}$/\nlet creator: Buffer | null = null\n'],
      ['  await base.ready()\n  return base\n', '  await base.ready()\n  if (key === null) creator = base.local.key\n  return base\n'],
      ['if (!node.from.key.equals(host.key)) continue', 'if (creator === null || !node.from.key.equals(creator)) continue']
    ],
    names: /only from it/
  },
  {
    name: 'view-in-a-module-variable',
    blames: 'readView',
    concept: 'Every base has its own view: a view kept in a variable of the module is another base\'s when two bases run in one process.',
    edits: [
      ['const KEY = /^[0-9a-f]{64}$/\n', 'const KEY = /^[0-9a-f]{64}$/\nlet lastView: View | null = null\n'],
      ["open: (views) => views.get({ name: 'messages', valueEncoding: 'json' })", "open: (views) => (lastView = views.get({ name: 'messages', valueEncoding: 'json' }))"],
      ["base.view.snapshot({ valueEncoding: 'json' })", "(lastView ?? base.view).snapshot({ valueEncoding: 'json' })"]
    ],
    names: /module/
  },
  {
    name: 'signed-length-one-short',
    blames: 'readView',
    concept: 'Up to the view\'s signed length, the order is agreed and will not change; past it, messages are only applied on this peer, and may still move.',
    edits: [['const signed = Math.min(snapshot.signedLength, messages.length)', 'const signed = Math.min(snapshot.signedLength - 1, messages.length)']],
    names: /indexed ends exactly at the signed length/
  },
  {
    name: 'signed-length-one-long',
    blames: 'readView',
    concept: 'Up to the view\'s signed length, the order is agreed and will not change; past it, messages are only applied on this peer, and may still move.',
    edits: [['const signed = Math.min(snapshot.signedLength, messages.length)', 'const signed = Math.min(snapshot.signedLength + 1, messages.length)']],
    names: /pending/
  },
  {
    // A learner trial: the indexer flag judged by truthiness, so an op's "false" makes an indexer.
    name: 'indexer-flag-truthy',
    blames: 'apply',
    concept: 'An op is peer data: only the boolean true makes an indexer; a value that is merely truthy says nothing.',
    edits: [['{ indexer: op.indexer === true }', '{ indexer: Boolean(op.indexer) }']],
    names: /only the boolean true makes an indexer/
  },
  {
    // A learner trial: the indexer flag passed straight to the host, whatever it is.
    name: 'indexer-flag-passed-through',
    blames: 'apply',
    concept: 'An op is peer data: only the boolean true makes an indexer; a value that is merely truthy says nothing.',
    edits: [["    } else if (op.type === 'add-writer' && typeof op.key === 'string' && KEY.test(op.key)) {",
      "    } else if (op.type === 'add-writer' && typeof op.key === 'string' && KEY.test(op.key) && op.indexer !== undefined) {"],
    ['{ indexer: op.indexer === true }', '{ indexer: op.indexer as boolean }']],
    names: /only the boolean true makes an indexer/
  },
  {
    // A learner trial: any value of length 32 taken as a key, so a 32-character string's ASCII bytes become a writer.
    name: 'writer-key-any-value-of-length-32',
    blames: 'addWriter',
    concept: 'A writer key is a core\'s public key: exactly 32 bytes, as a Buffer.',
    edits: [['if (!Buffer.isBuffer(key) || key.length !== 32)', 'if (key.length !== 32)'],
      ["key: key.toString('hex')", "key: Buffer.from(key).toString('hex')"]],
    names: /a string of 32 characters\) must reject/
  },
  {
    // A learner trial: the snapshot read without the view's encoding gives bytes.
    name: 'snapshot-without-json',
    blames: 'readView',
    concept: 'A snapshot does not keep the view\'s value encoding: open it with the view\'s JSON encoding.',
    edits: [["base.view.snapshot({ valueEncoding: 'json' })", 'base.view.snapshot()']],
    names: /read it as JSON/
  },
  {
    // A learner trial: the snapshot never closed, a session left open per call.
    name: 'snapshot-left-open',
    blames: 'readView',
    concept: 'A snapshot is a session of the view: close it once it is read, on every path.',
    edits: [['    await snapshot.close()\n', '']],
    names: /sessions of the view open/
  },
  {
    // A learner trial: the snapshot read, but split at the live view's signed length, which a reorder moves on meanwhile.
    name: 'signed-length-of-the-live-view',
    blames: 'readView',
    concept: 'Split where the signed length of the state you read ends: the snapshot\'s, not the live view\'s, which may have moved on.',
    edits: [['const signed = Math.min(snapshot.signedLength, messages.length)', 'const signed = Math.min(base.view.signedLength, messages.length)']],
    names: /not the live view's/
  },
  {
    // A learner trial: the view's append not awaited, green twice.
    name: 'view-append-not-awaited',
    blames: 'apply',
    concept: 'Await what apply does: autobase reads the view as soon as apply resolves.',
    edits: [['      await view.append(message)\n', '      void view.append(message)\n']],
    names: /must wait until the view holds each message/
  },
  {
    name: 'creator-remembered-by-open-base',
    blames: 'apply',
    concept: 'apply knows the base\'s creator from its host (the base key is the creator\'s local key), never from what openBase remembered in this process: a peer never runs the creator\'s openBase.',
    edits: [
      ['const KEY = /^[0-9a-f]{64}$/\n', 'const KEY = /^[0-9a-f]{64}$/\nconst creators = new Set<string>()\n'],
      ['  await base.ready()\n  return base\n', "  await base.ready()\n  if (key === null) creators.add(base.local.key.toString('hex'))\n  return base\n"],
      ['if (!node.from.key.equals(host.key)) continue', "if (!creators.has(node.from.key.toString('hex'))) continue"]
    ],
    names: /the base it runs for/
  },
  {
    name: 'live-signed-length-read-first',
    blames: 'readView',
    concept: 'indexed ends at the signed length of the state read, the snapshot\'s: the live view may move on right after the snapshot is taken.',
    edits: [['    const messages: Message[] = []\n    for (let i = 0; i < snapshot.length; i++) messages.push(await snapshot.get(i) as Message)\n    const signed = Math.min(snapshot.signedLength, messages.length)\n',
      '    const signed = Math.min(base.view.signedLength, snapshot.length)\n    const messages: Message[] = []\n    for (let i = 0; i < snapshot.length; i++) messages.push(await snapshot.get(i) as Message)\n']],
    names: /not the live view's/
  },
  {
    // Trial r4 (V23): length and signed length read from the live view, then the snapshot made: green before.
    name: 'read-view-length-before-snapshot',
    blames: 'readView',
    concept: 'A snapshot holds one state of the view: take its length and signed length from it, once it is ready, never from the live view, which may move on in between.',
    edits: [
      ["  const snapshot = base.view.snapshot({ valueEncoding: 'json' })\n", "  const length = base.view.length\n  const liveSigned = base.view.signedLength\n  const snapshot = base.view.snapshot({ valueEncoding: 'json' })\n"],
      ['for (let i = 0; i < snapshot.length; i++)', 'for (let i = 0; i < length; i++)'],
      ['Math.min(snapshot.signedLength, messages.length)', 'Math.min(liveSigned, messages.length)']
    ],
    names: /before its snapshot was ready/
  },
  {
    // Trial r4 (V38): the snapshot made first, but the length read from the live view before it was ready: green before.
    name: 'read-view-length-before-ready',
    blames: 'readView',
    concept: 'A snapshot holds one state of the view: take its length and signed length from it, once it is ready, never from the live view, which may move on in between.',
    edits: [
      ['  try {\n    await snapshot.ready()\n', '  try {\n    const length = base.view.length\n    await snapshot.ready()\n'],
      ['for (let i = 0; i < snapshot.length; i++)', 'for (let i = 0; i < length; i++)']
    ],
    names: /before its snapshot was ready/
  },
  {
    // Trial r4 (V33): the snapshot closed after a read that went well, not in a finally: green before.
    name: 'snapshot-closed-only-on-success',
    blames: 'readView',
    concept: 'Close the snapshot on every path: one left open when a read fails holds the view as it was, for as long as the base runs.',
    edits: [
      ['  try {\n    await snapshot.ready()\n', '  {\n    await snapshot.ready()\n'],
      ['    return { indexed: messages.slice(0, signed), pending: messages.slice(signed) }\n  } finally {\n    await snapshot.close()\n  }\n',
        '    await snapshot.close()\n    return { indexed: messages.slice(0, signed), pending: messages.slice(signed) }\n  }\n']
    ],
    names: /when reading it failed/
  },
  {
    // Trial r4 (V39): posts applied only once signed; red before, but blamed on a missing await.
    name: 'post-applied-only-when-signed',
    blames: 'apply',
    concept: 'Apply runs over a node when it first comes in the order, signed or not, and not again when it is signed: a post it skips then is never in the view.',
    edits: [['      await view.append(message)\n', '      if (!node.indexed) continue // "only what is agreed"\n      await view.append(message)\n']],
    names: /signed yet/
  },
  {
    // Trial r4 (V29): joined as a client only; red before, but blamed on the flush.
    name: 'join-as-client-only',
    blames: 'joinBase',
    concept: 'join the topic both to announce the base (server) and to look up its peers (client): two peers that only look up never meet.',
    edits: [['swarm.join(base.discoveryKey)', 'swarm.join(base.discoveryKey, { client: true, server: false })']],
    names: /server and as a client/
  },
  {
    // Trial r4 (V40): a post written as JSON bytes straight into the local core; red before, but blamed on encodings.
    name: 'post-json-bytes-to-the-local-core',
    blames: 'post',
    concept: 'The local core is the base\'s to write: only `base.append` makes a value a node (with its heads).',
    edits: [["  await base.append({ type: 'post', text })", "  await base.local.append(Buffer.from(JSON.stringify({ type: 'post', text })))"]],
    names: /to the base itself/
  },
  {
    // Trial r4 (V14): the creator of the first base the process opened, kept in a module variable.
    name: 'creator-of-the-first-base',
    blames: 'apply',
    concept: 'Apply learns the base it runs for from its host: a creator kept in a variable of the module is another base\'s when two bases run in one process.',
    edits: [
      ['const KEY = /^[0-9a-f]{64}$/\n', 'const KEY = /^[0-9a-f]{64}$/\nlet creator: Buffer | null = null\n'],
      ['  await base.ready()\n  return base\n', '  await base.ready()\n  if (creator === null) creator = base.key\n  return base\n'],
      ['if (!node.from.key.equals(host.key)) continue', 'if (creator === null || !node.from.key.equals(creator)) continue']
    ],
    names: /variable of the module/
  },
  {
    // Trial r5: a 32-byte Uint8Array taken for a key.
    name: 'add-writer-any-uint8array',
    blames: 'addWriter',
    concept: 'A plain Uint8Array of 32 bytes passes a length check, but its toString ignores \'hex\': taken as it is, the op names no one and addWriter resolves having added nobody (refuse it, or turn its bytes into hex).',
    edits: [['if (!Buffer.isBuffer(key) || key.length !== 32)', 'if (!(key instanceof Uint8Array) || key.length !== 32)']],
    names: /Uint8Array/
  },
  {
    // Trial r5: a topic that hides the key, but is not the one every peer of the base joins.
    name: 'join-own-hash-of-the-key',
    blames: 'joinBase',
    concept: 'Peers of a base meet under its discovery key: a hash of your own making hides the key too, but no other peer looks there.',
    edits: [
      ["import Autobase from 'autobase'\n", "import Autobase from 'autobase'\nimport { createHash } from 'node:crypto'\n"],
      ['swarm.join(base.discoveryKey)', "swarm.join(createHash('sha256').update(base.key).digest())"]
    ],
    names: /own discovery key/
  },
  {
    // Trial r5 (noready): the snapshot read before it was ready, so it held nothing; red, but only as a wrong list.
    name: 'snapshot-read-before-ready',
    blames: 'readView',
    concept: 'A snapshot holds its state once it is ready: read before, it holds nothing.',
    edits: [['  try {\n    await snapshot.ready()\n', '  try {\n']],
    names: /once it is ready/
  },
  {
    // Trial r6: addWriter not waiting for its request, so it resolves before the request is a node and a refusal is lost.
    name: 'add-writer-append-not-awaited',
    blames: 'addWriter',
    concept: 'addWriter resolves once its request is a node of the base: a request still on its way can fail where nobody hears it.',
    edits: [["  await base.append({ type: 'add-writer'", "  void base.append({ type: 'add-writer'"]],
    names: /addWriter resolves once its request is a node/
  },
  {
    // Trial r6: post refusing the empty text; a post's text is any string.
    name: 'post-refuses-empty-text',
    blames: 'post',
    concept: 'A post\'s text is any string, the empty one too: only a text that is not a string is refused.',
    edits: [["if (typeof text !== 'string') throw", "if (typeof text !== 'string' || text.length === 0) throw"]],
    names: /the empty one too/
  }
] satisfies Mistake[]
