// The chat's directory: created if needed, locked to one process, and tied to one chat key and one engine.
import fs from 'node:fs'
import path from 'node:path'
import { UsageError, type Engine } from './args.ts'
import { isAlive } from '../runner/process-alive.ts'

const LOCK = 'chat.lock'
const KEY = 'chat.key'
/** Which engine's layout the directory holds; none (a directory from before engines): multifeed. */
const ENGINE = 'chat.engine'

export interface StorageLock {
  dir: string
  /** Ties the directory to `key`: for a new chat whose key is known only once it is open (Autobase's). */
  setKey (key: string): void
  release (): void
}

/**
 * Makes `dir`, checks it belongs to `key` (null: a new chat, so no chat yet) and to `engine`, and takes its
 * lock: a file created exclusively, holding our pid. A lock left by a process that is gone (kill -9) is taken over.
 */
export function openStorage (dir: string, key: string | null, engine: Engine = 'multifeed'): StorageLock {
  makeDirectory(dir)
  const lockFile = path.join(dir, LOCK)
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' })
      break
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code !== 'EEXIST') throw new UsageError(`cannot use storage ${dir}: ${code ?? (err as Error).message}`)
      const holder = Number.parseInt(readOr(lockFile, ''), 10)
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new UsageError(`storage ${dir} is in use by another chat (pid ${holder}); quit it first, or use another --storage`)
      }
      if (attempt > 0) throw new UsageError(`cannot lock storage ${dir}: remove ${lockFile} if no chat is running`)
      fs.rmSync(lockFile, { force: true }) // stale: its process is gone
    }
  }
  let released = false
  const release = (): void => {
    if (released) return
    released = true
    if (readOr(lockFile, '').trim() === String(process.pid)) fs.rmSync(lockFile, { force: true })
  }
  const keyFile = path.join(dir, KEY)
  const engineFile = path.join(dir, ENGINE)
  const stored = readOr(keyFile, '').trim()
  const storedEngine = readOr(engineFile, '').trim() || (stored ? 'multifeed' : '')
  if (storedEngine && storedEngine !== engine) {
    release()
    throw new UsageError(`storage ${dir} holds ${article(storedEngine)} chat, not ${article(engine)} one; use another --storage${engine === 'autobase' ? ', or leave out --engine autobase' : ', or add --engine ' + storedEngine}`)
  }
  if (stored && key === null) {
    release()
    throw new UsageError(`storage ${dir} already holds chat ${stored}; add --key ${stored} to open it, or use another --storage for a new chat`)
  }
  if (stored && stored !== key) {
    release()
    throw new UsageError(`storage ${dir} holds another chat (${stored.slice(0, 8)}…), not ${key!.slice(0, 8)}…`)
  }
  if (!storedEngine) fs.writeFileSync(engineFile, engine + '\n')
  const setKey = (key: string): void => fs.writeFileSync(keyFile, key + '\n')
  if (!stored && key !== null) setKey(key)
  return { dir, setKey, release }
}

/**
 * `mkdir -p`, one level at a time: Node's recursive mkdir spins forever on a path it can never create
 * (under /proc, say), and says only EEXIST for a path that is a file.
 */
function makeDirectory (dir: string): void {
  const missing: string[] = []
  let at = dir
  while (!fs.existsSync(at)) {
    missing.unshift(at)
    const parent = path.dirname(at)
    if (parent === at) break
    at = parent
  }
  try {
    if (fs.existsSync(at) && !fs.statSync(at).isDirectory()) throw new UsageError(`bad --storage ${dir}: ${at} is a file, not a directory`)
    for (const level of missing) fs.mkdirSync(level)
    fs.accessSync(dir, fs.constants.W_OK)
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw new UsageError(`cannot use storage ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}

function article (engine: string): string {
  return `${/^[aeiou]/.test(engine) ? 'an' : 'a'} ${engine}`
}

function readOr (file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return fallback
  }
}
