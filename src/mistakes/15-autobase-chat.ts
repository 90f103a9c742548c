// Kata 15's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'remove-by-any-member',
    lesson: 'A remove from a member who is not the creator is ignored.',
    edits: [['if (writer !== creator || entry.key === creator ||', 'if (entry.key === creator ||']],
    names: /not the creator is ignored/
  },
  {
    name: 'trust-author-field',
    lesson: 'use `node.from.key`, never a field inside the entry (an `author` or `by` in an entry names no one)',
    edits: [['const writer = hex(node.from.key)', "const writer = (JSON.parse(node.value.toString()) as { author?: string }).author ?? hex(node.from.key)"]],
    names: /names no one/
  },
  {
    name: 'date-now-in-apply',
    lesson: 'no `Date.now()` (a message\'s timestamp is the one its writer put in the entry)',
    edits: [['text: entry.text, timestamp: entry.timestamp }', 'text: entry.text, timestamp: Date.now() }']],
    names: /timestamps included|no Date\.now/
  },
  {
    name: 'counter-outside-view',
    lesson: 'apply keeps its state in the view, never in memory.',
    edits: [
      ['async function apply (', 'const counters = new WeakMap<object, { count: number }>()\nasync function apply ('],
      ["const count = ((await batch.get('count'))?.value as number | undefined) ?? 0",
        'if (!counters.has(view)) counters.set(view, { count: 0 })\n      const count = counters.get(view)!.count++'],
      ["      await batch.put('count', count + 1)\n", '']
    ],
    names: /keeps its state in the view/
  },
  {
    name: 'no-validation-in-apply',
    lesson: 'validate each one with `parseEntry` in apply, skipping what does not fit',
    edits: [['const entry = parseEntry(node.value)\n    if (!entry) continue',
      'let entry: Entry\n    try { entry = JSON.parse(node.value.toString()) } catch { continue }\n    if (!entry) continue']],
    names: /ignored/
  },
  {
    name: 'json-value-encoding',
    lesson: 'Keep values as bytes',
    edits: [
      ['    apply,\n', "    valueEncoding: 'json',\n    apply: (nodes, view, host) => apply(nodes.map((n) => ({ ...n, value: Buffer.from(JSON.stringify(n.value)) })), view, host),\n"],
      ['const length = await this.base.append(bytes)', 'const length = await this.base.append(JSON.parse(bytes.toString()))']
    ],
    names: /JSON/
  },
  {
    name: 'remove-only-from-view',
    lesson: 'A removed member can no longer write: Autobase drops its nodes after the removal, its `base.writable` turns false, and its `send` rejects.',
    edits: [["      await host.removeWriter(Buffer.from(entry.key, 'hex'))\n", '']],
    names: /removed/
  },
  {
    name: 're-add-by-member',
    lesson: 'a member who is not the creator cannot add back someone the creator removed',
    edits: [['      if (writer !== creator && await batch.get(`removed/${entry.key}`)) continue\n', '']],
    names: /cannot add back/
  },
  {
    name: 'send-while-read-only',
    lesson: '`send` and `setNick` reject while you are not one, with an error that says so and gives your writer key',
    edits: [['    if (!this.writable) throw new Error(`you are not a member of this chat (yet): a member must add your writer key ${this.writerKey}`)\n', '']],
    names: /member/
  },
  {
    name: 'message-every-read',
    lesson: 'A reorder moves messages, it does not make them new: the app hears about each message once.',
    edits: [['      if (this.emitted.has(id)) continue\n', '']],
    names: /once/
  },
  {
    name: 'close-leaves-base-open',
    lesson: '`close()` undoing everything: it leaves the topic, stops listening, ends its connections, then closes the base and its store',
    edits: [['      await this.base.close()\n      await this.store.close()\n', '']],
    names: /close\(\) closes the base/
  },
  {
    name: 'close-keeps-listening',
    lesson: '`close()` undoing everything: it leaves the topic, stops listening, ends its connections',
    edits: [["      this.swarm.off('connection', this.onConnection)\n", '']],
    names: /stops listening/
  }
] satisfies Mistake[]
