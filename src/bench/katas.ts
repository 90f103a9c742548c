// Benchmark: the runner's overhead per kata, and the whole verifier.
import type { Kata } from '../runner/katas.ts'
import { preload } from '../runner/run-suite.ts'
import { median, timeCommand } from './measure.ts'

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

export async function timeVerify (runs: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push(await timeCommand(NPM, ['run', '--silent', 'verify']))
  return median(times)
}
