// The room board under a workshop's load: N simulated laptops in this process (each its own DHT node,
// corestore and swarm, on a loopback testnet) report to a real board process (npm run room -- --board).
// Measured: how long a status takes from the laptop's append to the board's acknowledgement (the board has
// read, checked and shown it), the board's memory (RSS) and CPU time, read from /proc (Linux).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import createTestnet from 'hyperdht/testnet'
import { ROOT } from '../runner/katas.ts'
import { formatRoom, newRoomKey } from '../room/key.ts'
import { RoomPublisher } from '../room/publisher.ts'
import type { Status } from '../room/status.ts'
import { ms, percentile } from './measure.ts'

export interface RoomBenchOptions {
  date: string
  machine: string
  out: string
  node: string
  laptops: number
  rounds: number
}

const KATAS = Array.from({ length: 15 }, (_, i) => String(i + 1).padStart(2, '0'))

function status (laptop: number, round: number): Status {
  const kata = Math.min(15, 1 + ((laptop + round) % 15))
  const katas = Object.fromEntries(KATAS.map((k, i) => [k, i + 1 < kata ? 'green' : i + 1 === kata ? 'red' : 'not-started'] as const))
  return { v: 1, name: `pair ${laptop + 1}`, kata: KATAS[kata - 1], katas, passed: round % 7, total: 7, failing: `test ${round % 7} of kata ${kata} does what it says`, hint: round % 4, hints: 4, onKata: round * 60, failingFor: round * 30 }
}

/** Board process's resident memory (MiB) and CPU time (s), from /proc. */
function usage (pid: number): { rssMiB: number, cpuS: number } | null {
  try {
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12]) // utime + stime, in clock ticks (100 per second on Linux)
    return { rssMiB: rss ? Number(rss[1]) / 1024 : NaN, cpuS: ticks / 100 }
  } catch {
    return null
  }
}

const pause = (msec: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, msec))

export async function benchRoom (opts: RoomBenchOptions): Promise<void> {
  const testnet = await createTestnet(3, { host: '127.0.0.1' })
  const key = newRoomKey()
  const room = formatRoom({ key, bootstrap: testnet.bootstrap })
  const board = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', path.join(ROOT, 'src', 'room', 'cli.ts'), '--board', room, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
  let boardOut = ''
  board.stdout.on('data', (chunk) => { boardOut = (boardOut + chunk).slice(-20000) })
  board.stderr.on('data', (chunk) => { boardOut = (boardOut + chunk).slice(-20000) })
  const dirs: string[] = []
  const laptops: RoomPublisher[] = []
  try {
    for (let waited = 0; !/board: announced/.test(boardOut); waited += 100) {
      if (waited > 60000 || board.exitCode !== null) throw new Error(`the board did not start:\n${boardOut}`)
      await pause(100)
    }
    const idle = usage(board.pid!)
    const joinStart = Date.now()
    for (let i = 0; i < opts.laptops; i++) {
      dirs.push(mkdtempSync(path.join(os.tmpdir(), 'room-bench-')))
      laptops.push(await RoomPublisher.open({ key, bootstrap: null }, { dht: testnet.createNode(), storage: dirs[i] }))
    }
    await Promise.all(laptops.map((p, i) => p.publish(status(i, 0))))
    const joined = await Promise.all(laptops.map((p) => p.delivered(60000)))
    const joinMs = Date.now() - joinStart
    if (!joined.every(Boolean)) throw new Error(`only ${joined.filter(Boolean).length} of ${opts.laptops} laptops reached the board in 60 s`)
    const before = usage(board.pid!)
    const latencies: number[] = []
    const runStart = Date.now()
    // Each round, every laptop finishes a test run at a random moment within 3 s (a room working at once).
    for (let round = 1; round <= opts.rounds; round++) {
      await Promise.all(laptops.map(async (p, i) => {
        await pause(Math.random() * 3000)
        const started = performance.now()
        await p.publish(status(i, round))
        if (await p.delivered(10000)) latencies.push(performance.now() - started)
        else latencies.push(Infinity)
      }))
    }
    const runS = (Date.now() - runStart) / 1000
    const after = usage(board.pid!)
    const lost = latencies.filter((l) => !Number.isFinite(l)).length
    const result = {
      date: opts.date,
      machine: opts.machine,
      load: os.loadavg().map((l) => Number(l.toFixed(2))),
      laptops: opts.laptops,
      rounds: opts.rounds,
      statuses: latencies.length,
      notAcknowledgedIn10s: lost,
      joinAllMs: joinMs,
      latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) },
      board: {
        rssMiB: { idle: idle?.rssMiB, joined: before?.rssMiB, end: after?.rssMiB },
        cpuS: before && after ? Number((after.cpuS - before.cpuS).toFixed(2)) : null,
        cpuPercentOfOneCore: before && after ? Number((100 * (after.cpuS - before.cpuS) / runS).toFixed(1)) : null,
        seconds: Number(runS.toFixed(1))
      }
    }
    const f1 = (n: number | undefined): string => n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(1)
    const md = `# Room board benchmark (Node ${opts.node})

Taken ${opts.date} on ${opts.machine}; load average at the end ${result.load.join(', ')} (the machine was shared).
Regenerate with \`npm run bench -- --room\` (\`--laptops N --rounds N\`). Aims, never asserted: a status on the board
within 1 s (p95), a board that stays small.

${opts.laptops} simulated laptops in one process, each with its own DHT node, corestore and swarm, on a loopback
testnet; the board is a real \`npm run room -- --board\` process (terminal output to a pipe, page served). Each of
${opts.rounds} rounds, every laptop publishes a status at a random moment within 3 s. Latency: from the laptop's
append to the board's acknowledgement (the board has fetched the block, checked it, and updated its rows).

| measure | value |
|---|---|
| all ${opts.laptops} laptops joined, first status on the board | ${ms(joinMs)} |
| statuses measured | ${latencies.length} (${lost} not acknowledged within 10 s) |
| status on the board, p50 | ${ms(result.latencyMs.p50)} |
| status on the board, p95 | ${ms(result.latencyMs.p95)} |
| status on the board, max | ${ms(result.latencyMs.max)} |
| board memory (RSS): idle / ${opts.laptops} laptops joined / at the end | ${f1(idle?.rssMiB)} / ${f1(before?.rssMiB)} / ${f1(after?.rssMiB)} MiB |
| board CPU time over the rounds | ${result.board.cpuS ?? 'n/a'} s in ${result.board.seconds} s (${result.board.cpuPercentOfOneCore ?? 'n/a'} % of one core) |
`
    const file = path.join(opts.out, `room-node${opts.node}`)
    await writeFile(`${file}.md`, md)
    await writeFile(`${file}.json`, JSON.stringify(result, null, 2) + '\n')
    console.log(md)
  } finally {
    await Promise.all(laptops.map((p) => p.close().catch(() => {})))
    board.kill('SIGINT')
    await new Promise((resolve) => board.exitCode !== null ? resolve(null) : board.once('exit', resolve))
    await testnet.destroy()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
}
