// Kata 04's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'openkeys-not-ready',
    blames: 'openKeys',
    concept: '`store.get(…)` returns the core at once, before it has opened: wait until it is ready before you rely on it',
    edits: [['await Promise.all(cores.map((core) => core.ready()))\n', '']],
    names: /ready/
  },
  {
    name: 'namedcore-not-ready',
    blames: 'namedCore',
    concept: '`store.get(…)` returns the core at once, before it has opened: wait until it is ready before you rely on it',
    edits: [['await core.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'openstore-not-ready',
    blames: 'openStore',
    concept: 'A store opens in the background, like a core: wait until it is ready.',
    edits: [['await store.ready()\n', '']],
    names: /ready/
  },
  {
    name: 'namespace-ignored',
    blames: 'namedCore',
    concept: '`\'chat\'` in `app-a`, `\'chat\'` in `app-b` and the plain `\'chat\'` are three different cores.',
    edits: [['const scope = namespace === undefined ? store : store.namespace(namespace)', 'const scope = store']],
    names: /namespace/
  },
  {
    name: 'encoding-as-second-argument',
    blames: 'openKeys',
    concept: 'Options such as `valueEncoding` go in the same object: `store.get` takes a single argument.',
    edits: [["store.get({ key, valueEncoding: 'json' })", "store.get(key, { valueEncoding: 'json' })"]],
    names: /JSON/
  },
  {
    name: 'piped-one-way',
    blames: 'replicateStores',
    concept: 'Pipe the two streams into each other, both ways: replication is a conversation, and a stream that only talks never hears back.',
    edits: [['initiator.pipe(responder).pipe(initiator)', 'initiator.pipe(responder)']],
    names: /both ways/
  },
  {
    name: 'two-initiators',
    blames: 'replicateStores',
    concept: 'One side initiates (`true`), the other responds (`false`)',
    edits: [['b.replicate(false)', 'b.replicate(true)']],
    names: /initiat/
  },
  {
    name: 'empty-namespace-for-plain',
    blames: 'namedCore',
    concept: 'Without a namespace, use the store itself: an empty namespace (`store.namespace(\'\')`) is a namespace too, with keys of its own.',
    edits: [['const scope = namespace === undefined ? store : store.namespace(namespace)', "const scope = store.namespace(namespace ?? '')"]],
    names: /without a namespace/
  },
  {
    name: 'openkeys-first-ready-only',
    blames: 'openKeys',
    concept: 'for several cores, wait for every one',
    edits: [['await Promise.all(cores.map((core) => core.ready()))', 'await cores[0]?.ready()']],
    names: /every core is ready/
  },
  {
    name: 'pair-swapped',
    blames: 'replicateStores',
    concept: 'return both `[initiator, responder]`, in that order (a\'s stream first).',
    edits: [['return [initiator, responder]', 'return [responder, initiator]']],
    names: /\[initiator, responder\]/
  },
  {
    name: 'namedcore-not-json',
    blames: 'namedCore',
    concept: 'Without `valueEncoding: \'json\'` a core holds raw bytes, and appending an object fails',
    edits: [["scope.get({ name, valueEncoding: 'json' })", 'scope.get({ name })']],
    names: /JSON entries \(valueEncoding/
  },
  {
    name: 'namespace-joined-into-name',
    blames: 'namedCore',
    concept: 'A namespace is not part of the name: `\'app-a/chat\'` is just another plain name, not `\'chat\'` in `app-a`.',
    edits: [["const core = scope.get({ name, valueEncoding: 'json' })", "const core = store.get({ name: namespace === undefined ? name : namespace + '/' + name, valueEncoding: 'json' })"]],
    names: /store\.namespace/
  },
  {
    name: 'empty-namespace-is-none',
    blames: 'namedCore',
    concept: 'an empty namespace (`store.namespace(\'\')`) is a namespace too, with keys of its own.',
    edits: [['const scope = namespace === undefined ? store : store.namespace(namespace)', 'const scope = namespace ? store.namespace(namespace) : store']],
    names: /an empty namespace is a namespace too/
  },
  {
    name: 'openstore-swallows-error',
    blames: 'openStore',
    concept: 'waiting fails: let that error reach the caller, never swallow it.',
    edits: [['await store.ready()\n', 'await store.ready().catch(() => {})\n']],
    names: /cannot open/
  }
] satisfies Mistake[]
