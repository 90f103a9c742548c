// Surviving mutants that cannot change what a kata's suite may observe, each with its reason. Keyed by
// kata, mutator, line and replacement (`npm run mutate` prints the key of every survivor).

export function survivorKey (kata: string, mutator: string, line: number, replacement: string): string {
  return `${kata}:${line}:${mutator}:${replacement.replace(/\s+/g, ' ').trim()}`
}

export const EQUIVALENT: Record<string, string> = {}
