// The forks this peer proved, kept in its storage (chat.forks, a JSON line each): a peer that restarts hides a
// forked member at once, as it did before, though no peer that could tell it again is around (hypercore 11 does
// not find a conflict again in a core it froze). Each is checked again when read: the file is trusted no more
// than a peer.
import fs from 'node:fs'
import { z } from 'zod'
import { MAX_MESSAGE, proofMessage, proofOf, message } from './fork-wire.ts'
import type { ForkProof } from './signed-heads.ts'

/** More lines than this are not read: one per forked member at most, and members are capped. */
const MAX_LINES = 4096
const line = z.object({ at: z.number().int().min(0).max(8.64e15), fork: message })

export interface Recorded {
  proof: ForkProof
  /** When this peer first found out (ms since the epoch). */
  at: number
}

export class ForkRecord {
  constructor (private readonly file: string) {}

  /** The forks kept (unchecked); a line that is not one is skipped. */
  read (): Recorded[] {
    let text: string
    try {
      text = fs.readFileSync(this.file, 'utf8')
    } catch {
      return []
    }
    const found: Recorded[] = []
    for (const json of text.split('\n').slice(0, MAX_LINES)) {
      if (!json || json.length > MAX_MESSAGE) continue
      try {
        const { at, fork } = line.parse(JSON.parse(json))
        if (fork.t === 'fork') found.push({ proof: proofOf(fork), at })
      } catch {}
    }
    return found
  }

  /** Keeps one more (a full disk only loses the record: the fork is marked in memory all the same). */
  add ({ proof, at }: Recorded): void {
    try {
      fs.appendFileSync(this.file, JSON.stringify({ at, fork: proofMessage(proof) }) + '\n')
    } catch {}
  }
}
