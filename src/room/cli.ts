// `npm run room`: a facilitator's commands. --create makes a room key; --board shows the room live in the
// terminal and on a local page for the projector.
import { UsageError, readFlags } from '../cli/flags.ts'
import { RoomKeyError, formatRoom, newRoomKey, parseBootstrap, parseRoom, type Room } from './key.ts'
import { SORTS, type Sort } from './model.ts'
import { renderBoard } from './render.ts'

const DEFAULT_PORT = 7117

const USAGE = `usage: npm run room -- --create [--bootstrap host:port]
       npm run room -- --board <key> [--stuck <minutes>] [--sort progress|stuck] [--port <port>]
  --create     make a new room and print its key, and the line to put on the whiteboard
  --bootstrap  the room runs on a local DHT (npm run testnet prints the address); it becomes part of the key
  --board      show every laptop of the room, live: here, and on http://127.0.0.1:<port>/ for the projector
  --stuck      a pair is stuck after this many minutes on the same failing test (default 10)
  --sort       progress (default: most katas green first) or stuck (longest stuck first); key s switches
  --port       the page's port (default ${DEFAULT_PORT}; 0: any free port)
Pairs join with npm start -- --room <key> --name "<their nicks>" (or npm test -- NN --room <key>); --room off leaves.`

async function main (): Promise<number> {
  const { values } = readFlags(process.argv.slice(2), {
    create: { type: 'boolean' },
    bootstrap: { type: 'string' },
    board: { type: 'string' },
    stuck: { type: 'string' },
    sort: { type: 'string' },
    port: { type: 'string' }
  }, { countsOrZero: ['port'] })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (Boolean(values.create) === (values.board !== undefined)) throw new UsageError('give either --create or --board <key>')
  if (values.create) {
    const room: Room = { key: newRoomKey(), bootstrap: values.bootstrap === undefined ? null : parseBootstrap(values.bootstrap) }
    const key = formatRoom(room)
    console.log(`room key: ${key}\n\nOn the whiteboard:\n\n  npm start -- --room ${key} --name "<your nicks>"\n\nThe board: npm run room -- --board ${key}\nAnyone with the key can read the room: share it in the room only.`)
    return 0
  }
  if (values.bootstrap !== undefined) throw new UsageError('--bootstrap goes with --create (the board takes it from the key)')
  const room = parseRoom(values.board!)
  const stuck = values.stuck === undefined ? 10 : Number(values.stuck)
  if (!(stuck >= 0) || values.stuck === '') throw new UsageError(`--stuck wants minutes (e.g. 10), not "${values.stuck}"`)
  const sort = (values.sort ?? 'progress') as Sort
  if (!SORTS.includes(sort)) throw new UsageError(`--sort is progress or stuck, not "${values.sort}"`)
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535 || values.port === '') throw new UsageError(`bad --port "${values.port}"`)
  return showBoard(room, { stuck, sort, port })
}

async function showBoard (room: Room, opts: { stuck: number, sort: Sort, port: number }): Promise<number> {
  const { RoomBoard } = await import('./board.ts')
  const { serveBoard } = await import('./web.ts')
  let sort = opts.sort
  const board = await RoomBoard.open(room)
  const view = () => board.model.view({ sort, stuckMinutes: opts.stuck })
  let web
  try {
    web = await serveBoard(view, opts.port)
  } catch (err) {
    await board.close()
    throw new UsageError(`cannot serve the page on 127.0.0.1:${opts.port}: ${(err as Error).message.split('\n')[0]} (try --port 0)`)
  }
  const tty = process.stdout.isTTY === true
  console.log(`board: ${web.url}  (the page for the projector)`)
  let last = ''
  let warning = ''
  let timer: NodeJS.Timeout | null = null
  const draw = (): void => {
    timer = null
    const text = renderBoard(view(), { color: tty }) + (tty && warning ? `\n\n${warning}` : '')
    if (text === last) return
    last = text
    process.stdout.write(tty ? `\x1b[2J\x1b[H${web.url}  ·  s: sort · q: quit\n\n${text}\n` : `${text}\n\n`)
  }
  // Changes come in bursts (a room running its tests at once): draw at most a few times a second.
  const changed = (): void => {
    web.push()
    timer ??= setTimeout(draw, tty ? 200 : 1000)
  }
  board.on('change', changed)
  const tick = setInterval(changed, 30000) // minutes on a kata and stuck times move on by themselves
  draw()
  Promise.all([board.announced, board.alone]).then(([, alone]) => { if (!tty && !alone) console.log('board: announced on the room\'s topic; laptops find it now') }, () => {})
  board.alone.then((alone) => {
    if (!alone) return
    warning = `warning: no DHT node answered${room.bootstrap ? ` at ${room.bootstrap.map((b) => `${b.host}:${b.port}`).join(',')} (is npm run testnet running there?)` : ' (are you offline?)'}; the board runs on, but no laptop can find it`
    if (tty) changed()
    else console.error(warning)
  }, () => {})
  return new Promise<number>((resolve) => {
    let stopping = false
    const stop = async (): Promise<void> => {
      if (stopping) return
      stopping = true
      clearInterval(tick)
      if (timer) clearTimeout(timer)
      if (tty && process.stdin.isTTY) process.stdin.setRawMode(false)
      process.stdin.pause()
      await web.close()
      await board.close()
      resolve(0)
    }
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => { void stop() })
    if (tty && process.stdin.isTTY) {
      process.stdin.setRawMode(true)
      process.stdin.setEncoding('utf8')
      process.stdin.on('data', (key: string) => {
        if (key === 'q' || key === '\u0003') void stop()
        if (key === 's') {
          sort = sort === 'progress' ? 'stuck' : 'progress'
          last = ''
          changed()
        }
      })
    }
  })
}

try {
  process.exitCode = await main()
} catch (err) {
  if (!(err instanceof UsageError || err instanceof RoomKeyError)) throw err
  console.error(`${(err as Error).message}\n\n${USAGE}`)
  process.exitCode = 2
}
