// Lessons teach the concept; the learner writes the code: each lesson fits its word budget, and from
// kata 05 on no line of a reference solution's bodies stands in the lesson or the stub to be typed in.
import test from 'brittle'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { listKatas } from '../src/runner/katas.ts'
import { transcribedLines, wordCount, bodyLines } from '../src/verify/transcription.ts'

const BUDGET = 1200
/** Katas 01–04 may name the calls to make; from 05 on the learner finds them. */
const FIRST_WITHOUT_CODE = 5

for (const kata of listKatas()) {
  test(`kata ${kata.name}: the lesson teaches in at most ${BUDGET} words`, (t) => {
    const words = wordCount(readFileSync(path.join(kata.dir, 'README.md'), 'utf8'))
    t.ok(words <= BUDGET, `${words} words in ${kata.name}/README.md (specifics belong in hints and red messages)`)
  })
  if (Number(kata.number) < FIRST_WITHOUT_CODE) continue
  test(`kata ${kata.name}: no line of the reference solution stands in the lesson or the stub`, (t) => {
    const found = transcribedLines(kata)
    t.alike(found.map((f) => `${f.in}: ${f.line}`), [], found.length ? `${found.length} solution lines a learner could type in` : 'none')
  })
}

test('body lines are read however they are indented; signatures and comments are not body lines', (t) => {
  const lines = bodyLines('export async function send (text: string): Promise<number> {\n  // the seq\n    const seq = await this.feed.append(text)\n  return seq\n}\n')
  t.alike(lines, ['const seq = await this.feed.append(text)', 'return seq'])
})
