// verify's result cache: a pass is reused only while everything it depends on is unchanged; a failure is
// never stored; --no-cache and CI run everything; traced checks depend on what they were seen to read.
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ResultCache, cacheWanted, expand } from '../src/verify/cache.ts'
import { importClosure, kataDeps, mistakeKey, repositoryOnly } from '../src/verify/deps.ts'
import { canTrace, startTrace, tracedPaths } from '../src/verify/trace.ts'
import { ROOT, listKatas } from '../src/runner/katas.ts'
import type { Check } from '../src/verify/checks.ts'

function sandbox (t: { teardown: (fn: () => void) => void }): { dir: string, cacheDir: string, file: string, folder: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verify-cache-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const folder = path.join(dir, 'kata')
  mkdirSync(folder)
  const file = path.join(folder, 'suite.ts')
  writeFileSync(file, 'one')
  return { dir, cacheDir: path.join(dir, 'cache'), file, folder }
}

/** A check that counts its runs and gives what `result` says. */
function counted (result: () => Check): { runs: number, run: () => Promise<Check> } {
  const counter = { runs: 0, run: async () => { counter.runs++; return result() } }
  return counter
}

const pass: Check = { name: 'a check', ok: true, detail: 'green' }
const fail: Check = { name: 'a check', ok: false, detail: 'red' }

test('a pass is reused while nothing it depends on changed, and run again after a change', async (t) => {
  const { cacheDir, file, folder } = sandbox(t)
  const check = counted(() => pass)
  const deps = { paths: [folder], key: 'stub' }
  t.alike(await new ResultCache(true, cacheDir).run('c', deps, check.run), pass, 'first: run')
  const again = new ResultCache(true, cacheDir)
  const cached = await again.run('c', deps, check.run)
  t.is(check.runs, 1, 'second: not run')
  t.ok(cached.ok && cached.cached, 'but reported as a cached pass')
  t.is(again.hits, 1, 'and counted')

  writeFileSync(file, 'two')
  await new ResultCache(true, cacheDir).run('c', deps, check.run)
  t.is(check.runs, 2, 'a changed file in a folder it depends on: run again')
  writeFileSync(path.join(folder, 'new.ts'), '')
  await new ResultCache(true, cacheDir).run('c', deps, check.run)
  t.is(check.runs, 3, 'a new file there: run again')
  await new ResultCache(true, cacheDir).run('c', { ...deps, key: 'mistake x' }, check.run)
  t.is(check.runs, 4, 'another key (flags, a mistake\'s entry): run again')
  await new ResultCache(true, cacheDir).run('c', deps, check.run)
  t.is(check.runs, 4, 'and the first key still holds')
})

test('a failure is never stored: it runs again, and a pass before it is forgotten', async (t) => {
  const { cacheDir, file, folder } = sandbox(t)
  let result = pass
  const check = counted(() => result)
  const deps = { paths: [folder], key: 'k' }
  await new ResultCache(true, cacheDir).run('c', deps, check.run)
  writeFileSync(file, 'broken')
  result = fail
  t.absent((await new ResultCache(true, cacheDir).run('c', deps, check.run)).ok, 'a change makes it fail')
  t.absent((await new ResultCache(true, cacheDir).run('c', deps, check.run)).ok, 'it fails again')
  t.is(check.runs, 3, 'run each time')
  writeFileSync(file, 'one')
  const back = await new ResultCache(true, cacheDir).run('c', deps, check.run)
  t.is(check.runs, 4, 'the file as it was when it passed: still run again (the failure removed the entry)')
  t.absent(back.ok || back.cached, 'and its failure reported')
})

test('--no-cache, CI and npm run coverage run every check', async (t) => {
  const { cacheDir, folder } = sandbox(t)
  const check = counted(() => pass)
  const deps = { paths: [folder], key: 'k' }
  await new ResultCache(true, cacheDir).run('c', deps, check.run)
  const off = new ResultCache(false, cacheDir)
  const result = await off.run('c', deps, check.run)
  t.is(check.runs, 2, 'bypassed: run')
  t.absent(result.cached, 'not reported as cached')
  t.absent(cacheWanted(true, {}), '--no-cache')
  t.absent(cacheWanted(false, { CI: 'true' }), 'CI')
  t.absent(cacheWanted(false, { NODE_V8_COVERAGE: '/tmp/c' }), 'npm run coverage')
  t.ok(cacheWanted(false, {}), 'otherwise on')
  t.ok(cacheWanted(false, { CI: 'false' }), 'CI=false is not CI')
})

test('a kata\'s checks depend on its folder, its solution, the harness, the runner and the lock; a mistake on its entry', (t) => {
  const kata = listKatas().find((k) => k.number === '12') ?? listKatas()[0]
  const deps = kataDeps(kata, 'stub')
  const paths = deps.paths
  for (const p of [kata.dir, path.join(ROOT, 'src/solutions', kata.name), path.join(ROOT, 'src/harness'), path.join(ROOT, 'src/runner'), path.join(ROOT, 'package-lock.json'), path.join(ROOT, 'src/harness/index.ts')]) {
    t.ok(paths.includes(p), path.relative(ROOT, p))
  }
  t.absent(paths.some((p) => p.includes(`${path.sep}katas${path.sep}`) && !p.startsWith(kata.dir)), 'no other kata')
  const files = expand(paths, deps.keep)
  t.ok(files.includes(kata.suite), 'the suite')
  t.absent(files.includes(path.join(kata.dir, 'README.md')), 'not the lesson (no suite reads it)')
  t.ok(JSON.stringify(deps.key).includes(kata.title), 'but its title, which names the checks, is in the key')
  const mistake = { name: 'm', blames: 'f', concept: 'c', edits: [['a', 'b']] as Array<[string, string]>, names: /x/i }
  t.not(JSON.stringify(mistakeKey(mistake)), JSON.stringify(mistakeKey({ ...mistake, names: /y/i })), 'its pattern is part of the key')
})

test('the import closure follows imports, not examples in comments', async (t) => {
  const { dir } = sandbox(t)
  const [main, used, example] = ['main.ts', 'used.ts', 'example.ts'].map((f) => path.join(dir, f))
  writeFileSync(main, `import { x } from './used.ts'\n// import { y } from './example.ts'\n/**\n * await import('./example.ts')\n */\nconst z = await import('./used.ts')\n`)
  for (const f of [used, example]) writeFileSync(f, 'export const x = 1\n')
  const closure = importClosure([main], dir)
  t.ok(closure.includes(used), 'an import')
  t.absent(closure.includes(example), 'not an import in a comment')
})

test('a traced check depends on the repository\'s files it read, not on the learner\'s state file every npm test writes', (t) => {
  const read = ['/usr/lib/x.so', path.join(ROOT, 'src/runner/katas.ts'), `stat:${path.join(ROOT, 'package.json')}`, path.join(ROOT, 'node_modules/brittle/index.js'), path.join(ROOT, '.git/HEAD'), path.join(ROOT, '.kata-state.json'), `stat:${path.join(ROOT, '.kata-state.json')}`]
  t.alike(repositoryOnly(read), [path.join(ROOT, 'src/runner/katas.ts'), `stat:${path.join(ROOT, 'package.json')}`])
})

test('strace output: paths resolved against each process\'s directory (chdir, inherited by children)', (t) => {
  const text = [
    '10 openat(AT_FDCWD</repo>, "a.ts", O_RDONLY) = 3</repo/a.ts>',
    '10 chdir("sub") = 0',
    '10 access("b.ts", F_OK) = -1 ENOENT (No such file or directory)',
    '10 clone(child_stack=NULL, flags=CLONE_VM) = 11',
    '11 stat("c.ts", {st_mode=S_IFREG}) = 0',
    '11 execve("/usr/bin/node", ["node", "x"], 0x0 /* 3 vars */) = 0',
    '12 openat(19</repo/katas>, "d.ts", O_RDONLY) = 3',
    '12 openat(AT_FDCWD</repo>, "/repo/katas", O_RDONLY|O_DIRECTORY) = 4</repo/katas>'
  ].join('\n')
  const stat = (p: string): string => `stat:${p}`
  t.alike(tracedPaths(text, '/repo'), ['/repo/katas', ...['/repo/a.ts', '/repo/katas/d.ts', '/repo/sub', '/repo/sub/b.ts', '/repo/sub/c.ts', '/usr/bin/node'].map(stat)],
    'a listed folder as it is, all else as looked at')
})

test('a folder only looked at counts as a folder; one listed, by its listing', async (t) => {
  const { cacheDir, dir, folder } = sandbox(t)
  const check = counted(() => pass)
  const run = async (): Promise<{ check: Check, read: string[] }> => ({ check: await check.run(), read: [`stat:${dir}`, folder] })
  await new ResultCache(true, cacheDir).run('c', { paths: [], key: 'traced' }, run)
  writeFileSync(path.join(dir, 'elsewhere.txt'), '')
  await new ResultCache(true, cacheDir).run('c', { paths: [], key: 'traced' }, run)
  t.is(check.runs, 1, 'a new file in a folder only looked at: cached')
  writeFileSync(path.join(folder, 'new.ts'), '')
  await new ResultCache(true, cacheDir).run('c', { paths: [], key: 'traced' }, run)
  t.is(check.runs, 2, 'a new file in a folder listed: run again')
})

test('a traced check depends on the files it read', { skip: !canTrace() }, async (t) => {
  const { cacheDir, dir, file } = sandbox(t)
  const other = path.join(dir, 'other.txt')
  writeFileSync(other, 'x')
  const readIt = counted(() => pass)
  const traced = async (): Promise<{ check: Check, read: string[] }> => {
    const trace = startTrace()
    const [command, ...args] = [...trace.prefix, process.execPath, '-e', `require('fs').readFileSync(${JSON.stringify(file)})`]
    spawnSync(command, args)
    await readIt.run()
    return { check: pass, read: trace.paths().filter((p) => p.replace(/^stat:/, '').startsWith(dir)) }
  }
  await new ResultCache(true, cacheDir).run('t', { paths: [], key: 'traced' }, traced)
  t.is(readIt.runs, 1)
  writeFileSync(other, 'y')
  await new ResultCache(true, cacheDir).run('t', { paths: [], key: 'traced' }, traced)
  t.is(readIt.runs, 1, 'a file it did not read changed: cached')
  writeFileSync(file, 'changed')
  await new ResultCache(true, cacheDir).run('t', { paths: [], key: 'traced' }, traced)
  t.is(readIt.runs, 2, 'the file it read changed: run again')
})
