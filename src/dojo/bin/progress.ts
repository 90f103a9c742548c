// `npm run progress [-- --json] [--fresh]`: a board of every kata (green, red, not started) and the bar.
import { listKatas } from '../../runner/katas.ts'
import { currentKata, greenCount, readBoard } from '../board.ts'
import { parseCommand, runMain } from '../cli.ts'
import { formatBoard } from '../format.ts'
import { readLesson } from '../lesson.ts'
import { loadState } from '../../runner/state.ts'

const USAGE = `usage: npm run progress [-- --json] [--fresh]
  --json   one JSON object on stdout, for machines
  --fresh  run every suite again instead of trusting unchanged files and the last results`

async function main (): Promise<number> {
  const { values } = parseCommand({ json: { type: 'boolean' }, fresh: { type: 'boolean' } }, { positionals: false })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const katas = listKatas()
  const tty = process.stderr.isTTY && !values.json
  const rows = await readBoard(katas, {
    fresh: values.fresh ?? false,
    onRow: (row) => { if (tty && row.source === 'run') process.stderr.write(`  checked ${row.kata.number} ${row.kata.title}\n`) }
  })
  const state = loadState()
  const current = rows.length ? currentKata(rows) : undefined
  if (values.json) {
    console.log(JSON.stringify({
      green: greenCount(rows),
      total: rows.length,
      current: current && current.status !== 'green' ? current.kata.number : null,
      katas: rows.map((row) => ({
        number: row.kata.number,
        name: row.kata.name,
        title: row.kata.title,
        status: row.status,
        passed: row.passed,
        total: row.total,
        failing: row.failing ?? null,
        hintLevel: state.hints[row.kata.name] ?? 0,
        hints: readLesson(row.kata).hints.length
      }))
    }, null, 2))
    return 0
  }
  console.log(formatBoard(rows, process.stdout.isTTY === true && !process.env.NO_COLOR))
  return 0
}

await runMain(main, USAGE)
