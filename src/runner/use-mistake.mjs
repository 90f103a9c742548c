// `KATA_MISTAKE='{"kata":…,"file":…,"name":…,"edits":[[from,to],…]}' node --import ./src/runner/use-mistake.mjs …`:
// katas' stubs resolve to their reference solutions, one of them with a learner's mistake edited in.
import { register } from 'node:module'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const mistake = JSON.parse(process.env.KATA_MISTAKE ?? 'null')
if (!mistake) throw new Error('use-mistake.mjs needs KATA_MISTAKE (set by the verifier)')
register('./stub-hooks.mjs', import.meta.url, { data: { root, mode: 'mistake', mistake } })
