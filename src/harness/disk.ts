// A disk that is slow to answer, for a test of code that must wait until something it opened is ready.
// Node does its file work (fs, and the storage under hypercore and corestore) on libuv's thread pool: with
// every thread of the pool blocked opening an empty pipe for reading, no file operation of this process
// answers until the pipe gets a writer. Nothing is patched; only timers and sockets go on.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { settled } from './settled.ts'

/**
 * Starts `work()` while the disk does not answer, and lets the disk answer again after `ms` (or as soon as
 * `work` settles, which code that waits for the disk cannot do). `result` is what `work` settles to: code that
 * resolved while the disk stalled resolved before anything it opened could be ready.
 * `dir` is an empty directory for the pipe (a test's k.tmp()).
 */
export async function onSlowDisk<T> (dir: string, work: () => Promise<T>, ms = 1000): Promise<{ result: Promise<T> }> {
  const pipe = path.join(dir, 'slow-disk')
  execFileSync('mkfifo', [pipe])
  const threads = Math.max(1, Math.min(1024, Number(process.env.UV_THREADPOOL_SIZE) || 4))
  // Queued before `work` starts, so whatever file work it asks for waits behind them.
  const blockers = Array.from({ length: threads }, () => fs.promises.open(pipe, 'r'))
  const result = Promise.resolve().then(work)
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    result.then(() => {}, () => {}),
    new Promise<void>((resolve) => { timer = setTimeout(resolve, ms) })
  ])
  clearTimeout(timer)
  // A writer releases every blocked open; it stays open until the queued ones got through too.
  const writer = fs.openSync(pipe, 'w')
  try {
    for (const handle of await Promise.all(blockers)) await handle.close()
  } finally {
    fs.closeSync(writer)
  }
  return { result }
}

interface Connection { destroying?: boolean, destroyed?: boolean }

/**
 * Calls `close()` while the disk does not answer, and tells whether every one of `connections` ended within
 * `ms` all the same: letting go of the network needs no disk. `closed` settles once close() does (the disk
 * answers again after `ms`).
 */
export async function connectionsEndOnSlowDisk (dir: string, connections: Connection[], close: () => Promise<unknown>, ms: number): Promise<{ ended: boolean, closed: Promise<true | Error> }> {
  let closed: Promise<true | Error> = Promise.resolve(true)
  const ended = (): boolean => connections.every((c) => c.destroying || c.destroyed)
  const { result } = await onSlowDisk(dir, async () => {
    closed = settled(close())
    for (const started = Date.now(); !ended() && Date.now() - started < ms;) await new Promise((resolve) => setTimeout(resolve, 20))
    return ended()
  }, ms + 1000)
  return { ended: await result, closed }
}
