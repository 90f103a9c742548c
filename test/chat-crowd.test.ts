// The chat app (multifeed engine) with a crowd: 1000 member feeds in its storage, opened under the usual
// `ulimit -n 1024`, must open without running out of files, show the members' messages, and stay within 300 MB.
// With fewer descriptors than it needs it exits with one clear line, and the storage opens again afterwards.
// Run: node --import tsx test/chat-crowd.test.ts
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import crypto from 'hypercore-crypto'
import { configure, test, type KataContext } from '../src/harness/index.ts'
import { peakRssMb, writeCrowd } from '../src/bench/crowd.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const MAIN = path.join(ROOT, 'src', 'chat', 'main.ts')
const MEMBERS = 1000
const MAX_RSS_MB = 300
const FILE_LIMIT = 1024
/** Below the app's pool of open files (256): it must run out, and say so. */
const STARVED_LIMIT = 128

configure({ budget: 240000, wait: 120000 })

/** The app (reference engine) on `dir`, as a child process under `ulimit -n limit`. */
function startApp (k: KataContext, dir: string, key: string, bootstrap: string, limit: number): App {
  // exec: the shell becomes node, so the pid is the chat's.
  const command = `ulimit -n ${limit} && exec "$0" --no-warnings --import tsx "$@"`
  const child = spawn('bash', ['-c', command, process.execPath, MAIN, '--reference', '--key', key, '--storage', dir, '--bootstrap', bootstrap], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  const app: App = { child, stdout: '', stderr: '', exit: new Promise((resolve) => child.on('close', (code) => resolve(code))) }
  child.stdout.setEncoding('utf8').on('data', (s: string) => { app.stdout += s })
  child.stderr.setEncoding('utf8').on('data', (s: string) => { app.stderr += s })
  k.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await app.exit
    }
  })
  return app
}

interface App {
  child: ChildProcessWithoutNullStreams
  stdout: string
  stderr: string
  exit: Promise<number | null>
}

test(`the app opens a chat of ${MEMBERS} members under ulimit -n ${FILE_LIMIT}, shows their messages, within ${MAX_RSS_MB} MB`, async (t, k) => {
  if (process.platform !== 'linux') return void t.pass('skipped: needs bash\'s ulimit and /proc (Linux)')
  const key = crypto.randomBytes(32).toString('hex')
  const dir = path.join(await k.tmp(), 'chat')
  await k.step(`writing ${MEMBERS} member feeds`, writeCrowd(dir, key, MEMBERS))
  const [{ host, port }] = await k.bootstrap()
  const bootstrap = `${host}:${port}`

  // Fewer descriptors than its pool may keep: the app runs out anyway, and says so in one line.
  const starved = startApp(k, dir, key, bootstrap, STARVED_LIMIT)
  t.is(await k.step(`the app under ulimit -n ${STARVED_LIMIT} to exit`, starved.exit), 1, `ulimit -n ${STARVED_LIMIT}: exit code 1`)
  const lines = starved.stderr.trim().split('\n')
  t.is(lines.length, 1, `one line of error, no stack (${starved.stderr.trim().slice(0, 300)})`)
  t.ok(/ran out of open files .*ulimit -n/.test(lines[0]), 'the line says the process ran out of open files, and what to do')

  // The same storage, with the usual limit.
  const app = startApp(k, dir, key, bootstrap, FILE_LIMIT)
  const opened = Date.now()
  await k.step('the app to open the crowded chat (or exit)', Promise.race([
    k.until('the app to join', () => /\* joined /.test(app.stderr)),
    app.exit.then((code) => { throw new Error(`the app exited (code ${code}) before it joined: ${app.stderr.trim()}`) })
  ]))
  t.comment(`open with ${MEMBERS} member feeds: ${Date.now() - opened} ms`)
  t.absent(/EMFILE|open files/i.test(app.stderr), 'no descriptor ran out')
  // The history's last 50 lines: the members written last, whose feeds are loaded last.
  await k.until('the app to show the last members\' messages', () => app.stdout.includes(`hello from member ${MEMBERS - 1}\n`))
  t.ok(app.stdout.includes(`hello from member ${MEMBERS - 50}\n`), `the last 50 of ${MEMBERS} members' messages are shown, in order of time`)
  t.absent(app.stdout.includes(`hello from member ${MEMBERS - 51}\n`), 'and only those')
  const rss = peakRssMb(app.child.pid!)
  t.comment(`peak RSS with ${MEMBERS} member feeds: ${rss.toFixed(0)} MB`)
  t.ok(rss <= MAX_RSS_MB, `peak RSS ${rss.toFixed(0)} MB ≤ ${MAX_RSS_MB} MB`)
  app.child.stdin.write('/quit\n')
  t.is(await k.step('the app to quit', app.exit), 0, '/quit exits with code 0')
})
