// What a learner could type in instead of write: the lines of a reference solution's function bodies
// that stand, as they are, in the kata's lesson or stub. Signatures and types may be shared; bodies not.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { SOLUTIONS_DIR, type Kata } from '../runner/katas.ts'

/** Words in a lesson, counted as `wc -w` does (the budget a lesson teaches its concept in). */
export function wordCount (text: string): number {
  return text.split(/\s+/).filter(Boolean).length
}

/** A line whose code (spaces left out) is this short (`return null`, `} catch {`) says nothing a learner would copy. */
const SHORTEST = 16

export interface Transcribed {
  line: string
  /** The file it was found in, relative to the kata: README.md or the stub's name. */
  in: string
}

/** Every body line of the kata's reference solutions found word for word in its lesson or its stubs. */
export function transcribedLines (kata: Kata): Transcribed[] {
  const lesson = dense(readFileSync(path.join(kata.dir, 'README.md'), 'utf8'))
  const found: Transcribed[] = []
  for (const stub of kata.stubs) {
    const stubText = dense(readFileSync(stub, 'utf8'))
    const solution = path.join(SOLUTIONS_DIR, kata.name, path.basename(stub))
    for (const line of bodyLines(readFileSync(solution, 'utf8'))) {
      const code = dense(core(line))
      if (code.length < SHORTEST) continue
      if (lesson.includes(code)) found.push({ line, in: 'README.md' })
      else if (stubText.includes(code)) found.push({ line, in: path.basename(stub) })
    }
  }
  return found
}

/** The lines inside every function, method and arrow body of a module, flattened and without comments. */
export function bodyLines (source: string): string[] {
  const file = ts.createSourceFile('solution.ts', source, ts.ScriptTarget.Latest, true)
  const lines = new Set<string>()
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const body = node.body as ts.Node
      const text = ts.isBlock(body) ? source.slice(body.getStart(file) + 1, body.getEnd() - 1) : body.getText(file)
      for (const raw of text.split('\n')) {
        const line = flat(raw.replace(/\/\/.*$/, '')).replace(/[;,]$/, '')
        if (line) lines.add(line)
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return [...lines]
}

/** What a line computes, without what it is named or how it ends: `const n = await f(x) {` → `f(x)`. */
function core (line: string): string {
  return line
    .replace(/^(?:export\s+)?(?:(?:const|let|var)\s+[\w${}[\],\s:]+?=\s*|return\s+|(?:this\.)?[\w.$]+\s*[-+*/]?=\s*)/, '')
    .replace(/^(?:await|void|yield)\s+/, '')
    .replace(/\s*[{(]?\s*$/, '')
}

/** Code with its whitespace and inline-code backticks left out, so layout never hides a copy. */
function dense (text: string): string {
  return text.replace(/[\s`]+/g, '')
}

function flat (text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
