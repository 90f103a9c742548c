// `npm run coverage [-- verify flags]`: c8 over every line of src/ while all of `npm run verify` runs,
// child processes included (NODE_V8_COVERAGE is inherited). The dojo's tests' sandbox copies of src/ are
// mapped back onto src/, the learner mistakes' edited solutions left out (src/verify/raw-coverage.ts).
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../runner/katas.ts'
import { forSrc } from './raw-coverage.ts'

const USAGE = `usage: npm run coverage -- [--coverage-dir DIR] [verify flags]
  --coverage-dir DIR  where every process writes its raw coverage (default coverage/tmp); what an
                      earlier run left there is removed first
  any other flag is npm run verify's (npm run verify -- --help), e.g. --kata 07 for one kata's checks`

const args = process.argv.slice(2)
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE)
  process.exit(0)
}
let dir = path.join(ROOT, 'coverage', 'tmp')
const at = args.indexOf('--coverage-dir')
if (at >= 0) {
  if (!args[at + 1] || args[at + 1].startsWith('-')) {
    console.error(`--coverage-dir needs a folder\n${USAGE}`)
    process.exit(2)
  }
  dir = path.resolve(args[at + 1])
  args.splice(at, 2)
}
const C8 = path.join(ROOT, 'node_modules', 'c8', 'bin', 'c8.js')
// Only V8's own files (coverage-PID-TIME-N.json): DIR may be a folder of the maintainer's choosing.
const RAW = /^coverage-\d+-\d+-\d+\.json$/

mkdirSync(dir, { recursive: true })
for (const file of readdirSync(dir).filter((f) => RAW.test(f))) rmSync(path.join(dir, file))
const verify = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'verify', 'cli.ts'), ...args], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, NODE_V8_COVERAGE: dir }
})
// Verify refused its arguments (it printed why): there is nothing to report.
if (verify.status === 2) process.exit(2)

const files = readdirSync(dir).filter((f) => RAW.test(f))
let cut = 0
for (const file of files) {
  const raw = readFileSync(path.join(dir, file), 'utf8')
  const text = forSrc(raw, ROOT)
  if (text === null) cut++
  else if (text !== raw) writeFileSync(path.join(dir, file), text)
}
// c8 would skip them without a word.
if (cut) console.log(`\ncoverage: ${cut} of ${files.length} processes were killed while writing their coverage, which is left out`)

const report = spawnSync(process.execPath, [C8, 'report', '--temp-directory', dir, '--src', 'src', '--all', '--include', 'src/**',
  '--exclude', 'src/types/**', '--reporter', 'text', '--reporter', 'text-summary'], { cwd: ROOT, stdio: 'inherit' })
process.exitCode = verify.status || report.status || 0
