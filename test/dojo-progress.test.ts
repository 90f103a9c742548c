// `npm run progress`: the board matches what the suites say, in text and --json.
import test from 'brittle'
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { KATA_01, KATA_02, sandbox, type Sandbox } from './dojo-sandbox.ts'

interface Json { green: number, total: number, current: string | null, katas: Array<{ number: string, status: string, passed: number, total: number, failing: string | null, hintLevel: number }> }

function progress (box: Sandbox, ...args: string[]): Json {
  const result = box.run('progress', ['--json', ...args])
  return JSON.parse(result.stdout)
}

/** What `npm test -- <kata>` says, run in the sandbox. */
function runnerSays (box: Sandbox, kata: string): number | null {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(box.root, 'src/dojo/bin/test.ts'), kata], { cwd: box.root, encoding: 'utf8' }).status
}

test('progress reports not started, green and red as the suites do', { timeout: 120000 }, (t) => {
  const box = sandbox()
  t.teardown(() => box.remove())

  const fresh = progress(box)
  t.alike(fresh.katas.map((k) => [k.number, k.status]), [['01', 'not-started'], ['02', 'not-started']], 'a fresh clone: nothing started')
  t.is(fresh.green, 0)
  t.is(fresh.current, '01')

  box.solve(KATA_01)
  const one = progress(box)
  t.alike(one.katas.map((k) => k.status), ['green', 'not-started'])
  t.is(one.katas[0].passed, one.katas[0].total, 'every test of 01 passes')
  t.is(runnerSays(box, '01'), 0, 'and npm test -- 01 agrees: green')
  t.is(one.current, '02')

  // Kata 02: the first task solved, the rest still stubs: red, with the first failing test named.
  const solution = box.read(`src/solutions/${KATA_02}/read.ts`)
  const stub = box.read(`katas/${KATA_02}/read.ts`)
  const readRange = (text: string): string => {
    const start = text.indexOf('export async function readRange')
    return text.slice(start, text.indexOf('\nexport ', start + 1))
  }
  box.write(`katas/${KATA_02}/read.ts`, stub.replace(readRange(stub), readRange(solution)))
  const two = progress(box)
  t.is(two.katas[1].status, 'red', 'started: red')
  t.ok(two.katas[1].passed > 0 && two.katas[1].passed < two.katas[1].total, 'some tests pass, not all')
  t.ok(two.katas[1].failing, 'the first failing test is named')
  t.is(runnerSays(box, '02'), 1, 'and npm test -- 02 agrees: red')

  const text = box.run('progress')
  t.is(text.code, 0)
  t.ok(/PASS 01 The append-only log\s+green\s+\d+\/\d+ tests/.test(text.out), text.out)
  t.ok(/FAIL 02 Reading the log\s+red/.test(text.out))
  t.ok(text.out.includes('[#-] 1/2 katas'), 'the overall bar: one cell per kata')
  t.ok(text.out.includes('Next: kata 02'))

  box.run('hint', ['02'])
  t.is(progress(box).katas[1].hintLevel, 1, 'hint levels show up in --json')
})

test('a result is reused only while the kata\'s files are unchanged', { timeout: 120000 }, (t) => {
  const box = sandbox([KATA_01])
  t.teardown(() => box.remove())
  box.solve(KATA_01)
  t.is(progress(box).katas[0].status, 'green')
  // Break it: the cached green must not survive the change.
  box.write(`katas/${KATA_01}/log.ts`, box.read(`katas/${KATA_01}/log.ts`).replace("valueEncoding: 'json'", "valueEncoding: 'utf-8'"))
  t.is(progress(box).katas[0].status, 'red', 'the edit is noticed and the suite run again')
  t.is(progress(box, '--fresh').katas[0].status, 'red', '--fresh agrees')
})

test('npm test records its results; a committed green kata stays green, and is not run again', { timeout: 120000 }, (t) => {
  const box = sandbox([KATA_01])
  t.teardown(() => box.remove())
  const state = (): { results: Record<string, { status: string, at: string }> } => JSON.parse(readFileSync(path.join(box.root, '.kata-state.json'), 'utf8'))

  t.is(runnerSays(box, '01'), 1, 'the stub is red')
  t.is(state().results[KATA_01].status, 'not-started', 'npm test recorded the stub as not started')
  box.solve(KATA_01)
  t.is(runnerSays(box, '01'), 0, 'solved: green')
  const recorded = state().results[KATA_01]
  t.is(recorded.status, 'green', 'npm test recorded the green result')

  // The learner commits, as the fork workflow asks: HEAD now equals their code.
  execFileSync('git', ['-c', 'user.name=l', '-c', 'user.email=l@x.invalid', 'commit', '-qam', 'kata 01 done'], { cwd: box.root })
  const after = progress(box)
  t.is(after.katas[0].status, 'green', 'still green after the commit (not "not started")')
  t.is(state().results[KATA_01].at, recorded.at, 'progress used the recorded result: the suite did not run again')
  t.is(after.current, null, 'every kata of this sandbox is green')
})
