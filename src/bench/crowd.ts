// Benchmark: the chat app (multifeed engine, reference chat) opening a chat whose members have many feeds,
// under the usual `ulimit -n 1024`: how long until it joined and shows the history, and its peak memory.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import crypto from 'hypercore-crypto'
import multifeed from 'multifeed'
import { pooledStorage } from '../chat/files.ts'

const MAIN = fileURLToPath(new URL('../chat/main.ts', import.meta.url))
export const CROWD_FILE_LIMIT = 1024

export interface CrowdTiming {
  feeds: number
  /** From starting the app (node and tsx included) to its "joined" line and the last member's message shown. */
  openMs: number
  /** The app's peak resident memory (VmHWM), MB. */
  peakRssMb: number
}

/** Writes `count` member feeds into `dir` as the app lays a chat out, one message each ("hello from member i"), in order of time. */
export async function writeCrowd (dir: string, key: string, count: number): Promise<void> {
  const feeds = multifeed(pooledStorage(dir), { valueEncoding: 'binary', encryptionKey: Buffer.from(key, 'hex') })
  const start = Date.now() - count
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve, reject) => feeds.writer(`member-${i}`, (err, feed) => {
      if (err) return reject(err)
      const entry = { type: 'chat/text', content: { channel: 'default', text: `hello from member ${i}` }, timestamp: start + i }
      feed.append(Buffer.from(JSON.stringify(entry)), (err) => err ? reject(err) : resolve())
    }))
  }
  await new Promise<void>((resolve) => feeds.close(() => resolve()))
}

/** The process's peak resident memory (VmHWM) in MB, from Linux's /proc. */
export function peakRssMb (pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!kb) throw new Error(`no VmHWM in /proc/${pid}/status`)
  return Number(kb[1]) / 1024
}

/** Null where it cannot be measured (bash's ulimit and /proc: Linux only). */
export async function benchCrowd (feeds: number): Promise<CrowdTiming | null> {
  if (process.platform !== 'linux') return null
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kk-crowd-'))
  const key = crypto.randomBytes(32).toString('hex')
  try {
    await writeCrowd(dir, key, feeds)
    // No DHT node answers on port 1: the app opens and runs on, alone (the crowd is on disk).
    const command = `ulimit -n ${CROWD_FILE_LIMIT} && exec "$0" --no-warnings --import tsx "$@"`
    const started = performance.now()
    const child = spawn('bash', ['-c', command, process.execPath, MAIN, '--reference', '--key', key, '--storage', dir, '--bootstrap', '127.0.0.1:1'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s })
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s })
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve))
    try {
      const last = `hello from member ${feeds - 1}\n`
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (/\* joined /.test(stderr) && stdout.includes(last)) { clearInterval(timer); resolve() }
        }, 20)
        exit.then((code) => { clearInterval(timer); reject(new Error(`benchmark: the app exited (code ${code}) with ${feeds} feeds: ${stderr.trim()}`)) }, () => {})
      })
      const openMs = performance.now() - started
      return { feeds, openMs, peakRssMb: peakRssMb(child.pid!) }
    } finally {
      child.kill('SIGKILL')
      await exit
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
