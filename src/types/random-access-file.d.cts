// Ambient types for random-access-file 4.1.x (written against node_modules/random-access-file/index.js):
// only what the chat app uses. Its files are random-access-storage 3 files, which hypercore 9 accepts.

declare module 'random-access-file' {
  import type { RandomAccessStorage } from 'multifeed'

  namespace RandomAccessFile {
    /** Keeps at most `maxSize` files open: opening one more suspends (closes) a random open one. */
    interface Pool {
      readonly maxSize: number
    }

    interface Options {
      /** `filename` is taken inside this folder (it cannot climb out of it). */
      directory?: string
      /** Shared with other files: a suspended file is reopened on its next read or write. */
      pool?: Pool
      readable?: boolean
      writable?: boolean
    }
  }

  interface RandomAccessFile extends RandomAccessStorage {
    readonly filename: string
  }

  const RandomAccessFile: {
    new (filename: string, opts?: RandomAccessFile.Options): RandomAccessFile
    createPool (maxSize: number): RandomAccessFile.Pool
  }

  export = RandomAccessFile
}
