// `--stress`: keeps every core busy with spinning processes while the checks run.
import { spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'

export function startLoad (): () => void {
  const spinners: ChildProcess[] = os.cpus().map(() =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }))
  return () => { for (const spinner of spinners) spinner.kill('SIGKILL') }
}
