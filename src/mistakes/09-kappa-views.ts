// Kata 09's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'last-arrival-wins',
    blames: 'nicknameView',
    concept: 'A view\'s state must depend on which entries it saw, never on the order they came in.',
    edits: [['if (!known || seq > known.seq) names.set(', 'names.set(']],
    names: /order|seq/
  },
  {
    name: 'latest-by-timestamp',
    blames: 'nicknameView',
    concept: 'Within one author\'s feed, seq is the truth about "later"; a timestamp is only what the author\'s clock said.',
    edits: [
      ['if (!known || seq > known.seq)', 'if (!known || value.timestamp > known.seq)'],
      ['names.set(key, { name: value.content.name, seq })', 'names.set(key, { name: value.content.name, seq: value.timestamp })']
    ],
    names: /timestamp/
  },
  {
    name: 'count-batches',
    blames: 'counterView',
    concept: 'map receives a batch of entries per call: a counter counts the entries, not the calls.',
    edits: [['  let count = 0\n  return {\n    map (entries, next) {\n      count += entries.length', '  let count = 0\n  return {\n    map (entries, next) {\n      count += 1']],
    names: /batch/
  },
  {
    name: 'indexed-does-not-wait',
    blames: 'indexed',
    concept: 'A view answers from memory right away: a caller who wants an up-to-date answer waits until the views are ready.',
    edits: [['return new Promise((resolve) => peer.kappa.ready(() => resolve()))', 'return Promise.resolve()']],
    names: /indexed\(\) resolves only/
  },
  {
    name: 'indexed-waits-a-timer',
    blames: 'indexed',
    concept: 'Waiting for readiness, not for a timer: a timer only guesses how long indexing takes, and a wrong guess gives a stale answer without an error.',
    edits: [['return new Promise((resolve) => peer.kappa.ready(() => resolve()))', 'return new Promise((resolve) => setTimeout(resolve, 200))']],
    names: /not for a timer/
  },
  {
    name: 'counter-state-at-module-level',
    blames: 'counterView',
    concept: 'Each call makes a view of its own (one per core): state at module level is shared by every view.',
    edits: [['export function counterView (): View<CounterApi> {\n  let count = 0\n', 'let count = 0\nexport function counterView (): View<CounterApi> {\n']],
    names: /own count/
  },
  {
    name: 'nicknames-at-module-level',
    blames: 'nicknameView',
    concept: 'Each call makes a view of its own (one per core): state at module level is shared by every view.',
    edits: [['export function nicknameView (): View<NicknameApi> {\n  // author key -> the newest nickname we have seen from that author, and where it was in their log\n  const names = new Map<string, { name: string, seq: number }>()\n',
      'const names = new Map<string, { name: string, seq: number }>()\nexport function nicknameView (): View<NicknameApi> {\n']],
    names: /own names/
  },
  {
    name: 'saved-count-at-module-level',
    blames: 'savedCounterView',
    concept: 'Each call makes a view of its own (one per core): state at module level is shared by every view.',
    edits: [['export function savedCounterView (file: string): View<CounterApi> {\n  let count = 0\n', 'let count = 0\nexport function savedCounterView (file: string): View<CounterApi> {\n']],
    names: /own count/
  },
  {
    name: 'publish-swallows-append-error',
    blames: 'publish',
    concept: 'A failed write is passed on to the caller: a publish that resolves after a failed append says a message was written that never was.',
    edits: [['        if (err) reject(err)\n        else resolve({ key: feed.key.toString(\'hex\'), seq })', '        resolve({ key: feed.key.toString(\'hex\'), seq })']],
    names: /append fails/
  },
  {
    name: 'publish-ignores-writer-error',
    blames: 'publish',
    concept: 'A failed write is passed on to the caller, the writer feed that cannot be opened too.',
    edits: [['      if (err) return reject(err)\n      feed.append', '      if (err) return\n      feed.append']],
    names: /cannot be opened/
  },
  {
    name: 'clear-keeps-position',
    blames: 'clearIndex',
    concept: 'Clearing forgets everything, the data and the stored position, so every entry is indexed again.',
    edits: [['rm(file, { force: true }).then(() => cb(), cb)', 'cb()']],
    names: /clearIndex must forget the stored position/
  },
  {
    name: 'clear-keeps-count',
    blames: 'clearIndex',
    concept: 'Clearing forgets everything, the data and the stored position, so every entry is indexed again.',
    edits: [['      count = 0\n      rm(file', '      rm(file']],
    names: /clearIndex must forget the count/
  },
  {
    name: 'clear-state-from-the-readme',
    blames: 'clearIndex',
    concept: 'The indexer calls clearIndex when a view\'s version changes; kappa-core\'s README calls it clearState, a name nothing calls.',
    edits: [['    clearIndex (cb) {', '    clearState (cb: (err?: Error | null) => void) {']],
    names: /no clearIndex/
  },
  {
    name: 'clear-index-rm-without-force',
    blames: 'clearIndex',
    concept: 'Clearing an index that does not exist yet is not an error: the indexer clears a view with no saved state before its first run.',
    edits: [['rm(file, { force: true }).then(() => cb(), cb)', 'rm(file).then(() => cb(), cb)']],
    names: /does not exist yet must not fail/
  },
  {
    name: 'clear-index-calls-back-before-rm',
    blames: 'clearIndex',
    concept: 'A callback says "done": call it once the work is done, not before.',
    edits: [['rm(file, { force: true }).then(() => cb(), cb)', 'rm(file, { force: true }).catch(() => {})\n      cb()']],
    names: /call back only once/
  },
  {
    name: 'store-state-calls-back-before-write',
    blames: 'storeState',
    concept: 'A callback says "done": the indexer takes storeState\'s callback as "saved" and moves on.',
    edits: [['      save(state).then(() => cb(), cb)', '      save(state).catch(() => {})\n      cb()']],
    names: /once the write is done/
  },
  {
    name: 'store-state-swallows-errors',
    blames: 'storeState',
    concept: 'A failed write is passed on: the indexer would believe a position was saved that never was.',
    edits: [['      save(state).then(() => cb(), cb)', '      save(state).then(() => cb(), () => cb())']],
    names: /error of a failed write/
  },
  {
    name: 'fetch-state-every-error-is-nothing',
    blames: 'fetchState',
    concept: 'A file you cannot read is not an empty one: only "nothing saved yet" is answered with nothing, every other error is passed on.',
    edits: [["err.code === 'ENOENT' ? cb(null, null) : cb(err)", 'cb(null, null)']],
    names: /cannot be read/
  },
  {
    name: 'count-not-restored',
    blames: 'fetchState',
    concept: 'The view\'s data and the indexer\'s position are saved together and restored together.',
    edits: [['        count = saved.count\n', '']],
    names: /restore the count/
  },
  {
    name: 'no-type-filter',
    blames: 'nicknameView',
    concept: 'Every view is handed every entry: a view chooses its entries by their type, here about.',
    edits: [["        if (value.type !== 'about') continue\n", '']],
    names: /type 'about'/
  },
  {
    name: 'about-by-content-name',
    blames: 'nicknameView',
    concept: 'Every view is handed every entry: a view chooses its entries by their type, not by their shape.',
    edits: [["        if (value.type !== 'about') continue\n", "        if (!('name' in value.content)) continue\n"]],
    names: /type 'about'/
  },
  {
    name: 'kappa-builds-its-own-multifeed',
    blames: 'openPeer',
    concept: 'kappa-core must index the very multifeed the peer writes to and closes.',
    edits: [
      ['const core = kappa(null, { multifeed: feeds })', "const core = kappa(dir, { valueEncoding: 'json', encryptionKey })"],
      ["peer.multifeed.writer('local'", "peer.kappa.writer('local'"]
    ],
    names: /multifeed you made/
  },
  {
    name: 'fetch-state-missing-file-is-an-error',
    blames: 'fetchState',
    concept: 'When nothing was saved yet there is nothing to fetch, and that is not an error.',
    edits: [["err.code === 'ENOENT' ? cb(null, null) : cb(err)", 'cb(err)']],
    names: /nothing was saved yet/
  },
  {
    name: 'close-is-a-no-op',
    blames: 'close',
    concept: 'kappa-core 7 has no close(): the peer closes the multifeed it made, or its files stay open.',
    edits: [['close: () => new Promise((resolve) => feeds.close(() => resolve()))', 'close: async () => {}']],
    names: /closed/
  },
  {
    name: 'no-encryption-key',
    blames: 'openPeer',
    concept: 'The encryption key is the room secret: without it every multifeed uses the same public default key.',
    edits: [["multifeed(dir, { valueEncoding: 'json', encryptionKey })", "multifeed(dir, { valueEncoding: 'json' })"]],
    names: /encryptionKey/
  },
  {
    name: 'writer-without-name',
    blames: 'publish',
    concept: 'The peer\'s own writer is found by its name: asked for without one, multifeed makes a new feed each time.',
    edits: [["peer.multifeed.writer('local', (err, feed)", 'peer.multifeed.writer((err, feed)']],
    names: /found by its name/
  },
  {
    name: 'indexed-waits-for-one-view',
    blames: 'indexed',
    concept: 'A caller who needs a fresh answer waits until every view has caught up, not one of them.',
    edits: [['return new Promise((resolve) => peer.kappa.ready(() => resolve()))', 'return new Promise((resolve) => peer.kappa.ready(Object.keys(peer.kappa.api).slice(0, 1), () => resolve()))']],
    names: /every view/
  },
  {
    name: 'open-peer-does-not-wait-for-ready',
    blames: 'openPeer',
    concept: 'openPeer hands out a peer ready to use: it resolves once its multifeed has loaded its feeds, not before.',
    edits: [['  await new Promise<void>((resolve) => feeds.ready(() => resolve()))\n', '']],
    names: /still loading its feeds/
  },
  {
    name: 'clear-index-swallows-errors',
    blames: 'clearIndex',
    concept: 'Calling back without an error means "it worked": only a file that is not there is nothing to clear, every other error is passed on.',
    edits: [['rm(file, { force: true }).then(() => cb(), cb)', 'rm(file).then(() => cb(), () => cb())']],
    names: /cannot be removed/
  },
  {
    name: 'count-saved-apart-from-position',
    blames: 'savedCounterView',
    concept: 'A saved view keeps its data and the indexer\'s position together, saved at the same moment, or a crash between two writes counts entries twice.',
    edits: [
      ["writeFile(file, JSON.stringify({ count, state: state.toString('base64') }))\n  return {\n    map (entries, next) {\n      count += entries.length\n      next()",
        "writeFile(file, JSON.stringify({ count: 0, state: state.toString('base64') }))\n  return {\n    map (entries, next) {\n      count += entries.length\n      writeFile(file + '.count', String(count)).then(() => next(), next)"],
      ['.then((saved) => {\n        count = saved.count\n', ".then(async (saved) => {\n        count = Number(await readFile(file + '.count', 'utf8').catch(() => 0))\n"],
      ['rm(file, { force: true }).then(() => cb(), cb)', "Promise.all([rm(file, { force: true }), rm(file + '.count', { force: true })]).then(() => cb(), cb)"]
    ],
    names: /saved together/
  }
] satisfies Mistake[]
