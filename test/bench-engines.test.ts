// The chat's two engines side by side (npm run bench -- --engines), run small, into a temporary folder.
// It checks that both engines are measured and the table is written, not how fast (that is the benchmark's job).
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'

test('bench --engines: multifeed and Autobase, live latency, writing, a flood, one table', { timeout: 300000 }, async (t) => {
  const out = await t.tmp()
  const run = spawnSync(process.execPath, ['--no-warnings', '--import', 'tsx', path.join(ROOT, 'src/bench/cli.ts'), '--engines', '--history', '150', '--samples', '3', '--flood', '20', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 300000 })
  t.is(run.status, 0, run.status === 0 ? 'exit code 0' : run.stderr)
  const major = process.versions.node.split('.')[0]
  const json = JSON.parse(readFileSync(path.join(out, `chat-engines-node${major}.json`), 'utf8'))
  t.alike(json.timings.map((e: { engine: string }) => e.engine), ['multifeed', 'autobase'], 'both engines, in one run')
  for (const e of json.timings) {
    t.ok([e.writeMs, e.liveShort.p95, e.liveLong.p95, e.floodMs, e.sendAfterFloodMs].every(Number.isFinite), `${e.engine}: write ${Math.round(e.writeMs)} ms, live p95 ${Math.round(e.liveLong.p95)} ms`)
  }
  const md = readFileSync(path.join(out, `chat-engines-node${major}.md`), 'utf8')
  t.ok(/\| measure \| multifeed \| autobase \|/.test(md) && /live latency at 150 messages, p50 \/ p95/.test(md), 'chat-engines-node<major>.md has a column per engine')
})
