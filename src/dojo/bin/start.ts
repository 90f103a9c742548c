// `npm start [-- <kata>] [--rotate <minutes>]`: watch mode. Keys in a terminal, one letter per line otherwise.
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { listKatas } from '../../runner/katas.ts'
import { parseCommand, UsageError, pickKata, runMain } from '../cli.ts'
import { Watch } from '../watch.ts'
import { joinForWatch, resolveRoom } from '../../room/hook.ts'
import { isAlive } from '../../runner/process-alive.ts'

const USAGE = `usage: npm start [-- <kata>] [--rotate <minutes>] [--hide-output] [--room <key>] [--name <nicks>]
  kata              start on this kata (default: the first one not green)
  --hide-output     leave out what your code prints (console.log …; shown by default, under its test)
  --rotate <min>    remind a pair to switch driver every <min> minutes, with a one-line handover
  --room <key>      report each run to a workshop room (saved for every later run; --room off leaves)
  --name <nicks>    the pair's name on the room's board
keys: h next hint · n/p next/previous kata · r re-run · l list · q quit`

async function main (): Promise<number> {
  const { values, positionals } = parseCommand({ rotate: { type: 'string' }, 'hide-output': { type: 'boolean' }, room: { type: 'string' }, name: { type: 'string' } } as const)
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const rotate = values.rotate === undefined ? undefined : Number(values.rotate)
  if (rotate !== undefined && !(rotate > 0)) throw new UsageError(`--rotate wants minutes (e.g. 10), not "${values.rotate}".`)
  const katas = listKatas()
  const start = positionals.length ? pickKata(positionals, katas) : undefined
  const tty = process.stdin.isTTY === true && process.stdout.isTTY === true
  // A workshop room hears of every run: the laptop's status, never its code.
  const joined = resolveRoom(values.room, values.name, (line) => console.log(line))
  const room = joined && await joinForWatch(joined, (line) => console.log(line))
  const watch = new Watch({ katas, out: process.stdout, tty, ...(rotate ? { rotateMinutes: rotate } : {}), ...(start ? { start } : {}), ...(values['hide-output'] ? { hideOutput: true } : {}), ...(room ? { onRun: room.report } : {}) })

  return new Promise<number>((resolve) => {
    const restore = (): void => { if (tty && process.stdin.isTTY) process.stdin.setRawMode(false) }
    watch.onStop = () => {
      restore()
      process.stdin.pause()
      const code = Number(process.exitCode ?? 0)
      resolve(code)
      // Nothing of ours must keep running: leave now, whatever handle is still open.
      setImmediate(() => process.exit(code))
    }
    // Quit or killed: stop the suite's process group before going.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        process.exitCode = 128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[signal]
        watch.stop()
      })
    }
    process.once('exit', () => { watch.stop(); restore() })
    // Orphaned: `npm start` killed (npm's `sh -c` does not pass signals on, and a SIGKILLed npm passes
    // nothing): stop as if killed. Watches the parent and, where /proc tells, the grandparent (npm).
    const ancestors = [process.ppid, grandparent(process.ppid)].filter((pid): pid is number => pid !== null && pid > 1)
    const parent = process.ppid
    setInterval(() => {
      if (process.ppid === parent && ancestors.every(isAlive)) return
      process.exitCode = 129
      watch.stop()
    }, 500).unref()
    if (tty) {
      process.stdin.setRawMode(true)
      process.stdin.setEncoding('utf8')
      process.stdin.on('data', (chunk: string) => { for (const key of chunk) watch.key(key.toLowerCase()) })
    } else {
      // Without a terminal: one command per line; the end of input just means no more commands.
      createInterface({ input: process.stdin }).on('line', (line) => watch.key(line.trim().charAt(0).toLowerCase()))
    }
    watch.start()
  })
}

function grandparent (pid: number): number | null {
  try {
    // /proc/<pid>/stat: "pid (command) state ppid …"; the command may contain spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) || null
  } catch {
    return null
  }
}

await runMain(main, USAGE)
