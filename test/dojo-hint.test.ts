// `npm run hint`: one level at a time, remembered per kata in the state file, the last one close to the answer.
import test from 'brittle'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { listKatas } from '../src/runner/katas.ts'
import { readLesson } from '../src/dojo/lesson.ts'
import { KATA_01, KATA_02, sandbox } from './dojo-sandbox.ts'

test('hint levels advance one at a time, per kata, and are remembered in the state file', { timeout: 120000 }, (t) => {
  const box = sandbox()
  t.teardown(() => box.remove())
  const state = path.join(box.root, '.kata-state.json')

  const first = box.run('hint', ['01'])
  t.is(first.code, 0, `exits 0${first.code === 0 ? '' : `: ${first.out}`}`)
  t.ok(first.out.includes('Hint 1/3 · where to start'), 'the first hint of kata 01')
  t.ok(first.out.includes('npm run hint -- 01'), 'says how to get the next one')
  t.is(JSON.parse(readFileSync(state, 'utf8')).hints[KATA_01], 1, 'level 1 is in the state file')

  t.ok(box.run('hint', ['01']).out.includes('Hint 2/3'), 'then the second')
  const third = box.run('hint', ['katas/01'])
  t.ok(third.out.includes('Hint 3/3 · nearly the answer'), 'then the third, the one close to the answer')
  t.ok(third.out.includes('npm run solution -- 01'), 'the last hint points at the solution')
  t.ok(box.run('hint', ['01']).out.includes('Hint 3/3'), 'it stays on the last one')
  t.ok(box.run('hint', ['01', '--level', '1']).out.includes('Hint 1/3'), '--level shows an earlier one')
  t.ok(box.run('hint', ['01', '--again']).out.includes('Hint 3/3'), '--again: the furthest level is still remembered')

  const other = box.run('hint', ['02'])
  t.ok(other.out.includes('Hint 1/3'), 'another kata starts at its own first hint')
  const saved = JSON.parse(readFileSync(state, 'utf8'))
  t.alike(saved.hints, { [KATA_01]: 3, [KATA_02]: 1 })

  rmSync(state)
  t.ok(box.run('hint', ['01']).out.includes('Hint 1/3'), 'the state file is safe to delete: hints start over')
  t.ok(existsSync(state))
})

test('hint without a kata is for the kata you are on; a wrong kata is a clear error', { timeout: 120000 }, (t) => {
  const box = sandbox()
  t.teardown(() => box.remove())
  const here = box.run('hint')
  t.ok(/Kata 01 ·[\s\S]*Hint 1\/3/.test(here.out), 'the first kata not green')
  const wrong = box.run('hint', ['99'])
  t.is(wrong.code, 2)
  t.ok(wrong.out.includes('No kata matches "99"'), wrong.out)
})

test('hint --level out of range, or not a number, names the valid range and exits 2', { timeout: 120000 }, (t) => {
  const box = sandbox()
  t.teardown(() => box.remove())
  const total = readLesson(listKatas(path.join(box.root, 'katas'))[0]).hints.length
  for (const level of ['9', '0', '-1', 'two', '1.5']) {
    const result = box.run('hint', ['01', `--level=${level}`])
    t.is(result.code, 2, `--level ${level}: exit code 2`)
    t.ok(result.out.includes(`--level ${level}: hint levels go from 1 to ${total} (kata 01 has ${total} hints)`), `--level ${level}: the range, from hints.md (${result.out.split('\n')[0]})`)
  }
  t.absent(existsSync(path.join(box.root, '.kata-state.json')), 'no hint was taken')
  t.ok(box.run('hint', ['01', '--level', String(total)]).out.includes(`Hint ${total}/${total}`), 'the last level is in range')
})

test('the dojo reads at least 3 hints and the "what you learned" line from every lesson', (t) => {
  for (const kata of listKatas()) {
    const lesson = readLesson(kata)
    if (!existsSync(lesson.file)) continue // a kata still being written
    t.ok(lesson.hints.length >= 3, `${kata.name}: ${lesson.hints.length} hints`)
    t.ok(lesson.learned, `${kata.name}: a "What you learned" line`)
  }
})
