// Putting a kata back as shipped: its files as committed in git (HEAD unless told otherwise), written
// back byte for byte. Only that kata's folder is touched; files you added there are left alone, and
// what is discarded is first copied to a backup folder.
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT, type Kata } from '../runner/katas.ts'
import { DEFAULT_REF, hasRef, kataChanges, shippedContent, type KataChanges } from './shipped.ts'
import { updateState } from './state.ts'

export class ResetError extends Error {}

export interface ResetPlan extends KataChanges {
  kata: Kata
  ref: string
  /** Files to write back: changed and deleted ones. */
  restore: string[]
}

/** What a reset of `kata` would do; throws a ResetError when git cannot say what was shipped. */
export function planReset (kata: Kata, ref = DEFAULT_REF): ResetPlan {
  if (!hasRef(ref)) {
    throw new ResetError(ref === DEFAULT_REF
      ? 'reset needs git: this folder is not a git clone, so there is no shipped version to go back to.'
      : `"${ref}" is not a commit, branch or tag in this repository.`)
  }
  const changes = kataChanges(kata, ref)
  if (!changes.known) throw new ResetError(`Kata ${kata.number} is not committed in ${ref}, so there is no shipped version to go back to.`)
  return { kata, ref, ...changes, restore: [...changes.changed, ...changes.missing].sort() }
}

/** Writes the shipped files back; returns the folder holding a copy of what was discarded (if anything). */
export function applyReset (plan: ResetPlan): string | null {
  let backup: string | null = null
  const discarded = plan.changed
  if (discarded.length) {
    backup = mkdtempSync(path.join(os.tmpdir(), `kata-reset-${plan.kata.number}-`))
    for (const file of discarded) cpSync(path.join(ROOT, file), path.join(backup, file))
  }
  for (const file of plan.restore) {
    const content = shippedContent(file, plan.ref)
    if (content === null) throw new ResetError(`${file} vanished from ${plan.ref} while resetting.`)
    const target = path.join(ROOT, file)
    if (!existsSync(path.dirname(target))) mkdirSync(path.dirname(target), { recursive: true })
    writeFileSync(target, content)
  }
  // The last result described the code that is gone.
  updateState((state) => { delete state.results[plan.kata.name] })
  return backup
}
