// Kata 14 — Autobase: many writers, one view. Run it: npm test -- 14
import { randomBytes } from 'node:crypto'
import Corestore from 'corestore'
import type Hyperswarm from 'hyperswarm'
import { inNewProcess, test, watchHostCalls, type KataContext } from '../../src/harness/index.ts'
import { addWriter, apply, joinBase, openBase, post, readView, type Base, type Message, type View } from './base.ts'

/** The bases each test opened: if any one's apply throws (which closes it), that is the test's failure. */
const opened = new WeakMap<KataContext, Base[]>()

/** A peer's base on its own corestore, closed (with its store) after the test. */
async function open (k: KataContext, name: string, key: Buffer | null = null, dir?: string): Promise<Base> {
  const store = new Corestore(dir ?? await k.tmp())
  let base: Base | null = null
  k.teardown(async () => { if (base) await base.close(); await store.close() })
  base = await k.step(`openBase(${name}'s store${key ? ', the base key' : ''})`, openBase(store, key))
  base.on('error', () => {}) // a base whose apply throws is reported by the waits below, not as a crash
  // An un-awaited host call rejects after apply has returned, outside any test code: say what it means first.
  for (const [pattern, meaning] of MISUSES) k.explainStray(pattern, meaning)
  opened.set(k, [...(opened.get(k) ?? []), base])
  return base
}

/** Why a base of this test stopped, if one did: its apply threw. */
function stopped (k: KataContext): Error | null {
  for (const base of opened.get(k) ?? []) {
    const err = base.getLastError()
    if (!err) continue
    if (/not implemented/i.test(err.message)) return err
    return explained(err) ?? new Error(`a base stopped on an error: "${err.message}". A base stops when its apply throws (apply runs on every writer's nodes, again after every reorder: ` +
      'it skips what it does not understand, and must never throw) or when a value cannot be stored (a base keeps its ops, and its view its messages, as bytes unless openBase says they are JSON)')
  }
  return null
}

/** Autobase's own errors for two misuses, and the concept each misses. */
const MISUSES: Array<[RegExp, string]> = [
  [/only allowed in apply/i, 'apply granted a writer after it had returned: a grant counts only while apply runs, so apply must wait for it before it returns'],
  [/must be 32-bytes long/i, 'apply granted a writer whose key is not 32 bytes: an add-writer request counts only when its key is exactly 64 hex characters; apply skips any other as malformed, and never throws'],
  [/unsupported version/i, 'a writer\'s local core holds Autobase\'s own blocks: post() must add its post to the base itself, which makes it a node (with its heads), never write into the local core']
]

/** One of autobase's errors for a misuse, marked as autobase's (null for any other): the harness puts its meaning first. */
function explained (err: unknown): Error | null {
  const message = err instanceof Error ? err.message : String(err)
  return MISUSES.some(([pattern]) => pattern.test(message)) ? new Error(`autobase: "${message}"`) : null
}

/** Awaits work on a base (bounded); a base that stopped meanwhile is the failure. */
async function applied<T> (k: KataContext, label: string, work: Promise<T>): Promise<T> {
  let result: T
  try {
    result = await k.step(label, work)
  } catch (err) {
    throw stopped(k) ?? explained(err) ?? err
  }
  const err = stopped(k)
  if (err) throw err
  return result
}

/** Waits until `condition()` holds; a base that stopped meanwhile is the failure. */
function until (k: KataContext, label: string, condition: () => unknown): Promise<void> {
  return k.until(label, async () => {
    const err = stopped(k)
    if (err) throw err
    return await condition()
  })
}

/** Every message of the view, as it is on this peer now (read from the view core itself). */
async function viewOf (base: Base): Promise<Message[]> {
  const view = base.view.snapshot({ valueEncoding: 'json' })
  try {
    await view.ready()
    const out: Message[] = []
    for (let i = 0; i < view.length; i++) out.push(await view.get(i) as Message)
    return out
  } finally {
    await view.close()
  }
}

/** Waits until the view holds a message with this text. */
async function sees (k: KataContext, base: Base, who: string, text: string, why = ''): Promise<void> {
  let found = false
  await until(k, `${who} sees "${text}" in the view${why}`, async () => {
    if (!found) found = (await viewOf(base)).some((m) => m.text === text)
    return found
  })
}

/** The error `work` rejects with, or null if it resolves (bounded). */
function rejection (k: KataContext, label: string, work: Promise<unknown>): Promise<unknown> {
  return k.step(label, work.then(() => null, (err: unknown) => err))
}

const hex = (base: Base): string => base.local.key.toString('hex')
/** Whether `base`'s membership (its system core) lists `key` as a writer: not part of the typed API. */
const hasWriter = (base: Base, key: Buffer): Promise<boolean> =>
  (base as unknown as { system: { has: (key: Buffer) => Promise<boolean> } }).system.has(key)
const texts = (messages: Message[]): string[] => messages.map((m) => m.text)

/** Replicates two peers' bases over a pipe, without a swarm (fast), until the test ends. */
function pipe (k: KataContext, a: Base, b: Base): void {
  const [x, y] = [a.replicate(true), b.replicate(false)]
  x.pipe(y).pipe(x)
  k.teardown(() => { x.destroy(); y.destroy() })
}

/** Alice creates a base, bob opens it by its key, both meet over the swarm, and alice adds bob. */
async function aliceAndBob (k: KataContext, opts: { indexer?: boolean } = {}): Promise<{ alice: Base, bob: Base, swarms: Hyperswarm[] }> {
  const alice = await open(k, 'alice')
  const bob = await open(k, 'bob', alice.key)
  const swarms = [await k.swarm(), await k.swarm()]
  await applied(k, 'joinBase(alice)', joinBase(alice, swarms[0]))
  await applied(k, 'joinBase(bob)', joinBase(bob, swarms[1]))
  await applied(k, 'addWriter(alice, bob\'s local key)', addWriter(alice, bob.local.key, opts))
  await until(k, 'bob is a writer (alice\'s add-writer request reached him, and his apply granted it; apply learns who created the base from the base it runs for, ' +
    'never from a variable of the module: every test opens new bases in this one process, and a variable of the module is shared by all of them)', () => bob.writable)
  return { alice, bob, swarms }
}

test('openBase creates a base; apply turns each post into a message in the view', async (t, k) => {
  const alice = await open(k, 'alice')
  t.ok(alice.opened, 'the base is ready when openBase resolves')
  t.ok(alice.writable, 'whoever creates a base is its first writer')
  t.alike(alice.key, alice.local.key, 'a new base\'s key is its creator\'s local core key')

  await applied(k, 'post(alice, "hello")', post(alice, 'hello'))
  await applied(k, 'post(alice, "world")', post(alice, 'world'))
  t.is(alice.local.length, 2, 'each post is one node in alice\'s own local core, by the time post() resolves (post resolves once its node is added)')
  await until(k, 'alice\'s base counts her two posts as nodes: its heads name her local core at length 2 (post() must add its post to the base itself, which makes it a node, ' +
    'with its heads, in Autobase\'s own format; a block written straight into the local core is no node: Autobase cannot read it, and apply never sees it)',
  () => alice.heads().some((head) => head.key.equals(alice.local.key) && head.length === 2))
  const view = await viewOf(alice)
  t.alike(texts(view), ['hello', 'world'], 'both posts are in the view, in order (apply adds one Message per post; ops are JSON only if the base is told so)')
  t.alike(view.map((m) => m.from), [hex(alice), hex(alice)], 'a message is from its writer\'s local core key (hex)')
  t.alike(view.map((m) => m.seq), [0, 1], 'a message\'s seq is its node\'s index in its writer\'s core, counted from 0')
  t.alike(view[0].after, [], 'alice\'s first post had seen nothing: its heads are empty')
  t.alike(view[1].after, [{ from: hex(alice), length: 1 }], 'her second post had seen her first: a message\'s after is what its node had seen, its heads, one { from, length } for each')
  t.alike(view[1], { from: hex(alice), seq: 1, text: 'world', after: [{ from: hex(alice), length: 1 }] },
    'a Message is { from, seq, text, after } and nothing more: apply must be deterministic, only the node decides, so nothing about when or where apply ran (a time, whether the node was indexed yet, which peer) goes into the view')
})

test('post and addWriter check their arguments; apply skips what it does not understand', async (t, k) => {
  const alice = await open(k, 'alice')
  const notText = await rejection(k, 'post(alice, 42)', post(alice, 42 as unknown as string))
  t.ok(notText instanceof Error && /string/.test(notText.message), 'post(alice, 42) rejects with an error that says a post\'s text is a string')
  const shortKey = await rejection(k, 'addWriter(alice, a 3-byte key)', addWriter(alice, Buffer.from('abc')))
  t.ok(shortKey instanceof Error && /32/.test(shortKey.message), 'addWriter with a 3-byte key rejects with an error that says a writer key is 32 bytes')
  const notKeys: Array<[string, unknown]> = [
    ['a 33-byte key', Buffer.alloc(33, 1)], ['a 64-byte key', Buffer.alloc(64, 1)],
    ['a key as 64 hex characters', 'ab'.repeat(32)], ['64 characters that are not hex', 'z'.repeat(64)],
    ['a string of 32 characters', 'abcdefghijklmnopqrstuvwxyz012345']
  ]
  for (const [what, key] of notKeys) {
    const err = await rejection(k, `addWriter(alice, ${what})`, addWriter(alice, key as Buffer))
    t.ok(err instanceof Error && /32/.test(err.message), `addWriter(alice, ${what}) must reject, saying a writer key is 32 bytes: a core's public key is a Buffer of exactly 32 bytes, not at least 32, and not its hex`)
  }
  t.is(alice.local.length, 0, 'nothing was appended for them')

  // 32 bytes in a plain Uint8Array: refusing them is fine, and so is adding that writer; naming no one is not.
  const bytes = new Uint8Array(randomBytes(32))
  const refusedBytes = await rejection(k, 'addWriter(alice, a plain Uint8Array of 32 bytes)', addWriter(alice, bytes as Buffer))
  if (refusedBytes !== null) {
    t.ok(refusedBytes instanceof Error && /32/.test(refusedBytes.message), 'addWriter(alice, a plain Uint8Array of 32 bytes) may refuse it, saying a writer key is 32 bytes')
  } else {
    await applied(k, 'alice.update()', alice.update())
    t.ok(await hasWriter(alice, Buffer.from(bytes)), 'addWriter(alice, a plain Uint8Array of 32 bytes) resolved, yet the base has no such writer: the request must name those 32 bytes as hex. ' +
      'A plain Uint8Array\'s own toString ignores \'hex\': either refuse anything but a Buffer, or turn the bytes into hex yourself')
  }

  // Another writer's app (or a hostile one) can append anything: apply sees it all.
  const before = alice.local.length // 1 if the Uint8Array was added as a writer
  const strange = [{ type: 'post', text: 42 }, { type: 'post' }, { type: 'shout', text: 'hi' }, 'just a string', 7,
    { type: 'add-writer', key: 'not a key', indexer: false }, { type: 'add-writer' },
    { type: 'add-writer', key: 'z'.repeat(64), indexer: false }] // 64 characters, but not hex: not a key
  for (const value of strange) await applied(k, `alice appends ${JSON.stringify(value)}`, alice.append(value as never))
  const batch = ['junk', { type: 'shout' }, { type: 'post', text: 42 }, { type: 'add-writer', key: 'not a key' }, { type: 'post', text: 'after junk' }]
  await applied(k, `alice appends ${JSON.stringify(batch)} in one batch`, alice.append(batch as never))
  await applied(k, 'post(alice, "still here")', post(alice, 'still here'))
  const view = await viewOf(alice)
  t.alike(texts(view), ['after junk', 'still here'],
    'malformed ops are skipped one by one (a post needs a string text, an add-writer op a key of 64 hex characters): apply goes on with the next node, also in the same batch, and the base keeps going')
  t.alike(view.map((m) => m.seq), [before + strange.length + batch.length - 1, before + strange.length + batch.length],
    'a message\'s seq is its node\'s index in the writer\'s core: every node the writer appended counts, also the ones apply skipped, not only posts')

  const length = alice.local.length
  await applied(k, 'addWriter(alice, a key)', addWriter(alice, randomBytes(32)))
  t.is(alice.local.length, length + 1, 'addWriter resolves once its request is a node in alice\'s own core, not before: a request still on its way can fail where nobody hears it')
  const emptyRefused = await rejection(k, 'post(alice, "")', post(alice, ''))
  t.is(emptyRefused, null, `post(alice, "") rejected (${String(emptyRefused)}): a post's text is any string, the empty one too; only a text that is not a string is refused`)
  t.alike(texts(await viewOf(alice)).slice(-1), [''], 'post(alice, "") is a post like any other: a post\'s text is any string, the empty one too (only a text that is not a string is refused)')
})

test('apply resolves only once the view holds every message it appended', async (t, k) => {
  // apply called directly, with a view whose appends land a moment later, as a disk's do.
  const held: unknown[] = []
  let asked = 0
  const view = { length: 0, append: (value: unknown) => { asked++; return new Promise<number>((resolve) => setTimeout(() => { held.push(value); resolve(held.length) }, 20)) } }
  const from = { key: randomBytes(32) }
  // Two nodes as autobase hands them to apply before any indexer has signed them (indexed: false).
  const nodes = ['one', 'two'].map((text, i) => ({ value: { type: 'post', text }, from, length: i + 1, heads: [], indexed: false, optimistic: false }))
  const host = { key: from.key, discoveryKey: randomBytes(32), addWriter: async () => {}, removeWriter: async () => {} }
  await k.step('apply(two post nodes not signed yet, a view whose appends are slow, host)', apply(nodes as never, view as unknown as View, host as never))
  t.is(asked, 2, `apply appended ${asked} messages for two post nodes that no indexer has signed yet: apply must not filter on whether a node is signed yet. ` +
    'It runs over a node when the node first comes in the order, signed or not, and runs again only after a reorder, never when the node is signed: a post it skips now is never in the view')
  t.is(held.length, 2, `apply resolved when the view held ${held.length} of the 2 messages it appended: apply must wait until the view holds each message it adds. Autobase reads the view as soon as apply resolves, and a message still on its way is missed, or fails where nobody listens`)
})

test('joinBase meets the base\'s peers under its discovery key; a reader sees the writer\'s posts', async (t, k) => {
  const alice = await open(k, 'alice')
  await applied(k, 'post(alice, "hello")', post(alice, 'hello'))
  const bob = await open(k, 'bob', alice.key)
  t.absent(bob.writable, 'opening a base by its key makes you a reader, not a writer')
  const [a, b] = [await k.swarm(), await k.swarm()]
  await applied(k, 'joinBase(alice)', joinBase(alice, a))
  t.absent(a.status(alice.key), 'alice is on the DHT under the base\'s discovery key, not its key (the key is the right to read it)')
  const topic = a.status(alice.discoveryKey)
  t.ok(topic, 'joinBase(alice) joins the base\'s own discovery key: a topic of your own making hides the key too, but no other peer of the base looks there')
  if (topic) t.ok(topic.isServer && topic.isClient, 'joinBase(alice) joins the base\'s discovery key both as a server and as a client: it announces the base (so that peers find it) and looks up its peers (so that it finds them). ' +
    'Two peers that only look up never meet, and one that only announces finds nobody itself')
  await applied(k, 'joinBase(bob)', joinBase(bob, b))
  t.ok(b.connections.size >= 1, 'when joinBase(bob) resolves, bob is connected to alice: joinBase resolves once the peers already online are found')
  await sees(k, bob, 'bob', 'hello', ' (the base must replicate on every connection the swarm makes; and apply may keep no state outside the view: both peers run in this one process, and each applies every node itself)')
  await applied(k, 'post(alice, "live")', post(alice, 'live'))
  await sees(k, bob, 'bob', 'live', ' (live, too)')
  const refused = await rejection(k, 'bob appending before he is a writer', bob.append({ type: 'post', text: 'me too' }))
  t.ok(refused instanceof Error && /writable/i.test(refused.message), 'bob cannot write until a writer adds him')
  const bobsAdd = await rejection(k, 'addWriter(bob, a key) before bob is a writer', addWriter(bob, randomBytes(32)))
  t.ok(bobsAdd instanceof Error, 'addWriter(bob, a key) rejects while bob cannot write: addWriter resolves only once its request is a node of the base, and passes on why it could not be')
})

test('a writer is added through the log: alice adds bob, and both views agree', async (t, k) => {
  const { alice, bob } = await aliceAndBob(k, { indexer: false })

  await applied(k, 'post(alice, "lunch?")', post(alice, 'lunch?'))
  await sees(k, bob, 'bob', 'lunch?')
  await applied(k, 'post(bob, "yes!")', post(bob, 'yes!'))
  await sees(k, alice, 'alice', 'yes!', ' (bob\'s own core replicates to alice once he is a writer)')
  await until(k, 'bob\'s answer is signed on his side once alice, the only indexer, acks it (if bob was made an indexer too, a majority needs his ack as well: apply grants an indexer only when the request asks for one)', async () => {
    await alice.ack()
    return bob.view.signedLength === 2
  })
  t.absent(bob.isIndexer, 'bob was added as a writer, not an indexer: the add-writer request says which, and apply grants exactly that')

  const [atAlice, atBob] = [await viewOf(alice), await viewOf(bob)]
  t.alike(atAlice, atBob, 'both peers have the same view: apply must be deterministic, only the node decides (not a clock, not which peer runs it)')
  t.alike(texts(atAlice), ['lunch?', 'yes!'], 'in causal order')
  const [question, answer] = atAlice
  t.is(answer.from, hex(bob), 'the answer is from bob\'s local core')
  t.is(answer.seq, 0, 'bob\'s first node: seq 0')
  t.ok(answer.after.some((h) => h.from === question.from && h.length > question.seq),
    'apply: bob\'s answer names what he had seen, a head on alice\'s core at or past her question (a message\'s after is its node\'s heads, each with the key of the writer it is on)')
})

test('only the base\'s creator adds writers: apply decides, the same way on every peer', async (t, k) => {
  const { alice, bob, swarms } = await aliceAndBob(k, { indexer: false })
  const carol = await open(k, 'carol', alice.key)
  const c = await k.swarm()
  swarms.push(c)
  await applied(k, 'joinBase(carol)', joinBase(carol, c))

  // Bob's app can append anything, so he skips addWriter() and appends the ops himself, claiming they are alice's.
  const forged = { type: 'add-writer', key: hex(carol), indexer: false, by: hex(alice), from: hex(alice), creator: hex(alice) }
  const asIndexer = { type: 'add-writer', key: hex(carol), indexer: true }
  const claim = { type: 'post', text: 'I added carol', from: hex(alice), by: hex(alice) }
  await applied(k, 'bob appends [an add-writer op for carol claiming to be alice\'s, one making carol an indexer, a post claiming to be alice\'s] in one batch', bob.append([forged, asIndexer, claim] as never))
  const every = ' (joinBase must replicate the base on every connection the swarm makes: carol meets both alice and bob; ' +
    'and apply skips an add-writer op it does not honour and goes on with the next node of the batch, here bob\'s post)'
  await sees(k, alice, 'alice', 'I added carol', every)
  // Carol is a reader: bob's post reaches her for sure once alice, the indexer, has acked it.
  await until(k, `carol sees "I added carol" in the view${every}`, async () => {
    await alice.ack()
    return (await viewOf(carol)).some((m) => m.text === 'I added carol')
  })
  const claimed = (await viewOf(alice)).find((m) => m.text === 'I added carol')
  t.is(claimed?.from, hex(bob), 'bob\'s post is from bob although it says it is alice\'s: a message is from the writer whose core holds the node, never from what the op says about itself')
  // A base learns it became writable at the end of the update that applied the add: let carol's finish.
  await applied(k, 'carol.update()', carol.update())
  t.absent(carol.writable, 'an add-writer op that bob appended is ignored: only the base\'s creator may add writers, and apply decides that from who wrote the node, ' +
    'not from what the op says about itself (it claims to be alice\'s, or to make an indexer) nor from a check in addWriter() (bob need not call it)')

  // Alice's own ops that name carol but are no add-writer op of 64 hex characters: each is skipped.
  const malformed = [{ type: 'add-writer', key: `${hex(carol)}z`, indexer: false }, { type: 'add-writer', key: `z${hex(carol)}`, indexer: false },
    { type: 'add-writer', key: `${hex(carol)}0`, indexer: false }, { type: 'add-writer', key: `${hex(carol)}00`, indexer: false },
    { type: 'add-writer', key: [hex(carol)], indexer: false }, { type: 'shout', key: hex(carol), indexer: false }, { type: 'post', text: 'six bad adds' }]
  await applied(k, `alice appends ${JSON.stringify(malformed).replaceAll(hex(carol), '<carol>')} in one batch`, alice.append(malformed as never))
  await until(k, 'carol sees "six bad adds" in the view (apply skips a malformed op and goes on with the next node of the batch)', async () => {
    await alice.ack()
    return (await viewOf(carol)).some((m) => m.text === 'six bad adds')
  })
  await applied(k, 'carol.update()', carol.update())
  t.absent(carol.writable, 'only an op of type add-writer whose key is a string of exactly 64 hex characters adds a writer: a key with a character before or after it, ' +
    'a list, or an op of another type that has a key is malformed, and skipped')

  await applied(k, 'addWriter(alice, carol\'s local key)', addWriter(alice, carol.local.key))
  await until(k, 'carol is a writer once alice, the creator, adds her', () => carol.writable)
  await applied(k, 'post(carol, "carol here")', post(carol, 'carol here'))
  await sees(k, alice, 'alice', 'carol here')
  await until(k, 'carol\'s post becomes indexed on carol\'s side once alice, the only indexer, acks it (if carol was made an indexer, the majority needs her ack as well: ' +
    'addWriter() without { indexer } asks for a plain writer, and its request must say so: a request that leaves the flag out gets an indexer)', async () => {
    await alice.ack()
    const view = await viewOf(carol)
    return view.some((m) => m.text === 'carol here') && carol.view.signedLength === view.length
  })
  t.absent(carol.isIndexer, 'a plain writer: addWriter asks for an indexer only with { indexer: true } (without it, the request must still say no: ' +
    'a request that leaves the flag out gets an indexer)')
})

test('apply makes an indexer only of an add-writer op whose indexer is true, the boolean', async (t, k) => {
  const alice = await open(k, 'alice')
  const calls = watchHostCalls(k)
  const flags: unknown[] = ['false', 1, 'yes', {}, null]
  const keys = flags.map(() => randomBytes(32).toString('hex'))
  const ops = flags.map((indexer, i) => ({ type: 'add-writer', key: keys[i], indexer }))
  await applied(k, `alice, the creator, appends add-writer ops whose indexer is ${flags.map((f) => JSON.stringify(f)).join(', ')}`, alice.append([...ops, { type: 'post', text: 'done' }] as never))
  await sees(k, alice, 'alice', 'done')
  const made = calls.filter((c) => c.method === 'addWriter' && c.indexer === true && keys.includes(c.key)).map((c) => JSON.stringify(flags[keys.indexOf(c.key)]))
  t.alike(made, [], `apply made an indexer from an add-writer op whose indexer is ${made.join(', ')}: only the boolean true makes an indexer. An op is peer data: a value that is merely truthy (the string "false" most of all) says nothing, and apply must not hand it on as it is; anything else adds a plain writer (or is skipped as malformed)`)
})

test('readView gives the messages apply appended, as objects, and leaves no snapshot open', async (t, k) => {
  const alice = await open(k, 'alice')
  await applied(k, 'post(alice, "one")', post(alice, 'one'))
  await applied(k, 'post(alice, "two")', post(alice, 'two'))
  const sessions = (alice.view as View & { sessions: unknown[] }).sessions
  const before = sessions.length
  const read = await applied(k, 'readView(alice)', readView(alice))
  const all: unknown[] = [...read.indexed, ...read.pending]
  t.is(all.length, 2, `readView(alice) read ${all.length} messages of a view that holds 2: a snapshot holds its state once it is ready (opened), and readView reads all of it`)
  t.absent(all.some((m) => Buffer.isBuffer(m)), 'readView(alice) gave bytes, not messages: the state it read does not decode blocks as the view does; read it as JSON')
  t.alike(all, await viewOf(alice), 'readView(alice) gives every message of the view, in order, as the objects apply appended')
  for (let i = 0; i < 4; i++) await applied(k, 'readView(alice)', readView(alice))
  const left = sessions.length - before
  t.is(left, 0, `after 5 calls, readView(alice) left ${left} sessions of the view open: readView must close its snapshot once it is read, on every path. Each one left open holds the view as it was, and stays open for as long as the base runs`)

  // A read that fails (a block that cannot be had, a snapshot closed under it): the snapshot must be closed all the same.
  const view = alice.view as View & { snapshot: View['snapshot'] }
  const snapshot = view.snapshot
  let failedReads = 0
  view.snapshot = ((...args: Parameters<View['snapshot']>) => {
    const snap = snapshot.apply(view, args)
    snap.get = (async () => { failedReads++; throw new Error('this block of the view could not be read') }) as View['get']
    return snap
  }) as View['snapshot']
  k.teardown(() => { view.snapshot = snapshot })
  const failed = await rejection(k, 'readView(alice) when reading its snapshot fails', readView(alice))
  view.snapshot = snapshot
  if (failedReads > 0) { // (a readView that read no block of its snapshot is judged by the other tests)
    t.ok(failed instanceof Error, 'readView(alice) rejects when reading its snapshot fails: it says so, rather than give part of the view')
    const stillOpen = sessions.length - before
    t.is(stillOpen, 0, 'readView(alice) left its snapshot open when reading it failed: close it on every path, not only after a read that went well. Each one left open holds the view as it was, for as long as the base runs')
  }
})

test('two bases in one process: apply and readView know only the base they are called for', async (t, k) => {
  const alice = await open(k, 'alice')
  const dave = await open(k, 'dave')
  const bob = await open(k, 'bob', alice.key)
  const erin = await open(k, 'erin', dave.key)
  pipe(k, alice, bob)
  pipe(k, dave, erin)
  await applied(k, 'post(alice, "in alice\'s base")', post(alice, 'in alice\'s base'))
  await applied(k, 'post(dave, "in dave\'s base")', post(dave, 'in dave\'s base'))
  const shared = 'two bases run in this one process: state kept in a variable of the module (a view, a creator, a cache) belongs to whichever base set it last'
  const [atAlice, atDave] = [await applied(k, 'readView(alice)', readView(alice)), await applied(k, 'readView(dave)', readView(dave))]
  t.alike(texts([...atAlice.indexed, ...atAlice.pending]), ['in alice\'s base'], `readView(alice) reads alice's view, the one of the base it is given: ${shared}`)
  t.alike(texts([...atDave.indexed, ...atDave.pending]), ['in dave\'s base'], `readView(dave) reads dave's view: ${shared}`)
  await applied(k, 'addWriter(alice, bob\'s local key)', addWriter(alice, bob.local.key))
  await applied(k, 'addWriter(dave, erin\'s local key)', addWriter(dave, erin.local.key))
  await until(k, `bob is a writer of alice's base, and erin of dave's: apply knows the creator of the base it runs for from what it is handed, and only from it (${shared})`,
    () => bob.writable && erin.writable)
})

test('apply knows the creator only from the base it runs for: after the creator\'s app restarts, her add-writer still counts on every peer', async (t, k) => {
  const dir = await k.tmp()
  // Alice creates the base in another process (another run of her app): nothing of it is in this module's memory.
  const created = await k.step('openBase(alice\'s store) in a new process: alice creates the base, then closes her app', inNewProcess(k, `
    const { default: Corestore } = await import(${JSON.stringify(import.meta.resolve('corestore'))})
    const { openBase } = await import(${JSON.stringify(new URL('./base.ts', import.meta.url).href)})
    const base = await openBase(new Corestore(${JSON.stringify(dir)}))
    const key = base.key.toString('hex')
    await base.close()
    return key
  `), 30000) as string
  const key = Buffer.from(created, 'hex')
  const alice = await open(k, 'alice (restarted)', key, dir)
  const bob = await open(k, 'bob', key)
  pipe(k, alice, bob)
  await applied(k, 'addWriter(alice, bob\'s local key)', addWriter(alice, bob.local.key))
  await until(k, 'bob is a writer: apply grants the add-writer request of the base\'s creator, whom it learns from the base it runs for (a base\'s key is its creator\'s local key), ' +
    'never from something openBase remembered in this process: alice created the base in another run of her app, and a peer never runs her openBase at all',
  () => bob.writable)
  t.ok(bob.writable, 'apply made bob a writer on the creator\'s word, whichever process opened her base')
}, { budget: 60000 })

test('two writers offline: the views converge, and the later peer\'s view is truncated and re-applied', async (t, k) => {
  const { alice, bob, swarms } = await aliceAndBob(k, { indexer: false })
  await applied(k, 'post(alice, "before")', post(alice, 'before'))
  await sees(k, bob, 'bob', 'before')
  for (const swarm of swarms) await k.step('going offline (destroying the swarm)', swarm.destroy())

  await applied(k, 'alice posts "a1" offline', post(alice, 'a1'))
  await applied(k, 'alice posts "a2" offline', post(alice, 'a2'))
  await applied(k, 'bob posts "b1" offline', post(bob, 'b1'))
  await applied(k, 'bob posts "b2" offline', post(bob, 'b2'))
  t.alike(texts(await viewOf(bob)), ['before', 'b1', 'b2'], 'offline, bob\'s view has his own posts right after what he had seen')
  const early = await applied(k, 'readView(bob) offline', readView(bob))
  t.alike(texts([...early.indexed, ...early.pending]), ['before', 'b1', 'b2'], 'readView(bob) reads every message of his view')
  let truncated = -1
  bob.view.on('truncate', (length: number) => { if (truncated === -1 || length < truncated) truncated = length })

  await applied(k, 'joinBase(alice) again, on a new swarm', joinBase(alice, await k.swarm()))
  await applied(k, 'joinBase(bob) again, on a new swarm', joinBase(bob, await k.swarm()))
  await sees(k, alice, 'alice', 'b2')
  await sees(k, bob, 'bob', 'a2')
  await until(k, 'both views hold all five posts (after a reorder the view is truncated and apply runs again over nodes it had applied before: state kept outside the view is not undone, and goes wrong; openBase must make the view from the store open is given, so that autobase can roll it back)', async () => (await viewOf(alice)).length === 5 && (await viewOf(bob)).length === 5)

  const [atAlice, atBob] = [await viewOf(alice), await viewOf(bob)]
  t.alike(atBob, atAlice, 'both peers converge to the same view: apply depends only on the nodes it is given, and state kept outside the view is not undone when the view is truncated')
  t.alike(texts(atAlice), ['before', 'a1', 'a2', 'b1', 'b2'],
    'alice\'s offline posts come first: alice is the indexer and had signed them already, so they never reorder; bob\'s, concurrent, go after')
  t.is(truncated, 1, 'bob\'s view was truncated back to what both had seen ("before"), and his posts re-applied after alice\'s')
  const late = await applied(k, 'readView(bob) after the reorder', readView(bob))
  t.alike(texts([...late.indexed, ...late.pending]), texts(atAlice),
    'readView(bob) after the reorder reads the view as it is now: it was truncated and re-applied, so messages read before past the signed length may have moved (the view emits \'truncate\')')
  const b1 = atAlice.find((m) => m.text === 'b1')
  t.ok(b1?.after.some((h) => h.from === atAlice[0].from && h.length > atAlice[0].seq), '"b1" names what bob had seen: alice\'s core up to "before"')
  const misplaced: string[] = []
  for (const [i, m] of atAlice.entries()) {
    for (const head of m.after) {
      for (const [j, o] of atAlice.entries()) if (o.from === head.from && o.seq < head.length && j > i) misplaced.push(`"${m.text}" before "${o.text}"`)
    }
  }
  t.alike(misplaced, [], 'no message comes before one its after names (a node never precedes what it references)')
})

/**
 * Alice and bob both post offline, so that bob's view ['before', 'b1', 'b2'] is truncated and re-applied as
 * ['before', 'a1', 'a2', 'b1', 'b2'] (alice's signed) once `reorder()` lets them meet again.
 */
async function forked (k: KataContext): Promise<{ bob: Base, then: string[], now: string[], reorder: () => Promise<void> }> {
  const { alice, bob, swarms } = await aliceAndBob(k, { indexer: false })
  await applied(k, 'post(alice, "before")', post(alice, 'before'))
  await sees(k, bob, 'bob', 'before')
  for (const swarm of swarms) await k.step('going offline (destroying the swarm)', swarm.destroy())
  await applied(k, 'alice posts "a1" offline', post(alice, 'a1'))
  await applied(k, 'alice posts "a2" offline', post(alice, 'a2'))
  await applied(k, 'bob posts "b1" offline', post(bob, 'b1'))
  await applied(k, 'bob posts "b2" offline', post(bob, 'b2'))
  const then = texts(await viewOf(bob))
  const now = ['before', 'a1', 'a2', 'b1', 'b2']
  const reorder = async (): Promise<void> => {
    pipe(k, alice, bob)
    await until(k, 'bob\'s view reordered to before, a1, a2, b1, b2, and alice\'s signed posts signed in it', async () => {
      await alice.ack()
      return texts(await viewOf(bob)).join() === now.join() && bob.view.signedLength >= 3
    })
  }
  return { bob, then, now, reorder }
}

test('readView reads one state of the view: a reorder while it reads does not mix two', async (t, k) => {
  const { bob, then, now, reorder } = await forked(k)
  // When readView(bob) reads block 2 of the view itself, the peers meet again: bob's view is truncated and re-applied.
  let reordered: Promise<void> | null = null
  // The view's reads, and those of any snapshot of it, set the reorder off at block 2; a snapshot made ready sets
  // it off at once, so that the view moves on between the snapshot and whatever readView reads of it next.
  const atBlock2 = (core: View): void => {
    const get = core.get
    core.get = (async (seq: number, opts?: unknown) => {
      if (seq === 2 && reordered === null) await (reordered = reorder())
      return get.call(core, seq, opts as never)
    }) as View['get']
  }
  const view = bob.view as View & { get: View['get'], snapshot: View['snapshot'] }
  const [get, snapshot] = [view.get, view.snapshot]
  atBlock2(view)
  view.snapshot = ((...args: Parameters<View['snapshot']>) => {
    const snap = snapshot.apply(view, args)
    atBlock2(snap)
    const ready = snap.ready
    snap.ready = async () => {
      await ready.call(snap)
      if (reordered === null) await (reordered = reorder())
    }
    return snap
  }) as View['snapshot']
  k.teardown(() => { view.get = get; view.snapshot = snapshot })
  const read = await k.step('readView(bob) while the peers meet again', readView(bob), 10000)
  await (reordered ?? reorder())
  const got = texts([...read.indexed, ...read.pending])
  t.ok([then.join(), now.join()].includes(got.join()), `readView(bob) read ${JSON.stringify(got)}: neither the view before the reorder (${JSON.stringify(then)}) nor after it (${JSON.stringify(now)}), but a mix of both. ` +
    'The view was truncated and re-applied while readView read it, block by block: read a snapshot of the view, which stays as it was until you close it')
  const moved = read.indexed.filter((m, i) => m.text !== now[i]).map((m) => m.text)
  t.alike(moved, [], `readView(bob) read ${JSON.stringify(got)} and called ${JSON.stringify(texts(read.indexed))} indexed, but ${JSON.stringify(moved)} moved in the agreed order (${JSON.stringify(now)}): ` +
    'indexed ends exactly at the signed length of the state you read, the snapshot\'s own: not the live view\'s, which moved on to another state while readView read, ' +
    'and not the base\'s, which counts the nodes of its internal system core, not messages; past it a message is pending, and may still move')
})

test('readView takes the length and the signed length from its snapshot, once ready: the live view may move on before', async (t, k) => {
  const { bob, then, now, reorder } = await forked(k)
  // The peers meet again after readView(bob) asks for its snapshot and before the snapshot takes its state (it takes it
  // as it opens): whatever readView read of the live view before its snapshot was ready belongs to the state before.
  type Held = View & { state: { snapshot: (...args: unknown[]) => Promise<unknown> } }
  const view = bob.view as Held
  const snapshot = view.snapshot
  let state: { length: number, signed: number } | null = null
  view.snapshot = ((...args: Parameters<View['snapshot']>) => {
    view.snapshot = snapshot // only readView's first snapshot is held
    const live = view.state
    const take = live.snapshot
    live.snapshot = async function (this: unknown, ...a: unknown[]) { await reorder(); return await take.apply(this, a) }
    try {
      const snap = snapshot.apply(view, args) // it asks the live state for a snapshot of it at once
      snap.ready().then(() => { state = { length: snap.length, signed: snap.signedLength } }, () => {})
      return snap
    } finally {
      live.snapshot = take
    }
  }) as View['snapshot']
  k.teardown(() => { view.snapshot = snapshot })
  const read = await k.step('readView(bob) while the peers meet again', readView(bob), 10000)
  const got = texts([...read.indexed, ...read.pending])
  if (state !== null) {
    const { length, signed } = state as { length: number, signed: number }
    t.is(got.length, length, `readView(bob) read ${got.length} messages, but its snapshot holds ${length}: the messages end at the snapshot's length, ` +
      'taken once the snapshot is ready: the live view moved on (truncated and re-applied) after readView was called and before its snapshot was ready, ' +
      'so a length read from the live view belongs to another state than the one read')
    t.is(read.indexed.length, Math.min(signed, length), `readView(bob) called ${read.indexed.length} of ${got.length} messages indexed, but its snapshot has ${signed} signed: ` +
      'indexed ends exactly at the signed length of the state read, the snapshot\'s once it is ready (and the rest is pending)')
  }
  t.ok([then.join(), now.join()].includes(got.join()), `readView(bob) read ${JSON.stringify(got)}: neither the view before the reorder (${JSON.stringify(then)}) nor after it (${JSON.stringify(now)}), but a mix of both: ` +
    'read a snapshot of the view, and take its length and signed length from it, once it is ready')
})

test('indexed or pending: a reader knows what will not change', async (t, k) => {
  const alice = await open(k, 'alice')
  await applied(k, 'post(alice, "signed")', post(alice, 'signed'))
  const read = await applied(k, 'readView(alice)', readView(alice))
  t.alike(texts(read.indexed), ['signed'], 'readView(alice): alice is the base\'s only indexer, so her own post is signed at once, and indexed is the view up to its signed length')
  t.alike(read.pending, [], 'readView(alice): nothing is pending')
})

test('a writer that is not an indexer: pending until an indexer acks, then indexed everywhere', async (t, k) => {
  const { alice, bob, swarms } = await aliceAndBob(k, { indexer: false })
  await applied(k, 'post(alice, "hi")', post(alice, 'hi'))
  await sees(k, bob, 'bob', 'hi')
  for (const swarm of swarms) await k.step('going offline (destroying the swarm)', swarm.destroy())
  await applied(k, 'bob posts "mine" offline', post(bob, 'mine'))

  const offline = await applied(k, 'readView(bob)', readView(bob))
  const split = `readView(bob) gave indexed ${JSON.stringify(texts(offline.indexed))}, pending ${JSON.stringify(texts(offline.pending))}`
  if (texts(offline.indexed).includes('mine')) {
    t.fail(`${split}: bob's own "mine" is pending, applied here but seen by no indexer, so an earlier node may still come before it. Being in the view is not being agreed: indexed ends where the view is signed (the view's own signed length: the base's counts nodes of its system core, not messages)`)
  } else if (!texts(offline.indexed).includes('hi')) {
    t.fail(`${split}: alice's "hi" is signed (alice, the only indexer, wrote it), so it is indexed: everything up to the view's signed length is (the view's own: the base's counts nodes of its system core, not messages)`)
  }
  t.alike(texts(offline.indexed), ['hi'], `${split}: indexed is the view up to its signed length, in order`)
  t.alike(texts(offline.pending), ['mine'], `${split}: pending is the rest of the view, in order`)

  await applied(k, 'joinBase(alice) again', joinBase(alice, await k.swarm()))
  await applied(k, 'joinBase(bob) again', joinBase(bob, await k.swarm()))
  await sees(k, alice, 'alice', 'mine')
  await applied(k, 'alice acks (an indexer signs what she has seen)', alice.ack())
  let last = offline
  await until(k, 'bob\'s post becomes indexed on bob\'s side once alice, the only indexer, has acked it (if bob was made an indexer too, the majority needs his ack as well: an add-writer op says whether it adds an indexer)', async () => {
    last = await readView(bob)
    return last.pending.length === 0 && last.indexed.length === 2
  })
  t.alike(texts(last.indexed), ['hi', 'mine'], 'everything is indexed now, in the agreed order')
  const atAlice = await applied(k, 'readView(alice)', readView(alice))
  t.alike(atAlice, last, 'and alice reads the same')
})

test('two indexers: an add-writer op can make an indexer, and then no indexer signs alone', async (t, k) => {
  const { alice, bob, swarms } = await aliceAndBob(k, { indexer: true })
  // A new indexer counts once the indexers have acked the change: ack until it has.
  await until(k, 'bob is an indexer (alice\'s add-writer request asked for one: apply grants what the request asks)', async () => {
    if (!bob.isIndexer) await Promise.all([alice.ack(), bob.ack()])
    return bob.isIndexer && alice.isIndexer
  })
  const carol = await open(k, 'carol', alice.key)
  const c = await k.swarm()
  swarms.push(c)
  await applied(k, 'joinBase(carol)', joinBase(carol, c))
  await applied(k, 'bob, an indexer but not the creator, appends an add-writer op for carol', bob.append({ type: 'add-writer', key: hex(carol), indexer: false } as never))
  await applied(k, 'post(bob, "carol?")', post(bob, 'carol?'))
  await sees(k, carol, 'carol', 'carol?')
  await sees(k, alice, 'alice', 'carol?')
  // A base learns it became writable at the end of the update that applied the add: let carol's finish.
  await applied(k, 'carol.update()', carol.update())
  t.absent(carol.writable, 'apply: bob is an indexer, yet his add-writer op is ignored: only the base\'s creator may add writers, not any indexer')
  await applied(k, 'addWriter(alice, carol\'s local key)', addWriter(alice, carol.local.key))
  await until(k, 'carol is a writer once alice adds her, while alice\'s add-writer op is still pending (with two indexers it waits for bob\'s ack): ' +
    'an add-writer op counts when apply runs over it, indexed or not (apply does not run again when a node is signed)', () => carol.writable)
  for (const swarm of swarms) await k.step('going offline (destroying the swarm)', swarm.destroy())
  await applied(k, 'alice posts "solo" offline', post(alice, 'solo'))

  const read = await applied(k, 'readView(alice)', readView(alice))
  t.is(texts(read.pending).at(-1), 'solo',
    'readView(alice): alice\'s own post is pending although she is an indexer: with two indexers a majority needs both, and bob has not seen it (read the view\'s own signed length; being an indexer signs nothing alone)')
  t.absent(texts(read.indexed).includes('solo'), '"solo" is not indexed yet')
})
