// Kata 04's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'openkeys-timer-instead-of-ready',
    blames: 'openKeys',
    concept: 'Opening takes as long as the disk takes: only the cores themselves can say they are ready, a timer only guesses.',
    edits: [['await Promise.all(cores.map((core) => core.ready()))', 'await new Promise((resolve) => setTimeout(resolve, 200))']],
    names: /openKeys resolves only once every core is ready/
  },
  {
    name: 'namedcore-timer-instead-of-ready',
    blames: 'namedCore',
    concept: 'Opening takes as long as the disk takes: only the core itself can say it is ready, a timer only guesses.',
    edits: [['await core.ready()', 'await new Promise((resolve) => setTimeout(resolve, 200))']],
    names: /namedCore resolves only once the core is ready/
  },
  {
    name: 'openstore-timer-instead-of-ready',
    blames: 'openStore',
    concept: 'Opening takes as long as the disk takes: only the store itself can say it is ready, a timer only guesses.',
    edits: [['await store.ready()', 'await new Promise((resolve) => setTimeout(resolve, 200))']],
    names: /store is ready/
  },
  {
    name: 'roles-swapped',
    blames: 'replicateStores',
    concept: 'The roles are part of the task: a initiates and b responds, and the pair is [initiator, responder].',
    edits: [
      ['const initiator = a.replicate(true)', 'const initiator = b.replicate(true)'],
      ['const responder = b.replicate(false)', 'const responder = a.replicate(false)']
    ],
    names: /a initiates and b responds/
  },
  {
    name: 'openkeys-not-ready',
    blames: 'openKeys',
    concept: 'The store hands a core out at once, before it has opened: it is usable only once ready.',
    edits: [['await Promise.all(cores.map((core) => core.ready()))\n', '']],
    names: /ready/
  },
  {
    name: 'namedcore-not-ready',
    blames: 'namedCore',
    concept: 'The store hands a core out at once, before it has opened: it is usable only once ready.',
    edits: [['await core.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'openstore-not-ready',
    blames: 'openStore',
    concept: 'A store opens in the background, like a core: it is usable only once ready.',
    edits: [['await store.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'namespace-ignored',
    blames: 'namedCore',
    concept: 'A namespace is hashed into every key it derives: the same name in another namespace is another core.',
    edits: [['const scope = namespace === undefined ? store : store.namespace(namespace)', 'const scope = store']],
    names: /namespace/
  },
  {
    name: 'encoding-as-second-argument',
    blames: 'openKeys',
    concept: "A peer's core stores bytes and decodes nothing unless opened with a value encoding (store.get takes one options object).",
    edits: [["store.get({ key, valueEncoding: 'json' })", "store.get(key, { valueEncoding: 'json' })"]],
    names: /JSON/
  },
  {
    name: 'piped-one-way',
    blames: 'replicateStores',
    concept: "Replication is a conversation: the two stores' streams are piped into each other, both ways.",
    edits: [['initiator.pipe(responder).pipe(initiator)', 'initiator.pipe(responder)']],
    names: /both ways/
  },
  {
    name: 'two-initiators',
    blames: 'replicateStores',
    concept: 'A Noise handshake has two roles: one store initiates, the other responds.',
    edits: [['b.replicate(false)', 'b.replicate(true)']],
    names: /initiat/
  },
  {
    name: 'empty-namespace-for-plain',
    blames: 'namedCore',
    concept: "Without a namespace a name is the store's own: an empty namespace derives keys of its own.",
    edits: [['const scope = namespace === undefined ? store : store.namespace(namespace)', "const scope = store.namespace(namespace ?? '')"]],
    names: /without a namespace/
  },
  {
    name: 'openkeys-first-ready-only',
    blames: 'openKeys',
    concept: 'Every core the store hands out opens on its own: each one must be ready, not just the first.',
    edits: [['await Promise.all(cores.map((core) => core.ready()))', 'await cores[0]?.ready()']],
    names: /every core is ready/
  },
  {
    name: 'pair-swapped',
    blames: 'replicateStores',
    concept: "The pair is returned as [initiator, responder], a's stream first.",
    edits: [['return [initiator, responder]', 'return [responder, initiator]']],
    names: /\[initiator, responder\]/
  },
  {
    name: 'namedcore-not-json',
    blames: 'namedCore',
    concept: 'A core stores bytes and decodes nothing unless opened with a value encoding.',
    edits: [["scope.get({ name, valueEncoding: 'json' })", 'scope.get({ name })']],
    names: /JSON entries \(valueEncoding/
  },
  {
    name: 'namespace-joined-into-name',
    blames: 'namedCore',
    concept: "A namespace is part of the key derivation, not of the name: 'app-a/chat' is just another plain name.",
    edits: [["const core = scope.get({ name, valueEncoding: 'json' })", "const core = store.get({ name: namespace === undefined ? name : namespace + '/' + name, valueEncoding: 'json' })"]],
    names: /store\.namespace/
  },
  {
    name: 'empty-namespace-is-none',
    blames: 'namedCore',
    concept: 'Any namespace given, even an empty one, derives keys of its own.',
    edits: [['const scope = namespace === undefined ? store : store.namespace(namespace)', 'const scope = namespace ? store.namespace(namespace) : store']],
    names: /an empty namespace is a namespace too/
  },
  {
    name: 'openstore-swallows-error',
    blames: 'openStore',
    concept: 'A store that cannot open is news the caller needs: the error must reach it.',
    edits: [['await store.ready()\n', 'await store.ready().catch(() => {})\n']],
    names: /cannot open/
  }
] satisfies Mistake[]
