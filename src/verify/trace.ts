// Which files a check really read, for checks whose inputs cannot be listed beforehand (tsc, actionlint,
// the repository's own tests, which spawn the runner, the dojo, the chat…): the check runs under
// `strace -f` (Linux), and every path any of its processes opened, looked at or listed is collected.
// Where strace is not available the caller falls back to the whole repository.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

let available: boolean | undefined

/** Whether `strace` runs here (once per process). */
export function canTrace (): boolean {
  if (available === undefined) {
    const probe = spawnSync('strace', ['-f', '-qq', '--seccomp-bpf', '-e', 'trace=%file', '-o', '/dev/null', 'true'], { stdio: 'ignore' })
    available = process.platform === 'linux' && probe.status === 0
  }
  return available
}

export interface Trace {
  /** Put before the command (`strace … --`). */
  prefix: string[]
  /**
   * The absolute paths read, once the command has ended (the trace's files then removed); a folder is
   * given as `stat:` and its path when it was only looked at, not listed.
   */
  paths: () => string[]
}

export function startTrace (): Trace {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verify-trace-'))
  const out = path.join(dir, 'strace.txt')
  return {
    prefix: ['strace', '-f', '-qq', '-y', '--seccomp-bpf', '-e', 'trace=%file,%process', '-o', out, '--'],
    paths: () => {
      let text = ''
      try {
        text = readFileSync(out, 'utf8')
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
      return tracedPaths(text)
    }
  }
}

// `1234 openat(AT_FDCWD</work/x>, "a/b", …)`, `1234 chdir("sub")`, `1234 clone(…) = 1240`, `<... resumed>`
const LINE = /^(\d+)\s+(?:<\.\.\. )?(\w+)(?: resumed>|\()(.*)$/
const DIRFD = /^\s*(?:AT_FDCWD|\d+)<([^>]*)>,\s*"((?:[^"\\]|\\.)*)"/
const STRING = /"((?:[^"\\]|\\.)*)"/g

/**
 * Every path in strace's output, resolved against the directory it was relative to. Folders that were
 * listed (opened with O_DIRECTORY) as they are; every other path as `stat:` and the path: for a file its
 * content counts all the same, for a folder only that it is one (a look at the repository's root must
 * not make a new file anywhere in it a change).
 */
export function tracedPaths (text: string, cwd = process.cwd()): string[] {
  const cwds = new Map<string, string>()
  const listed = new Set<string>()
  const looked = new Set<string>()
  const found = { add: (p: string, line: string) => (/O_DIRECTORY/.test(line) ? listed : looked).add(p) }
  for (const line of text.split('\n')) {
    const match = LINE.exec(line)
    if (!match) continue
    const [, pid, call, rest] = match
    const here = cwds.get(pid) ?? cwd
    if (/^(clone3?|fork|vfork)$/.test(call)) {
      const child = /=\s*(\d+)\s*$/.exec(rest)?.[1]
      if (child) cwds.set(child, here)
      continue
    }
    if (call === 'execve' || call === 'execveat') {
      const file = /^\s*"((?:[^"\\]|\\.)*)"/.exec(rest)?.[1]
      if (file) found.add(path.resolve(here, unescape(file)), '')
      continue
    }
    const at = DIRFD.exec(rest)
    if (at) {
      if (/AT_FDCWD/.test(rest.slice(0, rest.indexOf('<')))) cwds.set(pid, at[1])
      found.add(path.resolve(at[1], unescape(at[2])), rest)
      continue
    }
    for (const [, value] of rest.matchAll(STRING)) {
      const resolved = path.resolve(here, unescape(value))
      if (call === 'chdir' && /=\s*0\s*$/.test(rest)) cwds.set(pid, resolved)
      found.add(resolved, rest)
    }
  }
  return [...listed, ...[...looked].filter((p) => !listed.has(p)).map((p) => `stat:${p}`)].sort()
}

function unescape (text: string): string {
  return text.replace(/\\(x[0-9a-f]{2}|[0-7]{1,3}|.)/gi, (_, code: string) =>
    code[0] === 'x' ? String.fromCharCode(parseInt(code.slice(1), 16))
      : /^[0-7]/.test(code) ? String.fromCharCode(parseInt(code, 8))
        : ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[code] ?? code)
}
