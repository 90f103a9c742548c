// Run records: every run of the learner's code (npm test, watch mode, progress) is remembered in the
// state file, so that a kata whose files did not change since keeps its result without running again.
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import type { Kata } from './katas.ts'
import type { KataResult } from './run-suite.ts'
import { stubsUntouched } from './shipped.ts'
import { updateState, type KataStatus, type SavedResult } from './state.ts'

/** A digest of the kata's code (stubs and suite); a different digest means the last result is stale. */
export function fingerprint (kata: Kata): string {
  const hash = createHash('sha1')
  for (const file of readdirSync(kata.dir).filter((f) => f.endsWith('.ts')).sort()) {
    hash.update(file).update('\0').update(readFileSync(path.join(kata.dir, file))).update('\0')
  }
  return hash.digest('hex')
}

/** Green, red or not started (stubs as shipped, or, when the record cannot tell, every test stopped at a stub). */
export function statusOf (result: KataResult, untouched = stubsUntouched(result.kata)): KataStatus {
  if (result.status === 'green') return 'green'
  if (untouched === true) return 'not-started'
  const stubOnly = result.status === 'red' && !result.stopped && result.tests.length > 0 &&
    result.tests.every((t) => !t.ok && t.failure?.kind === 'not-implemented')
  return stubOnly ? 'not-started' : 'red'
}

/** What the state file keeps about a run. */
export function toSaved (result: KataResult, status = statusOf(result)): SavedResult {
  const first = result.tests.find((t) => !t.ok)
  return {
    status,
    passed: result.tests.filter((t) => t.ok).length,
    total: result.tests.length,
    fingerprint: fingerprint(result.kata),
    ...(result.stopped ? { stopped: true } : {}),
    ...(result.status === 'crashed' ? { failing: 'the suite crashed' } : first ? { failing: first.name } : {}),
    at: new Date().toISOString()
  }
}

/** Records a run of the learner's code in the state file and returns what was saved. */
export function recordRun (result: KataResult): SavedResult {
  const saved = toSaved(result)
  updateState((state) => { state.results[result.kata.name] = saved })
  return saved
}
