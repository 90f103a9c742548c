// `node --import ./src/runner/use-solutions.mjs …`: katas' stubs resolve to their reference solutions.
import { register } from 'node:module'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
register('./stub-hooks.mjs', import.meta.url, { data: { root, mode: 'solution' } })
