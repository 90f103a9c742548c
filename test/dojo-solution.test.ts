// `npm run solution`: the reference against the learner's file, as a diff, side by side, or in full.
import test from 'brittle'
import { KATA_01, sandbox } from './dojo-sandbox.ts'

test('solution shows a diff of your file against the reference, side by side, or in full', { timeout: 120000 }, (t) => {
  const box = sandbox([KATA_01])
  t.teardown(() => box.remove())

  const diff = box.run('solution', ['01'])
  t.is(diff.code, 0, `exits 0${diff.code === 0 ? '' : `: ${diff.out}`}`)
  t.ok(diff.out.includes(`--- katas/${KATA_01}/log.ts (yours)`), 'your file is the "-" side')
  t.ok(diff.out.includes(`+++ src/solutions/${KATA_01}/log.ts (reference)`), 'the reference is the "+" side')
  t.ok(/^- +throw new Error\('openLog\(\) is not implemented yet/m.test(diff.out), 'your stub line, marked -')
  t.ok(/^\+ +const log = new Hypercore\(dir, \{ valueEncoding: 'json' \}\)/m.test(diff.out), 'the reference line, marked +')
  t.ok(diff.out.includes('still the stubs as shipped'), 'says you have not started')

  const side = box.run('solution', ['01', '--side'], { env: { COLUMNS: '120' } })
  const row = side.out.split('\n').find((line) => line.includes('const log = new Hypercore'))
  t.ok(row && / \| {3}const log = new Hypercore/.test(row), `a changed line pairs yours | the reference: ${row}`)
  t.ok(side.out.split('\n').every((line) => line.length <= 120), 'fits the width')

  const full = box.run('solution', ['01', '--full'])
  t.ok(full.out.includes(box.read(`src/solutions/${KATA_01}/log.ts`).trim()), '--full prints the reference file')

  box.solve(KATA_01)
  t.ok(box.run('solution', ['01']).out.includes('(identical)'), 'a solved kata: identical')
})
