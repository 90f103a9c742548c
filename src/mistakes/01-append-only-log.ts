// Kata 01's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'timer-instead-of-ready',
    blames: 'openLog',
    concept: 'Opening takes as long as the disk takes: only the log itself can say it is ready, a timer only guesses.',
    edits: [['await log.ready()', 'await new Promise((resolve) => setTimeout(resolve, 200))']],
    // On a busy machine the timer runs out before even a quick disk answers: the first test sees it then.
    names: /resolves only once the log is ready|the log is ready when openLog resolves/
  },
  {
    name: 'one-append-per-entry',
    blames: 'appendEntries',
    concept: 'One append of many entries is one batch: the log grows once, by all of them, and no reader sees part of it.',
    edits: [['const { length } = await log.append(entries)\n  return length', 'await Promise.all(entries.map((entry) => log.append([entry])))\n  return log.length']],
    names: /one batch/
  },
  {
    name: 'no-json-encoding',
    blames: 'openLog',
    concept: 'A hypercore stores bytes: the value encoding chosen when the log is opened turns JSON values into bytes and back.',
    edits: [["new Hypercore(dir, { valueEncoding: 'json' })", 'new Hypercore(dir)']],
    names: /entries must be JSON values/
  },
  {
    name: 'no-ready',
    blames: 'openLog',
    concept: 'Opening is asynchronous: the log is usable (key known, length read from disk) only once ready() resolves.',
    edits: [['await log.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'array-entry-spread',
    blames: 'appendEntries',
    concept: 'append takes an array as several entries, so an entry that is itself an array must stay one entry.',
    edits: [['const { length } = await log.append(entries)', 'let length = log.length\n  for (const entry of entries) ({ length } = await log.append(entry))']],
    names: /keeps an entry that is an array as one entry/
  },
  {
    name: 'no-await-append',
    blames: 'appendEntries',
    concept: 'A write has not happened until its promise resolves: the log grows only once append has finished.',
    edits: [['const { length } = await log.append(entries)\n  return length', 'void log.append(entries)\n  return log.length']],
    names: /once the append has finished/
  },
  {
    name: 'no-await-count',
    blames: 'appendEntries',
    concept: 'A write has not happened until its promise resolves: the log grows only once append has finished.',
    edits: [['const { length } = await log.append(entries)\n  return length', 'void log.append(entries)\n  return log.length + entries.length']],
    names: /once the append has finished/
  },
  {
    name: 'append-result-returned',
    blames: 'appendEntries',
    concept: 'append resolves to an object ({ length, byteLength }); the task asks for the new length, a number.',
    edits: [['const { length } = await log.append(entries)\n  return length', 'return (await log.append(entries)) as unknown as number']],
    names: /a number/
  },
  {
    name: 'fixed-directory',
    blames: 'openLog',
    concept: 'A directory is a log: each directory holds its own log, with its own key.',
    edits: [["new Hypercore(dir, { valueEncoding: 'json' })", "new Hypercore(`${process.env.TMPDIR ?? '/tmp'}/log`, { valueEncoding: 'json' })"]],
    names: /each directory holds its own log/
  },
  {
    name: 'count-not-length',
    blames: 'appendEntries',
    concept: "The length is the whole log's length, the story so far, not the number of entries just added.",
    edits: [['const { length } = await log.append(entries)\n  return length', 'await log.append(entries)\n  return entries.length']],
    names: /not the number of entries just appended/
  },
  {
    name: 'key-not-hex',
    blames: 'describeLog',
    concept: "Keys are 32-byte Buffers; a Buffer's default text is not hex.",
    edits: [["key: log.key!.toString('hex')", 'key: log.key!.toString()']],
    names: /hex/
  },
  {
    name: 'key-as-discovery-key',
    blames: 'describeLog',
    concept: 'The discovery key is a hash of the public key, so that announcing it does not reveal the read capability.',
    edits: [["discoveryKey: log.discoveryKey!.toString('hex')", "discoveryKey: log.key!.toString('hex')"]],
    names: /discovery key|discoveryKey/
  },
  {
    name: 'read-as-text',
    blames: 'readEntry',
    concept: "The encoding belongs to the log: a read given another encoding returns that encoding's text, not the value appended.",
    edits: [['return log.get(index)', "return log.get(index, { valueEncoding: 'utf-8' })"]],
    names: /a string, not a JSON value/
  }
] satisfies Mistake[]
