// Putting a kata back as shipped: its files as the curriculum ships them (or as committed in a given
// commit), written back byte for byte. Only that kata's folder is touched; files you added there are left
// alone, and what is discarded is first copied to a backup folder.
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT, type Kata } from '../runner/katas.ts'
import { CURRICULUM, atRef, hasRef, inGitClone, kataChanges, type KataChanges, type Shipped } from './shipped.ts'
import { updateState } from '../runner/state.ts'

export class ResetError extends Error {}

export interface ResetPlan extends KataChanges {
  kata: Kata
  shipped: Shipped
  /** Files to write back (changed and deleted ones), with their shipped content. */
  restore: Map<string, Buffer>
}

/** What a reset of `kata` would do; throws a ResetError when the shipped files cannot be had. */
export function planReset (kata: Kata, ref?: string): ResetPlan {
  if (!inGitClone()) throw new ResetError('reset needs git: this folder is not a git clone, so the shipped files cannot be read back.')
  if (ref !== undefined && !hasRef(ref)) throw new ResetError(`"${ref}" is not a commit, branch or tag in this repository.`)
  const shipped = ref === undefined ? CURRICULUM : atRef(ref)
  const changes = kataChanges(kata, shipped)
  if (!changes.known) throw new ResetError(`Kata ${kata.number} is not known ${shipped.label}, so there is no shipped version to go back to.`)
  const restore = new Map<string, Buffer>()
  for (const file of [...changes.changed, ...changes.missing].sort()) {
    const content = shipped.content(file)
    if (content === null) {
      throw new ResetError(`The shipped ${file} is not in this clone's git history. Fetch the curriculum's repository (git fetch) and try again, or name a commit that has it: --from <ref>.`)
    }
    restore.set(file, content)
  }
  return { kata, shipped, ...changes, restore }
}

/** Writes the shipped files back; returns the folder holding a copy of what was discarded (if anything). */
export function applyReset (plan: ResetPlan): string | null {
  let backup: string | null = null
  if (plan.changed.length) {
    backup = mkdtempSync(path.join(os.tmpdir(), `kata-reset-${plan.kata.number}-`))
    for (const file of plan.changed) cpSync(path.join(ROOT, file), path.join(backup, file))
  }
  for (const [file, content] of plan.restore) {
    const target = path.join(ROOT, file)
    if (!existsSync(path.dirname(target))) mkdirSync(path.dirname(target), { recursive: true })
    writeFileSync(target, content)
  }
  // The last result described the code that is gone.
  updateState((state) => { delete state.results[plan.kata.name] })
  return backup
}
