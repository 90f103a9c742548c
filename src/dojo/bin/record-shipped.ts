// `npm run record-shipped`: for maintainers, after changing any kata file. Records every kata file's git
// blob id in src/dojo/shipped.json: what "as shipped" means to progress, the watch bar and reset.
import path from 'node:path'
import { commandLine } from '../../cli/flags.ts'
import { ROOT } from '../../runner/katas.ts'
import { MANIFEST, currentRecord, shippedRecord, writeRecord } from '../shipped.ts'

commandLine({}, 'usage: npm run record-shipped   (no flags: records every kata file as it is now)')
const before = shippedRecord()
const now = currentRecord()
const changed = Object.keys({ ...before, ...now }).filter((file) => before[file] !== now[file])
writeRecord(now)
console.log(`${path.relative(ROOT, MANIFEST)}: ${Object.keys(now).length} kata files, ${changed.length} changed since the last record`)
for (const file of changed) console.log(`  ${file}`)
