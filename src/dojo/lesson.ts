// What the dojo reads from a kata's lesson (katas/NN-slug/README.md): its hints, one
// `<details><summary>Hint N · title</summary> … </details>` section per level, and the closing
// `**What you learned:** …` line.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Kata } from '../runner/katas.ts'

export interface Hint {
  /** 1 for the first hint. */
  level: number
  /** The summary without "Hint N ·", e.g. "where to start". */
  title: string
  /** The hint's markdown, as written. */
  body: string
}

export interface Lesson {
  file: string
  hints: Hint[]
  /** The text after "What you learned:", if the lesson has one. */
  learned?: string
}

export function lessonFile (kata: Kata): string {
  return path.join(kata.dir, 'README.md')
}

export function readLesson (kata: Kata): Lesson {
  const file = lessonFile(kata)
  const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
  return { file, hints: parseHints(text), ...optional('learned', parseLearned(text)) }
}

export function parseHints (markdown: string): Hint[] {
  const hints: Hint[] = []
  for (const match of markdown.matchAll(/<details>\s*<summary>([\s\S]*?)<\/summary>([\s\S]*?)<\/details>/g)) {
    const summary = match[1].replace(/<[^>]+>/g, '').trim()
    if (!/^hint\b/i.test(summary)) continue
    hints.push({
      level: hints.length + 1,
      title: summary.replace(/^hint\s*\d*\s*[·:.\-—–]?\s*/i, '').trim(),
      body: match[2].replace(/^\s*\n/, '').trimEnd()
    })
  }
  return hints
}

export function parseLearned (markdown: string): string | undefined {
  const line = markdown.match(/\*\*What you learned:?\*\*:?\s*(.+)$/im)
  return line?.[1].trim()
}

function optional<K extends string, V> (key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}
