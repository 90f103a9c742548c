// What a board knows: one row per laptop (its latest status only, so a laptop that writes a thousand
// statuses costs what one does), a cap on laptops, and counters of everything dropped.
import type { Status } from './status.ts'

export type Sort = 'progress' | 'stuck'
export const SORTS: Sort[] = ['progress', 'stuck']

export interface Laptop {
  /** Its status core's key (hex): the only identity a laptop has, since only it can sign that core. */
  key: string
  status: Status | null
  /** When the board received the status (board clock; a laptop's clock is never trusted). */
  receivedAt: number
  online: boolean
}

export interface Dropped {
  malformed: number
  oversized: number
  /** Laptops beyond the board's cap. */
  tooMany: number
  /** Connections that could not prove they hold the room key. */
  refused: number
}

export interface Row {
  id: string
  name: string
  online: boolean
  kata: string | null
  katas: Record<string, 'green' | 'red' | 'not-started'>
  green: number
  passed: number
  total: number
  failing: string | null
  hint: number
  hints: number
  minutesOnKata: number
  /** Minutes with the same failing test, when more than the stuck threshold; else null. */
  stuck: number | null
}

export interface BoardView {
  rows: Row[]
  katas: string[]
  dropped: Dropped
  stuckMinutes: number
  sort: Sort
}

export class BoardModel {
  readonly laptops = new Map<string, Laptop>()
  readonly dropped: Dropped = { malformed: 0, oversized: 0, tooMany: 0, refused: 0 }

  constructor (readonly maxLaptops = 256) {}

  /** A laptop connected; false (and counted) when the board is full. */
  join (key: string): boolean {
    const known = this.laptops.get(key)
    if (known) {
      known.online = true
      return true
    }
    if (this.laptops.size >= this.maxLaptops) {
      this.dropped.tooMany++
      return false
    }
    this.laptops.set(key, { key, status: null, receivedAt: 0, online: true })
    return true
  }

  leave (key: string): void {
    const laptop = this.laptops.get(key)
    if (laptop) laptop.online = false
  }

  update (key: string, status: Status, now = Date.now()): void {
    const laptop = this.laptops.get(key)
    if (!laptop) return
    laptop.status = status
    laptop.receivedAt = now
  }

  drop (reason: keyof Dropped): void {
    this.dropped[reason]++
  }

  view (opts: { sort?: Sort, stuckMinutes?: number, now?: number } = {}): BoardView {
    const now = opts.now ?? Date.now()
    const stuckMinutes = opts.stuckMinutes ?? 10
    const sort = opts.sort ?? 'progress'
    const rows = [...this.laptops.values()].map((l) => rowOf(l, now, stuckMinutes))
    const katas = [...new Set(rows.flatMap((r) => Object.keys(r.katas)))].sort()
    rows.sort(sort === 'stuck' ? byStuck : byProgress)
    return { rows, katas, dropped: { ...this.dropped }, stuckMinutes, sort }
  }
}

const DAY = 24 * 60 * 60 * 1000

function rowOf (laptop: Laptop, now: number, stuckMinutes: number): Row {
  const s = laptop.status
  // Counted from when the status was written, not received (a board started later reads old ones); never
  // later than it arrived, nor more than a day before (a laptop's clock is only trusted that far).
  const written = s?.at === undefined ? laptop.receivedAt : Math.min(laptop.receivedAt, Math.max(s.at, laptop.receivedAt - DAY))
  const since = Math.max(0, now - written) / 1000
  const failingMinutes = s?.failing !== undefined && s.failingFor !== undefined ? (s.failingFor + since) / 60 : 0
  return {
    id: laptop.key.slice(0, 6),
    name: s?.name ?? '(no status yet)',
    online: laptop.online,
    kata: s?.kata ?? null,
    katas: s?.katas ?? {},
    green: s ? Object.values(s.katas).filter((k) => k === 'green').length : 0,
    passed: s?.passed ?? 0,
    total: s?.total ?? 0,
    failing: s?.failing ?? null,
    hint: s?.hint ?? 0,
    hints: s?.hints ?? 0,
    minutesOnKata: s ? Math.floor((s.onKata + since) / 60) : 0,
    stuck: s?.failing !== undefined && failingMinutes > stuckMinutes ? Math.floor(failingMinutes) : null
  }
}

function byProgress (a: Row, b: Row): number {
  return b.green - a.green || (b.kata ?? '').localeCompare(a.kata ?? '') || b.passed - a.passed || a.name.localeCompare(b.name)
}

function byStuck (a: Row, b: Row): number {
  return (b.stuck ?? -1) - (a.stuck ?? -1) || byProgress(a, b)
}
