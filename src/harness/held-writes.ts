// A storage whose writes a test can hold back, for a test of code that must wait for a write under way
// (a close that must not end while an entry is still being written). The files are real files under a
// folder, in the layout multifeed gives a folder (random-access-file, as hypercore 9 takes them): a folder
// the test can open again afterwards. Nothing is faked: a held write is written, only later.
import RandomAccessFile from 'random-access-file'
import type { RandomAccessStorage } from 'multifeed'
import { settlesWithin, type Held } from './held-announce.ts'

export interface HeldWrites {
  /** A storage function (a file per name under the folder): give it to the code under test. */
  storage: (name: string) => RandomAccessStorage
  /** Holds every write from now on; resolves with the name of the first file written to: something is being written. */
  hold: () => Promise<string>
  /** Runs `work` while the writes are still held, and lets them through once it settles or `ms` pass. */
  releaseAfter: <T>(work: () => Promise<T>, ms?: number) => Promise<Held<T>>
}

/** A storage in `dir` whose writes can be held back (`dir`: an empty folder, a test's k.tmp()). */
export function heldWrites (dir: string): HeldWrites {
  let held: Promise<void> | null = null
  let release = (): void => {}
  let first = (_name: string): void => {}
  const storage = (name: string): RandomAccessStorage => {
    const file = new RandomAccessFile(name, { directory: dir })
    const write = file.write.bind(file)
    file.write = (offset, data, cb) => {
      if (!held) return write(offset, data, cb)
      first(name)
      void held.then(() => write(offset, data, cb))
    }
    return file
  }
  const hold = (): Promise<string> => {
    held ??= new Promise<void>((resolve) => { release = resolve })
    return new Promise<string>((resolve) => { first = resolve })
  }
  const releaseAfter = async <T>(work: () => Promise<T>, ms = 2000): Promise<Held<T>> => {
    try {
      return await settlesWithin(work, ms)
    } finally {
      held = null
      release()
    }
  }
  return { storage, hold, releaseAfter }
}
