// `KATA_MISTAKES='[{"kata":…,"file":…,"name":…,"edits":[[from,to],…]},…]' node --import ./src/runner/use-mistakes.mjs …`:
// several mistakes in one process (mistake-batch.ts): what is imported as `…?batch=N` gets the N-th.
// A process a mistake's suite starts from there (the harness's inNewProcess: an app restarted) inherits
// these flags and, in KATA_MISTAKE, the mistake that was running (mistake-batch.ts sets it): that process
// runs that one mistake, as a process started by a lone mistake's suite would (use-mistake.mjs).
import { register } from 'node:module'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const current = JSON.parse(process.env.KATA_MISTAKE ?? 'null')
const mistakes = JSON.parse(process.env.KATA_MISTAKES ?? 'null')
if (current) register('./stub-hooks.mjs', import.meta.url, { data: { root, mode: 'mistake', mistake: current } })
else if (Array.isArray(mistakes)) register('./stub-hooks.mjs', import.meta.url, { data: { root, mode: 'mistakes', mistakes } })
else throw new Error('use-mistakes.mjs needs KATA_MISTAKES (set by the verifier)')
