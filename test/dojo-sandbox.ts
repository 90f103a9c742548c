// A throwaway copy of the repository for tests that change kata files: katas 01 and 02, the parts of src/
// the dojo runs, the package files and a symlink to node_modules, committed to a fresh git repository so
// "as shipped" means something. The real katas are never touched. It reads no other kata's files (nor the
// rest of src/): verify's result cache runs these tests again only when what they use changes.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'
import { blobId } from '../src/runner/shipped.ts'
import { importClosure } from '../src/verify/deps.ts'

export const KATA_01 = '01-append-only-log'
export const KATA_02 = '02-reading-the-log'

export interface Sandbox {
  root: string
  /** Runs a dojo command (src/dojo/bin/<name>.ts) to completion. */
  run: (command: string, args?: string[], opts?: { input?: string, env?: NodeJS.ProcessEnv }) => { code: number | null, out: string, stdout: string }
  /** Starts a dojo command and leaves it running. */
  start: (command: string, args?: string[], env?: NodeJS.ProcessEnv) => ChildProcess
  read: (file: string) => string
  write: (file: string, content: string) => void
  /** Copies the reference solution over the kata's stub. */
  solve: (kata: string) => void
  remove: () => void
}

export function sandbox (katas = [KATA_01, KATA_02]): Sandbox {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kata-dojo-'))
  for (const kata of katas) cpSync(path.join(ROOT, 'katas', kata), path.join(root, 'katas', kata), { recursive: true })
  for (const folder of dojoFolders()) cpSync(path.join(ROOT, 'src', folder), path.join(root, 'src', folder), { recursive: true })
  for (const kata of katas) cpSync(path.join(ROOT, 'src', 'solutions', kata), path.join(root, 'src', 'solutions', kata), { recursive: true })
  // "As shipped" (src/dojo/shipped.json): these katas as copied, not the real record of every kata.
  writeFileSync(path.join(root, 'src', 'dojo', 'shipped.json'), JSON.stringify(recordOf(root, katas), null, 2) + '\n')
  for (const file of ['package.json', 'tsconfig.json']) cpSync(path.join(ROOT, file), path.join(root, file))
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir')
  writeFileSync(path.join(root, '.gitignore'), 'node_modules\n.kata-state.json\n')
  const git = (...args: string[]): void => { execFileSync('git', ['-c', 'user.name=dojo test', '-c', 'user.email=dojo@test.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: root, stdio: 'ignore' }) }
  git('init', '-q')
  git('add', '.')
  git('commit', '-q', '-m', 'as shipped')
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra })
  const script = (command: string): string => path.join(root, 'src', 'dojo', 'bin', `${command}.ts`)
  return {
    root,
    run (command, args = [], opts = {}) {
      const result = spawnSync(process.execPath, ['--import', 'tsx', script(command), ...args], {
        cwd: root, encoding: 'utf8', env: env(opts.env), input: opts.input ?? '', timeout: 120000
      })
      return { code: result.status, out: result.stdout + result.stderr, stdout: result.stdout }
    },
    start (command, args = [], extra = {}) {
      return spawn(process.execPath, ['--import', 'tsx', script(command), ...args], { cwd: root, env: env(extra), stdio: ['pipe', 'pipe', 'pipe'] })
    },
    read: (file) => readFileSync(path.join(root, file), 'utf8'),
    write: (file, content) => writeFileSync(path.join(root, file), content),
    solve (kata) {
      const stub = readdirSync(path.join(root, 'src', 'solutions', kata)).filter((f) => f.endsWith('.ts'))
      for (const file of stub) cpSync(path.join(root, 'src', 'solutions', kata, file), path.join(root, 'katas', kata, file))
    },
    remove: () => rmSync(root, { recursive: true, force: true })
  }
}

/** The folders of src/ holding what the dojo's commands and the runner's preloads import (solutions aside). */
function dojoFolders (): string[] {
  const entries = ['dojo/bin', 'runner'].flatMap((dir) => readdirSync(path.join(ROOT, 'src', dir)).map((file) => path.join(ROOT, 'src', dir, file)))
  const folders = importClosure(entries).map((file) => path.relative(path.join(ROOT, 'src'), file).split(path.sep)[0])
  return [...new Set(folders)].filter((folder) => !folder.startsWith('..') && folder !== 'solutions' && existsSync(path.join(ROOT, 'src', folder)))
}

/** What `npm run record-shipped` would record for these katas in the sandbox. */
function recordOf (root: string, katas: string[]): Record<string, string> {
  const files: Record<string, string> = {}
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue
      const abs = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(abs)
      else files[path.relative(root, abs).split(path.sep).join('/')] = blobId(readFileSync(abs))
    }
  }
  for (const kata of katas) walk(path.join(root, 'katas', kata))
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)))
}

/** A running command's output, and waiting for what it prints next. */
export class Session {
  out = ''
  exited: Promise<number | null>
  private readonly listeners = new Set<() => void>()

  constructor (readonly child: ChildProcess) {
    const add = (chunk: Buffer): void => {
      this.out += chunk.toString('utf8')
      for (const listener of this.listeners) listener()
    }
    child.stdout?.on('data', add)
    child.stderr?.on('data', add)
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))))
  }

  /** Resolves with the offset just past the first match of `pattern` after `from`; rejects after `ms`. */
  waitFor (pattern: RegExp, from = 0, ms = 60000): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const match = pattern.exec(this.out.slice(from))
        if (!match) return false
        this.listeners.delete(listener)
        clearTimeout(timer)
        resolve(from + match.index + match[0].length)
        return true
      }
      const listener = (): void => { check() }
      const timer = setTimeout(() => {
        this.listeners.delete(listener)
        reject(new Error(`no ${pattern} after ${ms} ms; output since offset ${from}:\n${this.out.slice(from)}`))
      }, ms)
      this.listeners.add(listener)
      check()
    })
  }

  /** How many times `pattern` (global) occurs after `from`. */
  count (pattern: RegExp, from = 0): number {
    return [...this.out.slice(from).matchAll(pattern)].length
  }

  send (text: string): void {
    this.child.stdin?.write(text)
  }
}

/** Processes whose command line mentions `dir` or (where /proc tells) that run in it, other than ps itself. */
/** Whether `ps` lists processes here (not on Windows): the checks for leftover processes need it. */
export const CAN_LIST_PROCESSES = spawnSync('ps', ['-eo', 'pid='], { stdio: 'ignore' }).status === 0

export function processesIn (dir: string): string[] {
  const listed = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
  if (listed.status !== 0) throw new Error(`cannot list processes (ps: ${listed.error?.message ?? `exit ${listed.status}`})`)
  const ps = listed.stdout
  const runsIn = (pid: string): boolean => {
    try {
      return readlinkSync(`/proc/${pid}/cwd`).startsWith(dir)
    } catch {
      return false
    }
  }
  return ps.split('\n').map((line) => line.trim()).filter((line) => line && !/\bps -eo\b/.test(line))
    .filter((line) => line.includes(dir) || runsIn(line.split(' ')[0]))
}

/** Waits until no process mentions `dir`; returns the ones still there after `ms`. */
export async function leftovers (dir: string, ms = 5000): Promise<string[]> {
  const until = Date.now() + ms
  let left = processesIn(dir)
  while (left.length && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    left = processesIn(dir)
  }
  return left
}
