// `npm run chat`: the kata 12 chat, or with --engine autobase kata 15's (yours, or the reference with
// --reference) on a real swarm.
import dns from 'node:dns/promises'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import crypto from 'hypercore-crypto'
import DHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import { MissingSolutionError } from '../runner/solutions.ts'
import { USAGE, UsageError, chatsFolder, defaultStorage, parseChatArgs, type ChatArgs, type HostPort } from './args.ts'
import { openStorage, type StorageLock } from './storage.ts'
import { isOutOfFiles, outOfFilesMessage } from './files.ts'
import { KATA, openChat, type Opened } from './engine.ts'
import { ChatUi } from './ui.ts'
import { ForkGuard } from './forks.ts'
import { discoveryKeyOf, onHypercoreConflict, watchHypercoreConflicts } from './conflicts.ts'
import { HeadGossip } from './head-gossip.ts'
import { FeedHeads } from './feed-heads.ts'
import { MemberHeads } from './member-heads.ts'
import { ForkRecord } from './fork-record.ts'
import { watchCores } from './open-cores.ts'
import { watchBases } from './open-bases.ts'

async function main (argv: string[]): Promise<number> {
  const args = parseChatArgs(argv)
  if (args.help) {
    console.log(USAGE)
    return 0
  }
  if (args.bootstrap) await checkHosts(args.bootstrap)
  const isNew = args.key === null
  // Storage first: a bad directory is a usage error before anything touches the network.
  let key = args.key ?? (args.engine === 'multifeed' ? crypto.randomBytes(32).toString('hex') : null)
  // A new Autobase chat makes its own key, known only once it is open: by default it is made in a new
  // directory, closed, moved to the one named by its key, and opened again.
  let lock: StorageLock | null = openStorage(args.storage ?? (key === null ? path.join(chatsFolder(args.engine), `new-${crypto.randomBytes(4).toString('hex')}`) : defaultStorage(key, args.engine)), key, args.engine)
  process.once('exit', () => lock?.release())
  // The directory made for a new chat: taken away again if the chat never opens (an unfinished kata).
  let fresh = key === null && args.storage === null ? lock.dir : null
  const swarm = createSwarm(args.bootstrap)
  // The Autobase engine's writer cores, to read their signed heads, and hypercore's conflicts: from the moment the chat opens.
  if (args.engine === 'autobase') {
    watchCores()
    watchBases()
    watchHypercoreConflicts()
  }
  let opened: Opened | null = null
  try {
    opened = await open(args, lock, key, swarm)
    if (key === null) {
      key = opened.chat.key
      lock.setKey(key)
      fresh = null
      if (args.storage === null) {
        await bounded(opened.chat.close(), 5000, `close() did not finish within 5 s (a new chat is closed once and opened again, to be kept under its key); run npm test -- ${KATA[args.engine]}, or start it with --storage <dir>`)
        lock.release()
        const from = lock.dir
        lock = null
        fs.renameSync(from, defaultStorage(key, args.engine))
        lock = openStorage(defaultStorage(key, args.engine), key, args.engine)
        opened = await open(args, lock, key, swarm)
      }
    }
  } catch (err) {
    if (opened) await bounded(opened.chat.close(), 3000, 'close() hung').catch(() => {})
    await swarm.destroy({ force: true }).catch(() => {})
    lock?.release()
    if (fresh) fs.rmSync(fresh, { recursive: true, force: true })
    if (err instanceof UsageError) throw err
    if (err instanceof MissingSolutionError) throw new UsageError(`${err.message} Leave out --reference to run your own chat`)
    const message = (err as Error).message
    if (isOutOfFiles(err)) {
      console.error(outOfFilesMessage(err))
    } else if (/^Invalid device file/.test(message)) {
      // corestore 7 keeps a device file that a copy of the store cannot pass for: a backup restored, or one store on two machines.
      console.error(`the chat failed to start: its storage was copied or moved here (${message}). Writing from a copy while the original writes too forks your feed: every peer would stop trusting you. Open the original; remove ${path.join(lock?.dir ?? '<storage>', 'corestore', 'CORESTORE')} only if the original will never write again.`)
    } else if (/not implemented/i.test(message)) {
      console.error(`your chat is not finished yet: ${message}. Run npm test -- ${KATA[args.engine]}, or add --reference to use the reference solution.`)
    } else {
      console.error(`the chat failed to start: ${message}`)
    }
    return 1
  }
  return run(opened, swarm, lock, { key: opened.chat.key, isNew, autobase: args.engine === 'autobase', nick: args.nick, bootstrap: args.bootstrap })
}

function open (args: ChatArgs, lock: StorageLock, key: string | null, swarm: Hyperswarm): Promise<Opened> {
  // A stored nick wins over the login name; only --nick replaces it.
  return openChat(args.engine, args.reference, { storage: lock.dir, key, swarm, defaultNick: args.defaultNick, ...(args.nick === null ? {} : { nick: args.nick }) })
}

function run ({ chat: engine, membership }: Opened, swarm: Hyperswarm, lock: StorageLock, opts: { key: string, isNew: boolean, autobase: boolean, nick: string | null, bootstrap: HostPort[] | null }): Promise<number> {
  return new Promise((resolve) => {
    let quitting = false
    const quit = (): void => {
      if (quitting) return
      quitting = true
      ui.close()
      const done = (): void => { lock.release(); resolve(0) }
      const timer = setTimeout(done, 3000) // never hang on the way out
      chat.close().catch(() => {}).then(() => heads.close()).then(() => swarm.destroy()).catch(() => {}).finally(() => { clearTimeout(timer); done() })
    }
    const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY)
    const chat = new ForkGuard(engine)
    const ui = new ChatUi(chat, { input: process.stdin, output: process.stdout, status: process.stderr, tty, onQuit: quit, forks: chat, ...(membership ? { membership } : {}) })
    // Forks: the app's peers tell each other proofs; for multifeed's hypercore 9 they compare signed heads to find
    // them, hypercore 11 (the Autobase engine) finds them itself.
    const members = membership ? membership.members.bind(membership) : null
    const heads = new HeadGossip(members ? new MemberHeads(engine, members) : new FeedHeads(lock.dir), opts.key, swarm.dht, chat, new ForkRecord(path.join(lock.dir, 'chat.forks')))
    if (members) watchConflicts(chat, members, heads, (line) => ui.info(line))
    process.once('SIGINT', quit)
    process.once('SIGTERM', quit)
    chat.on('error', (err) => ui.info(`error: ${err.message}`))
    // An Autobase chat's key is plain hex: it is not a Cabal chat.
    const link = opts.autobase ? opts.key : `cabal://${opts.key}`
    if (opts.isNew) ui.info(`new chat! share its key: ${link}${opts.autobase ? ` (others join with --engine autobase --key ${opts.key}, then you /add the writer key their chat prints)` : ''}`)
    // A read-only member's --nick is published once a member adds them.
    const later = membership && !membership.writable && opts.nick !== null && chat.nickOf(chat.author) === undefined ? ` (${opts.nick} once you are a member)` : ''
    ui.info(`joined ${link} as ${chat.nickOf(chat.author) ?? chat.author.slice(0, 8)}${later} on ${opts.bootstrap ? 'the testnet ' + opts.bootstrap.map((b) => `${b.host}:${b.port}`).join(',') : 'the public DHT'}; storage ${lock.dir}`)
    ui.showMembership()
    if (tty) ui.info(ui.help)
    ui.showHistory()
    warnIfAlone(swarm.dht, opts.bootstrap, (line) => { if (!quitting) ui.info(line) })
  })
}

/**
 * The Autobase engine's forks, as hypercore 11 finds them: a conflict in a member's writer core marks that
 * member forked, and its proof is told to the app's peers. A conflict in a core that is no member's (the
 * view's, say) is still said, never printed raw.
 */
function watchConflicts (chat: ForkGuard, members: () => string[], heads: HeadGossip, warn: (line: string) => void): void {
  onHypercoreConflict((discoveryKey, proof) => {
    if (proof) return heads.tell(proof)
    const authors = new Set([...members(), ...chat.forks().map((f) => f.author)])
    for (const channel of chat.channels()) for (const m of chat.history(channel)) authors.add(m.author)
    const author = [...authors].find((key) => discoveryKeyOf(key) === discoveryKey)
    if (author) chat.fork(author)
    else warn(`warning: a core of this chat (discovery key ${discoveryKey.slice(0, 8)}) has two different histories signed with one key; it is frozen where it stands`)
  })
}

/**
 * The public DHT, or a testnet. On a testnet every peer is reachable (one machine, or one room's
 * network), so the DHT node says so (`firewalled: false`): without it, hyperdht takes the hole-punching
 * path, and between two processes on one machine the server never sees the client's connection.
 */
function createSwarm (bootstrap: HostPort[] | null): Hyperswarm {
  if (!bootstrap) return new Hyperswarm()
  const loopback = bootstrap.every((b) => b.host === 'localhost' || b.host.startsWith('127.'))
  return new Hyperswarm({ dht: new DHT({ bootstrap, firewalled: false, ...(loopback ? { host: '127.0.0.1', ephemeral: true } : {}) }) })
}

/**
 * Once the DHT node has bootstrapped (hyperdht says so even when nobody answered, after ~6 s of
 * retries), an empty routing table means no node answered: say so, once; the chat runs on.
 */
function warnIfAlone (dht: DHT, bootstrap: HostPort[] | null, warn: (line: string) => void): void {
  dht.fullyBootstrapped().then(() => {
    if (dht.destroyed || dht.toArray().length > 0) return
    warn(bootstrap
      ? `warning: the --bootstrap address ${bootstrap.map((b) => `${b.host}:${b.port}`).join(',')} did not answer (is the testnet running there?); the chat runs on, but can find no one`
      : 'warning: no node of the public DHT answered (are you offline?); the chat runs on, but can find no one')
  }, () => {})
}

/** `promise`, or a rejection with `message` once `ms` have passed. */
function bounded<T> (promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((resolve, reject) => { timer = setTimeout(() => reject(new Error(message)), ms) })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

/** A bootstrap host must at least resolve. */
async function checkHosts (list: HostPort[]): Promise<void> {
  for (const { host } of list) {
    if (net.isIP(host)) continue
    try {
      await dns.lookup(host)
    } catch {
      throw new UsageError(`bad --bootstrap: cannot resolve host "${host}"`)
    }
  }
}

// Out of descriptors where no one listens (a feed's 'error' event, say): one clear line, not a stack. The
// lock is released on 'exit'. Any other crash is reported as Node would.
process.on('uncaughtException', (err) => {
  console.error(isOutOfFiles(err) ? outOfFilesMessage(err) : err)
  process.exit(1)
})

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (err) {
  if (!(err instanceof UsageError)) throw err
  console.error(`${err.message} (npm run chat -- --help)`)
  process.exitCode = 2
}
// stdin may still hold the event loop open: leave once everything above is written.
setTimeout(() => process.exit(), 100).unref()
