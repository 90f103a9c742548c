// The chat app (`npm run chat`), driven as a user would: child processes in pipe mode on a testnet.
// Run: node --import tsx test/chat-app.test.ts
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import dgram from 'node:dgram'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import crypto from 'hypercore-crypto'
import multifeed from 'multifeed'
import { configure, test, type KataContext } from '../src/harness/index.ts'
import { PLACEHOLDER, sanitize } from '../src/chat/display.ts'
import { checkChannel, checkNick, checkText } from '../src/chat/input.ts'
import { Names, uniqueNames } from '../src/chat/names.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const MAIN = path.join(ROOT, 'src', 'chat', 'main.ts')
const APP_WAIT = 20000 // starting node + tsx takes a few seconds

configure({ budget: 90000, wait: APP_WAIT })

class App {
  stdout = ''
  stderr = ''
  exit: Promise<number | null>
  constructor (readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8').on('data', (s: string) => { this.stdout += s })
    child.stderr.setEncoding('utf8').on('data', (s: string) => { this.stderr += s })
    this.exit = new Promise((resolve) => child.on('close', (code) => resolve(code)))
  }

  say (line: string | Buffer): void {
    this.child.stdin.write(line)
    this.child.stdin.write('\n')
  }

  shows (pattern: RegExp | string): boolean {
    return typeof pattern === 'string' ? this.stdout.includes(pattern) : pattern.test(this.stdout)
  }
}

function start (k: KataContext, args: string[], script = MAIN): App {
  const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', script, ...(script === MAIN ? ['--reference'] : []), ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  const app = new App(child)
  k.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await app.exit
    }
  })
  return app
}

async function peer (k: KataContext, nick: string, key: string, storage?: string, bootstrap?: string): Promise<{ app: App, storage: string }> {
  const dir = storage ?? path.join(await k.tmp(), nick)
  const [{ host, port }] = bootstrap ? [{ host: '', port: 0 }] : await k.bootstrap()
  const app = start(k, ['--key', key, '--nick', nick, '--storage', dir, '--bootstrap', bootstrap ?? `${host}:${port}`])
  await k.until(`${nick}'s app to join the chat`, () => /\* joined /.test(app.stderr))
  return { app, storage: dir }
}

const newKey = (): string => crypto.randomBytes(32).toString('hex')

test('two peers talk through the app', async (t, k) => {
  const key = newKey()
  const alice = await peer(k, 'alice', key)
  const bob = await peer(k, 'bob', `cabal://${key}`)
  const joined = Date.now()
  alice.app.say('hello bob')
  await k.until('bob to show alice\'s message', () => bob.app.shows(/<alice> hello bob/))
  t.comment(`join to first message: ${Date.now() - joined} ms`)
  const sent = Date.now()
  bob.app.say('hi alice')
  await k.until('alice to show bob\'s reply', () => alice.app.shows(/<bob> hi alice/))
  t.comment(`live message: ${Date.now() - sent} ms`)
  alice.app.say('/nick alicia')
  alice.app.say('renamed')
  await k.until('bob to show the message under the new nick', () => bob.app.shows(/<alicia> renamed/))
  bob.app.say('/peers')
  await k.until('bob\'s /peers to name alice (her peer-id message told him her author key)', () => /1 peer\(s\): alicia\b/.test(bob.app.stderr))
  t.pass('/peers names a connected peer by its nick')
  alice.app.say('/quit')
  t.is(await k.step('alice to quit', alice.app.exit), 0, '/quit exits with code 0')
})

test('bad input exits with code 2 and one line', async (t, k) => {
  const dir = await k.tmp()
  const file = path.join(dir, 'a-file')
  fs.writeFileSync(file, '')
  const cases: Array<[string, string[], RegExp]> = [
    ['a bad key', ['--key', 'not-a-key'], /bad --key/],
    ['a bad bootstrap', ['--key', newKey(), '--bootstrap', 'nowhere'], /bad --bootstrap/],
    ['a nick with a bidi override', ['--key', newKey(), '--nick', 'a\u202eb'], /bad --nick: "a\ufffdb" \(it holds U\+202E\)/],
    ['a bad bootstrap port', ['--key', newKey(), '--bootstrap', '127.0.0.1:99999'], /bad --bootstrap/],
    ['a storage under a file', ['--key', newKey(), '--storage', path.join(file, 'chat')], /a-file is a file, not a directory/],
    ['a storage that is a file', ['--key', newKey(), '--storage', file], /a-file is a file, not a directory/],
    ...(process.platform === 'linux' ? [['a storage that can never be made (it spun forever)', ['--key', newKey(), '--storage', '/proc/kappa-katas'], /cannot use storage/] as [string, string[], RegExp]] : [])
  ]
  for (const [what, args, message] of cases) {
    const app = start(k, args)
    t.is(await k.step(`the app given ${what} to exit`, app.exit), 2, `${what}: exit code 2`)
    const lines = app.stderr.trim().split('\n')
    t.is(lines.length, 1, `${what}: one line of error (${app.stderr.trim()})`)
    t.ok(message.test(lines[0]), `${what}: the line says what is wrong`)
  }

  const key = newKey()
  const first = await peer(k, 'alice', key)
  const second = start(k, ['--key', key, '--storage', first.storage, '--bootstrap', '127.0.0.1:1'])
  t.is(await k.step('a second app on the same storage to exit', second.exit), 2, 'the same storage twice: exit code 2')
  t.ok(/in use by another chat \(pid \d+\)/.test(second.stderr.trim()), 'the line says the storage is in use, by which process')
  t.ok(first.app.child.exitCode === null, 'and the first app runs on')
})

test('a message shown as sent survives kill -9 and reaches the other peer', async (t, k) => {
  const key = newKey()
  const alice = await peer(k, 'alice', key)
  alice.app.say('written just before the crash')
  await k.until('alice to show her message as sent', () => alice.app.shows(/<alice> written just before the crash/))
  alice.app.child.kill('SIGKILL')
  await k.step('alice to die', alice.app.exit)

  // Restarted without --nick: the nick stored in the chat wins over the login name.
  const [{ host, port }] = await k.bootstrap()
  const again = start(k, ['--key', key, '--storage', alice.storage, '--bootstrap', `${host}:${port}`])
  await k.until('alice\'s restarted app to say it joined', () => /joined cabal:\/\/\w+ as alice /.test(again.stderr))
  t.pass('restarted without --nick, she is still alice')
  // Her history is printed on stdout right after the "joined" status line on stderr: wait for it.
  await k.until('alice\'s restarted app to show the message in her history', () => again.shows(/<alice> written just before the crash/))
  t.pass('after the restart (the stale lock taken over) the message is in her history')
  const bob = await peer(k, 'bob', key)
  await k.until('bob to get the message', () => bob.app.shows(/<alice> written just before the crash/))
  t.pass('and it reaches bob')
})

test('as the README says: `npm run testnet` in one process, two chats joining with the --bootstrap it prints', async (t, k) => {
  const testnet = start(k, ['--host', '127.0.0.1'], path.join(ROOT, 'src', 'chat', 'testnet.ts'))
  await k.until('the testnet to print its --bootstrap argument', () => /^--bootstrap (\S+)$/m.test(testnet.stdout))
  const bootstrap = testnet.stdout.match(/^--bootstrap (\S+)$/m)![1]
  const key = newKey()
  const alice = await peer(k, 'alice', key, undefined, bootstrap)
  const bob = await peer(k, 'bob', key, undefined, bootstrap)
  bob.app.say('hello from bob')
  await k.until('alice to show bob\'s message', () => alice.app.shows(/<bob> hello from bob/))
  t.pass('two processes talk through a testnet in a third')
  t.absent(/did not answer/.test(alice.app.stderr + bob.app.stderr), 'and a bootstrap that answers gives no warning')
})

test('npm run testnet -- --help prints its usage and exits 0, as every other command does', async (t, k) => {
  const testnet = start(k, ['--help'], path.join(ROOT, 'src', 'chat', 'testnet.ts'))
  t.is(await k.step('npm run testnet -- --help to exit', testnet.exit), 0)
  t.ok(/^usage: npm run testnet/m.test(testnet.stdout), testnet.stdout)
})

test('a --bootstrap nobody answers: a one-line warning on stderr, and the chat runs on', async (t, k) => {
  const silent = dgram.createSocket('udp4') // bound, so nothing else takes the port; never answers
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve))
  k.teardown(() => silent.close())
  const address = `127.0.0.1:${silent.address().port}`
  const { app } = await peer(k, 'alice', newKey(), undefined, address)
  await k.until('the warning that the bootstrap did not answer', () => /did not answer/.test(app.stderr))
  const warnings = app.stderr.split('\n').filter((l) => /warning/.test(l))
  t.is(warnings.length, 1, 'one line')
  t.ok(warnings[0].includes(address), `it names the address: ${warnings[0]}`)
  app.say('still here')
  await k.until('alice to show her message all the same', () => app.shows(/<alice> still here/))
  app.say('/quit')
  t.is(await k.step('alice to quit', app.exit), 0, 'and /quit exits with code 0')
})

// ---- a hostile member: anyone with the key writes whatever entries they like --------------------

/**
 * Mallory: she has the chat key, so she can write any entry she likes to her own feed (a raw multifeed
 * peer on the chat's topic, no chat code in the way).
 */
async function intruder (k: KataContext, key: string): Promise<{ author: string, others: () => string[], write: (entry: object) => Promise<void> }> {
  const feeds = multifeed(await k.tmp(), { valueEncoding: 'binary', encryptionKey: Buffer.from(key, 'hex') })
  k.teardown(() => new Promise<void>((resolve) => feeds.close(() => resolve())))
  const feed = await k.step('mallory\'s feed', new Promise<multifeed.Hypercore9Feed>((resolve, reject) => {
    feeds.writer('local', (err, f) => err ? reject(err) : resolve(f))
  }))
  const swarm = await k.swarm()
  swarm.on('connection', (socket) => {
    socket.on('error', () => {})
    const stream = feeds.replicate(socket.isInitiator, { live: true })
    stream.on('error', () => socket.destroy())
    socket.pipe(stream).pipe(socket)
  })
  await k.step('mallory announcing the topic', swarm.join(crypto.discoveryKey(Buffer.from(key, 'hex'))).flushed())
  const author = feed.key.toString('hex')
  return {
    author,
    others: () => feeds.feeds().map((f) => f.key.toString('hex')).filter((a) => a !== author),
    write: (entry) => k.step('mallory appending', new Promise<void>((resolve, reject) => {
      feed.append(Buffer.from(JSON.stringify({ ...entry, timestamp: Date.now() })), (err) => err ? reject(err) : resolve())
    }))
  }
}

const ESC = '\x1b'
const BIDI = '\u202e'

test('display: control characters and bidi controls become a visible placeholder', (t) => {
  t.is(sanitize(`${ESC}[2Jred${ESC}]0;title\x07`), `${PLACEHOLDER}[2Jred${PLACEHOLDER}]0;title${PLACEHOLDER}`, 'terminal escapes, bell')
  t.is(sanitize('a\nb\rc\u0085d\u009be'), `a${PLACEHOLDER}b${PLACEHOLDER}c${PLACEHOLDER}d${PLACEHOLDER}e`, 'newlines, C1 controls')
  for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']) {
    t.is(sanitize(`x${c}y`), `x${PLACEHOLDER}y`, `bidi U+${c.charCodeAt(0).toString(16)}`)
  }
  t.is(sanitize('héllo wörld 👋 שלום'), 'héllo wörld 👋 שלום', 'everything else is shown as it is')
})

test('names: authors whose nicks look alike each get their own key suffix', (t) => {
  const a = '3f2a' + '0'.repeat(60)
  const m = '9b1c' + '1'.repeat(60)
  const ground = '3f2a' + '9'.repeat(60) // a key ground to share alice's first 4 hex digits
  const names = (bases: Record<string, string>): Record<string, string> => Object.fromEntries(uniqueNames(new Map(Object.entries(bases))))
  t.alike(names({ [a]: 'alice', [m]: 'bob' }), { [a]: 'alice', [m]: 'bob' }, 'no clash: nicks as they are')
  t.alike(names({ [a]: 'alice', [m]: 'alice' }), { [a]: 'alice~3f2a', [m]: 'alice~9b1c' }, 'the same nick: both suffixed')
  t.alike(names({ [a]: 'alice', [m]: 'ALICE' }), { [a]: 'alice~3f2a', [m]: 'ALICE~9b1c' }, 'the same up to case')
  t.alike(names({ [a]: 'alice', [m]: '\uff41lice' }), { [a]: 'alice~3f2a', [m]: '\uff41lice~9b1c' }, 'the same up to width (a fullwidth a)')
  t.alike(names({ [a]: 'alice', [m]: 'al\u200bice' }), { [a]: 'alice~3f2a', [m]: 'al\u200bice~9b1c' }, 'the same up to an invisible character')
  t.alike(names({ [a]: 'alice', [ground]: 'alice' }), { [a]: 'alice~3f2a0', [ground]: 'alice~3f2a9' }, 'keys that share 4 digits: longer suffixes')
  const forged = names({ [a]: 'alice', [m]: 'alice', [ground]: 'alice~3f2a' })
  t.is(new Set(Object.values(forged)).size, 3, `a nick forging a suffix is told apart too: ${Object.values(forged).join(' ')}`)

  const nicks = new Map([[a, 'alice']])
  const book = new Names((author) => nicks.get(author))
  t.is(book.name(a), 'alice')
  t.alike(book.rename(m, 'alice'), { before: '9b1c1111', after: 'alice~9b1c' }, 'a nick change: named by key before, suffixed after')
  t.is(book.name(a), 'alice~3f2a', 'and the first alice is suffixed from then on')
  t.alike(book.alike(m), ['alice~3f2a'], 'who else that nick is used by')
  t.is(new Names(() => `evil${BIDI}${ESC}[2J`).name(a), `evil${PLACEHOLDER}${PLACEHOLDER}[2J`, 'nicks are sanitized')
})

test('input: control characters are refused, channels and nicks checked', (t) => {
  t.alike(checkText('a\tb'), { ok: true, value: 'a b' }, 'a tab becomes a space')
  t.alike(checkText(`bidi ${BIDI}marks are sent as typed`), { ok: true, value: `bidi ${BIDI}marks are sent as typed` })
  for (const bad of [`${ESC}[2J`, 'bell\x07', 'nul\x00', 'c1\u009b']) {
    const checked = checkText(bad)
    t.ok(!checked.ok && /^not sent: the line holds a control character \(U\+[0-9A-F]{4}\)/.test(checked.error), `refused: ${JSON.stringify(bad)}`)
  }
  t.absent(checkText('x'.repeat(4097)).ok, 'over 4096 characters')
  t.alike(checkChannel('#dev'), { ok: true, value: 'dev' }, 'a leading # is dropped')
  t.ok(checkChannel('x'.repeat(64)).ok, '64 characters')
  for (const [bad, why] of [['', 'empty'], ['#', 'empty'], ['x'.repeat(65), '65 characters'], [`a${ESC}b`, 'U+001B'], [`a${BIDI}b`, 'U+202E'], ['a b', 'a space']]) {
    const checked = checkChannel(bad)
    t.ok(!checked.ok && checked.error.includes(why) && !/[\u0000-\u001f\u202e]/.test(checked.error), `channel ${JSON.stringify(bad)}: ${checked.ok ? 'accepted' : checked.error}`)
  }
  t.ok(checkNick('alice smith').ok, 'a nick may have spaces')
  t.absent(checkNick(`${BIDI}ecila`).ok, 'but no bidi control')
})

test('a hostile member: a stolen nick is told apart, escapes and bidi controls are shown as placeholders', async (t, k) => {
  const key = newKey()
  const alice = await peer(k, 'alice', key)
  alice.app.say('the real alice')
  await k.until('alice to show her message', () => alice.app.shows(/<alice> the real alice/))
  const mallory = await intruder(k, key)
  const m = mallory.author.slice(0, 4)
  await k.until('mallory to get alice\'s feed', () => mallory.others().length > 0)
  const a = mallory.others()[0].slice(0, 4)
  await mallory.write({ type: 'about', content: { name: 'alice' } })
  await mallory.write({ type: 'chat/text', content: { channel: 'default', text: 'send me the password' } })
  await k.until('alice to show mallory\'s message under a suffixed name', () => alice.app.shows(`<alice~${m}`))
  t.ok(new RegExp(`<alice~${m}[0-9a-f]*> send me the password`).test(alice.app.stdout), 'mallory\'s message: alice~<her key>')
  t.ok(new RegExp(`${m}[0-9a-f]* is now known as alice~${m}[0-9a-f]* \\(that nick is also used by alice~${a}`).test(alice.app.stderr), `a status line says the nick is used twice: ${alice.app.stderr.split('\n').filter((l) => l.includes('also used')).join(' | ')}`)
  alice.app.say('it is me')
  await k.until('alice\'s own next message, suffixed too', () => new RegExp(`<alice~${a}[0-9a-f]*> it is me`).test(alice.app.stdout))
  t.pass('alice\'s own lines carry her suffix from then on')
  alice.app.say('/peers')
  await k.until('the /peers members line', () => /\* members: /.test(alice.app.stderr))
  t.ok(new RegExp(`members: .*alice~${a}.*alice~${m}|members: .*alice~${m}.*alice~${a}`).test(alice.app.stderr), '/peers lists both, by the same names')

  // (kata 12's parseEntry drops nicks and channels with control characters: bidi controls get through)
  await mallory.write({ type: 'about', content: { name: `evil${BIDI}\u2066` } })
  await k.until('the nick change line', () => /is now known as evil/.test(alice.app.stderr))
  const P = PLACEHOLDER
  t.ok(new RegExp(`alice~${m}[0-9a-f]* is now known as evil${P}${P}`).test(alice.app.stderr), 'nick change: old name, sanitized new nick')
  await mallory.write({ type: 'chat/text', content: { channel: 'default', text: `${ESC}[2J${ESC}[31mcleared\x07 ${BIDI}txt.exe\nline two` } })
  await mallory.write({ type: 'chat/text', content: { channel: `${BIDI}dev`, text: 'hidden' } })
  await k.until('alice to show both messages', () => alice.app.shows('line two') && alice.app.shows('hidden'))
  t.ok(alice.app.shows(`${P}[2J${P}[31mcleared${P} ${P}txt.exe${P}line two`), 'the text: each control and bidi character a placeholder, on one line')
  t.ok(alice.app.shows(`#${P}dev <evil${P}${P}> hidden`), 'the channel and nick too')
  t.absent(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(alice.app.stdout + alice.app.stderr), 'nothing raw reaches the terminal')
})

test('typed input: control characters refused, /join checked, and the chat stays where it was', async (t, k) => {
  const { app } = await peer(k, 'alice', newKey())
  const said = (): string[] => app.stderr.split('\n').filter((l) => /^\* (not sent|bad )/.test(l))
  app.say(`bell\x07ring`)
  app.say(Buffer.from([0x00, 0x1b, 0x5b, 0x32, 0x4a, 0xff, 0x80, 0x41])) // piped binary
  app.say('tab\there')
  await k.until('the tab line to be sent', () => app.shows('<alice> tab here'))
  t.is(said().length, 2, `one line each for the refused lines: ${said().join(' | ')}`)
  t.ok(said()[0].includes('U+0007') && said()[1].includes('U+0000'), 'each names the character')
  t.absent(app.shows('ring'), 'nothing of a refused line is sent')

  app.say('/join ' + 'x'.repeat(65))
  app.say(`/join a${ESC}b`)
  app.say(`/join ${BIDI}lived`)
  app.say('still in default')
  await k.until('the next message to be sent', () => app.shows(/\d <alice> still in default/))
  const bad = said().slice(2)
  t.is(bad.length, 3, `one line per bad /join: ${bad.join(' | ')}`)
  t.ok(bad.every((l) => /^\* bad channel name .*: 1 to 64 characters, no spaces, no control or bidi characters; still in #default$/.test(l)), 'each says what a channel name must be, and where you still are')
  t.absent(/error/.test(app.stderr), 'no misleading error afterwards')
  app.say('/join #dev')
  app.say('in dev')
  await k.until('the message in #dev', () => app.shows(/\d <alice> in dev/))
  t.pass('a good /join still works')
})
