// A newcomer's edges: a copy without the reference solutions, and `npm run progress --json` read by a tool.
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { sandbox } from './dojo-sandbox.ts'

/** This process's environment without what an outer `npm run` put there (its loglevel, its json mode). */
function cleanEnv (): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries({ ...process.env, NO_COLOR: '1' }).filter(([name]) => !/^npm_/i.test(name)))
}

test('npm test -- 01 --solution without src/solutions: a clear error, exit 2, nothing run', { timeout: 60000 }, (t) => {
  const box = sandbox()
  t.teardown(() => box.remove())
  rmSync(path.join(box.root, 'src', 'solutions'), { recursive: true, force: true })
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(box.root, 'src/dojo/bin/test.ts'), '01', '--solution'], { cwd: box.root, encoding: 'utf8', env: cleanEnv() })
  t.is(run.status, 2, `exit code 2 (${run.stderr.trim()})`)
  t.ok(run.stderr.includes('There is no reference solution here: src/solutions/01-append-only-log/log.ts is missing'), 'names the missing file')
  t.ok(run.stderr.includes('leave out --solution: npm test -- 01'), 'and what to run instead')
  t.absent(/FAIL|PASS|not implemented/.test(run.stdout + run.stderr), 'the stub was not run in its place')
})

test('npm run progress: JSON that tools can parse, however npm is asked', { timeout: 120000 }, (t) => {
  const box = sandbox()
  t.teardown(() => box.remove())
  const npm = (...args: string[]): { code: number | null, stdout: string, stderr: string } => {
    const run = spawnSync('npm', args, { cwd: box.root, encoding: 'utf8', env: cleanEnv(), timeout: 60000 })
    return { code: run.status, stdout: run.stdout, stderr: run.stderr }
  }
  const parses = (text: string): boolean => {
    try {
      return JSON.parse(text).katas.length === 2
    } catch {
      return false
    }
  }

  const silent = npm('run', '-s', 'progress', '--', '--json')
  t.is(silent.code, 0)
  t.ok(parses(silent.stdout), 'npm run -s progress -- --json: stdout is the JSON')

  const npmJson = npm('run', 'progress', '--json')
  t.is(npmJson.code, 0)
  t.ok(parses(npmJson.stdout), 'npm run progress --json (npm\'s own JSON mode: its banner goes to stderr): stdout is the JSON')

  const file = path.join(box.root, 'progress.json')
  const toFile = npm('run', 'progress', '--', `--json=${file}`)
  t.is(toFile.code, 0)
  t.ok(parses(readFileSync(file, 'utf8')), 'npm run progress -- --json=FILE: the file is the JSON, whatever npm printed')

  // npm 11 prints `> kappa-katas@… progress` on stdout before any script it runs: say how to avoid it.
  const plain = npm('run', 'progress', '--', '--json')
  t.is(plain.code, 0)
  t.ok(parses(plain.stdout.slice(plain.stdout.indexOf('{'))), 'npm run progress -- --json: the JSON follows npm\'s banner')
  if (!parses(plain.stdout)) t.ok(plain.stderr.includes('npm run -s progress -- --json'), 'and stderr says how to get stdout that parses')

  const bad = npm('run', '-s', 'progress', '--', `--json=${path.join(box.root, 'no-such-folder', 'p.json')}`)
  t.is(bad.code, 2, 'a file that cannot be written: exit 2')
  t.ok(bad.stderr.includes('cannot write'), bad.stderr.split('\n')[0])
})
