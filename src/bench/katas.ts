// Benchmark: the runner's overhead per kata, and the whole verifier.
import type { Kata } from '../runner/katas.ts'
import { preload } from '../runner/run-suite.ts'
import { median, medianTime, timeCommand } from './measure.ts'

export interface KataTiming {
  kata: string
  runnerMs: number
  rawMs: number
  ratio: number
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

/** `npm test -- katas/NN --solution` against the raw `node --import tsx <suite>` with the same solutions, alternated. */
export async function timeKata (kata: Kata, runs: number): Promise<KataTiming> {
  const runner: number[] = []
  const raw: number[] = []
  for (let i = 0; i < runs; i++) {
    runner.push(await timeCommand(NPM, ['test', '--silent', '--', `katas/${kata.number}`, '--solution']))
    raw.push(await timeCommand(process.execPath, ['--no-warnings', '--import', 'tsx', ...preload('use-solutions.mjs'), kata.suite]))
  }
  const runnerMs = median(runner)
  const rawMs = median(raw)
  return { kata: kata.name, runnerMs, rawMs, ratio: runnerMs / rawMs }
}

export function timeVerify (runs: number): Promise<number> {
  return medianTime(runs, NPM, ['run', '--silent', 'verify'])
}

/** `npm test -- --solution`: every kata (or those given) in one runner, whose start-up is paid once. */
export function timeWholeRun (runs: number, katas?: Kata[]): Promise<number> {
  return medianTime(runs, NPM, ['test', '--silent', '--', ...(katas ?? []).map((k) => k.number), '--solution'])
}

export interface StartupTiming {
  /** `node -e 0`: Node itself. */
  nodeMs: number
  /** `node --import tsx -e 0`: Node with tsx, the TypeScript loader of the runner and of every suite. */
  tsxMs: number
  /** `npm test -- --help`: npm, then the runner's Node, tsx and modules, with no suite to run. */
  runnerMs: number
}

/** Where a single kata's fixed cost goes: the start-up of the processes `npm test -- NN` adds. */
export async function timeStartup (runs: number): Promise<StartupTiming> {
  return {
    nodeMs: await medianTime(runs, process.execPath, ['-e', '0']),
    tsxMs: await medianTime(runs, process.execPath, ['--import', 'tsx', '-e', '0']),
    runnerMs: await medianTime(runs, NPM, ['test', '--silent', '--', '--help'])
  }
}
