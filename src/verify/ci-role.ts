// Which CI a run gets (.github/workflows/ci-role.yml runs this first): FEEDBACK for a learner's copy of
// the curriculum (a GitHub fork, a template copy, an import, a clone pushed to a new repository, and pull
// requests to any of them): every kata, reported by `npm test -- --reporter github`; VERIFY for the
// upstream curriculum: `npm run verify` on every OS and Node version.
//
// GitHub says nothing that tells a copy from the original (`repository.fork` is false for a template copy
// or an import), so:
//  1. The repository variable KATAS_CI (`verify` or `feedback`) decides when it is set. The upstream
//     repository sets KATAS_CI=verify once; a copy never has it (variables are not copied), so a learner
//     has nothing to set and nothing to get wrong.
//  2. GitHub gives no variables to a pull request from another repository. Such a pull request is judged by
//     its content: the curriculum as shipped (every kata's stubs byte for byte as src/dojo/shipped.json
//     records them, and a reference solution for every kata) is a change to the curriculum, verified (a
//     maintainer's change to a stub runs `npm run record-shipped` in the same commit); anything else is a
//     learner's work, given feedback.
//  3. Otherwise: feedback.
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { SOLUTIONS_DIR, listKatas, type Kata } from '../runner/katas.ts'
import { stubsUntouched } from '../runner/shipped.ts'

export type CiRole = 'feedback' | 'verify'

export interface RoleInput {
  /** GITHUB_EVENT_NAME: push, pull_request, workflow_dispatch… */
  event: string
  /** GITHUB_REPOSITORY: the repository the run belongs to (a pull request's base). */
  repository: string
  /** A pull request's head repository, owner/name (null: it was deleted); absent for other events. */
  headRepository?: string | null
  /** The repository variable KATAS_CI, '' when unset or not given to the run. */
  variable: string
  /** Every kata's stubs are as shipped and every kata has its reference solution. */
  curriculumAsShipped: () => boolean
}

export interface RoleDecision {
  role: CiRole
  /** One line: why, for the run's log. */
  reason: string
}

export class RoleError extends Error {}

export function decideRole (input: RoleInput): RoleDecision {
  const variable = input.variable.trim()
  if (variable === 'verify' || variable === 'feedback') {
    return { role: variable, reason: `the repository variable KATAS_CI is "${variable}"` }
  }
  if (variable !== '') throw new RoleError(`the repository variable KATAS_CI is "${variable}": it takes "verify" (the upstream curriculum) or "feedback" (a learner's copy), or is left unset`)
  if (input.event === 'pull_request' && input.headRepository !== input.repository) {
    const from = input.headRepository ?? 'a deleted repository'
    return input.curriculumAsShipped()
      ? { role: 'verify', reason: `a pull request from ${from} to ${input.repository} that keeps the curriculum as shipped (stubs as src/dojo/shipped.json records them, every solution there): a change to the curriculum` }
      : { role: 'feedback', reason: `a pull request from ${from} to ${input.repository} with a kata's stubs changed (or a solution missing): a learner's work` }
  }
  return { role: 'feedback', reason: `${input.repository || 'this repository'} has no repository variable KATAS_CI: a learner's copy (the upstream repository sets KATAS_CI=verify)` }
}

/** Every kata's stubs are as shipped, and src/solutions has a folder for every kata. */
export function curriculumAsShipped (katas: Kata[] = listKatas(), untouched: (kata: Kata) => boolean | undefined = stubsUntouched, solutions = SOLUTIONS_DIR): boolean {
  return katas.length > 0 && katas.every((kata) => untouched(kata) === true && existsSync(path.join(solutions, kata.name)))
}

/** The pull request's head repository from the event payload (GITHUB_EVENT_PATH); undefined for other events. */
export function headRepositoryOf (eventFile: string | undefined): string | null | undefined {
  if (!eventFile || !existsSync(eventFile)) return undefined
  const payload = JSON.parse(readFileSync(eventFile, 'utf8')) as { pull_request?: { head?: { repo?: { full_name?: string } | null } } }
  if (!payload.pull_request) return undefined
  return payload.pull_request.head?.repo?.full_name ?? null
}

/** Reads the run from the Actions environment, prints the decision and sets the step output `role`. */
export function main (env: NodeJS.ProcessEnv = process.env): number {
  let decision: RoleDecision
  try {
    decision = decideRole({
      event: env.GITHUB_EVENT_NAME ?? '',
      repository: env.GITHUB_REPOSITORY ?? '',
      headRepository: headRepositoryOf(env.GITHUB_EVENT_PATH),
      variable: env.KATAS_CI ?? '',
      curriculumAsShipped: () => curriculumAsShipped()
    })
  } catch (err) {
    if (!(err instanceof RoleError)) throw err
    console.error(`ci-role: ${err.message}`)
    return 2
  }
  console.log(`${decision.role === 'verify' ? 'verify (the upstream curriculum)' : 'learner feedback'}: ${decision.reason}`)
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `role=${decision.role}\n`)
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main()
}
