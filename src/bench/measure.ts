// Timing helpers for the benchmark: wall time of a command, medians and percentiles.
import { spawn } from 'node:child_process'
import { ROOT } from '../runner/katas.ts'

/** Runs a command to completion and returns its wall time in ms (rejects if it fails). */
export function timeCommand (command: string, args: string[]): Promise<number> {
  const started = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    // Node runs a .cmd (npm on Windows) only through a shell; our arguments have no spaces to quote.
    const shell = command.endsWith('.cmd')
    const child = spawn(command, args, { cwd: ROOT, shell, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
    let stderr = ''
    child.stderr.on('data', (chunk) => { stderr += chunk })
    child.on('error', reject)
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      if (code === 0) resolve(ms)
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${stderr.slice(-2000)}`))
    })
  })
}

/** The median wall time of `runs` runs of a command, one after another. */
export async function medianTime (runs: number, command: string, args: string[]): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push(await timeCommand(command, args))
  return median(times)
}

export function percentile (values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index]
}

export const median = (values: number[]): number => percentile(values, 50)

export function ms (value: number): string {
  return Number.isFinite(value) ? (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`) : 'n/a'
}
