// The learner's red loop, measured: how soon the first failure of a wrong kata is known, for every
// mistake of the learner-mistake library and for stubs that hang; and how soon a suite that leaves
// something running is stopped with the leftover named.
import path from 'node:path'
import { ROOT, listKatas } from '../runner/katas.ts'
import { runFile } from '../runner/run-suite.ts'
import { loadMistakes, specOf } from '../mistakes/mistake.ts'

export interface RedTiming {
  kata: string
  /** The mistake's name; "hung" for stubs whose every function never settles, "busy" for stubs that spin for ever. */
  mistake: string
  /** From starting the suite's process to its first failure being known (the process is stopped then). */
  ms: number
  status: string
  first: string
}

/** The first `mistakes` mistakes of every kata (all, by default), and each kata's hung and busy stubs, run as a learner's run is: to the first failure. */
export async function timeFirstFailures (onTiming: (timing: RedTiming) => void, katas = listKatas(), mistakes = Infinity): Promise<RedTiming[]> {
  const timings: RedTiming[] = []
  for (const kata of katas) {
    const cases = [
      ...(await loadMistakes(kata)).slice(0, mistakes).map((mistake) => ({ name: mistake.name, opts: { mistake: specOf(kata, mistake) } })),
      { name: 'hung', opts: { hung: true } },
      { name: 'busy', opts: { busy: true } }
    ]
    for (const { name, opts } of cases) {
      const run = await runFile(kata.suite, { ...opts, firstFailure: true })
      const failed = run.tests.find((t) => !t.ok)
      const timing = { kata: kata.number, mistake: name, ms: run.ms, status: run.status, first: failed?.failure?.message ?? '' }
      timings.push(timing)
      onTiming(timing)
    }
  }
  return timings
}

/** From a suite's last test to its leftover being named and the process stopped (a timer left running). */
export async function timeLeftoverNamed (runs: number): Promise<number[]> {
  const lags: number[] = []
  for (let i = 0; i < runs; i++) {
    const run = await runFile(path.join(ROOT, 'test', 'fixtures', 'katas', 'leaves-a-timer.ts'))
    if (!run.openHandles) throw new Error('the leftover fixture was not reported as leaving a timer')
    lags.push(run.exitLagMs ?? NaN)
  }
  return lags
}
