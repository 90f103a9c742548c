// Finds the katas on disk and turns what a learner typed ("03", "katas/03", "katas/03-slug") into katas.
import { readdirSync, existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const KATAS_DIR = path.join(ROOT, 'katas')
export const SOLUTIONS_DIR = path.join(ROOT, 'src', 'solutions')

export interface Kata {
  /** "03-replication" */
  name: string
  /** "03" */
  number: string
  /** The lesson's first heading, e.g. "Replication". */
  title: string
  dir: string
  /** The brittle suite, katas/NN-slug/NN-slug.test.ts or the only *.test.ts there. */
  suite: string
  /** The learner's stub modules (every .ts file in the folder that is not a test). */
  stubs: string[]
}

export function listKatas (dir = KATAS_DIR): Kata[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d\d-/.test(entry.name))
    .map((entry) => readKata(path.join(dir, entry.name)))
    .sort((a, b) => a.name.localeCompare(b.name))
}

function readKata (dir: string): Kata {
  const name = path.basename(dir)
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()
  const suites = files.filter((f) => f.endsWith('.test.ts'))
  return {
    name,
    number: name.slice(0, 2),
    title: lessonTitle(dir) ?? name.slice(3).replace(/-/g, ' '),
    dir,
    suite: path.join(dir, suites[0] ?? `${name}.test.ts`),
    stubs: files.filter((f) => !f.endsWith('.test.ts')).map((f) => path.join(dir, f))
  }
}

function lessonTitle (dir: string): string | null {
  const lesson = path.join(dir, 'README.md')
  if (!existsSync(lesson)) return null
  const heading = readFileSync(lesson, 'utf8').match(/^#\s+(.+)$/m)
  return heading ? heading[1].replace(/^Kata\s+\d+\s*[:·—-]\s*/i, '').trim() : null
}

export class SelectionError extends Error {}

/** Resolves selectors to katas, in curriculum order; none selects every kata. */
export function selectKatas (selectors: string[], katas = listKatas()): Kata[] {
  if (selectors.length === 0) return katas
  const chosen = new Set<Kata>()
  for (const selector of selectors) {
    for (const kata of matchOne(selector, katas)) chosen.add(kata)
  }
  return katas.filter((kata) => chosen.has(kata))
}

function matchOne (selector: string, katas: Kata[]): Kata[] {
  const wanted = selector.replace(/\\/g, '/').replace(/^(\.\/)?katas\//, '').replace(/\/.*$/, '')
  const available = katas.map((k) => `  ${k.name}`).join('\n')
  if (wanted === '') throw new SelectionError(`"${selector}" does not name a kata. Available katas:\n${available}`)
  const exact = katas.filter((k) => k.name === wanted || k.number === wanted.padStart(2, '0') && /^\d{1,2}$/.test(wanted))
  if (exact.length === 1) return exact
  const prefixed = katas.filter((k) => k.name.startsWith(wanted))
  if (prefixed.length === 1) return prefixed
  if (prefixed.length > 1) {
    throw new SelectionError(`"${selector}" matches ${prefixed.length} katas:\n${prefixed.map((k) => `  ${k.name}`).join('\n')}\nType more of the name to pick one.`)
  }
  throw new SelectionError(`No kata matches "${selector}". Available katas:\n${available}`)
}
