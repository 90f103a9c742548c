// Watch mode: the kata you are on, re-run on every save. When it turns green, what you learned stays on
// screen until you move on (n).
import { watch as watchDir, type FSWatcher } from 'node:fs'
import path from 'node:path'
import { ROOT, type Kata } from '../runner/katas.ts'
import { formatResult, styleFor, type Style } from '../runner/report.ts'
import type { KataResult } from '../runner/run-suite.ts'
import { greenCount, progressBar, quickRow, recordRow, type BoardRow } from './board.ts'
import { fingerprint } from '../runner/records.ts'
import { formatBoard, formatHint } from './format.ts'
import { hintLevel, takeHint } from './hints.ts'
import { readLesson } from './lesson.ts'
import { SuiteRunner } from './runner.ts'
import { loadState, updateState } from '../runner/state.ts'

export interface WatchOptions {
  katas: Kata[]
  out: NodeJS.WriteStream
  /** Keys one at a time (a TTY in raw mode) or one command per line. */
  tty: boolean
  /** Remind the pair to switch driver every this many minutes. */
  rotateMinutes?: number
  /** Quiet time after a save before running, so an editor's burst of writes runs once. */
  debounceMs?: number
  /** Start on this kata instead of the first one not green. */
  start?: Kata
  /** Leave out what the learner's code printed (npm start -- --hide-output). */
  hideOutput?: boolean
  /** Called after each run is recorded (a workshop room publishes the laptop's status). */
  onRun?: (kata: Kata) => void
}

const KEYS = 'keys: h hint · n/p next/previous kata · r re-run · l list · q quit'
const IGNORED = /(^\.|~$|\.sw[a-p]$|^4913$|\.tmp$)/

export class Watch {
  private readonly runner = new SuiteRunner()
  private readonly style: Style
  private rows: BoardRow[] = []
  private index = 0
  private watcher: FSWatcher | null = null
  private debounce: NodeJS.Timeout | null = null
  private rotate: NodeJS.Timeout | null = null
  /** Fingerprint of the files the last (or current) run saw: a save that changes nothing runs nothing. */
  private ranOn = ''
  private last: KataResult | null = null
  private running = false
  private stopped = false

  constructor (private readonly opts: WatchOptions) {
    this.style = styleFor(opts.tty ? opts.out : { isTTY: false } as NodeJS.WriteStream)
  }

  start (): void {
    if (this.opts.katas.length === 0) {
      this.print('There are no katas in katas/ yet.')
      return
    }
    this.refreshRows()
    const start = this.opts.start ? this.opts.katas.indexOf(this.opts.start) : this.rows.findIndex((row) => row.status !== 'green')
    if (this.opts.rotateMinutes) {
      const every = this.opts.rotateMinutes * 60000
      this.rotate = setInterval(() => this.handover(), every)
      this.print(`Pairing: a reminder to switch driver every ${this.opts.rotateMinutes} min.`)
    }
    if (!this.opts.tty) this.print(`${KEYS} (type the letter, then Enter)`)
    if (start < 0) {
      this.index = this.opts.katas.length - 1
      this.print(`${progressBar(greenCount(this.rows), this.rows.length, this.opts.tty)}\nEvery kata is green. Well done! (n/p to look at one again, q to quit)`)
      this.select(this.index, { run: false })
      return
    }
    this.select(start)
  }

  /** One key (TTY) or one line's first letter. */
  key (key: string): void {
    if (this.stopped) return
    switch (key) {
      case 'h': return this.hint()
      case 'n': return this.move(1)
      case 'p': return this.move(-1)
      case 'r': return this.rerun('you pressed r')
      case 'l': return this.list()
      case 'q': case '\u0003': case '\u0004': return this.stop()
      case '\r': case '\n': case ' ': case '': return
      default: this.print(KEYS)
    }
  }

  /** Stops watching and every process it started. Idempotent and synchronous. */
  stop (): void {
    if (this.stopped) return
    this.stopped = true
    for (const timer of [this.debounce, this.rotate]) if (timer) clearTimeout(timer)
    this.watcher?.close()
    this.runner.close()
    this.onStop?.()
  }

  onStop?: () => void

  get kata (): Kata {
    return this.opts.katas[this.index]
  }

  private refreshRows (): void {
    const state = loadState()
    this.rows = this.opts.katas.map((kata) => quickRow(kata, state))
  }

  private select (index: number, { run = true } = {}): void {
    this.index = index
    const kata = this.kata
    this.last = null
    this.ranOn = ''
    updateState((state) => { state.current = kata.name })
    this.watcher?.close()
    this.watcher = watchDir(kata.dir, (_event, file) => {
      if (file && IGNORED.test(path.basename(String(file)))) return
      this.changed(String(file ?? ''))
    })
    this.watcher.on('error', () => {})
    if (run) this.rerun(`kata ${kata.number}`)
  }

  private changed (file: string): void {
    if (this.debounce) clearTimeout(this.debounce)
    this.debounce = setTimeout(() => {
      this.debounce = null
      let now = ''
      try {
        now = fingerprint(this.kata)
      } catch {}
      // Editors often report one save twice; the files are what matter.
      if (now && now === this.ranOn) return
      this.rerun(file ? `${file} changed` : 'a file changed')
    }, this.opts.debounceMs ?? 100)
  }

  private rerun (why: string): void {
    if (this.stopped) return
    const kata = this.kata
    try {
      this.ranOn = fingerprint(kata)
    } catch {}
    this.running = true
    this.print(`running ${kata.number} ${kata.title}… (${why})`)
    this.runner.run(kata).then((result) => {
      if (!result || this.stopped || result.kata !== this.kata) return
      this.running = false
      this.show(result)
    }).catch((err) => this.print(`could not run the suite: ${(err as Error).message}`))
  }

  private show (result: KataResult): void {
    this.last = result
    const row = recordRow(result)
    this.opts.onRun?.(result.kata)
    this.rows[this.index] = row
    const kata = result.kata
    const lines = []
    // A new screen, but the scrollback (earlier runs, a green kata's lesson) stays.
    if (this.opts.tty) lines.push('\x1b[2J\x1b[H')
    lines.push(`${progressBar(greenCount(this.rows), this.rows.length, this.opts.tty)}   ${this.style.paint(1, `Kata ${kata.number} · ${kata.title}`)}`, '')
    lines.push(formatResult(result, this.style, { hideOutput: this.opts.hideOutput }))
    const hints = readLesson(kata)
    if (row.status === 'green') {
      if (hints.learned) lines.push('', `What you learned: ${hints.learned}`)
      const next = this.nextNotGreen()
      if (next === null) lines.push('', 'Every kata is green. Well done!')
      else lines.push('', `Green! Press n when you are ready for kata ${this.opts.katas[next].number} ${this.opts.katas[next].title}.`)
    } else if (hints.hints.length) {
      lines.push(`    ${this.hintPrompt(kata, hints.hints.length)}`)
    }
    if (this.opts.tty) lines.push('', this.style.paint(2, KEYS))
    this.print(lines.join('\n'))
  }

  private nextNotGreen (): number | null {
    const state = loadState()
    const order = [...this.opts.katas.keys()].slice(this.index + 1).concat([...this.opts.katas.keys()].slice(0, this.index))
    for (const index of order) {
      const row = quickRow(this.opts.katas[index], state)
      this.rows[index] = row
      if (row.status !== 'green') return index
    }
    return null
  }

  private move (by: number): void {
    // From a green kata, n goes on to the next one that is not green.
    const next = by > 0 && this.last?.status === 'green' ? this.nextNotGreen() : null
    const index = next !== null && next > this.index ? next : this.index + by
    if (index < 0 || index >= this.opts.katas.length) {
      this.print(by > 0 ? 'This is the last kata.' : 'This is the first kata.')
      return
    }
    this.runner.cancel()
    this.refreshRows()
    this.select(index)
  }

  private hint (): void {
    const shown = takeHint(this.kata)
    if (!shown) {
      this.print(`Kata ${this.kata.number} has no hints yet: read ${path.relative(ROOT, path.join(this.kata.dir, 'README.md'))}.`)
      return
    }
    this.print('\n' + formatHint(this.kata.number, shown.hint, shown.total) + `\n${this.hintPrompt(this.kata, shown.total)}`)
  }

  /** What h does next, from the level reached and the number of hints in the kata's hints.md. */
  private hintPrompt (kata: Kata, total: number): string {
    const level = hintLevel(kata)
    return this.style.paint(2, level >= total ? `all ${total} hints seen (h shows the last again); the reference: npm run solution -- ${kata.number}` : `press h for hint ${level + 1} of ${total}`)
  }

  private list (): void {
    this.refreshRows()
    this.print('\n' + formatBoard(this.rows, this.opts.tty, false) + `\nYou are on kata ${this.kata.number} ${this.kata.title}.`)
  }

  /** The pair's reminder: switch driver, with a one-line handover. */
  private handover (): void {
    const kata = this.kata
    const result = this.last
    const failing = result?.status === 'crashed' ? 'the suite crashed' : result?.tests.find((t) => !t.ok)?.name
    const state = handoverState(this.running, result, failing)
    const total = readLesson(kata).hints.length
    this.print(`${this.opts.tty ? '\x07' : ''}\n⟳ Time to switch driver! Handover: kata ${kata.number} ${kata.title} · ${state} · hint level ${hintLevel(kata)}/${total}\n`)
  }

  private print (text: string): void {
    if (!this.stopped) this.opts.out.write(text + '\n')
  }
}

function handoverState (busy: boolean, result: KataResult | null, failing: string | undefined): string {
  if (busy && !result) return 'tests running'
  if (!result) return 'not run yet'
  if (result.status === 'green') return 'green'
  return `failing: ${failing ?? 'unknown'}`
}
