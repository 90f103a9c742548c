// Module hooks that swap a kata's stub (katas/NN-slug/x.ts, imported from anywhere) for something else,
// with no file edited:
//   mode 'solution': the reference solution src/solutions/NN-slug/x.ts (`npm test -- 03 --solution`);
//   mode 'hang': a module whose every export hangs forever (the verifier's check that hung learner code
//   fails fast, naming what was pending).
// Plain JS: it runs in Node's loader thread, ahead of the TypeScript loader.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import path from 'node:path'

let root = ''
let mode = 'solution'

export function initialize (data) {
  root = data.root
  mode = data.mode
}

/** The kata folder and file name of a stub module's URL, or null for anything else. */
function stubOf (url) {
  if (!url.startsWith('file:')) return null
  const rel = path.relative(path.join(root, 'katas'), fileURLToPath(url))
  const parts = rel.split(path.sep)
  if (parts.length !== 2 || parts[0].startsWith('..') || !parts[1].endsWith('.ts') || parts[1].endsWith('.test.ts')) return null
  return { kata: parts[0], file: parts[1] }
}

export async function resolve (specifier, context, next) {
  const resolved = await next(specifier, context)
  const stub = mode === 'solution' && stubOf(resolved.url)
  if (!stub) return resolved
  const solution = path.join(root, 'src', 'solutions', stub.kata, stub.file)
  return existsSync(solution) ? { ...resolved, url: pathToFileURL(solution).href } : resolved
}

// Every export of a hung stub: calling it returns a promise that never settles; so does `new`.
const HUNG = `const hung = new Proxy(function hung () {}, {
  get: (target, key) => key === 'then' ? undefined : hung,
  apply: () => new Promise(() => {}),
  construct: () => hung
})`

export async function load (url, context, next) {
  if (mode !== 'hang' || !stubOf(url)) return next(url, context)
  const source = readFileSync(fileURLToPath(url), 'utf8')
  const names = [...source.matchAll(/^export\s+(?:async\s+)?(?:function\s*\*?|class|const|let)\s+(\w+)/gm)].map((m) => m[1])
  const exports = names.map((name) => `export const ${name} = hung`).join('\n')
  return { format: 'module', source: `${HUNG}\n${exports}\n`, shortCircuit: true }
}
