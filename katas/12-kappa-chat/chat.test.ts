// Kata 12 — the kappa chat. Run it: npm test -- 12
// The suite, concept by concept, in the order it runs; each file in test/ is one concept's tests.

// The packages the tests use, loaded before the first test starts (loading them takes seconds on a busy
// machine, and a test's time limits are for the chat, not for the loading).
import 'multifeed'
import 'cabal-core'
import '@hyperswarm/secret-stream'

// chatTopic, parseEntry, compareMessages: the topic of a key, what a valid entry is, one order.
import './test/pure.test.ts'
// One chat on its own: createChat opens it; send and setNick write only what every peer accepts.
import './test/own.test.ts'
// Meeting the chat's peers and letting go: replication, looking again, peers(), close().
import './test/network.test.ts'
// One order for everyone: the same entries give the same history on every peer, now and after a restart.
import './test/order.test.ts'
// Clocks every peer can check: believed only as far as the entries show.
import './test/clocks.test.ts'
// What a hostile member can and cannot do.
import './test/hostile.test.ts'
// Cabal's wire format: a real cabal-core peer and the chat understand each other.
import './test/cabal.test.ts'
