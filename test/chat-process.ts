// The chat app as a child process on a testnet, driven as a user would (pipe mode): what it printed, a line
// typed in. Shared by the chat app's tests (test/chat-app, test/chat-fork).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import path from 'node:path'
import type { KataContext } from '../src/harness/index.ts'
import { ROOT } from '../src/runner/katas.ts'

export const MAIN = path.join(ROOT, 'src', 'chat', 'main.ts')

export class App {
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

/** Starts `script` (the chat, on the reference solutions, unless told otherwise); killed at the test's end if still running. */
export function start (k: KataContext, args: string[], script = MAIN, env: Record<string, string> = {}): App {
  const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', script, ...(script === MAIN ? ['--reference'] : []), ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
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
