// The kappa chat's indexing benchmark (npm run bench -- --chat-index), run small, into a temporary folder.
// It checks that every case is measured and the table is written, not how fast (that is the benchmark's job).
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'

test('bench --chat-index: sends with clockless entries from the future in the history, restarts, the table is written', { timeout: 300000 }, async (t) => {
  const out = await t.tmp()
  const run = spawnSync(process.execPath, ['--no-warnings', '--import', 'tsx', path.join(ROOT, 'src/bench/cli.ts'), '--chat-index', '--restart', '300', '--future', '100', '--sends', '3', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 300000 })
  t.is(run.status, 0, run.status === 0 ? 'exit code 0' : run.stderr)
  const major = process.versions.node.split('.')[0]
  const json = JSON.parse(readFileSync(path.join(out, `chat-index-node${major}.json`), 'utf8'))
  t.is(json.sends, 3, '3 sends measured')
  t.ok([json.sendP95, json.sendCpuMs, json.restartMs, json.restartCpuMs, json.restartWithFutureMs].every(Number.isFinite), `send p95 ${json.sendP95} ms, restart ${json.restartMs} ms`)
  t.is(json.messages, 300)
  t.ok(json.load.before.length === 3 && /\d/.test(json.machine), 'the machine and its load are noted')
  const md = readFileSync(path.join(out, `chat-index-node${major}.md`), 'utf8')
  t.ok(/send with 100 future-stamped clockless entries, p95/.test(md) && /restart at 300 \+ 100 clockless: CPU/.test(md), 'chat-index-node<major>.md has the send and restart rows')
})
