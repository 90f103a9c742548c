// Text the dojo shows in several places: the board, a hint, a pair's handover line.
import path from 'node:path'
import { ROOT } from '../runner/katas.ts'
import { styleFor } from '../runner/report.ts'
import { currentKata, greenCount, progressBar, type BoardRow } from './board.ts'
import type { Hint } from './lesson.ts'

/** The board as text: one line per kata, then the bar and what to do next. */
export function formatBoard (rows: BoardRow[], fancy: boolean, withNext = true): string {
  const style = styleFor(fancy ? process.stdout : { isTTY: false } as NodeJS.WriteStream)
  const width = Math.max(0, ...rows.map((row) => row.kata.title.length))
  const lines = rows.map((row) => {
    const mark = row.status === 'green' ? style.paint(32, style.pass) : row.status === 'red' ? style.paint(31, style.fail) : fancy ? '·' : '----'
    if (row.source === 'unknown') return `  ${fancy ? '?' : '????'} ${row.kata.number} ${row.kata.title.padEnd(width)}  changed      not run since your last change`
    const label = row.status === 'not-started' ? 'not started' : row.status
    const count = row.stopped ? `${row.passed} passed` : `${row.passed}/${row.total} tests`
    const detail = row.status === 'not-started' ? '' : `${count}${row.failing && row.status === 'red' ? ` · failing: ${row.failing}` : ''}`
    return `  ${mark} ${row.kata.number} ${row.kata.title.padEnd(width)}  ${label.padEnd(11)}  ${detail}`.trimEnd()
  })
  const current = currentKata(rows)
  const next = !current ? 'There are no katas yet.'
    : current.status === 'green' ? 'Every kata is green. Well done!'
      : `Next: kata ${current.kata.number} ${current.kata.title} (${path.relative(ROOT, current.kata.dir)}): npm start`
  return [...lines, '', progressBar(greenCount(rows), rows.length, fancy), ...(withNext ? [next] : [])].join('\n')
}

/** One hint, with its level out of how many there are and what to do after the last one. */
export function formatHint (kataNumber: string, hint: Hint, total: number): string {
  const after = hint.level < total
    ? `(hint ${hint.level} of ${total}; the next one: npm run hint -- ${kataNumber})`
    : `(that was the last hint, ${hint.level} of ${total}; the reference solution: npm run solution -- ${kataNumber})`
  return [`Hint ${hint.level}/${total} · ${hint.title}`, '', hint.body, '', after].join('\n')
}
