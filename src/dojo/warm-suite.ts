// A suite process started ahead of time, so watch mode answers a save in a fraction of a second:
// Node, tsx, brittle and the p2p stack load while the learner types; nothing of the kata is loaded until
// the watcher writes the suite's path on stdin, so every run still sees the files as they are now.
// One process runs one suite, then exits, as `npm test` does.
import { pathToFileURL } from 'node:url'
import '../harness/index.ts'

// Never outlive the watcher: if it goes away (even killed with SIGKILL), so do we.
const watcher = process.ppid
setInterval(() => { if (process.ppid !== watcher) process.exit(1) }, 250).unref()

let line = ''
let started = false
process.stdin.setEncoding('utf8')
process.stdin.on('end', () => { if (!started) process.exit(0) })
process.stdin.on('data', (chunk: string) => {
  line += chunk
  const end = line.indexOf('\n')
  if (end < 0 || started) return
  started = true
  process.stdin.removeAllListeners('data')
  process.stdin.destroy()
  import(pathToFileURL(line.slice(0, end)).href).catch((err: unknown) => {
    // What Node prints for an error at startup (a syntax error in the stub, a missing export).
    console.error(err instanceof Error ? err.stack ?? err.message : String(err))
    process.exit(1)
  })
})
