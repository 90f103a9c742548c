// `node --import ./src/runner/use-busy-stubs.mjs …`: every function a kata's stub exports spins for ever (a busy loop).
import { register } from 'node:module'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
register('./stub-hooks.mjs', import.meta.url, { data: { root, mode: 'busy' } })
