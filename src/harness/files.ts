// What a test can learn about files from outside the code under test.
import fs from 'node:fs/promises'
import path from 'node:path'

/** The files under `dir` this process holds open: from /proc/self/fd on Linux; undefined where that is not known. */
export async function openFilesUnder (dir: string): Promise<string[] | undefined> {
  const real = await fs.realpath(dir)
  let fds: string[]
  try { fds = await fs.readdir('/proc/self/fd') } catch { return undefined }
  const open: string[] = []
  for (const fd of fds) {
    const target = await fs.readlink(`/proc/self/fd/${fd}`).catch(() => '')
    if (target.startsWith(real + path.sep)) open.push(path.relative(real, target))
  }
  return open
}
