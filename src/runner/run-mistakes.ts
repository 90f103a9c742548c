// Runs several learner mistakes of one kata in one Node process (mistake-batch.ts) and reads each one's
// run as the runner reads a suite stopped at its first failure (run-suite.ts). A mistake whose suite did
// not end in that process (it crashed, or stopped everything) has no run here: the caller runs it alone.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { ROOT } from './katas.ts'
import { SUITE_PRELOADS, interpretRun, preload, suiteTmp, type MistakeSpec, type SuiteRun } from './run-suite.ts'
import { BEGIN, END } from './batch-lines.ts'

const DRIVER = path.join(ROOT, 'src', 'runner', 'mistake-batch.ts')
// As a suite process (SUITE_PRELOADS), but without the leftover report: the process goes on after a suite.
const LEFTOVER_REPORT = preload('report-open-handles.mjs')[1]
const PRELOADS = SUITE_PRELOADS.filter((arg, i, all) => arg !== LEFTOVER_REPORT && all[i + 1] !== LEFTOVER_REPORT)
const ARGS = ['--no-warnings', ...PRELOADS, ...preload('use-mistakes.mjs'), DRIVER]

export interface BatchRun {
  /** Each mistake's run, in order, as far as the process got (a mistake that did not end has none). */
  runs: SuiteRun[]
  /** Whether the last of `runs` is followed by a mistake that began but did not end (then it is next). */
  brokeOff: boolean
  /** What the process wrote to stderr, for a report. */
  stderr: string
}

/** Runs these mistakes (all of one kata's suite) in one process, each stopped at its first failure. */
export function runMistakes (suite: string, mistakes: MistakeSpec[], limitEach = 120000): Promise<BatchRun> {
  return new Promise((resolve) => {
    const tmp = suiteTmp()
    const child = spawn(process.execPath, [...ARGS, suite], {
      cwd: ROOT,
      env: { ...process.env, ...tmp.env, FORCE_COLOR: '0', NO_COLOR: '1', KATA_MISTAKES: JSON.stringify(mistakes), KATA_MISTAKE: undefined },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const runs: SuiteRun[] = []
    let stdout = ''
    let stderr = ''
    let section: { n: number, started: number } | null = null
    let killer = setTimeout(() => child.kill('SIGKILL'), limitEach)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      for (;;) {
        const marker = section ? `${END}${section.n}\n` : `${BEGIN}${runs.length}\n`
        const at = stdout.indexOf(marker)
        if (at < 0) break
        if (!section) {
          section = { n: runs.length, started: Date.now() }
          clearTimeout(killer)
          killer = setTimeout(() => child.kill('SIGKILL'), limitEach)
        } else {
          const text = stdout.slice(0, at)
          runs.push(interpretRun({ stdout: text, stderr: '', code: 0, signal: null, ms: Date.now() - section.started, limit: limitEach, summaryAt: 0, stoppedAtFailure: true }))
          section = null
        }
        stdout = stdout.slice(at + marker.length)
      }
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
    child.on('close', () => {
      clearTimeout(killer)
      tmp.remove()
      resolve({ runs, brokeOff: section !== null, stderr })
    })
  })
}
