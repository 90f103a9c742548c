// Which CI a run gets (src/verify/ci-role.ts, the first job of both workflows): learner feedback for any
// learner's copy and pull requests to it, verify for the upstream curriculum. Each case is run through the
// script as the workflow runs it (the Actions environment variables, an event payload), on the real tree
// or on a copy of it.
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT, listKatas } from '../src/runner/katas.ts'
import { stubsUntouched } from '../src/runner/shipped.ts'
import { curriculumAsShipped, decideRole } from '../src/verify/ci-role.ts'

const UPSTREAM = 'kappa-katas/kappa-katas'
const LEARNER = 'alice/kappa-katas'

interface Run { code: number | null, out: string, role: string | null }

/** `node src/verify/ci-role.ts` in `root`, as the workflow's role job runs it. */
function role (root: string, env: { event: string, repository: string, variable?: string, head?: string | null }): Run {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'kata-role-'))
  try {
    const output = path.join(tmp, 'output.txt')
    const eventFile = path.join(tmp, 'event.json')
    writeFileSync(output, '')
    const payload = env.event === 'pull_request'
      ? { pull_request: { head: { repo: env.head === null ? null : { full_name: env.head ?? env.repository } }, base: { repo: { full_name: env.repository } } } }
      : { repository: { full_name: env.repository } }
    writeFileSync(eventFile, JSON.stringify(payload))
    const { KATAS_CI: _, ...rest } = process.env
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/verify/ci-role.ts')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60000,
      env: { ...rest, GITHUB_EVENT_NAME: env.event, GITHUB_REPOSITORY: env.repository, GITHUB_EVENT_PATH: eventFile, GITHUB_OUTPUT: output, KATAS_CI: env.variable ?? '' }
    })
    const role = /^role=(.*)$/m.exec(readFileSync(output, 'utf8'))?.[1] ?? null
    return { code: r.status, out: r.stdout + r.stderr, role }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

/** A throwaway copy of the repository (katas, src, the record), whose files the test can change. */
function copyOfRepo (): { root: string, write: (file: string, content: string) => void, remove: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kata-role-repo-'))
  cpSync(path.join(ROOT, 'src'), path.join(root, 'src'), { recursive: true })
  cpSync(path.join(ROOT, 'katas'), path.join(root, 'katas'), { recursive: true })
  cpSync(path.join(ROOT, 'package.json'), path.join(root, 'package.json'))
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir')
  return {
    root,
    write: (file, content) => writeFileSync(path.join(root, file), content),
    remove: () => rmSync(root, { recursive: true, force: true })
  }
}

/** Kata 01 solved: its stub replaced by the reference solution. */
function solveKata01 (repo: ReturnType<typeof copyOfRepo>): void {
  repo.write('katas/01-append-only-log/log.ts', readFileSync(path.join(ROOT, 'src/solutions/01-append-only-log/log.ts'), 'utf8'))
}

test('the real tree is the curriculum as shipped: every stub as recorded, every solution there', (t) => {
  t.ok(curriculumAsShipped(), 'as shipped (if not: npm run record-shipped)')
  const katas = listKatas()
  t.absent(curriculumAsShipped(katas, (kata) => kata !== katas[0]), 'one kata\'s stubs changed: not as shipped')
  t.absent(curriculumAsShipped(katas, stubsUntouched, path.join(os.tmpdir(), 'no-solutions-here')), 'no src/solutions: not as shipped')
  t.absent(curriculumAsShipped(katas, () => undefined), 'no record: not as shipped')
  t.absent(curriculumAsShipped([], () => true), 'no kata: not as shipped')
})

test('an untouched fork, and a copy that is not a fork (template, import, clone pushed anew): learner feedback', (t) => {
  for (const event of ['push', 'workflow_dispatch']) {
    const run = role(ROOT, { event, repository: LEARNER })
    t.is(run.code, 0, run.out)
    t.is(run.role, 'feedback', `${event}, untouched, no variable: feedback (GitHub's fork flag plays no part)`)
    t.ok(run.out.includes('learner feedback: alice/kappa-katas has no repository variable KATAS_CI'), 'the log says why')
  }
})

test('a fork with one kata green, and pull requests to a copy: learner feedback', (t) => {
  const repo = copyOfRepo()
  t.teardown(repo.remove)
  solveKata01(repo)
  t.is(role(repo.root, { event: 'push', repository: LEARNER }).role, 'feedback', 'a push with kata 01 solved')
  t.is(role(repo.root, { event: 'pull_request', repository: LEARNER }).role, 'feedback', 'a pull request within the copy (a branch to main)')
  const fromPartner = role(repo.root, { event: 'pull_request', repository: LEARNER, head: 'bob/kappa-katas' })
  t.is(fromPartner.role, 'feedback', 'a pull request from another repository to the copy, with a stub changed')
  t.ok(fromPartner.out.includes("a kata's stubs changed"), fromPartner.out)
  t.is(role(ROOT, { event: 'pull_request', repository: LEARNER }).role, 'feedback', 'a pull request within an untouched copy')
})

test('the upstream repository (KATAS_CI=verify): verify on pushes and on its own pull requests', (t) => {
  const push = role(ROOT, { event: 'push', repository: UPSTREAM, variable: 'verify' })
  t.is(push.code, 0, push.out)
  t.is(push.role, 'verify')
  t.ok(push.out.includes('verify (the upstream curriculum): the repository variable KATAS_CI is "verify"'), push.out)
  t.is(role(ROOT, { event: 'pull_request', repository: UPSTREAM, variable: 'verify' }).role, 'verify', 'a pull request from a branch of upstream')
  t.is(role(ROOT, { event: 'push', repository: LEARNER, variable: 'feedback' }).role, 'feedback', 'KATAS_CI=feedback says feedback')
  const wrong = role(ROOT, { event: 'push', repository: UPSTREAM, variable: 'yes' })
  t.is(wrong.code, 2, 'a KATAS_CI that means nothing fails the run')
  t.ok(wrong.out.includes('the repository variable KATAS_CI is "yes": it takes "verify"'), wrong.out)
  t.is(wrong.role, null, 'and sets no role')
})

test('an upstream pull request from a fork (GitHub gives it no variables) that changes a stub and records it: verify', (t) => {
  const repo = copyOfRepo()
  t.teardown(repo.remove)
  const file = 'katas/01-append-only-log/log.ts'
  repo.write(file, readFileSync(path.join(ROOT, file), 'utf8').replace(/\n$/, '\n// a maintainer\'s change to the stub\n'))
  const unrecorded = role(repo.root, { event: 'pull_request', repository: UPSTREAM, head: 'maintainer/kappa-katas' })
  t.is(unrecorded.role, 'feedback', 'a stub changed without npm run record-shipped reads as a learner\'s work')
  const record = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo.root, 'src/dojo/bin/record-shipped.ts')], { cwd: repo.root, encoding: 'utf8', timeout: 60000 })
  t.is(record.status, 0, `npm run record-shipped in the copy\n${record.stdout}${record.stderr}`)
  const recorded = role(repo.root, { event: 'pull_request', repository: UPSTREAM, head: 'maintainer/kappa-katas' })
  t.is(recorded.role, 'verify', 'recorded in the same commit: verify')
  t.ok(recorded.out.includes('a pull request from maintainer/kappa-katas to kappa-katas/kappa-katas that keeps the curriculum as shipped'), recorded.out)
  t.is(role(repo.root, { event: 'pull_request', repository: UPSTREAM, head: null }).role, 'verify', 'from a fork since deleted: judged by content too')
})

test('decideRole: the variable first, then content for pull requests from elsewhere, else feedback', (t) => {
  let looked = 0
  const asShipped = (value: boolean) => () => { looked++; return value }
  t.is(decideRole({ event: 'push', repository: LEARNER, variable: '', curriculumAsShipped: asShipped(true) }).role, 'feedback')
  t.is(looked, 0, 'a push is never judged by content: an untouched copy is a learner\'s')
  t.is(decideRole({ event: 'pull_request', repository: UPSTREAM, headRepository: 'x/y', variable: ' verify ', curriculumAsShipped: asShipped(false) }).role, 'verify', 'the variable wins, spaces ignored')
  t.is(decideRole({ event: 'pull_request', repository: UPSTREAM, headRepository: UPSTREAM, variable: '', curriculumAsShipped: asShipped(true) }).role, 'feedback', 'a pull request within a repository without the variable')
  t.is(decideRole({ event: 'pull_request', repository: UPSTREAM, headRepository: 'x/y', variable: '', curriculumAsShipped: asShipped(true) }).role, 'verify')
  t.is(decideRole({ event: 'pull_request', repository: UPSTREAM, headRepository: 'x/y', variable: '', curriculumAsShipped: asShipped(false) }).role, 'feedback')
})

test('the role job runs the script with Node alone (no npm ci): it imports only Node\'s modules and TypeScript Node can strip', (t) => {
  const seen = new Set<string>()
  const walk = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    const source = readFileSync(file, 'utf8')
    for (const [, spec] of source.matchAll(/^import .*? from '([^']+)'/gm)) {
      if (spec.startsWith('.')) walk(path.resolve(path.dirname(file), spec))
      else t.ok(spec.startsWith('node:'), `${path.relative(ROOT, file)} imports ${spec}: a package would need npm ci`)
    }
    t.absent(/^\s*(export )?(enum|namespace) /m.test(source), `${path.relative(ROOT, file)}: no enum or namespace (Node strips types only)`)
  }
  walk(path.join(ROOT, 'src/verify/ci-role.ts'))
  t.ok(seen.size >= 3, [...seen].map((f) => path.relative(ROOT, f)).join(', '))
  if (!(process.features as { typescript?: string }).typescript) {
    t.comment(`Node ${process.version} does not strip types: the plain-node run is checked on Node 22.18 and later`)
    return
  }
  const r = spawnSync(process.execPath, [path.join(ROOT, 'src/verify/ci-role.ts')], { cwd: ROOT, encoding: 'utf8', timeout: 60000, env: { ...process.env, KATAS_CI: '', GITHUB_OUTPUT: '' } })
  t.is(r.status, 0, `node src/verify/ci-role.ts, no tsx\n${r.stdout}${r.stderr}`)
})
