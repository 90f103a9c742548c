// Verify's result cache: a check that passed is not run again while nothing it depends on has changed.
// An entry records the check's result and a digest of every file (content), folder (its listing) and
// missing path it depended on; it is used only while each still has the same digest and the same key
// (Node version, platform, flags, the mistake's entry). Only passes are stored: a failure is always run
// again (and removes the entry), so a cached result can never turn a failure into a pass.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../runner/katas.ts'
import type { Check } from './checks.ts'

export const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'kappa-katas-verify')
/** Bumped when what an entry means changes. */
const FORMAT = 1

export interface Deps {
  /** Files and folders (absolute) the check reads; a folder counts with everything under it. */
  paths: string[]
  /** Whatever else decides the result: flags, the mistake's entry… (with Node's version etc. added here). */
  key: unknown
  /** Which of the files under those folders count (all when left out). */
  keep?: (file: string) => boolean
}

/** What a check that could trace its own reads returns: the result and every path it read. */
export interface Traced {
  check: Check
  read?: string[]
}

interface Entry {
  name: string
  key: string
  deps: Record<string, string>
  check: Check
}

export class ResultCache {
  hits = 0
  private readonly digests = new Map<string, string>()
  private readonly expansions = new WeakMap<string[], string[]>()
  private readonly expansionIds = new WeakMap<string[], string>()

  constructor (readonly enabled: boolean, readonly dir = CACHE_DIR) {}

  /**
   * Runs the check unless a stored pass still holds. `deps` are known before the run (static); a traced
   * check also depends on whatever it was seen to read (digested after the run).
   */
  async run (name: string, deps: Deps, run: () => Promise<Check | Traced>): Promise<Check> {
    const key = keyOf(name, deps.key)
    const file = path.join(this.dir, `${key}.json`)
    if (this.enabled) {
      const hit = this.lookup(file, key)
      if (hit) {
        this.hits++
        return { ...hit, cached: true }
      }
    }
    const before = this.digestAll(this.expanded(deps))
    const result = await run()
    const { check, read } = 'check' in result ? result : { check: result, read: undefined }
    if (!this.enabled) return check
    if (!check.ok || check.skipped) {
      rmSync(file, { force: true })
      return check
    }
    // Digests of what was read are taken afresh: this run's own writes must not count as a change.
    for (const p of read ?? []) this.digests.delete(p)
    for (const p of read ?? []) this.digests.delete(p.replace(/^stat:/, ''))
    const deps2 = { ...this.digestAll(read ?? []), ...before }
    const entry: Entry = { name, key, deps: deps2, check }
    mkdirSync(this.dir, { recursive: true })
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(entry))
    renameSync(tmp, file)
    return check
  }

  /** The stored pass of this check while it still holds (as `run` would return it), or null. */
  hit (name: string, deps: Deps): Check | null {
    if (!this.enabled) return null
    const key = keyOf(name, deps.key)
    const hit = this.lookup(path.join(this.dir, `${key}.json`), key)
    return hit ? { ...hit, cached: true } : null
  }

  /** The files and folders of these deps (the same for every check of a kata: worked out once). */
  private expanded (deps: Deps): string[] {
    const id = JSON.stringify(deps.paths) + String(deps.keep)
    let paths = this.expansions.get(deps.paths)
    if (!paths || this.expansionIds.get(deps.paths) !== id) {
      paths = expand(deps.paths, deps.keep)
      this.expansions.set(deps.paths, paths)
      this.expansionIds.set(deps.paths, id)
    }
    return paths
  }

  private lookup (file: string, key: string): Check | null {
    let entry: Entry
    try {
      entry = JSON.parse(readFileSync(file, 'utf8')) as Entry
    } catch {
      return null
    }
    if (entry.key !== key || !entry.check?.ok || entry.check.skipped) return null
    for (const [p, digest] of Object.entries(entry.deps)) if (this.digest(p) !== digest) return null
    return entry.check
  }

  private digestAll (paths: string[]): Record<string, string> {
    return Object.fromEntries(paths.map((p) => [p, this.digest(p)]))
  }

  /**
   * A file's content, a folder's listing (for `stat:` and a path: only that it is a folder), or that
   * nothing is there; computed once per run.
   */
  digest (p: string): string {
    let digest = this.digests.get(p)
    if (digest === undefined) {
      digest = digestOf(p)
      this.digests.set(p, digest)
    }
    return digest
  }
}

function digestOf (p: string): string {
  const hash = createHash('sha256')
  const looked = p.startsWith('stat:')
  if (looked) p = p.slice('stat:'.length)
  try {
    if (statSync(p).isDirectory()) hash.update(looked ? 'dir' : 'dir\0' + readdirSync(p).sort().join('\0'))
    else hash.update('file\0').update(readFileSync(p))
  } catch {
    return 'absent'
  }
  return hash.digest('hex')
}

/** The key of a check: its name, its own key, and what any check's result depends on beyond files. */
function keyOf (name: string, key: unknown): string {
  const env = { NODE_OPTIONS: process.env.NODE_OPTIONS ?? '', TZ: process.env.TZ ?? '' }
  const all = { FORMAT, name, key, node: process.version, execPath: process.execPath, platform: process.platform, arch: process.arch, env }
  return createHash('sha256').update(JSON.stringify(all)).digest('hex').slice(0, 40)
}

const SKIP = new Set(['node_modules', '.git'])

/** Folders expanded to every folder and file under them that `keep` keeps (node_modules and .git left out). */
export function expand (paths: string[], keep: (file: string) => boolean = () => true): string[] {
  const out = new Set<string>()
  const walk = (p: string): void => {
    if (out.has(p)) return
    out.add(p)
    let entries
    try {
      entries = readdirSync(p, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const child = path.join(p, entry.name)
      if (!SKIP.has(entry.name) && (entry.isDirectory() || keep(child))) walk(child)
    }
  }
  for (const p of paths) walk(path.resolve(p))
  return [...out].sort()
}

/**
 * Whether the cache is to be used: not with --no-cache, not on CI (where every check runs), not while
 * `npm run coverage` measures (NODE_V8_COVERAGE: every check must run to count its lines).
 */
export function cacheWanted (noCache: boolean, env = process.env): boolean {
  return !noCache && !(env.CI && env.CI !== 'false' && env.CI !== '0') && !env.NODE_V8_COVERAGE
}

export function clearCache (dir = CACHE_DIR): void {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true })
}
