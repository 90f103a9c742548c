// A member's feed forked for real: mallory's storage copied (a backup restored), then written from both copies,
// each to a different peer, over real replication on a testnet. When the two peers meet, both must name
// mallory in a warning (not on stdout among messages), and show the same history: none of mallory's messages.
// So must a peer that comes later and meets only one of them (told by the proof they pass on), and one that
// restarts alone (its storage kept the proof).
// Run: node --import tsx test/chat-fork.test.ts
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'hypercore-crypto'
import type Hyperswarm from 'hyperswarm'
import multifeed from 'multifeed'
import { configure, test, type KataContext } from '../src/harness/index.ts'
import { App, start } from './chat-process.ts'
import { pooledStorage } from '../src/chat/files.ts'
import { disagree, verifyHead, type Head } from '../src/chat/signed-heads.ts'
import { FeedHeads, feedsIn, type FeedFiles } from '../src/chat/feed-heads.ts'
import { HeadGossip, headsTopic } from '../src/chat/head-gossip.ts'
import { ForkGuard } from '../src/chat/forks.ts'
import { openChat } from '../src/chat/engine.ts'

const HEX = '[0-9a-f]{64}'
const AUTOBASE = ['--engine', 'autobase']

configure({ budget: 300000, wait: 30000 })

/** A chat app on `storage`: resolves once it joined (and, on the Autobase engine, knows whether it may write). */
async function open (k: KataContext, nick: string, storage: string, args: string[]): Promise<App> {
  const app = start(k, ['--nick', nick, '--storage', storage, ...args])
  await k.until(`${nick}'s app to join`, () => /\* joined /.test(app.stderr))
  return app
}

async function quit (k: KataContext, app: App, nick: string): Promise<void> {
  app.say('/quit')
  if (await k.step(`${nick}'s app to quit`, app.exit) !== 0) throw new Error(`${nick}'s app exited with an error: ${app.stderr}`)
}

/** Each message line the app prints when `/join default` shows the channel again (what it holds now). */
async function shownHistory (k: KataContext, app: App, nick: string, last: string): Promise<string[]> {
  // First as it loads (a peer that just started prints each message as it comes): else those lines land among these.
  await k.until(`${nick}'s app to show its history, up to "${last}"`, () => app.stdout.includes(last))
  const from = app.stdout.length
  app.say('/join default')
  await k.until(`${nick}'s app to show #default again, up to "${last}"`, () => app.stdout.slice(from).includes(last))
  return app.stdout.slice(from).split('\n').filter(Boolean)
}

const FORK_WARNING = /\* warning: mallory \(([0-9a-f]{8})\) forked: their key signed two different histories.*found at (\d\d:\d\d:\d\d); their feed stops at seq (\d+) here/

/** Appends `texts` to the local feed of the multifeed storage `dir` (made if need be), then closes it. */
function write (dir: string, encryptionKey: Buffer, texts: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const feeds = multifeed(pooledStorage(dir), { valueEncoding: 'binary', encryptionKey })
    feeds.writer('local', (err, feed) => {
      if (err) return reject(err)
      let i = 0
      const next = (err?: Error | null): void => {
        if (err) return reject(err)
        if (i < texts.length) feed.append(Buffer.from(texts[i++]), next)
        else feeds.close(() => resolve())
      }
      next()
    })
  })
}

async function headOf (dir: string): Promise<{ feed: FeedFiles, head: Head }> {
  const [feed] = await feedsIn(dir)
  return { feed, head: (await feed.newHead())! }
}

test('signed heads: two copies of one feed written apart disagree, with proof; a prefix, junk nodes or a forged head do not', async (t, k) => {
  const dir = await k.tmp()
  const at = (name: string): string => path.join(dir, name)
  const key = crypto.randomBytes(32)
  await write(at('one'), key, ['a', 'b', 'c'])
  for (const copy of ['two', 'same', 'longer']) fs.cpSync(at('one'), at(copy), { recursive: true })
  await write(at('one'), key, ['d'])
  await write(at('two'), key, ['D'])
  await write(at('same'), key, ['d', 'e', 'f', 'g', 'h'])
  await write(at('longer'), key, ['D', 'e', 'f', 'g', 'h', 'i'])
  const one = await headOf(at('one'))
  const two = await headOf(at('two'))
  const same = await headOf(at('same'))
  const longer = await headOf(at('longer'))
  t.is(one.head.key, longer.head.key, 'every copy is one feed (one key)')
  t.ok(disagree(one.head, two.head, []), 'two heads of the same length, signed by the key, that differ: a fork')
  t.ok(disagree(one.head, longer.head, (await longer.feed.proof(one.head.length, longer.head))!), 'a longer head whose tree differs at the shorter length, with the nodes between: a fork')
  t.absent(disagree(one.head, same.head, (await same.feed.proof(one.head.length, same.head))!), 'a longer head that continues the shorter one: no fork')
  const nodes = (await longer.feed.proof(one.head.length, longer.head))!
  t.absent(disagree(one.head, longer.head, nodes.map((n) => ({ ...n, hash: crypto.randomBytes(32) }))), 'junk nodes prove nothing')
  t.absent(disagree(one.head, longer.head, nodes.slice(1)), 'nor too few')
  const forged = { ...two.head, signature: crypto.randomBytes(64) }
  t.absent(disagree(one.head, forged, []), 'a head not signed by the key proves nothing (no one can frame a member)')
  const other = crypto.keyPair()
  t.absent(disagree(one.head, { ...two.head, key: other.publicKey.toString('hex') }, []), 'nor a head of another key')
})

test('signed heads over the swarm: a stranger on the heads topic gets our heads; forged proofs mark no one, junk drops it', async (t, k) => {
  const key = crypto.randomBytes(32).toString('hex')
  const dir = await k.tmp()
  const swarm = await k.swarm()
  const { chat } = await k.step('opening the chat (reference, multifeed)', openChat('multifeed', true, { storage: dir, key, swarm, nick: 'alice' }))
  k.teardown(() => chat.close())
  const guard = new ForkGuard(chat)
  const gossip = new HeadGossip(new FeedHeads(dir), key, swarm.dht, guard)
  k.teardown(() => gossip.close())
  await chat.send('hello')
  await k.step('the heads topic to be announced', gossip.flushed())

  const stranger = await k.swarm()
  const connected = new Promise<Hyperswarm.NoiseSecretStream>((resolve) => stranger.once('connection', resolve))
  await stranger.join(headsTopic(key), { server: false, client: true }).flushed()
  const socket = await k.step('the stranger to connect on the heads topic', connected)
  socket.on('error', () => {})
  const heads: Array<{ t: string, head?: { key: string, length: number } }> = []
  socket.on('data', (data: Buffer) => heads.push(JSON.parse(data.toString())))
  await k.until('our signed head to reach the stranger', () => heads.some((m) => m.t === 'head' && m.head?.key === chat.author))
  const ours = heads.find((m) => m.head?.key === chat.author)!.head as unknown as { key: string, length: number, roots: Array<{ index: number, hash: string, size: number }>, signature: string }
  t.ok(verifyHead({ ...ours, roots: ours.roots.map((r) => ({ ...r, hash: Buffer.from(r.hash, 'hex') })), signature: Buffer.from(ours.signature, 'hex') }), 'it is signed by the feed\'s key')

  // A "proof" that alice forked: her head and another with the same length, signed by no one.
  const forged = { ...ours, roots: ours.roots.map((r) => ({ ...r, hash: crypto.randomBytes(32).toString('hex') })), signature: crypto.randomBytes(64).toString('hex') }
  socket.write(Buffer.from(JSON.stringify({ t: 'fork', a: ours, b: forged, nodes: [] })))
  socket.write(Buffer.from(JSON.stringify({ t: 'head', head: forged })))
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  socket.write(Buffer.from('not json at all'))
  await k.step('the app to drop the stranger who wrote junk', closed)
  t.alike(guard.forks(), [], 'a forged proof and a forged head mark no one')
})

/** alice, bob and mallory in one chat (alice adds the others on the Autobase engine): resolves with what they run with. */
async function threeMembers (k: KataContext, engine: 'multifeed' | 'autobase', at: (name: string) => string): Promise<{ alice: App, mallory: App, bob: App, args: string[] }> {
  const [{ host, port }] = await k.bootstrap()
  const net = [...(engine === 'autobase' ? AUTOBASE : []), '--bootstrap', `${host}:${port}`]
  if (engine === 'multifeed') {
    const args = [...net, '--key', crypto.randomBytes(32).toString('hex')]
    return { alice: await open(k, 'alice', at('alice'), args), mallory: await open(k, 'mallory', at('mallory'), args), bob: await open(k, 'bob', at('bob'), args), args }
  }
  const alice = start(k, ['--nick', 'alice', '--storage', at('alice'), ...net])
  await k.until('alice\'s new chat to print its key', () => new RegExp(`new chat! share its key: ${HEX}`).test(alice.stderr) && /\* joined /.test(alice.stderr))
  const args = [...net, '--key', new RegExp(`new chat! share its key: (${HEX})`).exec(alice.stderr)![1]]
  const mallory = await open(k, 'mallory', at('mallory'), args)
  const bob = await open(k, 'bob', at('bob'), args)
  for (const [app, nick] of [[mallory, 'mallory'], [bob, 'bob']] as const) {
    const writer = new RegExp(`ask a member to /add (${HEX})`).exec(app.stderr)![1]
    alice.say(`/add ${writer}`)
    await k.until(`${nick} to be added`, () => /you were added/.test(app.stderr))
  }
  return { alice, mallory, bob, args }
}

// Branches of two lengths, and (Autobase) of one: hypercore 11 finds a fork only when a longer branch's proof
// fails to fit, so two of one length meet without a word, and only the app's peers comparing heads find it.
const CASES = [['multifeed', 2], ['autobase', 2], ['autobase', 1]] as const
for (const [engine, lines] of CASES) {
  const ofOneLength = lines === 1 ? ' (her branches of one length)' : ''
  test(`${engine} engine${ofOneLength}: a member written from two copies of her storage is named on every peer (two that meet, one that comes later, one restarted alone), and all show the same history without her`, async (t, k) => {
    const dir = await k.tmp()
    const at = (name: string): string => path.join(dir, name)
    let { alice, mallory, bob, args } = await threeMembers(k, engine, at)
    mallory.say('before the fork')
    alice.say('hello all')
    bob.say('hi alice')
    for (const [app, nick] of [[alice, 'alice'], [bob, 'bob']] as const) {
      await k.until(`${nick} to show every message before the fork`, () => ['<mallory> before the fork', '<alice> hello all', '<bob> hi alice'].every((s) => app.stdout.includes(s)))
    }
    await quit(k, mallory, 'mallory')
    await quit(k, bob, 'bob')

    // The backup: mallory's storage copied. corestore refuses a copied store by its device file (CORESTORE), so
    // a restore leaves that file out: the store opens as a new device, with the same keys.
    fs.cpSync(at('mallory'), at('mallory-backup'), { recursive: true, filter: (src) => path.basename(src) !== 'CORESTORE' })
    if (engine === 'autobase') {
      fs.cpSync(at('mallory'), at('mallory-copy'), { recursive: true })
      const copy = start(k, ['--nick', 'mallory', '--storage', at('mallory-copy'), ...args])
      t.is(await k.step('the app on a copy that kept its device file to exit', copy.exit), 1, 'a copy with its device file: exit code 1')
      t.ok(/storage was copied or moved here .*forks your feed/.test(copy.stderr), `and one line that says why it is refused: ${copy.stderr.trim().slice(0, 160)}…`)
    }

    // Device one writes to alice.
    mallory = await open(k, 'mallory', at('mallory'), args)
    mallory.say('from device one')
    await k.until('alice to show mallory\'s line from device one', () => alice.stdout.includes('<mallory> from device one'))
    await quit(k, mallory, 'mallory')
    await quit(k, alice, 'alice')

    // Device two (the restored backup) writes to bob.
    bob = await open(k, 'bob', at('bob'), args)
    const restored = await open(k, 'mallory', at('mallory-backup'), args)
    const two = ['from device two', 'and more from device two'].slice(0, lines)
    for (const line of two) restored.say(line)
    await k.until('bob to show mallory\'s lines from device two', () => bob.stdout.includes(`<mallory> ${two.at(-1)!}`))
    await quit(k, restored, 'mallory (the backup)')

    // alice and bob meet: each holds one of mallory's histories.
    alice = await open(k, 'alice', at('alice'), args)
    for (const [app, nick] of [[alice, 'alice'], [bob, 'bob']] as const) {
      await k.until(`${nick} to warn that mallory forked`, () => FORK_WARNING.test(app.stderr))
      const [, prefix, time, seq] = FORK_WARNING.exec(app.stderr)!
      t.pass(`${nick} names mallory (${prefix}), when (${time}) and where her feed stops (seq ${seq})`)
      t.absent(/\[hypercore\]|conflict detected/.test(app.stdout), `${nick}'s stdout holds no raw hypercore line`)
      t.is(app.stderr.match(new RegExp(FORK_WARNING.source, 'g'))!.length, 1, `${nick} warns once`)
      t.absent(/^\* error/m.test(app.stderr), `${nick} shows no error (${app.stderr.match(/^\* error.*/m)?.[0] ?? 'none'})`)
    }
    t.comment(FORK_WARNING.exec(alice.stderr)![0])
    const shown = await shownHistory(k, alice, 'alice', '<bob> hi alice')
    t.alike(await shownHistory(k, bob, 'bob', '<bob> hi alice'), shown, `alice and bob show the same history: ${shown.join(' | ')}`)
    t.absent(shown.some((line) => line.includes('<mallory>')), 'none of mallory\'s messages, from before or after the fork')
    t.ok(shown.some((line) => line.includes('<alice> hello all')), 'the honest members\' messages stay')
    // carol comes later, and meets only alice, who holds one of mallory's histories: no one carol meets holds the
    // other, so only the proof alice passes on can tell her, before or after mallory's messages.
    await quit(k, bob, 'bob')
    const carol = await open(k, 'carol', at('carol'), args)
    await k.until('carol, who came later, to warn that mallory forked', () => FORK_WARNING.test(carol.stderr))
    const hers = await shownHistory(k, carol, 'carol', '<bob> hi alice')
    t.absent(hers.some((line) => line.includes('<mallory>')), `carol, who came later, is told too, and shows none of mallory's messages: ${hers.join(' | ')}`)
    t.alike(hers, shown, 'carol shows the history alice and bob show')
    await quit(k, carol, 'carol')
    await quit(k, alice, 'alice')

    // alice restarts alone: no peer is there to tell her again, her storage kept the proof.
    const found = FORK_WARNING.exec(alice.stderr)![2]
    alice = await open(k, 'alice', at('alice'), args)
    await k.until('alice, restarted alone, to warn that mallory forked', () => FORK_WARNING.test(alice.stderr))
    t.is(FORK_WARNING.exec(alice.stderr)![2], found, `found when she first found out (${found})`)
    t.alike(await shownHistory(k, alice, 'alice', '<bob> hi alice'), shown, 'and shows the same history, without mallory')
    await quit(k, alice, 'alice')
  })
}
