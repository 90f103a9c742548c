// The reference solution next to the learner's file: as a diff (default) or side by side.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { SOLUTIONS_DIR, type Kata } from '../runner/katas.ts'
import { diffLines, formatDiff, type DiffOp } from '../runner/diff.ts'
import { rel } from './shipped.ts'

export interface Pair {
  /** The learner's file. */
  mine: string
  /** The reference solution of the same name, or null if there is none. */
  reference: string | null
}

/** Each of the kata's stubs with its reference solution (src/solutions/NN-slug/<same file>). */
export function solutionPairs (kata: Kata): Pair[] {
  return kata.stubs.map((mine) => {
    const reference = path.join(SOLUTIONS_DIR, kata.name, path.basename(mine))
    return { mine, reference: existsSync(reference) ? reference : null }
  })
}

function lines (file: string): string[] {
  return readFileSync(file, 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n').map((l) => l.replace(/\t/g, '  '))
}

type Paint = (code: number, text: string) => string

/** A unified-style diff: "-" lines are yours, "+" lines the reference's. */
export function unifiedView (pair: Pair & { reference: string }, paint: Paint = (_c, t) => t): string[] {
  const ops = diffLines(lines(pair.mine), lines(pair.reference))
  const header = [paint(31, `--- ${rel(pair.mine)} (yours)`), paint(32, `+++ ${rel(pair.reference)} (reference)`)]
  if (ops.every((op) => op.kind === 'same')) return [...header, '  (identical)']
  return [...header, ...formatDiff(ops, {
    removed: '- ', added: '+ ', same: '  ', context: 3,
    paint: (kind, text) => kind === 'removed' ? paint(31, text) : kind === 'added' ? paint(32, text) : text
  })]
}

/** Both files in two columns, yours on the left; "|" marks changed lines, "<" and ">" one-sided ones. */
export function sideBySideView (pair: Pair & { reference: string }, width: number, paint: Paint = (_c, t) => t): string[] {
  const column = Math.max(20, Math.floor((width - 3) / 2))
  const fit = (text: string): string => text.length > column ? text.slice(0, column - 1) + '…' : text.padEnd(column)
  const rows: string[] = [`${fit(`${rel(pair.mine)} (yours)`)}   ${rel(pair.reference)} (reference)`, `${'─'.repeat(column)}   ${'─'.repeat(column)}`]
  const ops = diffLines(lines(pair.mine), lines(pair.reference))
  for (let i = 0; i < ops.length;) {
    if (ops[i].kind === 'same') {
      rows.push(`${fit(ops[i].line)}   ${ops[i].line.length > column ? ops[i].line.slice(0, column - 1) + '…' : ops[i].line}`.trimEnd())
      i++
      continue
    }
    const removed: DiffOp[] = []
    const added: DiffOp[] = []
    while (i < ops.length && ops[i].kind !== 'same') (ops[i].kind === 'removed' ? removed : added).push(ops[i++])
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const left = removed[k]?.line
      const right = added[k]?.line
      const mark = left !== undefined && right !== undefined ? '|' : left !== undefined ? '<' : '>'
      rows.push(`${paint(31, fit(left ?? ''))} ${mark} ${paint(32, right === undefined ? '' : right.length > column ? right.slice(0, column - 1) + '…' : right)}`.trimEnd())
    }
  }
  return rows
}
