// Kata 01's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'no-json-encoding',
    lesson: "With `valueEncoding: 'json'` it turns what you append into JSON bytes and parses them back when you read",
    edits: [["new Hypercore(dir, { valueEncoding: 'json' })", 'new Hypercore(dir)']],
    names: /JSON/
  },
  {
    name: 'array-entry-spread',
    lesson: 'careful: `append` treats an array as *several* entries',
    edits: [['const { length } = await log.append(entries)', 'let length = log.length\n  for (const entry of entries) ({ length } = await log.append(entry))']],
    names: /entry 1 reads back as appended/
  },
  {
    name: 'key-as-discovery-key',
    lesson: 'The discovery key is a hash of the public key.',
    edits: [["discoveryKey: log.discoveryKey!.toString('hex')", "discoveryKey: log.key!.toString('hex')"]],
    names: /discovery key|discoveryKey/
  }
] satisfies Mistake[]
