// Preloaded into every suite process: once whoever reads its output is gone (the runner was killed), its
// stdout is a broken pipe, and the harness would report each failed write as a stray error by writing it,
// for ever, at full speed. The process ends instead.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(1)
    throw err
  })
}
