// Kata 09's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'last-arrival-wins',
    blames: 'map',
    concept: 'a view\'s state must depend on **which** entries it saw, never on the **order** they came in.',
    edits: [['if (!known || seq > known.seq) names.set(', 'names.set(']],
    names: /order|seq/
  },
  {
    name: 'latest-by-timestamp',
    blames: 'map',
    concept: 'Within one author\'s feed, `seq` is the truth about "later" (their `timestamp` is whatever their clock said)',
    edits: [
      ['if (!known || seq > known.seq)', 'if (!known || value.timestamp > known.seq)'],
      ['names.set(key, { name: value.content.name, seq })', 'names.set(key, { name: value.content.name, seq: value.timestamp })']
    ],
    names: /timestamp/
  },
  {
    name: 'count-batches',
    blames: 'counterView',
    concept: '`map` receives a **batch** of up to 10 entries',
    edits: [['  let count = 0\n  return {\n    map (entries, next) {\n      count += entries.length', '  let count = 0\n  return {\n    map (entries, next) {\n      count += 1']],
    names: /batch/
  },
  {
    name: 'indexed-does-not-wait',
    blames: 'indexed',
    concept: 'Our api functions answer from memory right away, so the caller waits for the views to be ready first.',
    edits: [['return new Promise((resolve) => peer.kappa.ready(() => resolve()))', 'return Promise.resolve()']],
    names: /indexed\(\) resolves only/
  },
  {
    name: 'clear-keeps-position',
    blames: 'savedCounterView',
    concept: 'the view must forget *everything*, its data and the stored position, so every entry is indexed again',
    edits: [['rm(file, { force: true }).then(() => cb(), cb)', 'cb()']],
    names: /clearIndex/
  },
  {
    name: 'clear-keeps-count',
    blames: 'savedCounterView',
    concept: 'the view must forget *everything*, its data and the stored position, so every entry is indexed again',
    edits: [['      count = 0\n      rm(file', '      rm(file']],
    names: /clearIndex/
  },
  {
    name: 'clear-state-from-the-readme',
    blames: 'savedCounterView',
    concept: 'kappa-core\'s own README (`node_modules/kappa-core/README.md`) calls this function `clearState`, but the indexer only ever calls `clearIndex`',
    edits: [['    clearIndex (cb) {', '    clearState (cb: (err?: Error | null) => void) {']],
    names: /clearIndex/
  },
  {
    name: 'count-not-restored',
    blames: 'savedCounterView',
    concept: 'A view that saves its state must save the indexer\'s position too, at the same moment',
    edits: [['        count = saved.count\n', '']],
    names: /saved|file/
  },
  {
    name: 'no-type-filter',
    blames: 'map',
    concept: 'Only `about` messages name an author: check the entry\'s `type`',
    edits: [["        if (value.type !== 'about') continue\n", '']],
    names: /type 'about'/
  },
  {
    name: 'about-by-content-name',
    blames: 'map',
    concept: 'Only `about` messages name an author: check the entry\'s `type`',
    edits: [["        if (value.type !== 'about') continue\n", "        if (!('name' in value.content)) continue\n"]],
    names: /type 'about'/
  },
  {
    name: 'kappa-builds-its-own-multifeed',
    blames: 'openPeer',
    concept: 'Create the multifeed yourself, pass it as `{ multifeed }`, and close that',
    edits: [
      ['const core = kappa(null, { multifeed: feeds })', "const core = kappa(dir, { valueEncoding: 'json', encryptionKey })"],
      ["peer.multifeed.writer('local'", "peer.kappa.writer('local'"]
    ],
    names: /\{ multifeed \}/
  },
  {
    name: 'fetch-state-missing-file-is-an-error',
    blames: 'savedCounterView',
    concept: 'When nothing was saved yet, `fetchState` answers `cb(null, null)`',
    edits: [["err.code === 'ENOENT' ? cb(null, null) : cb(err)", 'cb(err)']],
    names: /nothing was saved yet/
  },
  {
    name: 'close-is-a-no-op',
    blames: 'close',
    concept: 'Create the multifeed yourself, pass it as `{ multifeed }`, and close that',
    edits: [['close: () => new Promise((resolve, reject) => feeds.close((err) => err ? reject(err) : resolve()))', 'close: async () => {}']],
    names: /closed/
  },
  {
    name: 'no-encryption-key',
    blames: 'openPeer',
    concept: 'without it, every multifeed falls back to the same public default key and anyone can replicate with the room',
    edits: [["multifeed(dir, { valueEncoding: 'json', encryptionKey })", "multifeed(dir, { valueEncoding: 'json' })"]],
    names: /encryptionKey/
  },
  {
    name: 'writer-without-name',
    blames: 'publish',
    concept: 'asked for without a name, multifeed makes a new feed each time',
    edits: [["peer.multifeed.writer('local', (err, feed)", 'peer.multifeed.writer((err, feed)']],
    names: /found by its name/
  }
] satisfies Mistake[]
