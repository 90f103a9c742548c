// Surviving mutants that cannot change what a kata's suite may observe, each with its reason. Keyed by
// kata, mutator, line and replacement (`npm run mutate` prints the key of every survivor).

export function survivorKey (kata: string, mutator: string, line: number, replacement: string): string {
  return `${kata}:${line}:${mutator}:${replacement.replace(/\s+/g, ' ').trim()}`
}

export const EQUIVALENT: Record<string, string> = {
  '07-swarm-replication:31:ConditionalExpression:true': 'downloading one\'s own writable log too: every block of it is already local, so the download asks the network for nothing and no test can see it',
  '07-swarm-replication:31:ObjectLiteral:{}': 'hypercore\'s download range defaults to start 0 and end -1 (node_modules/hypercore/lib/replicator.js addRange), the very range the solution spells out'
}
