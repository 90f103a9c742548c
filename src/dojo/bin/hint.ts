// `npm run hint [-- 03] [--again | --level N | --forget]`: the next hint of a kata, one level at a time.
import path from 'node:path'
import { ROOT } from '../../runner/katas.ts'
import { parseCommand, UsageError, pickKata, runMain } from '../cli.ts'
import { formatHint } from '../format.ts'
import { forgetHints, takeHint } from '../hints.ts'
import { lessonFile, readLesson } from '../lesson.ts'

const USAGE = `usage: npm run hint -- [kata] [--again | --level N | --forget]
  kata       03, katas/03 or 03-slug (none: the kata you are on)
  --again    show the last hint you saw again instead of the next one
  --level N  show hint N
  --forget   start this kata's hints from the first one again`

async function main (): Promise<number> {
  const { values, positionals } = parseCommand({ again: { type: 'boolean' }, level: { type: 'string' }, forget: { type: 'boolean' } } as const)
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const kata = pickKata(positionals)
  if (values.forget) {
    forgetHints(kata)
    console.log(`Kata ${kata.number}: hints start from the first one again.`)
    return 0
  }
  let want: 'next' | 'again' | number = values.again ? 'again' : 'next'
  const total = readLesson(kata).hints.length
  if (values.level !== undefined && total > 0) {
    // The range comes from the kata's hints.md: katas have different numbers of hints.
    const range = total === 1 ? 'is 1 (kata ' + kata.number + ' has one hint)' : `go from 1 to ${total} (kata ${kata.number} has ${total} hints)`
    if (!/^\d+$/.test(values.level.trim()) || Number(values.level) < 1 || Number(values.level) > total) throw new UsageError(`--level ${values.level}: hint levels ${range}.`)
    want = Number(values.level)
  }
  const shown = takeHint(kata, want)
  if (!shown) {
    console.log(`Kata ${kata.number} ${kata.title} has no hints yet: read its lesson, ${path.relative(ROOT, lessonFile(kata))}.`)
    return 1
  }
  console.log(`Kata ${kata.number} · ${kata.title}\n`)
  console.log(formatHint(kata.number, shown.hint, shown.total))
  return 0
}

await runMain(main, USAGE)
