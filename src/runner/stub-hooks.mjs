// Module hooks that swap a kata's stub (katas/NN-slug/x.ts, imported from anywhere) for something else,
// with no file edited:
//   mode 'solution': the reference solution src/solutions/NN-slug/x.ts (`npm test -- 03 --solution`);
//   mode 'hang': the stub with every function it exports made to hang forever (the verifier's check that
//   hung learner code fails fast, naming what was pending); its constants stay as written, since no
//   learner's code can make a constant hang;
//   mode 'busy': the same, but every function spins synchronously for ever (a learner's endless loop:
//   the busy-loop watchdog must name it within seconds);
//   mode 'mistake': the reference solution with a learner's mistake edited in (src/mistakes/): `edits`
//   are [from, to] pairs applied to one stub's solution, each `from` found exactly once;
//   mode 'mistakes': several mistakes in one process (src/runner/mistake-batch.ts): a module imported as
//   `…?batch=N` gets the N-th, and every repository file it imports (not node_modules) is a fresh instance
//   of its own, keyed `?batch=N` too, so no module state is shared between two mistakes.
// Plain JS: it runs in Node's loader thread, ahead of the TypeScript loader.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import path from 'node:path'

let root = ''
let mode = 'solution'
let mistake = null
let mistakes = []

export function initialize (data) {
  root = data.root
  mode = data.mode
  mistake = data.mistake ?? null
  mistakes = data.mistakes ?? []
}

const BATCH = /[?&]batch=(\d+)/

/** The batch number a module URL carries (mode 'mistakes'), or null. */
function batchOf (url) {
  const match = url ? BATCH.exec(url) : null
  return match ? Number(match[1]) : null
}

/** A repository file (not a dependency's). */
function ownFile (url) {
  if (!url.startsWith('file:')) return false
  const file = fileURLToPath(url)
  return file.startsWith(root + path.sep) && !file.split(path.sep).includes('node_modules')
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
  if (mode === 'mistakes') return inBatch(resolved, batchOf(specifier) ?? batchOf(context.parentURL))
  const stub = (mode === 'solution' || mode === 'mistake') && stubOf(resolved.url)
  if (!stub) return resolved
  const solution = path.join(root, 'src', 'solutions', stub.kata, stub.file)
  if (!existsSync(solution)) return resolved
  const edited = mode === 'mistake' && mistake.kata === stub.kata && mistake.file === stub.file
  return { ...resolved, url: pathToFileURL(solution).href + (edited ? '?mistake' : '') }
}

/** Mode 'mistakes': a repository module of batch N as its own instance, a stub as its solution (the N-th mistake's edits in when it has them). */
function inBatch (resolved, batch) {
  if (batch === null || !ownFile(resolved.url)) return resolved
  const bare = resolved.url.split('?')[0]
  const stub = stubOf(bare)
  const solution = stub && path.join(root, 'src', 'solutions', stub.kata, stub.file)
  if (!solution || !existsSync(solution)) return { ...resolved, url: `${bare}?batch=${batch}` }
  const spec = mistakes[batch]
  const edited = spec && spec.kata === stub.kata && spec.file === stub.file
  return { ...resolved, url: `${pathToFileURL(solution).href}?batch=${batch}${edited ? '&mistake' : ''}` }
}

/** The solution's TypeScript with the mistake's edits applied, as JavaScript. */
async function withMistake (url, mistake) {
  let source = readFileSync(fileURLToPath(url), 'utf8')
  for (const [from, to] of mistake.edits) {
    const count = source.split(from).length - 1
    if (count !== 1) throw new Error(`mistake "${mistake.name}" no longer fits the solution: ${JSON.stringify(from)} occurs ${count} times in ${mistake.file}, not once`)
    source = source.replace(from, () => to)
  }
  return asJavaScript(url, source)
}

/** A TypeScript module (its file's text, or the text given) as JavaScript. */
async function asJavaScript (url, source = readFileSync(fileURLToPath(url), 'utf8')) {
  const { transform } = await import('esbuild')
  const { code } = await transform(source, { loader: 'ts', format: 'esm', sourcefile: fileURLToPath(url), sourcemap: 'inline' })
  return code
}

// Every export of a hung stub: calling it returns a promise that never settles; so does `new`.
const HUNG = `const hung = new Proxy(function hung () {}, {
  get: (target, key) => key === 'then' ? undefined : hung,
  apply: () => new Promise(() => {}),
  construct: () => hung
})`

// Every function export of a busy stub: calling it never returns, and never lets anything else run.
const busy = (name) => `({ ${name}: function () { for (;;) {} } }).${name}`

export async function load (url, context, next) {
  if (mode === 'mistake' && url.endsWith('?mistake')) return { format: 'module', source: await withMistake(url, mistake), shortCircuit: true }
  if (mode === 'mistakes' && url.endsWith('&mistake')) return { format: 'module', source: await withMistake(url, mistakes[batchOf(url)]), shortCircuit: true }
  if ((mode !== 'hang' && mode !== 'busy') || !stubOf(url)) return next(url, context)
  // The stub as written, imported by the hung module below for its constants.
  if (url.endsWith('?as-written')) return { format: 'module', source: await asJavaScript(url), shortCircuit: true }
  const source = readFileSync(fileURLToPath(url), 'utf8')
  const names = [...source.matchAll(/^export\s+(?:async\s+)?(?:function\s*\*?|class|const|let)\s+(\w+)/gm)].map((m) => m[1])
  const exports = names.map((name) => `export const ${name} = typeof stub.${name} === 'function' ? ${mode === 'busy' ? busy(name) : 'hung'} : stub.${name}`).join('\n')
  const imported = `import * as stub from ${JSON.stringify(url.split('?')[0] + '?as-written')}`
  return { format: 'module', source: `${imported}\n${HUNG}\n${exports}\n`, shortCircuit: true }
}
