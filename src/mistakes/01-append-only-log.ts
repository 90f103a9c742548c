// Kata 01's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'no-json-encoding',
    blames: 'openLog',
    concept: "With `valueEncoding: 'json'` it turns what you append into JSON bytes and parses them back when you read",
    edits: [["new Hypercore(dir, { valueEncoding: 'json' })", 'new Hypercore(dir)']],
    names: /entries must be JSON values/
  },
  {
    name: 'no-ready',
    blames: 'openLog',
    concept: 'The constructor returns at once and opens the log in the background',
    edits: [['await log.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'array-entry-spread',
    blames: 'appendEntries',
    concept: 'Careful: `append` treats an array as *several* entries.',
    edits: [['const { length } = await log.append(entries)', 'let length = log.length\n  for (const entry of entries) ({ length } = await log.append(entry))']],
    names: /an entry that is an array stays one entry/
  },
  {
    name: 'no-await-append',
    blames: 'appendEntries',
    concept: 'Until that promise resolves the entries are not in the log yet (its `length` has not grown), so await it.',
    edits: [['const { length } = await log.append(entries)\n  return length', 'void log.append(entries)\n  return log.length']],
    names: /once the append has finished/
  },
  {
    name: 'no-await-count',
    blames: 'appendEntries',
    concept: 'Until that promise resolves the entries are not in the log yet (its `length` has not grown), so await it.',
    edits: [['const { length } = await log.append(entries)\n  return length', 'void log.append(entries)\n  return log.length + entries.length']],
    names: /once the append has finished/
  },
  {
    name: 'append-result-returned',
    blames: 'appendEntries',
    concept: 'resolves once\nthey are stored, with `{ length, byteLength }`: the log\'s new length and its size in bytes.',
    edits: [['const { length } = await log.append(entries)\n  return length', 'return (await log.append(entries)) as unknown as number']],
    names: /a number/
  },
  {
    name: 'fixed-directory',
    blames: 'openLog',
    concept: 'A directory holds one\nlog: another directory holds another log, with its own key',
    edits: [["new Hypercore(dir, { valueEncoding: 'json' })", "new Hypercore(`${process.env.TMPDIR ?? '/tmp'}/log`, { valueEncoding: 'json' })"]],
    names: /each directory holds its own log/
  },
  {
    name: 'count-not-length',
    blames: 'appendEntries',
    concept: 'The length it resolves to is the whole log\'s length, not the number of entries you just added.',
    edits: [['const { length } = await log.append(entries)\n  return length', 'await log.append(entries)\n  return entries.length']],
    names: /not the number of entries just appended/
  },
  {
    name: 'key-not-hex',
    blames: 'describeLog',
    concept: 'the keys as hex strings',
    edits: [["key: log.key!.toString('hex')", 'key: log.key!.toString()']],
    names: /hex/
  },
  {
    name: 'key-as-discovery-key',
    blames: 'describeLog',
    concept: 'Peers announce and look up the discovery key on the network, so strangers learn that *someone* is interested in a log without learning its key',
    edits: [["discoveryKey: log.discoveryKey!.toString('hex')", "discoveryKey: log.key!.toString('hex')"]],
    names: /discovery key|discoveryKey/
  },
  {
    name: 'read-as-text',
    blames: 'readEntry',
    concept: "A read decodes with the log's encoding unless you ask it for another one: then you get that encoding's text or bytes, not the value you appended.",
    edits: [['return log.get(index)', "return log.get(index, { valueEncoding: 'utf-8' })"]],
    names: /you got a string, not a JSON value/
  }
] satisfies Mistake[]
