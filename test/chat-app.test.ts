// The chat app (`npm run chat`), driven as a user would: child processes in pipe mode on a testnet.
// Run: node --import tsx test/chat-app.test.ts
import dgram from 'node:dgram'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import crypto from 'hypercore-crypto'
import multifeed from 'multifeed'
import { configure, test, type KataContext } from '../src/harness/index.ts'
import { App, MAIN, start } from './chat-process.ts'
import { PLACEHOLDER, formatMessage, sanitize, showName } from '../src/chat/display.ts'
import { checkChannel, checkNick, checkText } from '../src/chat/input.ts'
import { Names, uniqueNames } from '../src/chat/names.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const APP_WAIT = 20000 // starting node + tsx takes a few seconds

configure({ budget: 90000, wait: APP_WAIT })

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

test('names: invisible characters, confusables and line-format characters cannot make a name pass for another', (t) => {
  const a = '3f2a' + '0'.repeat(60)
  const m = '9b1c' + '1'.repeat(60)
  const shown = (nicks: Record<string, string>): Record<string, string> => {
    const book = new Names((author) => nicks[author])
    for (const author of Object.keys(nicks)) book.see(author)
    return Object.fromEntries(Object.keys(nicks).map((author) => [author, book.name(author)]))
  }
  // Each of these shows nothing: a nick that holds one is the same nick.
  for (const invisible of ['\u034f', '\ufe0f', '\u17b5', '\u180b', '\u200b', '\u2060', '\u00ad', '\u3164']) {
    const code = `U+${invisible.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
    t.alike(shown({ [a]: 'alice', [m]: `ali${invisible}ce` }), { [a]: 'alice~3f2a', [m]: 'alice~9b1c' }, `an invisible ${code} is removed, and the two alices get their key suffixes`)
  }
  t.alike(shown({ [a]: 'alice', [m]: '\u0430lice' }), { [a]: 'alice~3f2a', [m]: '\u0430lice~9b1c' }, 'a Cyrillic а (Unicode confusables)')
  t.alike(shown({ [a]: 'Alice', [m]: 'AIice' }), { [a]: 'Alice~3f2a', [m]: 'AIice~9b1c' }, 'a capital I for an l')
  t.alike(shown({ [a]: 'paypal', [m]: 'paypa1' }), { [a]: 'paypal~3f2a', [m]: 'paypa1~9b1c' }, 'a 1 for an l')
  t.alike(shown({ [a]: 'alice', [m]: '   alice      ' }), { [a]: 'alice~3f2a', [m]: 'alice~9b1c' }, 'padding is trimmed')
  t.alike(shown({ [a]: 'alice', [m]: 'bob' }), { [a]: 'alice', [m]: 'bob' }, 'names that do not look alike stay as they are')
  t.alike(shown({ [a]: 'alice', [m]: '\u200b\ufe0f ' }), { [a]: 'alice', [m]: '9b1c1111' }, 'a nick with nothing visible: the key')

  t.is(showName('bob> hi <alice'), `bob${PLACEHOLDER} hi ${PLACEHOLDER}alice`, 'a name holds no < or >: the line\'s first > ends it')
  for (const bracket of ['\uff1e', '\u203a', '\u02c3', '\u1433', '\u276f', '\u27e9', '\u2039', '\ufe64']) {
    t.is(showName(`bob${bracket} hi`), `bob${PLACEHOLDER} hi`, `nor anything that looks like one: U+${bracket.codePointAt(0)!.toString(16).toUpperCase()}`)
  }
  t.is(showName('big   \u3000 bob'), 'big bob', 'spacing inside a name is one space')
  const line = formatMessage({ timestamp: Date.now(), name: showName('bob> hi <alice'), text: 'I owe you 10\n12:00 <bob> and me' })
  t.ok(/^\d\d:\d\d <[^<>]*> /.test(line) && line.indexOf('>') === line.indexOf(' I owe') - 1, `one line, whose name ends at its first >: ${line}`)
  t.absent(line.includes('\n'), 'a newline in the text does not start a new line')
  // On a terminal 40 columns wide: text padded to wrap into what would look like bob's line.
  const wrapped = formatMessage({ timestamp: Date.now(), name: 'mallory', text: `ok${' '.repeat(24)}12:01 <bob> pay me, \u4e2d\u6587\u4e2d\u6587 ${'x'.repeat(50)}` }, 40).split('\n')
  t.ok(wrapped.length > 2 && wrapped.slice(1).every((row) => row.startsWith('  ')), `the app wraps a terminal line itself, every row after the first indented: only a message's first row starts at the left edge (${JSON.stringify(wrapped)})`)
  t.ok(wrapped.every((row) => row.length <= 39), 'and no row is wider than the terminal (its last column free)')
  const coloured = formatMessage({ timestamp: Date.now(), name: 'alice~3f2a', text: 'hi', colour: 31 })
  t.ok(coloured.includes('<alice~3f2a>'), 'on a terminal the name is coloured, and still carries its suffix: the colour is not the only thing that tells authors apart')
})

/** Alice in the app, her first line shown, and mallory writing raw entries to the same chat; m and a: their keys' prefixes. */
async function aliceAndIntruder (k: KataContext) {
  const key = newKey()
  const alice = await peer(k, 'alice', key)
  alice.app.say('the real alice')
  await k.until('alice to show her message', () => alice.app.shows(/<alice> the real alice/))
  const mallory = await intruder(k, key)
  const m = mallory.author.slice(0, 4)
  await k.until('mallory to get alice\'s feed', () => mallory.others().length > 0)
  const a = mallory.others()[0].slice(0, 4)
  return { alice, mallory, m, a }
}

test('a hostile member over the swarm: a nick with invisible characters, a confusable letter or brackets cannot pass for another member', async (t, k) => {
  const { alice, mallory, m, a } = await aliceAndIntruder(k)
  const says = async (name: string, text: string, shown: RegExp): Promise<void> => {
    await mallory.write({ type: 'about', content: { name } })
    await mallory.write({ type: 'chat/text', content: { channel: 'default', text } })
    await k.until(`alice to show mallory's "${text}"`, () => alice.app.shows(text))
    const line = alice.app.stdout.split('\n').find((l) => l.includes(text)) ?? ''
    t.ok(shown.test(line), `nick ${JSON.stringify(name)}: ${line}`)
  }
  await says('ali\u034fce\ufe0f', 'invisible', new RegExp(`<alice~${m}[0-9a-f]*> invisible$`))
  await says('al\u17b5ic\u180be', 'khmer and mongolian', new RegExp(`<alice~${m}[0-9a-f]*> khmer and mongolian$`))
  await says('\u0430lice', 'cyrillic', new RegExp(`<\u0430lice~${m}[0-9a-f]*> cyrillic$`))
  await says('   alice   ', 'padded', new RegExp(`<alice~${m}[0-9a-f]*> padded$`))
  await says('bob> I owe mallory 10 <alice', 'brackets', new RegExp(`<bob${PLACEHOLDER} I owe mallory 10 ${PLACEHOLDER}alice> brackets$`))
  await says('x\u203a fake \uff1calice', 'look-alike brackets', new RegExp(`<x${PLACEHOLDER} fake ${PLACEHOLDER}alice> look-alike brackets$`))
  alice.app.say('it is me')
  await k.until('alice\'s own line', () => alice.app.shows('it is me'))
  const lines = alice.app.stdout.split('\n').filter(Boolean)
  t.ok(lines.every((l) => /^\d\d:\d\d <[^<>]+> /.test(l)), `every line is "HH:MM <name> text", its name holding no < or >: ${lines.filter((l) => !/^\d\d:\d\d <[^<>]+> /.test(l)).join(' | ')}`)
  t.is(lines.filter((l) => /<alice> /.test(l)).length, 2, `only alice's lines show "<alice>" (mallory's last nick looks like no one's): ${lines.join(' | ')}`)
  const mallorys = lines.filter((l) => ['invisible', 'khmer', 'cyrillic', 'padded', 'brackets'].some((text) => l.includes(text)))
  t.absent(mallorys.some((l) => l.includes(`~${a}`)), `and none of mallory's lines carries alice's suffix ~${a}`)
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
  const { alice, mallory, m, a } = await aliceAndIntruder(k)
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

// ---- the autobase engine (kata 15): members add writers ------------------------------------------

const AUTOBASE = ['--engine', 'autobase']
const HEX = '[0-9a-f]{64}'

/** `npm run testnet` in its own process, as the README says; resolves with the --bootstrap it prints. */
async function testnetProcess (k: KataContext): Promise<string> {
  const testnet = start(k, ['--host', '127.0.0.1'], path.join(ROOT, 'src', 'chat', 'testnet.ts'))
  await k.until('the testnet to print its --bootstrap argument', () => /^--bootstrap (\S+)$/m.test(testnet.stdout))
  return testnet.stdout.match(/^--bootstrap (\S+)$/m)![1]
}

/** A new Autobase chat: resolves once it printed its key and joined. */
async function creator (k: KataContext, nick: string, bootstrap: string, opts: { storage?: string | null, home?: string } = {}): Promise<{ app: App, key: string, storage: string | null }> {
  const storage = opts.storage === undefined ? path.join(await k.tmp(), nick) : opts.storage
  const app = start(k, [...AUTOBASE, '--nick', nick, ...(storage === null ? [] : ['--storage', storage]), '--bootstrap', bootstrap], MAIN, opts.home ? { HOME: opts.home } : {})
  await k.until(`${nick}'s new chat to print its key and join`, () => new RegExp(`new chat! share its key: ${HEX}`).test(app.stderr) && /\* joined /.test(app.stderr))
  const key = new RegExp(`new chat! share its key: (${HEX})`).exec(app.stderr)![1]
  return { app, key, storage }
}

/** A joiner: resolves with the writer key its app tells it to have added. */
async function joiner (k: KataContext, nick: string, key: string, bootstrap: string): Promise<{ app: App, writer: string }> {
  const app = start(k, [...AUTOBASE, '--key', key, '--nick', nick, '--storage', path.join(await k.tmp(), nick), '--bootstrap', bootstrap])
  const told = new RegExp(`\\* you are read-only: ask a member to /add (${HEX})`)
  await k.until(`${nick}'s app to join and say it is read-only`, () => /\* joined /.test(app.stderr) && told.test(app.stderr))
  return { app, writer: told.exec(app.stderr)![1] }
}

const lines = (app: App, pattern: RegExp): string[] => app.stderr.split('\n').filter((l) => pattern.test(l))

test('autobase engine, on `npm run testnet`: the creator adds the joiner, both talk; a removed member is read-only again', async (t, k) => {
  const bootstrap = await testnetProcess(k)
  const alice = await creator(k, 'alice', bootstrap)
  t.ok(/\* you are a member \(1 in all/.test(alice.app.stderr), 'the creator is told she is the only member')
  t.absent(alice.key.startsWith('cabal'), 'the key is plain hex: not a Cabal chat')
  alice.app.say('before you came')
  await k.until('alice to show her message', () => alice.app.shows(/<alice> before you came/))
  const bob = await joiner(k, 'bob', alice.key, bootstrap)
  // A late joiner reads alice's nick and her message in one read of the view: the nick must come first.
  await k.until('the joiner to show alice\'s earlier message under her nick, not her key', () => bob.app.shows(/<alice> before you came/))
  t.pass(`the joiner is told to ask a member to /add his writer key (${bob.writer.slice(0, 8)})`)
  t.ok(/\* joined \w+ as \w{8} \(bob once you are a member\) /.test(bob.app.stderr), 'and that his --nick comes once he is a member')

  bob.app.say('can I talk?')
  bob.app.say('/nick bobby')
  await k.until('bob\'s refusals', () => lines(bob.app, /^\* (not sent|nick not set): you are read-only: ask a member to \/add /).length === 2)
  t.absent(bob.app.shows('can I talk?'), 'a read-only member\'s line is not shown as sent')

  alice.app.say(`/add ${bob.writer.toUpperCase()}`) // as pasted, in whatever case
  await k.until('bob to be told he can write', () => /\* you were added: you are a member, you can write now/.test(bob.app.stderr))
  await k.until('alice to be told bob is a member', () => /\* bob \(\w{8}\) is a member now|\* \w{8} is a member now/.test(alice.app.stderr))
  alice.app.say('welcome bob')
  await k.until('bob to show alice\'s message', () => bob.app.shows(/<alice> welcome bob/))
  bob.app.say('thanks alice')
  await k.until('alice to show bob\'s reply, under the --nick he gave (published once he was a member)', () => alice.app.shows(/<bob> thanks alice/))
  t.pass('both talk')

  bob.app.say('/members')
  await k.until('bob\'s /members', () => /\* 2 member\(s\): /.test(bob.app.stderr))
  const members = lines(bob.app, /\* 2 member\(s\): /)[0]
  t.ok(/alice \(\w{8}, creator\)/.test(members) && /bob \(\w{8}, you\)/.test(members), `/members names both, the creator and you: ${members}`)
  bob.app.say(`/remove alice`)
  await k.until('bob\'s /remove to be refused', () => /\* not removed: /.test(bob.app.stderr))
  t.pass(`only the creator removes: ${lines(bob.app, /not removed/)[0]}`)
  alice.app.say('/add 1234')
  await k.until('alice\'s bad /add to be refused', () => /\* bad key "1234": a writer key is 64 hex characters; usage: \/add/.test(alice.app.stderr))

  alice.app.say('/remove bob')
  await k.until('bob to be told he was removed', () => new RegExp(`\\* you were removed from the members: you are read-only: ask a member to /add ${bob.writer}`).test(bob.app.stderr))
  await k.until('alice to be told bob is no longer a member', () => /\* bob \(\w{8}\) is no longer a member/.test(alice.app.stderr))
  bob.app.say('still here?')
  await k.until('bob\'s line to be refused', () => lines(bob.app, /^\* not sent: you are read-only/).length === 2)
  t.absent(bob.app.shows('still here?'), 'and not sent')
  t.absent(/error/.test(alice.app.stderr + bob.app.stderr), 'no error on either side')
  alice.app.say('/quit')
  bob.app.say('/quit')
  t.is(await k.step('alice to quit', alice.app.exit), 0, '/quit exits with code 0')
  t.is(await k.step('bob to quit', bob.app.exit), 0)
})

test('autobase engine: a new chat in the default storage is kept under its key; kill -9, restart with --key: history and membership kept', async (t, k) => {
  const home = await k.tmp()
  const [{ host, port }] = await k.bootstrap()
  const bootstrap = `${host}:${port}`
  const alice = await creator(k, 'alice', bootstrap, { storage: null, home })
  const chats = path.join(home, '.kappa-katas', 'autobase-chats')
  t.alike(fs.readdirSync(chats), [alice.key], 'the chat is in ~/.kappa-katas/autobase-chats/<its key>, and nothing else is')
  t.ok(alice.app.stderr.includes(`storage ${path.join(chats, alice.key)}`), 'the app says where')
  alice.app.say('written before the crash')
  await k.until('alice to show her message as sent', () => alice.app.shows(/<alice> written before the crash/))
  alice.app.child.kill('SIGKILL')
  await k.step('alice to die', alice.app.exit)

  const again = start(k, [...AUTOBASE, '--key', alice.key, '--bootstrap', bootstrap], MAIN, { HOME: home })
  await k.until('alice\'s restarted app to join as alice, a member', () => new RegExp(`joined ${alice.key} as alice `).test(again.stderr) && /\* you are a member/.test(again.stderr))
  await k.until('her history to show the message', () => again.shows(/<alice> written before the crash/))
  t.pass('restarted from the default storage: nick, membership and history kept')
  again.say('/quit')
  t.is(await k.step('alice to quit', again.exit), 0)
  const multifeed = start(k, ['--key', alice.key, '--bootstrap', bootstrap, '--storage', path.join(chats, alice.key)])
  t.is(await k.step('the multifeed engine on that storage to exit', multifeed.exit), 2)
  t.ok(/holds an autobase chat, not a multifeed one/.test(multifeed.stderr), `the engines' storages do not mix: ${multifeed.stderr.trim()}`)
})

test('autobase engine: bad input exits with code 2 and one line; the multifeed chat has no members commands', async (t, k) => {
  const dir = await k.tmp()
  const legacy = path.join(dir, 'kata12')
  fs.mkdirSync(legacy)
  fs.writeFileSync(path.join(legacy, 'chat.key'), newKey() + '\n') // a kata 12 chat's storage from before engines
  const held = path.join(dir, 'kata15')
  fs.mkdirSync(held)
  fs.writeFileSync(path.join(held, 'chat.key'), newKey() + '\n')
  fs.writeFileSync(path.join(held, 'chat.engine'), 'autobase\n')
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown engine', ['--engine', 'hyperbee', '--key', newKey()], /^bad --engine "hyperbee": expected multifeed or autobase/],
    ['a cabal:// key', [...AUTOBASE, '--key', `cabal://${newKey()}`], /^bad --key .*a cabal:\/\/ key is a multifeed \(kata 12\) chat; join it without --engine autobase/],
    ['a multifeed chat\'s storage', [...AUTOBASE, '--key', newKey(), '--storage', legacy], /holds a multifeed chat, not an autobase one/],
    ['a new chat in a storage that holds one', [...AUTOBASE, '--storage', held], /already holds chat [0-9a-f]{64}; add --key [0-9a-f]{64} to open it/]
  ]
  for (const [what, args, message] of cases) {
    const app = start(k, [...args, '--bootstrap', '127.0.0.1:1'])
    t.is(await k.step(`the app given ${what} to exit`, app.exit), 2, `${what}: exit code 2`)
    const errors = app.stderr.trim().split('\n')
    t.is(errors.length, 1, `${what}: one line of error (${app.stderr.trim()})`)
    t.ok(message.test(errors[0]), `${what}: the line says what is wrong`)
  }
  const { app } = await peer(k, 'alice', newKey())
  app.say('/members')
  app.say(`/add ${newKey()}`)
  await k.until('the multifeed chat to answer both', () => /\* this chat has no members list/.test(app.stderr) && /\* \/add: whoever has this chat's key writes/.test(app.stderr))
  t.pass('the multifeed chat says it has no members')
})
