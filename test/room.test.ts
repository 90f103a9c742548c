// The room board as a facilitator uses it: a testnet on loopback, the board (npm run room -- --board) and
// three laptops (sandboxed copies of the repository) reporting with npm start and npm test, in real processes.
// Run: node --import tsx test/room.test.ts
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { configure, test, type KataContext } from '../src/harness/index.ts'
import { formatRoom, newRoomKey } from '../src/room/key.ts'
import type { BoardView } from '../src/room/model.ts'
import { KATA_01, Session, leftovers, sandbox, CAN_LIST_PROCESSES, type Sandbox } from './dojo-sandbox.ts'
import { ROOT } from '../src/runner/katas.ts'

configure({ budget: 240000, wait: 60000 })

function node (k: KataContext, cwd: string, script: string, args: string[], env: NodeJS.ProcessEnv = {}): Session {
  const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', script, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
  const session = new Session(child)
  k.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await session.exited
    }
  })
  return session
}

/** A laptop: its own copy of the repository, and its own home (where its status core is kept). */
function laptop (k: KataContext): Sandbox {
  const box = sandbox([KATA_01])
  k.teardown(() => box.remove())
  return box
}

const home = (box: Sandbox): NodeJS.ProcessEnv => ({ HOME: box.root, USERPROFILE: box.root })

async function boardView (url: string): Promise<BoardView> {
  return await (await fetch(new URL('board.json', url))).json() as BoardView
}

test('three laptops report to the board; one leaves and rejoins; one leaves the room', async (t, k) => {
  const [{ host, port }] = await k.bootstrap()
  const room = formatRoom({ key: newRoomKey(), bootstrap: [{ host, port }] })
  const board = node(k, ROOT, path.join(ROOT, 'src', 'room', 'cli.ts'), ['--board', room, '--port', '0'])
  await board.waitFor(/board: announced/)
  const url = /board: (http:\/\/\S+)/.exec(board.out)![1]
  let view = await boardView(url)
  t.is(view.rows.length, 0, 'an empty room')

  const [alice, bob, carol] = [laptop(k), laptop(k), laptop(k)]
  const watch = (box: Sandbox, args: string[]): Session => node(k, box.root, path.join(box.root, 'src', 'dojo', 'bin', 'start.ts'), args, home(box))
  const npmTest = (box: Sandbox, args: string[]): Session => node(k, box.root, path.join(box.root, 'src', 'dojo', 'bin', 'test.ts'), args, home(box))

  let aliceWatch = watch(alice, ['--room', room, '--name', 'alice & ann'])
  const bobWatch = watch(bob, ['--room', room, '--name', 'bob & ben'])
  await aliceWatch.waitFor(/room: reporting each run/)
  // Carol has started kata 01 (her stub is no longer as shipped): red, with a first failing test.
  const stub = path.join('katas', KATA_01, 'log.ts')
  carol.write(stub, readFileSync(path.join(carol.root, stub), 'utf8') + '\n// started\n')
  const carolRun = npmTest(carol, ['01', '--room', room, '--name', 'carol'])
  await carolRun.waitFor(/room: on the board as "carol"/)
  t.is(await carolRun.exited, 1, 'npm test: kata 01 is red, the status went out')

  await k.until('the board shows the three laptops', async () => {
    view = await boardView(url)
    return view.rows.length === 3 && view.rows.every((r) => r.kata === '01')
  })
  const named = (name: string) => view.rows.find((r) => r.name === name)
  t.alike(view.rows.map((r) => r.name).sort(), ['alice & ann', 'bob & ben', 'carol'])
  t.is(named('alice & ann')?.katas['01'], 'not-started', 'kata 01 as shipped: not started')
  t.is(named('carol')?.online, false, 'npm test ended: carol is shown as left')
  t.is(named('carol')?.katas['01'], 'red', 'carol started kata 01: red')
  t.ok(named('carol')?.failing, `the board shows carol's first failing test: ${JSON.stringify(named('carol'))}`)
  t.ok(named('bob & ben')?.online, 'bob\'s npm start is still running')
  await board.waitFor(/alice & ann ~\w{4}/)
  t.ok(/bob & ben ~\w{4}/.test(board.out), 'the terminal board shows the rows too')

  // Bob writes the solution: watch mode re-runs, the board turns his cell green.
  bob.solve(KATA_01)
  await k.until('bob\'s kata 01 is green on the board', async () => {
    view = await boardView(url)
    return named('bob & ben')?.katas['01'] === 'green'
  })
  t.is(named('bob & ben')?.failing, null)

  // Alice quits, then starts again with no --room: the saved setting brings her back to the same row.
  const aliceId = named('alice & ann')!.id
  aliceWatch.send('q\n')
  await aliceWatch.exited
  await k.until('alice is shown as left', async () => {
    view = await boardView(url)
    return named('alice & ann')?.online === false
  })
  aliceWatch = watch(alice, [])
  await aliceWatch.waitFor(/room: reporting each run to the room as "alice & ann"/)
  await k.until('alice is back, in her own row', async () => {
    view = await boardView(url)
    return named('alice & ann')?.online === true
  })
  t.is(named('alice & ann')?.id, aliceId, 'the same laptop, the same row')
  t.is(view.rows.length, 3)

  // Carol leaves the room: her next run reports nothing.
  const off = npmTest(carol, ['01', '--room', 'off'])
  await off.waitFor(/room: left the room/)
  await off.exited
  const again = npmTest(carol, ['01'])
  await again.exited
  t.absent(/room:/.test(again.out), 'after --room off, a run says nothing of a room')

  t.is(view.dropped.malformed + view.dropped.oversized + view.dropped.refused, 0, 'nothing dropped')
  aliceWatch.send('q\n')
  bobWatch.send('q\n')
  await Promise.all([aliceWatch.exited, bobWatch.exited])
  board.child.kill('SIGINT')
  t.is(await board.exited, 0, 'the board stops on Ctrl-C')
  if (CAN_LIST_PROCESSES) for (const box of [alice, bob, carol]) t.alike(await leftovers(box.root), [], 'no process left behind')
})

test('bad room flags are one line and exit code 2, before anything runs', async (t, k) => {
  const box = laptop(k)
  const bad = node(k, box.root, path.join(box.root, 'src', 'dojo', 'bin', 'test.ts'), ['01', '--room', 'nope'], home(box))
  t.is(await bad.exited, 2)
  t.ok(/--room: bad room key "nope"/.test(bad.out), bad.out.split('\n')[0])
  const badName = node(k, box.root, path.join(box.root, 'src', 'dojo', 'bin', 'start.ts'), ['--room', formatRoom({ key: newRoomKey(), bootstrap: null }), '--name', 'x\u001b[2J'], home(box))
  t.is(await badName.exited, 2)
  t.ok(/bad --name/.test(badName.out), badName.out.split('\n')[0])
  const board = node(k, ROOT, path.join(ROOT, 'src', 'room', 'cli.ts'), ['--board', formatRoom({ key: newRoomKey(), bootstrap: null }), '--sort', 'fastest'])
  t.is(await board.exited, 2)
  t.ok(/--sort is progress or stuck/.test(board.out))
  const neither = node(k, ROOT, path.join(ROOT, 'src', 'room', 'cli.ts'), [])
  t.is(await neither.exited, 2, 'npm run room with nothing to do: exit 2')
  t.ok(/give either --create or --board <key>[\s\S]*usage: npm run room/.test(neither.out), neither.out.split('\n')[0])
})
