// What every dojo command shares: picking one kata from what the learner typed, and failing clearly.
import { UsageError, readFlags, type Flags, type ReadOptions } from '../cli/flags.ts'
import { SelectionError, listKatas, selectKatas, type Kata } from '../runner/katas.ts'
import { currentKata, quickRow } from './board.ts'
import { loadState } from '../runner/state.ts'

export { UsageError }

/** Parses a command's flags (plus -h/--help) and kata names; anything wrong is a UsageError (src/cli/flags.ts). */
export function parseCommand<O extends Flags> (options: O, opts: ReadOptions = { positionals: true }) {
  return readFlags(process.argv.slice(2), options, opts)
}

/**
 * The one kata named by `selectors` ("03", "katas/03", "03-replication"); with none, the kata you are on:
 * the one watch mode last showed, or else the first one not green.
 */
export function pickKata (selectors: string[], katas = listKatas()): Kata {
  if (katas.length === 0) throw new UsageError('There are no katas in katas/.')
  if (selectors.length > 1) throw new UsageError(`Name one kata, not ${selectors.length}.`)
  if (selectors.length === 1) {
    try {
      return selectKatas(selectors, katas)[0]
    } catch (err) {
      if (err instanceof SelectionError) throw new UsageError(err.message)
      throw err
    }
  }
  const state = loadState()
  const remembered = katas.find((k) => k.name === state.current)
  if (remembered) return remembered
  return currentKata(katas.map((kata) => quickRow(kata, state)))!.kata
}

/** Runs a command's main, turning a UsageError into its message and exit code 2. */
export async function runMain (main: () => Promise<number> | number, usage: string): Promise<void> {
  try {
    process.exitCode = await main()
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    console.error(`${err.message}\n\n${usage}`)
    process.exitCode = 2
  }
}
