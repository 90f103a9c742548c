// The room board benchmark (npm run bench -- --room), run small: 5 laptops, 2 rounds, into a temporary folder.
// It checks that every status is measured and the table is written, not how fast (that is the benchmark's job).
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'

test('bench --room: every laptop reaches the board, every status is acknowledged, the table is written', { timeout: 300000 }, async (t) => {
  const out = await t.tmp()
  const run = spawnSync(process.execPath, ['--no-warnings', '--import', 'tsx', path.join(ROOT, 'src/bench/cli.ts'), '--room', '--laptops', '5', '--rounds', '2', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 300000 })
  t.is(run.status, 0, run.stderr)
  const major = process.versions.node.split('.')[0]
  const json = JSON.parse(readFileSync(path.join(out, `room-node${major}.json`), 'utf8'))
  t.is(json.statuses, 10, '5 laptops × 2 rounds measured')
  t.is(json.notAcknowledgedIn10s, 0, 'each acknowledged by the board')
  t.ok(Number.isFinite(json.latencyMs.p95), `p95 ${json.latencyMs.p95} ms`)
  if (process.platform === 'linux') t.ok(json.board.rssMiB.end > 0 && json.board.cpuS >= 0, `board: ${json.board.rssMiB.end} MiB, ${json.board.cpuS} s CPU`)
  t.ok(existsSync(path.join(out, `room-node${major}.md`)) && /status on the board, p95/.test(readFileSync(path.join(out, `room-node${major}.md`), 'utf8')), 'room-node<major>.md has the p95 row')
})
