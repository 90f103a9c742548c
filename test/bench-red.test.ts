// The red-loop benchmark (npm run bench -- --red), run small: one kata, one run, into a temporary folder.
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'

test('bench --red --kata 01 --mistakes 3 times three mistakes of the kata, its hung and busy stubs and a leftover, and writes its table', { timeout: 300000 }, async (t) => {
  const out = await t.tmp()
  const run = spawnSync(process.execPath, ['--no-warnings', '--import', 'tsx', path.join(ROOT, 'src/bench/cli.ts'), '--red', '--kata', '01', '--mistakes', '3', '--runs', '1', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 300000 })
  t.is(run.status, 0, run.stderr)
  const major = process.versions.node.split('.')[0]
  const table = path.join(out, `red-node${major}.md`)
  t.ok(existsSync(table), 'red-node<major>.md is written')
  const json = JSON.parse(readFileSync(path.join(out, `red-node${major}.json`), 'utf8'))
  t.is(json.timings.length, 5, `${json.timings.length} timings: three mistakes of kata 01, its hung stubs and its busy stubs`)
  t.ok(json.timings.every((x: { status: string }) => x.status === 'red'), 'each of them red')
  t.ok(/first failure on screen, worst of/.test(readFileSync(table, 'utf8')), 'the table has the aim rows')
})
