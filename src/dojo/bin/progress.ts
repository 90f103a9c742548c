// `npm run progress [-- --json[=FILE]] [--fresh]`: a board of every kata (green, red, not started) and the bar.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { listKatas } from '../../runner/katas.ts'
import { currentKata, greenCount, readBoard } from '../board.ts'
import { UsageError, parseCommand, runMain } from '../cli.ts'
import { formatBoard } from '../format.ts'
import { readLesson } from '../lesson.ts'
import { loadState } from '../../runner/state.ts'

const USAGE = `usage: npm run progress [-- --json[=FILE]] [--fresh]
  --json       one JSON object on stdout, for machines. npm prints its "> kappa-katas@… progress" banner on
               stdout first: for stdout that parses, run npm run -s progress -- --json (or npm run progress --json)
  --json=FILE  the JSON object written to FILE instead (whatever npm prints)
  --fresh      run every suite again instead of trusting unchanged files and the last results`

/**
 * npm's banner went to stdout ahead of us: npm runs scripts with it unless silenced (-s, --loglevel silent)
 * or in its own JSON mode (`npm run progress --json`, which sends it to stderr).
 */
function npmBannerOnStdout (env = process.env): boolean {
  return env.npm_lifecycle_event === 'progress' && env.npm_config_loglevel !== 'silent' && env.npm_config_json !== 'true'
}

async function main (): Promise<number> {
  const { values } = parseCommand({ json: { type: 'boolean', value: 'optional' }, fresh: { type: 'boolean' } }, { positionals: false })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  // `npm run progress --json` (no "--"): npm keeps the flag, moves its banner to stderr and tells us.
  if (values.json === undefined && process.env.npm_lifecycle_event === 'progress' && process.env.npm_config_json === 'true') values.json = true
  const katas = listKatas()
  const tty = process.stderr.isTTY && !values.json
  const rows = await readBoard(katas, {
    fresh: values.fresh ?? false,
    onRow: (row) => { if (tty && row.source === 'run') process.stderr.write(`  checked ${row.kata.number} ${row.kata.title}\n`) }
  })
  const state = loadState()
  const current = rows.length ? currentKata(rows) : undefined
  if (values.json) {
    const json = JSON.stringify({
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
    }, null, 2)
    if (typeof values.json === 'string') {
      try {
        writeFileSync(path.resolve(values.json), json + '\n')
      } catch (err) {
        throw new UsageError(`cannot write ${values.json}: ${(err as Error).message}`)
      }
      console.error(`progress: written to ${values.json}`)
      return 0
    }
    console.log(json)
    if (npmBannerOnStdout()) console.error('(npm printed its banner on stdout above the JSON: for stdout that parses, run npm run -s progress -- --json, or write a file with --json=FILE)')
    return 0
  }
  console.log(formatBoard(rows, process.stdout.isTTY === true && !process.env.NO_COLOR))
  return 0
}

await runMain(main, USAGE)
