// `npm start` without a terminal: runs the current kata, re-runs on save (once per burst), keeps a green
// kata on screen until n, and leaves no process behind when quit or killed.
import test from 'brittle'
import { execFileSync, spawn } from 'node:child_process'
import path from 'node:path'
import { CAN_LIST_PROCESSES, KATA_01, Session, leftovers, sandbox } from './dojo-sandbox.ts'

const STUB = `katas/${KATA_01}/log.ts`
const RUNNING = /^running 01 The append-only log…/gm
// Killing and counting processes needs POSIX signals and `ps`: without them (Windows) those tests are skipped.
const POSIX = { skip: !CAN_LIST_PROCESSES, timeout: 120000 }
if (!CAN_LIST_PROCESSES) console.log('# skipping the leftover-process tests: `ps` cannot list processes here')

test('watch re-runs after a save, once per burst of writes; a green kata stays until n, then the next one runs', { timeout: 120000 }, async (t) => {
  const box = sandbox()
  const session = new Session(box.start('start'))
  t.teardown(async () => {
    session.child.kill('SIGKILL')
    box.remove()
  })

  let at = await session.waitFor(/FAIL 01 The append-only log[\s\S]*write openLog\(\) next[\s\S]*npm run hint -- 01/)
  t.pass('starts on the first kata not green: red, what to write next, and the hint command')
  t.ok(session.out.includes('[--] 0/2 katas'), 'with the progress bar: one cell per kata')

  // One save.
  const stub = box.read(STUB)
  box.write(STUB, stub + '\n// first save\n')
  at = await session.waitFor(/running 01 [^\n]*\(log\.ts changed\)[\s\S]*?FAIL 01 /, at)
  t.pass('a save re-runs the kata')

  // An editor's burst: five writes in a row (truncate + write each: ten events) run the suite once.
  const before = session.count(RUNNING)
  for (let i = 0; i < 5; i++) box.write(STUB, `${stub}\n// burst ${i}\n`)
  at = await session.waitFor(/FAIL 01 /, at)
  await new Promise((resolve) => setTimeout(resolve, 800))
  t.is(session.count(RUNNING) - before, 1, 'the burst ran once')

  // Solve it: green, what you learned, then on to kata 02.
  box.solve(KATA_01)
  at = await session.waitFor(/PASS 01 The append-only log[\s\S]*What you learned: a hypercore is a signed append-only log/, at)
  t.pass('green, with the lesson\'s "what you learned" line')
  t.ok(/Press n when you are ready for kata 02/.test(session.out.slice(at - 400)), 'says how to move on')
  await new Promise((resolve) => setTimeout(resolve, 2500))
  t.absent(/running 02/.test(session.out), 'the green moment stays: it does not move on by itself')
  session.send('n\n')
  await session.waitFor(/running 02 Reading the log…[\s\S]*\[#-\] 1\/2 katas[\s\S]*FAIL 02 Reading the log[\s\S]*write readRange\(\) next/, at)
  t.pass('moves on to kata 02 and runs it')

  session.send('q\n')
  t.is(await session.exited, 0, 'q quits')
  if (CAN_LIST_PROCESSES) t.alike(await leftovers(box.root), [], 'no process left behind')
})

test('killed while a suite runs, watch takes the suite\'s processes with it', POSIX, async (t) => {
  const box = sandbox([KATA_01])
  const session = new Session(box.start('start'))
  t.teardown(async () => {
    session.child.kill('SIGKILL')
    box.remove()
  })
  let at = await session.waitFor(/FAIL 01 /)
  // A stub that never finishes: the run is still going when the watcher is killed.
  box.write(STUB, box.read(STUB).replace("throw new Error('openLog() is not implemented yet", "await new Promise(() => setInterval(() => {}, 1000)); throw new Error('openLog() is not implemented yet"))
  at = await session.waitFor(/running 01 [^\n]*changed/, at)
  await new Promise((resolve) => setTimeout(resolve, 500))
  session.child.kill('SIGTERM')
  t.is(await session.exited, 143, 'exits on SIGTERM')
  t.alike(await leftovers(box.root), [], 'no suite process left behind')
})

test('a watcher killed with SIGKILL still leaves nothing behind', POSIX, async (t) => {
  const box = sandbox([KATA_01])
  const session = new Session(box.start('start'))
  t.teardown(() => box.remove())
  await session.waitFor(/FAIL 01 /)
  session.child.kill('SIGKILL')
  await session.exited
  t.alike(await leftovers(box.root, 10000), [], 'the warm suite process notices and exits')
})

test('`npm start` killed (even with SIGKILL) takes the watcher and its suite processes with it', POSIX, async (t) => {
  const box = sandbox([KATA_01])
  t.teardown(() => box.remove())
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    const session = new Session(spawn('npm', ['start'], { cwd: box.root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] }))
    await session.waitFor(/FAIL 01 /)
    session.child.kill(signal)
    await session.exited
    t.alike(await leftovers(box.root, 10000), [], `npm killed with ${signal}: nothing left`)
  }
})

test('npm start goes to the first kata not green, without running the green ones again (also after a commit)', { timeout: 120000 }, async (t) => {
  const box = sandbox()
  box.solve(KATA_01)
  execFileSync(process.execPath, ['--import', 'tsx', path.join(box.root, 'src/dojo/bin/test.ts'), '01'], { cwd: box.root, stdio: 'ignore' })
  execFileSync('git', ['-c', 'user.name=l', '-c', 'user.email=l@x.invalid', 'commit', '-qam', 'kata 01 done'], { cwd: box.root })
  const session = new Session(box.start('start'))
  t.teardown(async () => {
    session.child.kill('SIGKILL')
    box.remove()
  })
  await session.waitFor(/FAIL 02 Reading the log/)
  t.ok(session.out.includes('1/2 katas'), 'kata 01 counts as green')
  t.absent(/running 01/.test(session.out), 'kata 01 was not run again')
  session.send('q\n')
  await session.exited
})
