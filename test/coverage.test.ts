// npm run coverage: raw coverage made to count for src/ (sandbox paths mapped back, learner mistakes left
// out), and a small real run (kata 01's solution only) into a temporary folder, so that a coverage run
// measuring this very file keeps its own.
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'
import { forSrc } from '../src/verify/raw-coverage.ts'

const SLOW = { timeout: 300000 }

function coverage (...args: string[]): { code: number | null, out: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/verify/coverage.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300000 })
  return { code: result.status, out: result.stdout + result.stderr }
}

test('a sandbox\'s file URLs and quoted paths become the repository\'s', (t) => {
  const raw = JSON.stringify({
    result: [
      { url: 'file:///tmp/kata-dojo-Ab12xZ/src/dojo/watch.ts', functions: [] },
      { url: 'file:///var/folders/zz/T/kata-dojo-Q1w2E3/src/dojo/cli.ts', functions: [] },
      { url: 'node:internal/fs', functions: [] },
      { url: 'file:///work/main/src/dojo/bin/test.ts', functions: [] }
    ],
    'source-map-cache': { 'file:///tmp/kata-dojo-Ab12xZ/src/dojo/watch.ts': { data: { sources: ['/tmp/kata-dojo-Ab12xZ/src/dojo/watch.ts'] } } }
  })
  const mapped = JSON.parse(forSrc(raw, '/repo')!)
  t.alike(mapped.result.map((r: { url: string }) => r.url), [
    'file:///repo/src/dojo/watch.ts',
    'file:///repo/src/dojo/cli.ts',
    'node:internal/fs',
    'file:///work/main/src/dojo/bin/test.ts'
  ], 'each sandbox root (Linux and macOS temporary folders) is replaced, other URLs are left')
  t.alike(Object.keys(mapped['source-map-cache']), ['file:///repo/src/dojo/watch.ts'], 'the source map is found under the new URL')
  t.alike(mapped['source-map-cache']['file:///repo/src/dojo/watch.ts'].data.sources, ['/repo/src/dojo/watch.ts'], 'a quoted path too')
  const plain = '{"result":[{"url":"file:///work/main/src/x.ts","functions":[]}]}'
  t.is(forSrc(plain, '/repo'), plain, 'a file with nothing to change is returned as it was')
})

test('a learner mistake\'s edited solution is not the solution file: its coverage is left out', (t) => {
  const solution = 'file:///repo/src/solutions/01-append-only-log/log.ts'
  const raw = JSON.stringify({
    result: [{ url: `${solution}?mistake`, functions: [{ ranges: [{ startOffset: 0, endOffset: 900, count: 0 }] }] }, { url: 'file:///repo/src/harness/wait.ts', functions: [] }],
    'source-map-cache': { [`${solution}?mistake`]: { data: {} }, 'file:///repo/src/harness/wait.ts': { data: {} } }
  })
  const kept = JSON.parse(forSrc(raw, '/repo')!)
  t.alike(kept.result.map((r: { url: string }) => r.url), ['file:///repo/src/harness/wait.ts'], 'the harness it ran is kept')
  t.alike(Object.keys(kept['source-map-cache']), ['file:///repo/src/harness/wait.ts'])
})

test('a coverage file cut short (its process killed while writing) is told apart', (t) => {
  t.is(forSrc('{"result":[{"url":"file:///repo/src/x.ts","functions":[{"ranges":[{"sta', '/repo'), null)
})

test('coverage of kata 01\'s solution: verify runs, then c8 reports on src/ from its own folder', SLOW, async (t) => {
  const dir = await t.tmp()
  const leftover = path.join(dir, 'coverage-1-2-3.json')
  writeFileSync(leftover, '{"result":[]}')
  writeFileSync(path.join(dir, 'notes.txt'), 'not coverage')
  const { code, out } = coverage('--coverage-dir', dir, '--kata', '01', '--solutions-only')
  t.is(code, 0, code === 0 ? 'exit code 0' : out)
  t.ok(/01 .* · solution green +ok/.test(out), 'verify ran kata 01\'s solution')
  t.ok(/verify: 1 passed, 0 failed/.test(out), 'and only that')
  t.ok(/^ *solutions\/01-append-only-log *\| *100 \|/m.test(out) || /01-append-only-log[^\n]*\| *100 \|/.test(out), 'kata 01\'s solution fully covered')
  t.ok(/^Lines *: [\d.]+% \( \d+\/\d+ \)$/m.test(out), 'the summary of lines')
  const files = readdirSync(dir)
  t.ok(files.includes('notes.txt'), 'a file that is not V8\'s is kept')
  t.absent(files.includes('coverage-1-2-3.json'), 'an earlier run\'s coverage is removed')
  t.ok(files.filter((f) => /^coverage-\d+-\d+-\d+\.json$/.test(f)).length >= 2, 'the verifier and the suite each wrote theirs')
})

test('coverage --help; arguments verify cannot use: no report', SLOW, (t) => {
  const help = coverage('--help')
  t.is(help.code, 0)
  t.ok(help.out.includes('--coverage-dir DIR') && help.out.includes('npm run verify -- --help'), 'its flag, and where verify\'s are')
  const bad = coverage('--coverage-dir')
  t.is(bad.code, 2)
  t.ok(bad.out.includes('--coverage-dir needs a folder'), '--coverage-dir without a folder is refused')
})

test('coverage with a flag verify does not know: verify says so, exit code 2, no report', SLOW, async (t) => {
  const { code, out } = coverage('--coverage-dir', await t.tmp(), '--bogus')
  t.is(code, 2)
  t.ok(out.includes('usage: npm run verify'), 'verify\'s usage')
  t.absent(/^Lines *:/m.test(out), 'no report')
})
