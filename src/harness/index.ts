// The kata harness: what suites (and solutions) stand on. It knows no kata.
export { test, configure, type KataTestFn, type KataTestOptions } from './test.ts'
export { KataContext } from './context.ts'
export { within, until, once, DEFAULT_WAIT } from './wait.ts'
export { PendingError } from './failures.ts'
export { syncOnce } from './sync.ts'
export { openFilesUnder } from './files.ts'
export { rawMember, type RawMember, type RawConnection } from './multifeed.ts'
export { cabalPeer, type CabalPeer } from './cabal.ts'
