// What the dojo reads from a kata's lesson: the closing `**What you learned:** …` line of
// katas/NN-slug/README.md, and the hints, one `## Hint N · title` section per level of
// katas/NN-slug/hints.md (a file of their own, so that reading the lesson never shows one by accident).
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

export function hintsFile (kata: Kata): string {
  return path.join(kata.dir, 'hints.md')
}

export function readLesson (kata: Kata): Lesson {
  const file = lessonFile(kata)
  const text = readText(file)
  return { file, hints: parseHints(readText(hintsFile(kata))), ...optional('learned', parseLearned(text)) }
}

function readText (file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : ''
}

/** The `## Hint N · title` sections of a hints file, in order; anything before the first is an intro. */
export function parseHints (markdown: string): Hint[] {
  const hints: Hint[] = []
  const sections = markdown.split(/^## /m).slice(1)
  for (const section of sections) {
    const newline = section.indexOf('\n')
    const heading = (newline < 0 ? section : section.slice(0, newline)).trim()
    if (!/^hint\b/i.test(heading)) continue
    hints.push({
      level: hints.length + 1,
      title: heading.replace(/^hint\s*\d*\s*[·:.\-—–]?\s*/i, '').trim(),
      body: (newline < 0 ? '' : section.slice(newline + 1)).replace(/^\s*\n/, '').trimEnd()
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
