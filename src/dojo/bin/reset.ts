// `npm run reset -- 03 [--yes] [--from <ref>]`: puts kata 03 back as shipped (asks first unless --yes).
import { createInterface } from 'node:readline/promises'
import { parseCommand, UsageError, pickKata, runMain } from '../cli.ts'
import { ResetError, applyReset, planReset } from '../reset.ts'

const USAGE = `usage: npm run reset -- <kata> [--yes] [--from <ref>]
  kata          03, katas/03 or 03-slug
  --yes         do not ask before discarding your changes (needed when there is no terminal to ask in)
  --from <ref>  put back the files as committed in this commit, branch or tag instead of as the
                curriculum ships them (your own commits never count as shipped)`

async function main (): Promise<number> {
  const { values, positionals } = parseCommand({ yes: { type: 'boolean', short: 'y' }, from: { type: 'string' } } as const)
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (positionals.length === 0) throw new UsageError('Name the kata to reset, e.g. npm run reset -- 03')
  const kata = pickKata(positionals)
  let plan
  try {
    plan = planReset(kata, values.from)
  } catch (err) {
    if (!(err instanceof ResetError)) throw err
    console.error(err.message)
    return 2
  }
  const from = plan.shipped.label
  if (plan.restore.size === 0) {
    console.log(`Kata ${kata.number} ${kata.title} is already ${from}. Nothing to do.`)
    return 0
  }
  console.log(`Resetting kata ${kata.number} ${kata.title} to its files ${from}:`)
  for (const file of plan.changed) console.log(`  ${file}  (your changes are discarded)`)
  for (const file of plan.missing) console.log(`  ${file}  (deleted: it comes back)`)
  if (plan.extra.length) console.log(`Left alone (not part of the shipped kata): ${plan.extra.join(', ')}`)
  if (!values.yes && plan.changed.length) {
    if (!process.stdin.isTTY) {
      console.error(`\nNot resetting: that discards your changes, and there is no terminal to ask you first.\nTo confirm, run: npm run reset -- ${kata.number} --yes`)
      return 2
    }
    const rl = createInterface({ input: process.stdin, output: process.stdout })
    const answer = await rl.question(`Discard your changes to kata ${kata.number}? [y/N] `)
    rl.close()
    if (!/^y(es)?$/i.test(answer.trim())) {
      console.log('Nothing changed.')
      return 1
    }
  }
  const backup = applyReset(plan)
  console.log(`Kata ${kata.number} is back ${from}.${backup ? ` A copy of what you discarded is in ${backup}` : ''}`)
  return 0
}

await runMain(main, USAGE)
