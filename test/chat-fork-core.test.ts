// hypercore 11's forks (the Autobase engine's writer cores), checked as the chat app checks them: a core written
// from two copies of its storage, replicated for real until hypercore finds the conflict, gives a proof any peer
// can check with the key alone; nothing else (a forged or foreign head, junk nodes, an honest truncation, one
// honest history) proves a fork. Run: node --import tsx test/chat-fork-core.test.ts
import fs from 'node:fs'
import path from 'node:path'
import Hypercore from 'hypercore'
import crypto from 'hypercore-crypto'
import type Hyperswarm from 'hyperswarm'
import Verifier from 'hypercore/lib/verifier.js'
import { configure, test, type KataContext } from '../src/harness/index.ts'
import { onHypercoreConflict } from '../src/chat/conflicts.ts'
import Corestore from 'corestore'
import type Core from 'hypercore/lib/core.js'
import { headOf, proofAt, signedHead } from '../src/chat/core-heads.ts'
import { openCores, watchCores } from '../src/chat/open-cores.ts'
import { disagree, type ForkProof, type Head, type TreeNode } from '../src/chat/signed-heads.ts'
import { HeadGossip, headsTopic, type HeadSource } from '../src/chat/head-gossip.ts'
import { ForkGuard } from '../src/chat/forks.ts'
import { ForkRecord } from '../src/chat/fork-record.ts'
import { openChat } from '../src/chat/engine.ts'

configure({ budget: 120000, wait: 20000 })

async function open (k: KataContext, core: Hypercore): Promise<Hypercore> {
  k.teardown(() => core.close())
  await core.ready()
  return core
}

/** `core`'s signed head, with its tree at `length`. */
async function signed (core: Hypercore, length = core.length): Promise<{ head: Head, nodes: TreeNode[] }> {
  const proof = await (core as unknown as { proof (o: unknown): Promise<never> }).proof({ upgrade: { start: 0, length } })
  return headOf(core.key.toString('hex'), Verifier.encodeManifest(core.manifest as never), proof)!
}

/** A core written x, y, z; its storage copied (a restored backup); then written on apart from each copy (by default to 5 and 7 blocks). */
async function forked (k: KataContext, onOne = ['from one', 'and more'], onTwo = ['from two', 'and', 'more', 'again']): Promise<{ one: Hypercore, two: Hypercore, dir: string }> {
  const dir = await k.tmp()
  const keyPair = crypto.keyPair()
  const first = await open(k, new Hypercore(path.join(dir, 'one'), { keyPair }))
  await first.append(['x', 'y', 'z'])
  await first.close()
  // hypercore-storage refuses a copy by its device file (CORESTORE): a restore leaves it out.
  fs.cpSync(path.join(dir, 'one'), path.join(dir, 'two'), { recursive: true, filter: (src) => path.basename(src) !== 'CORESTORE' })
  const one = await open(k, new Hypercore(path.join(dir, 'one'), { keyPair }))
  const two = await open(k, new Hypercore(path.join(dir, 'two'), { keyPair }))
  await one.append(onOne)
  await two.append(onTwo)
  return { one, two, dir }
}

function replicate (k: KataContext, a: Hypercore, b: Hypercore): void {
  const s = a.replicate(true)
  const r = b.replicate(false)
  s.on('error', () => {})
  r.on('error', () => {})
  s.pipe(r).pipe(s)
  k.teardown(() => { s.destroy(); r.destroy() })
}

test('hypercore 11: a core forked for real gives a proof anyone can check with the key alone', async (t, k) => {
  const proofs: ForkProof[] = []
  const stop = onHypercoreConflict((_, proof) => { if (proof) proofs.push(proof) })
  k.teardown(stop)
  const { one, two, dir } = await forked(k)
  // A reader takes copy one's history, then meets copy two: hypercore finds the conflict.
  const reader = await open(k, new Hypercore(path.join(dir, 'reader'), one.key))
  replicate(k, one, reader)
  await k.step('the reader to download copy one\'s 5 blocks', reader.update({ wait: true }).then(() => reader.download({ start: 0, end: 5 }).done()))
  replicate(k, two, reader)
  reader.update({ wait: true }).catch(() => {}) // asks copy two for its longer head, which does not fit
  await k.until('hypercore to find the conflict, and the app to make its proof', () => proofs.length > 0)
  const [proof] = proofs
  t.is(proof.a.key, one.key.toString('hex'), 'about the forked core')
  t.ok(proof.a.core && proof.b.core, 'two hypercore 11 heads (fork counter and manifest)')
  t.ok(disagree(proof.a, proof.b, proof.nodes), `checked: heads at ${proof.a.length} and ${proof.b.length} disagree`)
  t.ok(proofs.every((p) => disagree(p.a, p.b, p.nodes)), `every proof made checks (${proofs.length}: the reader's, and copy two's once the reader tells it)`)
})

test('hypercore 11: a forged or foreign head, junk or too few nodes, an honest truncation or one honest history prove nothing', async (t, k) => {
  const { one, two, dir } = await forked(k)
  const ours = await signed(one)
  const short = await signed(one, 3)
  const theirs = await signed(two, 5)
  t.is(ours.head.length, 5, 'copy one signed 5 blocks')
  t.ok(disagree(ours.head, theirs.head, theirs.nodes), 'copy two\'s head (7 blocks) with its tree at 5 against copy one\'s: a fork')
  const nodes = theirs.nodes
  t.absent(disagree(ours.head, theirs.head, nodes.map((n) => ({ ...n, hash: crypto.randomBytes(32) }))), 'junk nodes prove nothing')
  t.absent(disagree(ours.head, theirs.head, nodes.slice(0, -1)), 'nor too few')
  t.absent(disagree(ours.head, { ...theirs.head, signature: crypto.randomBytes(theirs.head.signature.length) }, nodes), 'a head not signed by the key proves nothing (no one can frame a member)')
  const roots = ours.head.roots.map((r) => ({ ...r, hash: crypto.randomBytes(32) }))
  t.absent(disagree(ours.head, { ...ours.head, roots }, []), 'nor roots changed under a good signature')

  // A stranger's core, its head passed off as the member's: signed, but under another manifest.
  const stranger = await open(k, new Hypercore(path.join(dir, 'stranger'), { keyPair: crypto.keyPair() }))
  await stranger.append(['x', 'y', 'z', 'from one', 'other'])
  const foreign = await signed(stranger)
  t.absent(disagree(ours.head, foreign.head, []), 'a head of another key proves nothing')
  t.absent(disagree(ours.head, { ...foreign.head, key: ours.head.key }, []), 'nor one relabelled with the member\'s key')
  t.absent(disagree(ours.head, { ...foreign.head, key: ours.head.key, core: ours.head.core }, []), 'nor with the member\'s manifest too')

  const longer = await signed(one, 5)
  await one.append(['on', 'and on'])
  const later = await signed(one, 5)
  t.absent(disagree(short.head, longer.head, (await signed(one, 3)).nodes), 'one honest history at 3 and at 5 blocks: no fork')
  t.absent(disagree(longer.head, later.head, later.nodes), 'nor at 5 and 7')

  // An owner may truncate and write again: a new fork counter, never a fork.
  const before = await signed(one)
  await one.truncate(6)
  await one.append('rewritten')
  const after = await signed(one)
  t.is(after.head.core?.fork, 1, 'the truncation started fork 1')
  t.absent(disagree(before.head, after.head, []), 'the heads before and after an honest truncation prove nothing')
})

test('hypercore 11: two branches of one length meet and hypercore finds nothing; their signed heads, compared, prove the fork', async (t, k) => {
  const proofs: ForkProof[] = []
  const stop = onHypercoreConflict((_, proof) => { if (proof) proofs.push(proof) })
  k.teardown(stop)
  const { one, two, dir } = await forked(k, ['from one'], ['from two'])
  const reader = await open(k, new Hypercore(path.join(dir, 'reader'), one.key))
  replicate(k, one, reader)
  await k.step('the reader to download copy one\'s 4 blocks', reader.update({ wait: true }).then(() => reader.download({ start: 0, end: 4 }).done()))
  replicate(k, two, reader)
  await reader.update({ wait: true }).catch(() => {})
  await new Promise((resolve) => setTimeout(resolve, 1000))
  // (Only this core's: a conflict an earlier test's cores found after it ended is told to the next listener.)
  t.is(proofs.filter((p) => p.a.key === one.key.toString('hex')).length, 0, 'hypercore finds nothing: the reader holds 4 blocks, and so does copy two')
  t.is((await reader.get(3))?.toString(), 'from one', 'the reader shows copy one\'s branch')
  const ours = signedHead(coreOf(reader))!
  const theirs = signedHead(coreOf(two))!
  t.ok(ours.length === 4 && theirs.length === 4, 'both signed heads hold 4 blocks')
  t.ok(disagree(ours, theirs, []), 'compared, they prove the fork (no nodes needed at one length)')
})

test('hypercore 11: the cores corestore opens are found, with their signed heads; one honest history proves nothing', async (t, k) => {
  watchCores()
  const store = new Corestore(await k.tmp())
  k.teardown(() => store.close())
  const core = store.get({ name: 'writer' })
  await core.ready()
  await core.append(['a', 'b', 'c'])
  const key = core.key.toString('hex')
  const found = openCores().get(key)
  t.ok(found, 'the core corestore opened is found by its key')
  const short = signedHead(found!)!
  t.is(short.length, 3, 'its signed head holds 3 blocks')
  await core.append(['d', 'e'])
  const shown = (await proofAt(found!, 3))!
  t.is(shown.head.length, 5, 'a proof at 3 comes with the head it now holds (5)')
  t.absent(disagree(short, shown.head, shown.nodes), 'its heads at 3 and 5, with the nodes between: no fork')
})

/** The core under a session: what the app finds through corestore. */
const coreOf = (session: Hypercore): Core => (session as unknown as { core: Core }).core

/** A proof of a fork, as the reader of a forked core makes it. */
async function aProof (k: KataContext): Promise<ForkProof> {
  const { one, two } = await forked(k)
  const ours = await signed(one)
  const theirs = await signed(two, 5)
  return { a: ours.head, b: theirs.head, nodes: theirs.nodes }
}

test('hypercore 11 proofs over the swarm: a peer that comes later is told and checks; a forged one marks no one', async (t, k) => {
  const key = crypto.randomBytes(32).toString('hex')
  const proof = await aProof(k)
  const forked = proof.a.key
  const holds: HeadSource = { holds: () => true, newHeads: async () => [], proof: async () => null }
  const peer = async (name: string): Promise<{ guard: ForkGuard, gossip: HeadGossip, swarm: Hyperswarm }> => {
    const swarm = await k.swarm()
    const { chat } = await k.step(`opening ${name}'s chat (reference, multifeed)`, openChat('multifeed', true, { storage: await k.tmp(), key, swarm, nick: name }))
    k.teardown(() => chat.close())
    const guard = new ForkGuard(chat)
    const gossip = new HeadGossip(holds, key, swarm.dht, guard)
    k.teardown(() => gossip.close())
    await k.step(`${name}'s heads topic to be announced`, gossip.flushed())
    return { guard, gossip, swarm }
  }
  const alice = await peer('alice')
  alice.gossip.tell({ ...proof, b: { ...proof.b, signature: crypto.randomBytes(proof.b.signature.length) } })
  t.alike(alice.guard.forks(), [], 'a proof with a forged head is not believed')
  alice.gossip.tell(proof)
  t.alike(alice.guard.forks().map((f) => f.author), [forked], 'a checked one marks the member')

  const carol = await peer('carol')
  await k.until('carol, who came later, to be told and mark the member', () => carol.guard.forks().length > 0)
  t.alike(carol.guard.forks().map((f) => f.author), [forked], 'carol marks the same member')

  // A stranger on the topic sends carol a proof whose nodes are junk: dropped, nobody marked.
  const other = await aProof(k)
  const stranger = await k.swarm()
  stranger.on('connection', (socket: Hyperswarm.NoiseSecretStream) => socket.on('error', () => {}))
  const connected = new Promise<Hyperswarm.NoiseSecretStream>((resolve) => stranger.once('connection', resolve))
  await stranger.join(headsTopic(key), { server: false, client: true }).flushed()
  const socket = await k.step('the stranger to connect on the heads topic', connected)
  socket.on('error', () => {})
  const hex = (h: Head) => ({ key: h.key, length: h.length, roots: h.roots.map((r) => ({ index: r.index, hash: r.hash.toString('hex'), size: r.size })), signature: h.signature.toString('hex'), fork: h.core!.fork, manifest: h.core!.manifest.toString('hex') })
  socket.write(Buffer.from(JSON.stringify({ t: 'fork', a: hex(other.a), b: hex(other.b), nodes: other.nodes.map((n) => ({ index: n.index, hash: crypto.randomBytes(32).toString('hex'), size: n.size })) })))
  socket.write(Buffer.from(JSON.stringify({ t: 'fork', a: hex(other.a), b: { ...hex(other.b), manifest: 'ff' }, nodes: other.nodes.map((n) => ({ index: n.index, hash: n.hash.toString('hex'), size: n.size })) })))
  await new Promise((resolve) => setTimeout(resolve, 1000))
  t.alike(carol.guard.forks().map((f) => f.author), [forked], 'junk nodes and a bad manifest mark no one')
  socket.write(Buffer.from(JSON.stringify({ t: 'fork', a: hex(other.a), b: hex(other.b), nodes: other.nodes.map((n) => ({ index: n.index, hash: n.hash.toString('hex'), size: n.size })) })))
  await k.until('the stranger\'s true proof to be believed', () => carol.guard.forks().length === 2)
  t.pass('a true proof is believed whoever brings it')
})

test('proofs kept in storage: a peer that restarts marks the member again, as found then; a line tampered with or junk marks no one', async (t, k) => {
  const key = crypto.randomBytes(32).toString('hex')
  const proof = await aProof(k)
  const other = await aProof(k)
  const file = path.join(await k.tmp(), 'chat.forks')
  const holds: HeadSource = { holds: () => true, newHeads: async () => [], proof: async () => null }
  const run = async (name: string): Promise<{ guard: ForkGuard, gossip: HeadGossip }> => {
    const swarm = await k.swarm()
    const { chat } = await k.step(`opening ${name}'s chat (reference, multifeed)`, openChat('multifeed', true, { storage: await k.tmp(), key, swarm, nick: name }))
    k.teardown(() => chat.close())
    const guard = new ForkGuard(chat)
    const gossip = new HeadGossip(holds, key, swarm.dht, guard, new ForkRecord(file))
    k.teardown(() => gossip.close())
    return { guard, gossip }
  }
  const first = await run('alice')
  first.gossip.tell(proof, 1234567890000)
  t.is(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length, 1, 'a checked proof is kept, once')
  await first.gossip.close()
  const tampered = JSON.parse(fs.readFileSync(file, 'utf8'))
  tampered.fork.a.key = other.a.key
  fs.appendFileSync(file, 'not json\n' + JSON.stringify(tampered) + '\n' + JSON.stringify({ at: 1, fork: { t: 'head', head: tampered.fork.a } }) + '\n')
  const again = await run('alice, restarted')
  t.alike(again.guard.forks(), [{ author: proof.a.key, seq: -1, at: 1234567890000 }], 'the kept proof marks the member again, found when it was first; the tampered line, the junk and a head mark no one')
})
