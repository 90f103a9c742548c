// Every command's flags, read one way: -h/--help prints the usage; anything wrong (a flag the command does
// not know, a flag without its value or with one it does not take, a name where the command takes none, a
// count that is not a count) is one line in our words, then the usage, and exit code 2.
import { parseArgs } from 'node:util'
import { printNowhereOnceThePipeBreaks } from './broken-pipe.ts'

// Every command reads its flags here: so every command's output may be piped to `head`.
printNowhereOnceThePipeBreaks()

export type Flag =
  | { type: 'string', short?: string, default?: string }
  /** `value: 'optional'`: the flag alone is true, `--flag=VALUE` gives VALUE (e.g. `--json=out.json`). */
  | { type: 'boolean', short?: string, default?: boolean, value?: 'optional' }
export type Flags = Record<string, Flag>

type ValueOf<F> = F extends { type: 'string' } ? string : F extends { value: 'optional' } ? boolean | string : boolean
export type Values<F extends Flags> = { [K in keyof F]: F[K] extends { default: unknown } ? ValueOf<F[K]> : ValueOf<F[K]> | undefined } & { help?: boolean }

/** Bad input on the command line: its message is printed with the usage, and the command exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

const HELP: Flags = { help: { type: 'boolean', short: 'h' } }

export interface ReadOptions {
  /** The command takes names (katas, folders) besides its flags. */
  positionals?: boolean
  /** Flags whose value must be a whole number ≥ 1 … */
  counts?: string[]
  /** … or ≥ 0, where 0 means "skip it". */
  countsOrZero?: string[]
}

/** Reads `argv` against `flags`; anything wrong is a UsageError in our words. */
export function readFlags<F extends Flags> (argv: string[], flags: F, opts: ReadOptions = {}): { values: Values<F>, positionals: string[] } {
  const all: Flags = { ...flags, ...HELP }
  const options = Object.fromEntries(Object.entries(all).map(([name, flag]) => [name, { type: flag.type, ...(flag.short ? { short: flag.short } : {}) }]))
  // Not strict: Node's own messages are not ours, so every token is checked here.
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true })
  const values: Record<string, unknown> = {}
  for (const [name, flag] of Object.entries(flags)) if (flag.default !== undefined) values[name] = flag.default
  const positionals: string[] = []
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue
    if (token.kind === 'positional') {
      if (!opts.positionals) throw new UsageError(`unexpected "${token.value}": this command takes only flags`)
      positionals.push(token.value)
      continue
    }
    const flag = all[token.name]
    if (!flag) throw new UsageError(`unknown flag ${token.rawName}${suggestion(token.name, Object.keys(all))}`)
    if (flag.type === 'string') {
      // `--level --json`: the next flag is not the value (Node would take it as one).
      if (token.value === undefined || (!token.inlineValue && /^-(-|[a-z])/i.test(token.value))) throw new UsageError(`${token.rawName} needs a value`)
      values[token.name] = token.value
    } else if (token.inlineValue) {
      if (flag.value !== 'optional') throw new UsageError(`${token.rawName} takes no value (leave out "=${token.value}")`)
      if (token.value === '') throw new UsageError(`${token.rawName}= needs something after the "="`)
      values[token.name] = token.value
    } else {
      values[token.name] = true
    }
  }
  for (const name of opts.counts ?? []) {
    const value = values[name]
    if (value !== undefined && !/^[1-9]\d*$/.test(String(value))) throw new UsageError(`--${name} needs a whole number of at least 1, not "${String(value)}"`)
  }
  for (const name of opts.countsOrZero ?? []) {
    const value = values[name]
    if (value !== undefined && !/^(0|[1-9]\d*)$/.test(String(value))) throw new UsageError(`--${name} needs a whole number (0 to skip it), not "${String(value)}"`)
  }
  return { values: values as Values<F>, positionals }
}

/** " (did you mean --all?)" when a known flag is one or two letters away. */
function suggestion (typed: string, known: string[]): string {
  const close = known.find((name) => distance(typed, name) <= Math.min(2, Math.floor(name.length / 3) + 1))
  return close ? ` (did you mean --${close}?)` : ''
}

function distance (a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length]
}

/**
 * A command's command line, for commands that start by reading it: -h/--help prints `usage` and exits 0;
 * a UsageError prints its message and `usage` and exits 2.
 */
export function commandLine<F extends Flags> (flags: F, usage: string, opts: ReadOptions = {}, argv = process.argv.slice(2)): { values: Values<F>, positionals: string[] } {
  let read
  try {
    read = readFlags(argv, flags, opts)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    console.error(`${err.message}\n${usage}`)
    process.exit(2)
  }
  if (read.values.help) {
    console.log(usage)
    process.exit(0)
  }
  return read
}
