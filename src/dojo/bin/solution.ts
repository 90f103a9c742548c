// `npm run solution -- 03 [--side | --full]`: the reference solution against your file.
import { readFileSync } from 'node:fs'
import { styleFor } from '../../runner/report.ts'
import { parseCommand, pickKata, runMain } from '../cli.ts'
import { rel, stubsUntouched } from '../shipped.ts'
import { sideBySideView, solutionPairs, unifiedView } from '../solution.ts'

const USAGE = `usage: npm run solution -- [kata] [--side | --full]
  kata    03, katas/03 or 03-slug (none: the kata you are on)
  (none)  a diff: "-" lines are yours, "+" lines the reference solution's
  --side  your file and the reference side by side (set the width with COLUMNS)
  --full  just the reference solution`

async function main (): Promise<number> {
  const { values, positionals } = parseCommand({ side: { type: 'boolean' }, full: { type: 'boolean' } } as const)
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const kata = pickKata(positionals)
  const paint = styleFor(process.stdout).paint
  const width = process.stdout.columns || Number(process.env.COLUMNS) || 160
  console.log(`Kata ${kata.number} · ${kata.title}: the reference solution${values.full ? '' : ' against your code'}`)
  if (stubsUntouched(kata) === true && !values.full) console.log('(your files are still the stubs as shipped)')
  let missing = 0
  for (const pair of solutionPairs(kata)) {
    console.log('')
    if (!pair.reference) {
      console.log(`${rel(pair.mine)}: there is no reference solution for this file.`)
      missing++
      continue
    }
    const withReference = { mine: pair.mine, reference: pair.reference }
    if (values.full) console.log(`// ${rel(pair.reference)}\n${readFileSync(pair.reference, 'utf8').trimEnd()}`)
    else console.log((values.side ? sideBySideView(withReference, width, paint) : unifiedView(withReference, paint)).join('\n'))
  }
  return missing ? 1 : 0
}

await runMain(main, USAGE)
