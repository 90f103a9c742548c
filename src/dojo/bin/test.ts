// `npm test -- [katas…] [--solution]`: runs kata suites one process each and says where you stand.
import { UsageError, readFlags } from '../../cli/flags.ts'
import { SelectionError, selectKatas } from '../../runner/katas.ts'
import { formatResult, styleFor, summary } from '../../runner/report.ts'
import { reportToGithub } from '../../runner/github-reporter.ts'
import { runSuite } from '../../runner/run-suite.ts'
import { recordRun } from '../../runner/records.ts'
import { missingMessage, missingSolutions } from '../../runner/solutions.ts'
import { roomForRun } from '../../room/hook.ts'
import { PRINT_CAP } from '../../runner/printed.ts'

const USAGE = `usage: npm test -- [kata…] [--all] [--solution] [--hide-output] [--reporter github [--progress FILE]]
  kata        03, katas/03 or katas/03-some-slug (several allowed; none = every kata in order)
  --all       run every test of a red kata (by default a kata stops at its first failure: it is the one shown)
  --solution  run the suites against the reference solutions instead of your code
  --hide-output  leave out what your code prints (console.log, console.error …); by default it is shown
                 under the test that printed it, at most ${PRINT_CAP} lines a test
  --reporter github  also write the GitHub job summary and annotations; exit 1 only when a kata
                     green before (per --progress FILE, which it updates) is red now
  --room <key>       report this laptop's status to a workshop room after every run from now on (--room off leaves)
  --name <nicks>     the pair's name on the room's board`

async function main (argv: string[]): Promise<number> {
  let parsed, room
  try {
    parsed = readFlags(argv, { solution: { type: 'boolean' }, all: { type: 'boolean' }, 'hide-output': { type: 'boolean' }, reporter: { type: 'string' }, progress: { type: 'string' }, room: { type: 'string' }, name: { type: 'string' } }, { positionals: true })
    // A workshop room (npm run room) gets this laptop's status after the runs: a bad key stops here.
    room = parsed.values.help ? null : roomForRun(parsed.values.room, parsed.values.name)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    console.error(`${err.message}\n${USAGE}`)
    return 2
  }
  if (parsed.values.help) {
    console.log(USAGE)
    return 0
  }
  const { reporter = 'default', progress } = parsed.values
  if (!['default', 'github'].includes(reporter) || (progress !== undefined && reporter !== 'github')) {
    console.error(`${reporter === 'default' ? '--progress needs --reporter github' : `unknown reporter "${reporter}": use github`}\n${USAGE}`)
    return 2
  }
  let katas
  try {
    katas = selectKatas(parsed.positionals)
  } catch (err) {
    if (!(err instanceof SelectionError)) throw err
    console.error(err.message)
    return 2
  }
  const style = styleFor(process.stdout)
  const solution = parsed.values.solution ?? false
  // Without the reference solutions the stubs would run in their place: say so instead.
  const missing = solution ? katas.flatMap(missingSolutions) : []
  if (missing.length) {
    console.error(`${missingMessage(missing)}\nTo run your own code, leave out --solution: npm test -- ${katas.map((k) => k.number).join(' ')}`)
    return 2
  }
  if (solution) console.log('Running the reference solutions.\n')
  const results = []
  for (const kata of katas) {
    // CI's report shows every test; a learner's run stops at the first failure, the one it shows.
    const result = await runSuite(kata, { solution, firstFailure: !parsed.values.all && reporter !== 'github' })
    results.push(result)
    // Your results, for npm run progress and npm start (not the reference solution's).
    if (!solution) recordRun(result)
    console.log(formatResult(result, style, { hideOutput: parsed.values['hide-output'] }))
  }
  console.log(`\n${summary(results)}`)
  if (!solution) await room?.report(katas.length === 1 ? katas[0] : undefined)
  if (reporter === 'github') return reportToGithub(results, { solution, progressFile: progress })
  return results.every((r) => r.status === 'green') ? 0 : 1
}

process.exitCode = await main(process.argv.slice(2))
