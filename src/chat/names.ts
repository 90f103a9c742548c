// Who wrote what: every author is shown by a name no other author shares. A nick is whatever a feed
// says it is, so when two authors' names look alike (the same nick, or the same up to case, width or
// invisible characters) each of them gets a suffix from its own feed key: alice~3f2a, alice~9b1c.
import { sanitize, short } from './display.ts'

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
    const own = skeleton(base(author, this.nicks.get(author)))
    return [...names].filter(([a]) => a !== author && skeleton(base(a, this.nicks.get(a))) === own).map(([, n]) => n)
  }

  /** Every author seen, by name. */
  all (): Map<string, string> {
    this.cache ??= uniqueNames(new Map([...this.nicks].map(([a, nick]) => [a, base(a, nick)])))
    return this.cache
  }
}

function base (author: string, nick: string | undefined): string {
  return nick === undefined ? short(author) : sanitize(nick)
}

/** What a name looks like to a reader: case, width, spaces and invisible characters don't count. */
export function skeleton (name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\s\p{Cf}]/gu, '')
}

/**
 * author → name: names that look alike get the key suffix of their author, again and again while any
 * still look alike (a nick can be "alice~3f2a" itself, and a key can be ground to share 4 hex digits).
 */
export function uniqueNames (bases: Map<string, string>): Map<string, string> {
  const names = new Map(bases)
  for (let round = 0; round <= bases.size; round++) {
    const groups = new Map<string, string[]>()
    for (const [author, name] of names) {
      const key = skeleton(name)
      groups.set(key, [...(groups.get(key) ?? []), author])
    }
    const clashes = [...groups.values()].filter((authors) => authors.length > 1)
    if (clashes.length === 0) break
    for (const authors of clashes) {
      let length = SUFFIX
      while (new Set(authors.map((a) => a.slice(0, length))).size < authors.length) length++
      for (const author of authors) names.set(author, `${names.get(author)!}~${author.slice(0, length)}`)
    }
  }
  return names
}
