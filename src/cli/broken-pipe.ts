// A command's reader may go before the command is done (`npm run -s mutate -- --table | head`): what it
// would still print then goes nowhere, and the command finishes its work (say, a table it writes to disk)
// instead of dying of EPIPE with a stack trace.
export function printNowhereOnceThePipeBreaks (stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err
    stream.write = (() => true) as typeof stream.write
  })
}
