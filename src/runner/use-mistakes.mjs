// `KATA_MISTAKES='[{"kata":…,"file":…,"name":…,"edits":[[from,to],…]},…]' node --import ./src/runner/use-mistakes.mjs …`:
// several mistakes in one process (mistake-batch.ts): what is imported as `…?batch=N` gets the N-th.
import { register } from 'node:module'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const mistakes = JSON.parse(process.env.KATA_MISTAKES ?? 'null')
if (!Array.isArray(mistakes)) throw new Error('use-mistakes.mjs needs KATA_MISTAKES (set by the verifier)')
register('./stub-hooks.mjs', import.meta.url, { data: { root, mode: 'mistakes', mistakes } })
