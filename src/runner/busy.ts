// The busy-loop watchdog's settings, shared by the suite process's preload and the runner that reads it.

// Counted in the main thread's CPU time, not the clock's: on a machine loaded far past its cores, a
// process that waits for its turn is slow, not stuck, and must not be blamed for a loop.
/** CPU time the main thread may spend without ever letting the event loop run, once tests run. */
export const BUSY_MS = 2500
/** The same while the suite's modules load (a loop at a stub's top level): loading is CPU work too. */
export const LOADING_MS = 10000
/** Clock time the event loop may stand still at all (a synchronous wait that uses no CPU: a sleep, a lock). */
export const STALL_MS = 20000
/** Printed after that failure: the runner reads the run as red, not as a crash. */
export const BUSY_LINE = '# stopped: busy loop'
