// Benchmark: save-to-result latency of watch mode, measured by test/bench/watch-latency.ts on a
// throwaway copy of the repository (the dojo's test sandbox), in a child process.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { ROOT } from '../runner/katas.ts'

export interface WatchTiming {
  medianMs: number
  samples: number
  how: string
}

export function benchWatch (samples: number): Promise<WatchTiming> {
  const script = path.join(ROOT, 'test', 'bench', 'watch-latency.ts')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', script, String(samples), '1500'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk) => { out += chunk })
    child.on('close', (code) => {
      const median = out.match(/median (\d+) ms/)
      if (code !== 0 || !median) return reject(new Error(`watch benchmark failed (exit ${code}):\n${out}`))
      resolve({
        medianMs: Number(median[1]),
        samples,
        how: `from just before a save of kata 01's stub to the new result line printed by \`npm start\` (${samples} saves 1.5 s apart, 100 ms debounce included; test/bench/watch-latency.ts).`
      })
    })
  })
}
