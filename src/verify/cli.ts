// `npm run verify`: proves the curriculum sound — types check, every stub is red for the right reason,
// every reference solution is green, and the repository's own tests pass.
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { ROOT, listKatas } from '../runner/katas.ts'
import { commandSucceeds, solutionIsGreen, stubIsRed, testFileIsGreen, type Check } from './checks.ts'
import { pool } from './pool.ts'

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '2' } } })
const jobs = Math.max(1, Number(values.jobs) || 1)

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const TEST_DIR = path.join(ROOT, 'test')

const tasks: Array<() => Promise<Check>> = [
  () => commandSucceeds('tsc --noEmit', process.execPath, [TSC, '--noEmit', '-p', ROOT])
]
for (const kata of listKatas()) tasks.push(() => stubIsRed(kata), () => solutionIsGreen(kata))
const testFiles = existsSync(TEST_DIR) ? readdirSync(TEST_DIR).filter((f) => f.endsWith('.test.ts')).sort() : []
for (const file of testFiles) tasks.push(() => testFileIsGreen(path.join(TEST_DIR, file)))

const started = Date.now()
const width = 48
console.log(`${'check'.padEnd(width)} result`)
const checks = await pool(tasks, jobs, (check) => {
  const mark = check.ok ? 'ok  ' : 'FAIL'
  console.log(`${check.name.padEnd(width)} ${mark} ${check.detail.split('\n').join('\n' + ' '.repeat(width + 6))}`)
})
const failed = checks.filter((c) => !c.ok).length
console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s, ${jobs} at a time)`)
console.log(`verify: ${checks.length - failed} passed, ${failed} failed`)
process.exitCode = failed ? 1 : 0
