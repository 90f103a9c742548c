// What each verify check depends on, for the result cache (cache.ts). Conservative: a kata's checks depend
// on the kata's folder, its reference solution, the harness, the runner, the verifier's checks, the type
// declarations, package.json, package-lock.json, the dependency patches, tsconfig.json and every repository file any of these
// import (followed from the suite and the solution); a mistake also on its own entry. Checks that cannot be
// described that way (tsc, actionlint, test/) are traced (trace.ts) or depend on the whole repository.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { ROOT, SOLUTIONS_DIR, type Kata } from '../runner/katas.ts'
import { STATE_FILE } from '../runner/state.ts'
import type { Mistake } from '../mistakes/mistake.ts'
import { expand, type Deps } from './cache.ts'

const SHARED = [
  'package.json', 'package-lock.json', 'patches', 'tsconfig.json',
  'src/runner', 'src/harness', 'src/types',
  'src/verify/checks.ts', 'src/verify/cache.ts', 'src/verify/deps.ts', 'src/verify/trace.ts',
  'src/mistakes/mistake.ts'
].map((p) => path.join(ROOT, p))

/**
 * Everything a check of this kata (stub, solution, hung, busy or mistake) reads: all but the lesson and the
 * hints (markdown no suite reads; the lesson's title, which names the checks, is in their key).
 */
export function kataDeps (kata: Kata, key: unknown): Deps {
  let paths = kataPaths.get(kata.dir)
  if (!paths) {
    const solution = path.join(SOLUTIONS_DIR, kata.name)
    const roots = expand([kata.dir, solution]).filter((p) => p.endsWith('.ts'))
    paths = [...new Set([...SHARED, kata.dir, solution, ...importClosure(roots)])].sort()
    kataPaths.set(kata.dir, paths)
  }
  return { paths, key: { title: kata.title, key }, keep: (file) => !(file.startsWith(kata.dir + path.sep) && file.endsWith('.md')) }
}

// Worked out once per verify run: every check of a kata has the same (a run sees one state of the files).
const kataPaths = new Map<string, string[]>()

/** A mistake's entry as the check uses it (its pattern as text: a RegExp has no JSON of its own). */
export function mistakeKey (mistake: Mistake): unknown {
  return { ...mistake, names: String(mistake.names) }
}

const IMPORT = /(?:^|[^\w$.])(?:import|export)\s*(?:[^'"`;]*?\sfrom\s*)?\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g

/**
 * Every repository file reachable by relative imports from these files. A kata's stub stands for its
 * reference solution in most runs (src/runner/stub-hooks.mjs), so reaching one reaches both. (`root`: the
 * repository's, or another for a test.)
 */
export function importClosure (files: string[], root = ROOT): string[] {
  const seen = new Set<string>()
  const queue = [...files]
  while (queue.length) {
    const file = queue.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    if (!existsSync(file) || !/\.[cm]?[jt]sx?$/.test(file)) continue
    for (const [, specifier] of withoutCommentLines(readFileSync(file, 'utf8')).matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), specifier.split('?')[0])
      if (!target.startsWith(root + path.sep) || target.includes(`${path.sep}node_modules${path.sep}`)) continue
      queue.push(target)
      const rel = path.relative(path.join(root, 'katas'), target)
      if (!rel.startsWith('..')) queue.push(path.join(root, path.relative(ROOT, SOLUTIONS_DIR), rel))
    }
  }
  return [...seen]
}

/** The text without its comment lines (`// …`, and ` * …` in a block comment), where an import is only an example. */
function withoutCommentLines (text: string): string {
  return text.split('\n').filter((line) => !/^\s*(\/\/|\/?\*)/.test(line)).join('\n')
}

/**
 * Every file of the repository (tracked, or new and not ignored), for checks that may read anything; the
 * list itself is part of the key, so a new file is a change too.
 */
export function repositoryDeps (): Deps {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
  if (git.status !== 0) return { paths: [ROOT], key: 'the whole folder' }
  const paths = git.stdout.split('\0').filter(Boolean).map((f) => path.join(ROOT, f)).sort()
  return { paths, key: createHash('sha256').update(paths.join('\0')).digest('hex') }
}

/**
 * The paths of the repository's own files among these (none of node_modules or .git), `stat:` kept. Not the
 * learner's state file either (ignored by git): every `npm test` in the repository writes it, a test's
 * own run included, so as a dependency it would make every test that runs the dojo run again each time;
 * and no test may depend on it (each maintainer's clone holds another).
 */
export function repositoryOnly (paths: string[]): string[] {
  const skip = [path.join(ROOT, 'node_modules'), path.join(ROOT, '.git'), STATE_FILE]
  return paths.filter((entry) => {
    const p = entry.replace(/^stat:/, '')
    return (p === ROOT || p.startsWith(ROOT + path.sep)) && !skip.some((s) => p === s || p.startsWith(s + path.sep))
  })
}
