// Preloaded into every suite process: a learner's synchronous loop that never ends (or blocks for
// seconds) stops every timer of the harness, so no named wait could ever fire. A worker thread watches a
// heartbeat the main thread beats; when it stops, the worker pauses the main thread through the inspector,
// reads where it is stuck, fails the running test naming that function and line, and ends the process.
import { Worker } from 'node:worker_threads'
import { BUSY_LINE, BUSY_MS, LOADING_MS, STALL_MS } from './busy.ts'

const BEAT_MS = 100
const beat = new Int32Array(new SharedArrayBuffer(4))
const workerData = { beat, cwd: process.cwd(), busyMs: BUSY_MS, loadingMs: LOADING_MS, stallMs: STALL_MS, busyLine: BUSY_LINE }
new Worker(new URL('./busy-worker.mjs', import.meta.url), { execArgv: [], workerData }).unref()
setInterval(() => { Atomics.add(beat, 0, 1) }, BEAT_MS).unref()
