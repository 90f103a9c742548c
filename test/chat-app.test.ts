// The chat app (`npm run chat`), driven as a user would: child processes in pipe mode on a testnet.
// Run: node --import tsx test/chat-app.test.ts
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import crypto from 'hypercore-crypto'
import { configure, test, type KataContext } from '../src/harness/index.ts'

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

  say (line: string): void {
    this.child.stdin.write(line + '\n')
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

  const again = await peer(k, 'alice', key, alice.storage)
  // Her history is printed on stdout right after the "joined" status line on stderr: wait for it.
  await k.until('alice\'s restarted app to show the message in her history', () => again.app.shows(/<alice> written just before the crash/))
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
})

test('npm run testnet -- --help prints its usage and exits 0, as every other command does', async (t, k) => {
  const testnet = start(k, ['--help'], path.join(ROOT, 'src', 'chat', 'testnet.ts'))
  t.is(await k.step('npm run testnet -- --help to exit', testnet.exit), 0)
  t.ok(/^usage: npm run testnet/m.test(testnet.stdout), testnet.stdout)
})
