// The busy-loop watchdog's settings, shared by the suite process's preload and the runner that reads it.

/** How long a suite's main thread may keep the event loop busy, once its tests run, before the running test fails. */
export const BUSY_MS = 2500
/** The same while its modules load (a loop at a stub's top level), which takes longer on a loaded machine. */
export const LOADING_MS = 10000
/** Printed after that failure: the runner reads the run as red, not as a crash. */
export const BUSY_LINE = '# stopped: busy loop'
