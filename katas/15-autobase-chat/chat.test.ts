// Kata 15 — the chat on Autobase. Run it: npm test -- 15
// The suite, concept by concept, in the order it runs; each file in test/ is one concept's tests.

// parseEntry: what an entry may hold.
import './test/entries.test.ts'
// createChat and close(): one base, one key, who is who.
import './test/own.test.ts'
// What the app sees: the chat reads only what changed in the view.
import './test/reads.test.ts'
// send, setNick, addMember, removeMember: the chat writes only what apply keeps.
import './test/writes.test.ts'
// apply: one order, the same view on every peer, through every reorder.
import './test/order.test.ts'
// apply: a writer's entry is its own, and never trusted.
import './test/trust.test.ts'
// apply: membership goes through the log.
import './test/members.test.ts'
// The network, and close(): peers found, connections shared, letting go.
import './test/network.test.ts'
