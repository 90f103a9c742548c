// Layers point one way: suites use the harness, the runner runs suites, the dojo and the tools stand on the
// runner. Every import of src/ and katas/ is read (static and literal dynamic ones) and checked against it.
import test from 'brittle'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'

interface Import { file: string, target: string, dynamic: boolean }

const SRC = path.join(ROOT, 'src')

function files (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const abs = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : files(abs)
    return /\.(ts|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [abs] : []
  })
}

/** The relative imports of a file, resolved to paths from the repository root ("src/runner/katas.ts"). */
function importsOf (file: string): Import[] {
  const source = readFileSync(file, 'utf8')
  const found: Import[] = []
  const patterns: Array<[RegExp, boolean]> = [
    [/^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/gm, false],
    [/^\s*import\s*['"]([^'"]+)['"]/gm, false],
    [/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, true]
  ]
  for (const [pattern, dynamic] of patterns) {
    for (const match of source.matchAll(pattern)) {
      if (!match[1].startsWith('.')) continue
      const target = path.relative(ROOT, path.resolve(path.dirname(file), match[1])).split(path.sep).join('/')
      found.push({ file: path.relative(ROOT, file).split(path.sep).join('/'), target, dynamic })
    }
  }
  return found
}

/** "src/runner/x.ts" → "runner"; "katas/01-x/y.ts" → "katas". */
function room (file: string): string {
  const parts = file.split('/')
  return parts[0] === 'src' ? parts[1] : parts[0]
}

const all = [...files(SRC), ...files(path.join(ROOT, 'katas'))].flatMap(importsOf)

function offending (from: string, forbidden: string[]): string[] {
  return all.filter((i) => room(i.file) === from && forbidden.includes(room(i.target))).map((i) => `${i.file} → ${i.target}`)
}

test('the import reader finds what it should (so that an empty result means something)', (t) => {
  t.ok(all.some((i) => i.file === 'src/dojo/board.ts' && i.target === 'src/runner/records.ts'), 'the dojo records runs through the runner')
  t.ok(all.some((i) => i.file === 'src/chat/engine.ts' && i.target === 'katas/12-kappa-chat/chat.ts' && i.dynamic), 'a literal dynamic import is read too')
  t.ok(all.length > 100, `${all.length} imports read`)
})

test('the harness knows no kata, and nothing above it', (t) => {
  t.alike(offending('harness', ['katas', 'runner', 'dojo', 'verify', 'solutions', 'mistakes', 'chat', 'bench', 'mutate']), [])
})

test('the command-line helper every command shares stands on nothing of ours', (t) => {
  t.alike(all.filter((i) => room(i.file) === 'cli' && room(i.target) !== 'cli').map((i) => `${i.file} → ${i.target}`), [])
})

test('the runner imports nothing above it: no dojo, room, tool, app, mistake or solution', (t) => {
  t.alike(offending('runner', ['dojo', 'verify', 'mistakes', 'solutions', 'chat', 'bench', 'mutate', 'room']), [])
})

test('the dojo, the app and the mistakes stand on the runner, never on the maintainers\' tools', (t) => {
  t.alike(offending('dojo', ['verify', 'bench', 'mutate', 'chat', 'solutions']), [])
  t.alike(offending('chat', ['dojo', 'verify', 'bench', 'mutate']), [])
  t.alike(offending('mistakes', ['dojo', 'verify', 'bench', 'mutate', 'chat']), [])
})

test('no kata imports a reference solution', (t) => {
  t.alike(offending('katas', ['solutions']), [])
})

test('nothing imports src/solutions statically: the repository type-checks and runs without it', (t) => {
  const statics = all.filter((i) => room(i.target) === 'solutions' && room(i.file) !== 'solutions' && !i.dynamic)
  t.alike(statics.map((i) => `${i.file} → ${i.target}`), [], 'a learner\'s copy without the solutions still type-checks')
  const literal = all.filter((i) => room(i.target) === 'solutions' && room(i.file) !== 'solutions')
  t.alike(literal.map((i) => `${i.file} → ${i.target}`), [], 'dynamic imports of a solution go through referenceModule(), which says clearly when it is missing')
})

test('src/ holds only folders, one per room', (t) => {
  const loose = readdirSync(SRC).filter((name) => !statSync(path.join(SRC, name)).isDirectory())
  t.alike(loose, [])
})

test('the room board stands on the runner, never on the dojo, the app or the tools', (t) => {
  t.alike(offending('room', ['dojo', 'verify', 'bench', 'mutate', 'chat', 'solutions', 'mistakes']), [])
})
