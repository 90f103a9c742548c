// Module resolve hook for `--solution`: an import of a kata's stub (katas/NN-slug/x.ts, from anywhere)
// loads the reference solution src/solutions/NN-slug/x.ts instead. No file is edited.
// Plain JS: it runs in Node's loader thread, before any TypeScript loader.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import path from 'node:path'

let root = ''

export function initialize (data) {
  root = data.root
}

export async function resolve (specifier, context, next) {
  const resolved = await next(specifier, context)
  if (!resolved.url.startsWith('file:')) return resolved
  const file = fileURLToPath(resolved.url)
  const rel = path.relative(path.join(root, 'katas'), file)
  const parts = rel.split(path.sep)
  if (parts.length !== 2 || parts[0].startsWith('..') || parts[1].endsWith('.test.ts')) return resolved
  const solution = path.join(root, 'src', 'solutions', parts[0], parts[1])
  if (!existsSync(solution)) return resolved
  return { ...resolved, url: pathToFileURL(solution).href }
}
