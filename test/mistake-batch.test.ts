// Several learner mistakes in one process (src/runner/run-mistakes.ts, mistake-batch.ts): each is judged
// on the same first failure as in a process of its own; a mistake that leaves anything open ends the
// process after it; one whose suite cannot end there (here: it cannot even load) is left to run alone.
import test from 'brittle'
import { listKatas, selectKatas } from '../src/runner/katas.ts'
import { runFile, type MistakeSpec, type SuiteRun } from '../src/runner/run-suite.ts'
import { runMistakes } from '../src/runner/run-mistakes.ts'
import { mistakesAreCaught } from '../src/verify/checks.ts'
import { loadMistakes, type Mistake } from '../src/mistakes/mistake.ts'

const [kata] = selectKatas(['01'], listKatas())
const spec = (name: string, edits: Array<[string, string]>): MistakeSpec => ({ kata: kata.name, file: 'log.ts', name, edits })
const first = (run: SuiteRun | undefined): string => {
  const failed = run?.tests.find((t) => !t.ok)
  return failed ? `${failed.name}: ${failed.failure?.message}` : `no failure (${run?.status})`
}

const countNotLength = spec('count-not-length', [['const { length } = await log.append(entries)\n  return length', 'await log.append(entries)\n  return entries.length']])
const keyNotHex = spec('key-not-hex', [["key: log.key!.toString('hex')", "key: log.key!.toString('base64')"]])

test('mistakes sharing a process: each red at the first failure it has in a process of its own', { timeout: 240000 }, async (t) => {
  const batch = await runMistakes(kata.suite, [countNotLength, keyNotHex])
  t.is(batch.runs.length, 2, 'both ran')
  t.absent(batch.brokeOff, 'and ended')
  for (const [i, mistake] of [countNotLength, keyNotHex].entries()) {
    const alone = await runFile(kata.suite, { mistake, firstFailure: true })
    t.is(batch.runs[i].status, 'red', `${mistake.name}: red`)
    t.is(first(batch.runs[i]), first(alone), `${mistake.name}: the same first failure as alone`)
  }
})

test('a mistake that leaves a timer running ends its process; one that cannot load is cut short', { timeout: 240000 }, async (t) => {
  const leaves = spec('leaves-a-timer', [['await log.ready()', 'await log.ready()\n  setInterval(() => {}, 60000)']])
  const left = await runMistakes(kata.suite, [leaves, keyNotHex])
  t.is(left.runs.length, 1, 'the process ended after the mistake that left a timer: the next one ran in none')
  t.absent(left.brokeOff, 'it ended between two mistakes')

  const broken = spec('does-not-parse', [['await log.ready()', 'await log.ready(']])
  const cut = await runMistakes(kata.suite, [keyNotHex, broken, countNotLength])
  t.is(cut.runs.length, 1, 'the mistake before it ran')
  t.ok(cut.brokeOff, 'the one that cannot load began and did not end')
})

test('verify judges every mistake, running alone the ones a shared process could not decide', { timeout: 240000 }, async (t) => {
  const library = await loadMistakes(kata)
  const named = (name: string): Mistake => library.find((m) => m.name === name)!
  const broken: Mistake = { ...named('key-not-hex'), name: 'does-not-parse', edits: [['await log.ready()', 'await log.ready(']] }
  const checks = await mistakesAreCaught(kata, [named('count-not-length'), broken, named('key-not-hex')])
  t.alike(checks.map((c) => c.ok), [true, false, true], 'caught, not caught (it crashes alone too), caught')
  t.ok(/crashed/.test(checks[1].detail), `the broken one is judged by its own process: ${checks[1].detail.split('\n')[0]}`)
  t.ok(checks.every((c) => c.kind === 'mistake' && typeof c.ms === 'number'), 'each with its kind and time')
})

test('a process a mistake\'s suite starts (an app restarted) runs that mistake, as from a lone run', { timeout: 240000 }, async (t) => {
  const suite = new URL('fixtures/katas/restarts.ts', import.meta.url).pathname
  const batch = await runMistakes(suite, [countNotLength, keyNotHex])
  t.is(batch.runs.length, 2, 'both ran')
  for (const [i, mistake] of [countNotLength, keyNotHex].entries()) {
    const passed = batch.runs[i].tests.length === 1 && batch.runs[i].tests[0].ok
    t.ok(passed, `${mistake.name}: the new process ran the mistake's code, not the stub (${first(batch.runs[i])})`)
  }
  const alone = await runFile(suite, { mistake: keyNotHex, firstFailure: true })
  t.is(alone.status, 'green', `alone too (${first(alone)})`)
})

test('what a mistake\'s code prints is the learner\'s, never read as a test, in a shared process as alone', { timeout: 240000 }, async (t) => {
  const prints = spec('prints-tap', [['await log.ready()', "await log.ready()\n  console.log('not ok 1 - a line the learner printed')"]])
  const batch = await runMistakes(kata.suite, [prints])
  const alone = await runFile(kata.suite, { mistake: prints, firstFailure: true })
  t.is(first(alone), 'no failure (green)', 'alone: every test passes (the print is not a failure)')
  t.ok(batch.runs[0]?.tests.length && batch.runs[0].tests.every((test) => test.ok), `shared: every test passes too (${first(batch.runs[0])})`)
})
