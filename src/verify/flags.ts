// Flags of the maintainers' commands (verify, bench, mutate), read by the helper every command shares
// (src/cli/flags.ts): -h/--help prints the usage; an unknown flag or a count that is not a whole number ≥ 1
// (≥ 0 for the counts where 0 means "skip it") ends the process with what is wrong and the usage (exit 2).
import { commandLine, type Flags, type Values } from '../cli/flags.ts'

export function parseFlags<O extends Flags> (options: O, usage: string, counts: Array<keyof O & string>, countsOrZero: Array<keyof O & string> = []): Values<O> {
  return commandLine(options, usage, { counts, countsOrZero }).values
}

/** The same, with positional arguments (kata names) allowed. */
export function parseCommandLine<O extends Flags> (options: O, usage: string, counts: Array<keyof O & string>, allowPositionals = true, countsOrZero: Array<keyof O & string> = []): { values: Values<O>, positionals: string[] } {
  return commandLine(options, usage, { counts, countsOrZero, positionals: allowPositionals })
}
