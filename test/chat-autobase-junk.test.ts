// The Autobase engine (kata 15's reference chat) against a member who appends thousands of junk add-writer
// entries (keys that are valid hex and no one's core): apply adds at most LIMITS.members members, so what the
// chat holds stays bounded however many such entries come (issue 22: 5000 of them held 584 MB before).
// Run: node --import tsx test/chat-autobase-junk.test.ts
import v8 from 'node:v8'
import vm from 'node:vm'
import { configure, test } from '../src/harness/index.ts'
import { benchAutobase } from '../src/bench/chat-autobase.ts'
import { referenceModule } from '../src/runner/solutions.ts'

const JUNK = 5000
/**
 * What the JS heap grows by over the junk, once the creator acknowledged it and it was collected: a coarse bound
 * (5 to 13 MB measured with the cap, from run to run); the member count above it is the exact check.
 */
const MAX_HEAP_GROWTH_MB = 32
/** RSS growth, a coarse bound (RocksDB's native memory and freed pages are in it): 55-81 MB measured with the cap, 135 without. */
const MAX_RSS_GROWTH_MB = 150

// The bench settles the heap with gc() between its measurements: exposed here, as --expose-gc would.
v8.setFlagsFromString('--expose-gc')
;(globalThis as { gc?: unknown }).gc ??= vm.runInNewContext('gc')

configure({ budget: 240000, wait: 120000 })

test(`${JUNK} junk add-writer entries from one member leave the chat at LIMITS.members members, its memory bounded`, async (t) => {
  const { LIMITS } = await referenceModule<typeof import('../katas/15-autobase-chat/chat.ts')>('15-autobase-chat', 'chat.ts')
  const result = await benchAutobase({ writes: 0, flood: 0, junk: JUNK })
  t.is(result.junkMembers, LIMITS.members, `apply adds at most LIMITS.members (${LIMITS.members}) members, the creator and the junk member included (it listed ${result.junkMembers})`)
  const growth = result.junkRssAfterMb - result.junkRssBeforeMb
  t.ok(growth <= MAX_RSS_GROWTH_MB, `RSS grew ${growth.toFixed(0)} MB over ${JUNK} junk adds (at most ${MAX_RSS_GROWTH_MB})`)
  const heap = result.junkHeapMb - result.junkHeapBeforeMb
  t.ok(heap <= MAX_HEAP_GROWTH_MB, `the JS heap grew ${heap.toFixed(1)} MB over ${JUNK} junk adds, once the creator acknowledged them (at most ${MAX_HEAP_GROWTH_MB})`)
})
