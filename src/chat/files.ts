// The app's storage for a multifeed chat: its files, with a bound on how many are open at once. Each
// hypercore 9 feed keeps about five files open; a chat with a thousand members would need thousands of
// descriptors (a usual `ulimit -n` is 1024). The pool closes the files beyond the bound and reopens them on use.
import RandomAccessFile from 'random-access-file'
import type { RandomAccessStorage } from 'multifeed'

/** At most this many feed files open: leaves most of a 1024 limit to sockets, the DHT and node itself. */
export const MAX_OPEN_FILES = 256

/** One pool for the whole process: the app owns its descriptors, whichever chat it opens (and reopens). */
const pool = RandomAccessFile.createPool(MAX_OPEN_FILES)

/** multifeed's storage function for the chat in `dir`: the same files, in the same layout, as the folder itself. */
export function pooledStorage (dir: string): (name: string) => RandomAccessStorage {
  return (name) => new RandomAccessFile(name, { directory: dir, pool })
}

/** True for "too many open files", the process's (EMFILE) or the system's (ENFILE). */
export function isOutOfFiles (err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code
  return code === 'EMFILE' || code === 'ENFILE'
}

/** What to tell the user when the process ran out of descriptors anyway (sockets, the DHT, other files). */
export function outOfFilesMessage (err: unknown): string {
  return `the chat ran out of open files (${(err as Error).message}). ` +
    `It keeps at most ${MAX_OPEN_FILES} of its feed files open, but the process's limit is used up; ` +
    'raise it (ulimit -n 4096) and start the chat again: its storage is kept'
}
