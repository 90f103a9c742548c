// Flags of the maintainers' commands (verify, bench, mutate): -h/--help prints the usage; an unknown flag
// or a count that is not a whole number ≥ 1 (≥ 0 for the counts where 0 means "skip it") ends the process
// with what is wrong and the usage (exit code 2).
import { parseArgs, type ParseArgsConfig } from 'node:util'

const HELP = { help: { type: 'boolean', short: 'h' } } as const

type Options = NonNullable<ParseArgsConfig['options']>
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O & typeof HELP }>>['values']

export function parseFlags<O extends Options> (options: O, usage: string, counts: Array<keyof O & string>, countsOrZero: Array<keyof O & string> = []): Values<O> {
  return parseCommandLine(options, usage, counts, false, countsOrZero).values
}

/** The same, with positional arguments (kata names) allowed. */
export function parseCommandLine<O extends Options> (options: O, usage: string, counts: Array<keyof O & string>, allowPositionals = true, countsOrZero: Array<keyof O & string> = []): { values: Values<O>, positionals: string[] } {
  const fail = (message: string): never => {
    console.error(`${message}\n${usage}`)
    process.exit(2)
  }
  let values: Values<O>
  let positionals: string[]
  try {
    ({ values, positionals } = parseArgs({ options: { ...options, ...HELP }, allowPositionals }))
  } catch (err) {
    return fail((err as Error).message)
  }
  if ((values as { help?: boolean }).help) {
    console.log(usage)
    process.exit(0)
  }
  for (const flag of counts) {
    const value = String((values as Record<string, unknown>)[flag])
    if (!/^[1-9]\d*$/.test(value)) fail(`--${flag} needs a whole number of at least 1, not "${value}"`)
  }
  for (const flag of countsOrZero) {
    const value = String((values as Record<string, unknown>)[flag])
    if (!/^(0|[1-9]\d*)$/.test(value)) fail(`--${flag} needs a whole number (0 to skip it), not "${value}"`)
  }
  return { values, positionals }
}
