// Who wrote what: every author is shown by a name no other author shares. A nick is whatever a feed
// says it is, so when two authors' names look alike (the same nick, or the same up to case, width,
// spacing, invisible characters or Unicode's confusables: Cyrillic "а" for Latin "a") each of them gets
// a suffix from its own feed key: alice~3f2a, alice~9b1c.
import unhomoglyph from 'unhomoglyph'
import { showName, short } from './display.ts'

/** The shortest key suffix: long enough to be hard to grind, extended until the keys differ. */
const SUFFIX = 4

export class Names {
  /** Every author seen so far, with the nick they had then (undefined: none yet). */
  private readonly nicks = new Map<string, string | undefined>()
  private cache: Map<string, string> | null = null

  /** `nickOf` is the chat's: the latest nick each author gave themselves. */
  constructor (private readonly nickOf: (author: string) => string | undefined) {}

  has (author: string): boolean {
    return this.nicks.has(author)
  }

  /** Remembers `author` (idempotent), with its current nick. */
  see (author: string): void {
    if (this.nicks.has(author)) return
    this.nicks.set(author, this.nickOf(author))
    this.cache = null
  }

  /** `author` is now called `nick`: returns the names shown before and after. */
  rename (author: string, nick: string): { before: string, after: string } {
    // First seen now: the chat already gives the new nick, so it had none (for us) before.
    if (!this.nicks.has(author)) {
      this.nicks.set(author, undefined)
      this.cache = null
    }
    const before = this.name(author)
    this.nicks.set(author, nick)
    this.cache = null
    return { before, after: this.name(author) }
  }

  /** The name `author` is shown by (sanitized, unique among the authors seen). */
  name (author: string): string {
    this.see(author)
    return this.all().get(author)!
  }

  /** The names, other than `author`'s own, that look like `author`'s nick would without a suffix. */
  alike (author: string): string[] {
    const names = this.all()
    const own = base(author, this.nicks.get(author))
    return [...names].filter(([a]) => a !== author && lookAlike(base(a, this.nicks.get(a)), own)).map(([, n]) => n)
  }

  /** Every author seen, by name. */
  all (): Map<string, string> {
    this.cache ??= uniqueNames(new Map([...this.nicks].map(([a, nick]) => [a, base(a, nick)])))
    return this.cache
  }
}

function base (author: string, nick: string | undefined): string {
  const shown = nick === undefined ? '' : showName(nick)
  return shown === '' ? short(author) : shown
}

/**
 * What a name looks like to a reader, two ways (Unicode's confusables are case-sensitive: "I" looks like
 * "l", yet "ALICE" is "alice" in capitals): case, width, spacing and invisible characters don't count,
 * and each character is replaced by the one it is confusable with (UTS #39, by unhomoglyph).
 */
export function skeletons (name: string): string[] {
  const plain = name.normalize('NFKC').replace(/[\s\u2800\p{Default_Ignorable_Code_Point}\p{Cf}]/gu, '')
  return [...new Set([unhomoglyph(plain.toLowerCase()), unhomoglyph(plain).toLowerCase()])]
}

/** Whether two names look alike: they share a skeleton. */
export function lookAlike (a: string, b: string): boolean {
  const mine = skeletons(a)
  return skeletons(b).some((s) => mine.includes(s))
}

/**
 * author → name: names that look alike get the key suffix of their author, again and again while any
 * still look alike (a nick can be "alice~3f2a" itself, and a key can be ground to share 4 hex digits).
 */
export function uniqueNames (bases: Map<string, string>): Map<string, string> {
  const names = new Map(bases)
  for (let round = 0; round <= bases.size; round++) {
    const clashes = alikeGroups(names)
    if (clashes.length === 0) break
    for (const authors of clashes) {
      let length = SUFFIX
      while (new Set(authors.map((a) => a.slice(0, length))).size < authors.length) length++
      for (const author of authors) names.set(author, `${names.get(author)!}~${author.slice(0, length)}`)
    }
  }
  return names
}

/** The groups (of two or more authors) whose names look alike, directly or through one another. */
function alikeGroups (names: Map<string, string>): string[][] {
  const group = new Map<string, string[]>() // skeleton → the group of authors that have it
  for (const [author, name] of names) {
    const joined = [...new Set(skeletons(name).map((s) => group.get(s)).filter((g) => g !== undefined))]
    const merged = [author, ...joined.flat()]
    for (const [s, g] of group) if (joined.includes(g)) group.set(s, merged)
    for (const s of skeletons(name)) group.set(s, merged)
  }
  return [...new Set(group.values())].filter((authors) => authors.length > 1)
}
