// A new Node process, started as this one was: for what must survive a restart of the app, where
// nothing of this process's memory (module-level state included) carries over.
import { spawn } from 'node:child_process'
import type { KataContext } from './context.ts'

const REPORT = '#kata-report '

/**
 * Runs `body`, the text of an async function's body, in a new Node process with this process's flags
 * (its --import hooks: TypeScript, and whatever stands in for a kata's stub), environment and working
 * directory. The body imports what it needs with `await import(url)` (absolute URLs: the stub's
 * `new URL('./x.ts', import.meta.url).href`, a package's `import.meta.resolve(name)`) and returns a
 * JSON value; this resolves with it. A body that throws rejects with its error's message. The process
 * exits once it has reported; it is killed after the test if it is still running then.
 */
export function inNewProcess (k: KataContext, body: string): Promise<unknown> {
  const source = `
const report = (answer) => process.stdout.write('\\n${REPORT}' + JSON.stringify(answer) + '\\n', () => process.exit(0))
try {
  report({ value: await (async () => {\n${body}\n})() })
} catch (err) {
  report({ error: err instanceof Error ? err.message : String(err) })
}
`
  const child = spawn(process.execPath, [...process.execArgv, '--input-type=module', '--eval', source], {
    cwd: process.cwd(),
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  k.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      const line = stdout.split('\n').reverse().find((l) => l.startsWith(REPORT))
      if (!line) {
        const why = signal ? `was killed (${signal})` : `exited with code ${String(code)}`
        return reject(new Error(`the new process ${why} before it reported: ${stderr.trim().split('\n').slice(-5).join(' | ')}`))
      }
      const answer = JSON.parse(line.slice(REPORT.length)) as { value?: unknown, error?: string }
      if (answer.error !== undefined) reject(new Error(`in the new process: ${answer.error}`))
      else resolve(answer.value)
    })
  })
}
