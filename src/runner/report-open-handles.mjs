// Preloaded into every suite process: if the process is still alive 1 s after brittle's closing summary,
// say what keeps it alive (sockets, timers, file handles) on stderr, for the verifier's leak check.
const write = process.stdout.write.bind(process.stdout)
let armed = false

process.stdout.write = function (chunk, ...rest) {
  if (!armed && /^# (ok|not ok)$/m.test(String(chunk))) {
    armed = true
    // unref: this timer alone never keeps the process alive, so it only fires when something else does.
    setTimeout(() => {
      const open = process.getActiveResourcesInfo().filter((r) => r !== 'Timeout' && r !== 'TTYWrap')
      process.stderr.write(`# still running 1 s after the last test; open: ${open.join(', ') || 'unknown'}\n`)
    }, 1000).unref()
  }
  return write(chunk, ...rest)
}
