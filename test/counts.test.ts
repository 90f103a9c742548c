// Counts are derived from the katas on disk and their hints.md, never written down: a kata added (or a hint)
// must not leave a bar, a prompt or the README saying an old number.
import test from 'brittle'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { ROOT, listKatas } from '../src/runner/katas.ts'
import { progressBar, type BoardRow } from '../src/dojo/board.ts'
import { formatBoard, formatHint } from '../src/dojo/format.ts'
import { readLesson } from '../src/dojo/lesson.ts'

const katas = listKatas()
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty']

const cells = (bar: string): number => (bar.match(/\[([^\]]*)\]/)?.[1] ?? '').length

test('the progress bar has one cell per kata', (t) => {
  t.ok(katas.length > 0)
  t.is(cells(progressBar(3, katas.length)), katas.length, `${katas.length} katas, ${katas.length} cells`)
  t.is(cells(progressBar(1, 2)), 2, 'two katas, two cells')
  t.ok(progressBar(3, katas.length).endsWith(`3/${katas.length} katas`))
  const rows: BoardRow[] = katas.map((kata, i) => ({ kata, status: i < 2 ? 'green' : 'not-started', passed: 0, total: 0, source: 'cached' }))
  const board = formatBoard(rows, false)
  t.ok(board.includes(`[${'#'.repeat(2)}${'-'.repeat(katas.length - 2)}] 2/${katas.length} katas`), 'the board\'s bar counts the katas on disk')
})

test('a hint says how many hints its kata has, from hints.md', (t) => {
  for (const kata of katas) {
    const { hints } = readLesson(kata)
    if (hints.length === 0) continue
    t.ok(formatHint(kata.number, hints[0], hints.length).includes(`hint 1 of ${hints.length}`), `${kata.number}: 1 of ${hints.length}`)
  }
})

test('the README counts the katas there are', (t) => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const opening = readme.split('\n\n')[1]
  const word = opening.match(/\b([A-Z][a-z]+) katas\b/)?.[1].toLowerCase()
  t.is(word, WORDS[katas.length], `the opening says "${word} katas" for ${katas.length} katas`)
  const rows = readme.match(/^\| \d\d \| \[/gm) ?? []
  t.is(rows.length, katas.length, 'the table of katas has a row for each')
  for (const [phrase, total] of readme.matchAll(/\b\d+ of (\d+) katas\b/g)) t.is(Number(total), katas.length, `"${phrase}"`)
})

test('no command hard-codes a number of katas', (t) => {
  const dirs = ['src/dojo', 'src/dojo/bin', 'src/runner'].map((d) => path.join(ROOT, d))
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      // Code only: a comment's example may show a bar.
      const text = readFileSync(path.join(dir, file), 'utf8').split('\n').filter((line) => !/^\s*(\/\/|\/?\*)/.test(line)).join('\n')
      const found = text.match(/\b(\d+|twelve|fifteen)\s+katas\b|\bwidth = \d+\b/i)
      t.absent(found, `${path.relative(ROOT, path.join(dir, file))}${found ? `: "${found[0]}"` : ''}`)
    }
  }
})
