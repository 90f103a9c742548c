// `npm run coverage [-- verify flags]`: c8 over every line of src/ while all of `npm run verify` runs,
// child processes included (NODE_V8_COVERAGE is inherited). The dojo's tests run the dojo in throwaway
// copies of the repository (test/dojo-sandbox.ts); their coverage is mapped back onto src/ here, since
// those copies are the same files.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../runner/katas.ts'

const DIR = path.join(ROOT, 'coverage', 'tmp')
const C8 = path.join(ROOT, 'node_modules', 'c8', 'bin', 'c8.js')
// A sandbox's root: …/kata-dojo-XXXXXX (see test/dojo-sandbox.ts).
const SANDBOX = /(?<=file:\/\/|")\/[^"\s]*?\/kata-dojo-[A-Za-z0-9]+(?=\/)/g

rmSync(DIR, { recursive: true, force: true })
mkdirSync(DIR, { recursive: true })
const verify = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'verify', 'cli.ts'), ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, NODE_V8_COVERAGE: DIR }
})

for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
  const text = readFileSync(path.join(DIR, file), 'utf8')
  if (text.includes('kata-dojo-')) writeFileSync(path.join(DIR, file), text.replace(SANDBOX, ROOT))
}

const report = spawnSync(process.execPath, [C8, 'report', '--temp-directory', DIR, '--src', 'src', '--all', '--include', 'src/**',
  '--exclude', 'src/types/**', '--reporter', 'text', '--reporter', 'text-summary'], { cwd: ROOT, stdio: 'inherit' })
process.exitCode = verify.status || report.status || 0
