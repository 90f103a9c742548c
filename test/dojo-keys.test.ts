// `npm start` in a real terminal: single keys (h, n, p, r, l, q) and the pair-rotation reminder.
// The pseudo-terminal comes from `script` (util-linux); without it this test is skipped, saying so.
import test from 'brittle'
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { readLesson } from '../src/dojo/lesson.ts'
import { listKatas } from '../src/runner/katas.ts'
import { Session, leftovers, sandbox } from './dojo-sandbox.ts'

const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0
if (!hasScript) console.log('# skipping the key-binding test: `script` (util-linux) is not installed, so there is no pseudo-terminal')

const quote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`

test('in a terminal, single keys drive watch mode and the pair is reminded to rotate', { skip: !hasScript, timeout: 120000 }, async (t) => {
  const box = sandbox()
  const command = [process.execPath, '--import', 'tsx', path.join(box.root, 'src/dojo/bin/start.ts'), '--rotate', '0.04'].map(quote).join(' ')
  // script -q: no banner; -e: its exit status is the command's; /dev/null: no typescript file.
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
    cwd: box.root, env: { ...process.env, NO_COLOR: '1', TERM: 'xterm', COLUMNS: '120', LINES: '40' }, stdio: ['pipe', 'pipe', 'pipe']
  })
  const session = new Session(child)
  t.teardown(async () => {
    child.kill('SIGKILL')
    box.remove()
  })

  // The number of hints comes from the kata's hints.md, never a constant.
  const total = readLesson(listKatas(path.join(box.root, 'katas'))[0]).hints.length
  let at = await session.waitFor(new RegExp(`FAIL 01 The append-only log[\\s\\S]*press h for hint 1 of ${total}[\\s\\S]*keys: h hint`))
  t.pass('red, what h does, then the keys')
  t.ok(session.out.includes('\x1b[2J'), 'the screen is redrawn for each result')

  session.send('h')
  at = await session.waitFor(new RegExp(`Hint 1/${total} · where to start[\\s\\S]*press h for hint 2 of ${total}`), at)
  t.pass('h: the next hint, and what h does now')

  at = await session.waitFor(/Time to switch driver! Handover: kata 01 The append-only log · failing: openLog [^·\n]+ · hint level 1\/\d/, at)
  t.pass('--rotate: the reminder, with a one-line handover')

  session.send('n')
  at = await session.waitFor(/Kata 02 · Reading the log[\s\S]*FAIL 02 /, at)
  t.pass('n: the next kata')

  session.send('p')
  at = await session.waitFor(/Kata 01 · The append-only log[\s\S]*FAIL 01 /, at)
  t.pass('p: the previous kata')

  session.send('r')
  at = await session.waitFor(/running 01 [^\n]*\(you pressed r\)[\s\S]*FAIL 01 /, at)
  t.pass('r: runs again')

  session.send('l')
  at = await session.waitFor(/02 Reading the log[\s\S]*\] 0\/2 katas[\s\S]*You are on kata 01/, at)
  t.pass('l: the list of katas')

  session.send('q')
  t.is(await session.exited, 0, 'q quits')
  t.alike(await leftovers(box.root), [], 'no process left behind')
})
