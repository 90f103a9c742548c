// A full disk, for a test of code that must tell its app when its storage fails under it. On Linux,
// `prlimit` lowers this process's file-size limit (RLIMIT_FSIZE) to 0 for a while: no file of the process
// can grow, so every write that appends to one fails (EFBIG), as on a disk with no space left. Node ignores
// SIGXFSZ, so the write fails instead of the process. Nothing is patched: the storage's own writes fail.
import { execFileSync } from 'node:child_process'

/** This process's soft file-size limit (prlimit's words: a number of bytes, or "unlimited"), or sets it to `value`. */
function limit (value?: string): string {
  const args = value === undefined ? ['--fsize', '--raw', '--noheadings', '--output=SOFT'] : [`--fsize=${value}:`]
  return execFileSync('prlimit', ['--pid', String(process.pid), ...args], { encoding: 'utf8' }).trim()
}

/** Whether this machine can fill the disk for a test (Linux, with util-linux's prlimit). */
export function canFillDisk (): boolean {
  try {
    return process.platform === 'linux' && limit() !== ''
  } catch {
    return false
  }
}

/**
 * Runs `work()` while no file of this process can grow, and gives the disk back once it settles. The rest of
 * the process shares the full disk meanwhile: run nothing else that writes to a file (an assertion's output
 * included: keep them after).
 */
export async function onFullDisk<T> (work: () => Promise<T>): Promise<T> {
  const before = limit()
  limit('0')
  try {
    return await work()
  } finally {
    limit(before)
  }
}
