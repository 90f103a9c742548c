// Surviving mutants that cannot change what a kata's suite may observe, each with its reason. Keyed by
// kata, mutator, line and replacement (`npm run mutate` prints the key of every survivor).

export function survivorKey (kata: string, mutator: string, line: number, replacement: string): string {
  return `${kata}:${line}:${mutator}:${replacement.replace(/\s+/g, ' ').trim()}`
}

export const EQUIVALENT: Record<string, string> = {
  '03-replication:36:ObjectLiteral:{}': 'hypercore\'s download range defaults to start 0 and end -1 (node_modules/hypercore/lib/replicator.js addRange), the very range the solution spells out (as kata 07)',
  '11-untrusted-peers:133:EqualityOperator:seq >= known.seq': 'the same author and the same seq are the same entry of the same feed, with the same name: replacing it with itself changes nothing',
  '11-untrusted-peers:107:ConditionalExpression:true': 'the impersonation check on every type: a chat/text message\'s content has no key once zod has parsed it (stray fields are dropped), so content.key is undefined and the check passes as before',
  '10-ordering:58:EqualityOperator:compareEntries(list[i - 1], entry as Entry<ChatMessage>) >= 0': 'compareEntries is 0 only for the same (clock, key, seq), i.e. the same entry of the same feed; kappa-core hands each entry to map once, and where two identical entries would go among each other cannot be seen',
  '10-ordering:42:EqualityOperator:a.key <= b.key': 'inside `if (a.key !== b.key)`: the keys are never equal there, so < and <= answer the same',
  '10-ordering:38:StringLiteral:""': 'the view\'s registered name: the suite imports TIMELINE and uses it both for core.use and core.api, so any string names the same view; the lesson promises no particular name',
  '02-reading-the-log:26:StringLiteral:``': 'waitForLength\'s rejection on an already-closed log: the task promises a rejection, not its message; the suite checks it rejects with an Error, and the learner sees no other use of the text',
  '02-reading-the-log:38:StringLiteral:``': 'waitForLength\'s rejection when the log closes: the task promises a rejection, not its message; the suite checks it rejects with an Error, and the learner sees no other use of the text',
  '05-hyperdht:51:StringLiteral:""': 'ask()\'s close fallback: a hyperdht stream always emits \'end\' or \'error\' before \'close\' (a server\'s destroy arrives as \'connection reset by peer\'), so the fallback never decides the promise; its message is promised nowhere',
  '05-hyperdht:51:ArrowFunction:() => undefined': 'ask()\'s close fallback: a hyperdht stream always emits \'end\' or \'error\' before \'close\', so the promise is already settled when it runs',
  '06-hyperswarm:17:StringLiteral:""': 'b4a.from(string, \'\') falls back to utf-8, the default encoding: the same bytes, the same topic',
  '06-hyperswarm:30:ObjectLiteral:{}': 'hyperswarm\'s join defaults to server: true and client: true (node_modules/hyperswarm/lib/peer-discovery.js session), the same roles as the default mode',
  '06-hyperswarm:46:ConditionalExpression:true': 'trackPeers\' reconnect guard: hyperswarm 4 emits a peer\'s new connection only after the old one closed, so the old close never finds another entry (see hints.md of kata 06)',
  '07-swarm-replication:31:ConditionalExpression:true': 'downloading one\'s own writable log too: every block of it is already local, so the download asks the network for nothing and no test can see it',
  '08-multifeed:69:ArrowFunction:() => undefined': 'the replication stream\'s handler that destroys the connection: connection and stream are piped both ways with streamx pipes, which destroy the other stream when one fails, so the handler only has to exist (the stranger test requires one)',
  '08-multifeed:70:ArrowFunction:() => undefined': 'the connection\'s handler that destroys the replication stream: the streamx pipe from the connection already destroys the stream when the connection fails, so the handler only has to exist (the failing-connection test requires one)',
  '09-kappa-views:66:ConditionalExpression:false': 'multifeed\'s writer calls back with an error only on a storage failure no test can provoke (even a closed multifeed hands out a writer); the lesson promises nothing about it',
  '09-kappa-views:68:ConditionalExpression:false': 'hypercore 9\'s append calls back with an error only on a storage failure no test can provoke (it even appends after the multifeed was closed); the lesson promises nothing about it',
  '09-kappa-views:100:EqualityOperator:seq >= known.seq': 'an entry with the same seq from the same author is the same entry, with the same name: replacing it changes nothing',
  '09-kappa-views:128:StringLiteral:""': 'readFile with an empty encoding gives a Buffer, and JSON.parse reads a Buffer as its UTF-8 text: the same saved state',
  '09-kappa-views:132:ConditionalExpression:true': 'fetchState answering "nothing saved" for every read error: the only read errors a test can provoke (a directory or a file in place of the file\'s folder) also make clearIndex\'s rm fail, which the indexer then calls, so the view stops either way (and an fs SystemError crashes inside multifeed-index\'s clone); the lesson warns against it instead',
  '07-swarm-replication:31:ObjectLiteral:{}': 'hypercore\'s download range defaults to start 0 and end -1 (node_modules/hypercore/lib/replicator.js addRange), the very range the solution spells out'
}
