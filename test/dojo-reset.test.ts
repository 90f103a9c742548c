// `npm run reset`: back to exactly the stub as shipped (git), asking first, other katas untouched.
import test from 'brittle'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'
import { KATA_01, KATA_02, sandbox } from './dojo-sandbox.ts'

const STUB_01 = `katas/${KATA_01}/log.ts`
const STUB_02 = `katas/${KATA_02}/read.ts`

/** Removes the backup folder a reset printed (what it discarded), if any. */
function dropBackup (out: string): void {
  const backup = out.match(/discarded is in (\S+)/)?.[1]
  if (backup) rmSync(backup, { recursive: true, force: true })
}

test('reset asks first, refuses without a terminal unless --yes, then restores exactly the shipped stub', { timeout: 120000 }, (t) => {
  const box = sandbox()
  t.teardown(() => box.remove())
  const shipped = execFileSync('git', ['show', `HEAD:${STUB_01}`], { cwd: box.root })
  t.ok(shipped.equals(readFileSync(path.join(ROOT, STUB_01))), 'the sandbox ships the real stub')

  box.write(STUB_01, 'export const mine = 1\n')
  box.write(STUB_02, box.read(STUB_02) + '\n// my work on kata 02\n')
  writeFileSync(path.join(box.root, `katas/${KATA_01}/helper.ts`), 'export const helper = 2\n')

  const refused = box.run('reset', ['01'])
  t.is(refused.code, 2, 'no terminal and no --yes: refused')
  t.ok(refused.out.includes('npm run reset -- 01 --yes'), 'says how to confirm')
  t.is(box.read(STUB_01), 'export const mine = 1\n', 'nothing was discarded')

  const done = box.run('reset', ['01', '--yes'])
  t.is(done.code, 0, `exits 0${done.code === 0 ? '' : `: ${done.out}`}`)
  t.ok(done.out.includes(STUB_01), 'names the file it puts back')
  t.ok(done.out.includes(`katas/${KATA_01}/helper.ts`), 'names the file it leaves alone')
  t.ok(readFileSync(path.join(box.root, STUB_01)).equals(shipped), 'byte for byte the shipped stub')
  t.ok(existsSync(path.join(box.root, `katas/${KATA_01}/helper.ts`)), 'a file the learner added is left alone')
  t.ok(box.read(STUB_02).endsWith('// my work on kata 02\n'), 'other katas untouched')

  const backup = done.out.match(/discarded is in (\S+)/)?.[1]
  t.ok(backup && readFileSync(path.join(backup, STUB_01), 'utf8') === 'export const mine = 1\n', 'what was discarded is kept in a backup')
  if (backup) rmSync(backup, { recursive: true, force: true })

  const again = box.run('reset', ['01'])
  t.is(again.code, 0)
  t.ok(again.out.includes('already as shipped'), 'an untouched kata: nothing to do, nothing to ask')
})

test('reset brings back a deleted stub; committed work is not "shipped"; --from picks a commit', { timeout: 120000 }, (t) => {
  const box = sandbox()
  t.teardown(() => box.remove())
  rmSync(path.join(box.root, STUB_02))
  const restored = box.run('reset', ['02'])
  t.is(restored.code, 0, 'a deleted file discards nothing: no question asked')
  t.ok(box.read(STUB_02).includes('readRange() is not implemented yet'))

  // The learner commits their work: it is still their work, not the shipped stub.
  box.write(STUB_01, 'export const committed = true\n')
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=l', '-c', 'user.email=l@x.invalid', ...args], { cwd: box.root, encoding: 'utf8' })
  git('commit', '-qam', 'my work')
  const committed = box.run('reset', ['01', '--yes'])
  dropBackup(committed.out)
  t.ok(committed.out.includes('your changes are discarded'), 'committed work is a change from the shipped stub')
  t.ok(box.read(STUB_01).includes('openLog() is not implemented yet'), 'and the shipped stub comes back from git\'s objects')
  box.write(STUB_01, 'export const committed = true\n')
  t.ok(box.run('reset', ['01', '--from', 'HEAD']).out.includes('already as committed in HEAD'), '--from HEAD: the committed work counts')
  const back = box.run('reset', ['01', '--yes', '--from', 'HEAD~1'])
  dropBackup(back.out)
  t.is(back.code, 0, `exits 0${back.code === 0 ? '' : `: ${back.out}`}`)
  t.ok(box.read(STUB_01).includes('openLog() is not implemented yet'), 'the stub of the earlier commit')
  t.is(box.run('reset', ['01', '--from', 'nope']).code, 2, 'an unknown ref is an error')
})

test('without git, reset explains it has nothing to go back to', { timeout: 120000 }, (t) => {
  const box = sandbox()
  t.teardown(() => box.remove())
  rmSync(path.join(box.root, '.git'), { recursive: true, force: true })
  box.write(STUB_01, 'mine\n')
  const result = box.run('reset', ['01', '--yes'])
  t.is(result.code, 2)
  t.ok(result.out.includes('not a git clone'), 'says git is needed')
})

const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0

test('in a terminal, reset asks and only discards on yes', { timeout: 120000, skip: !hasScript }, (t) => {
  const box = sandbox([KATA_01])
  t.teardown(() => box.remove())
  const reset = (answer: string): string => {
    const command = `'${process.execPath}' --import tsx '${path.join(box.root, 'src/dojo/bin/reset.ts')}' 01`
    // A pseudo-terminal from `script`; the answer is typed once the question is up.
    const result = spawnSync('sh', ['-c', `(sleep 3; printf '${answer}\\r'; sleep 2) | script -q -e -c "${command}" /dev/null`], { cwd: box.root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    return result.stdout
  }
  box.write(STUB_01, 'mine\n')
  const no = reset('n')
  t.ok(no.includes('Discard your changes to kata 01? [y/N]'), 'it asks')
  t.ok(no.includes('Nothing changed.'))
  t.is(box.read(STUB_01), 'mine\n', 'no: kept')
  const yes = reset('y')
  dropBackup(yes)
  t.ok(yes.includes('back as shipped'), 'yes: reset')
  t.ok(box.read(STUB_01).includes('openLog() is not implemented yet'), 'yes: the stub is back')
})

test('npm run record-shipped records what a maintainer changed in a kata, and nothing else', { timeout: 120000 }, (t) => {
  const box = sandbox([KATA_01])
  t.teardown(() => box.remove())
  box.run('record-shipped') // this sandbox holds one kata of the twelve the record knows
  t.ok(box.run('record-shipped').out.includes('0 changed'), 'recorded again: nothing changed')
  box.write(STUB_01, box.read(STUB_01) + '\n// a maintainer\'s change\n')
  const recorded = box.run('record-shipped')
  t.ok(recorded.out.includes('1 changed') && recorded.out.includes(STUB_01), recorded.out)
  t.ok(box.run('reset', ['01']).out.includes('already as shipped'), 'the changed stub is now what "as shipped" means')
})
