// A small line diff (longest common subsequence), for "expected vs actual" and for comparing a learner's
// file with the reference solution. Inputs here are small (assertion values, kata files).

export type DiffOp = { kind: 'same' | 'removed' | 'added', line: string }

/** The edit script turning `a` into `b`, line by line. */
export function diffLines (a: string[], b: string[]): DiffOp[] {
  const n = a.length
  const m = b.length
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
    }
  }
  const ops: DiffOp[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: 'same', line: a[i] })
      i++
      j++
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) ops.push({ kind: 'removed', line: a[i++] })
    else ops.push({ kind: 'added', line: b[j++] })
  }
  while (i < n) ops.push({ kind: 'removed', line: a[i++] })
  while (j < m) ops.push({ kind: 'added', line: b[j++] })
  return ops
}

export interface DiffFormat {
  /** Marks for removed / added / unchanged lines. */
  removed: string
  added: string
  same: string
  /** Unchanged lines kept around each change; longer unchanged runs fold into "…". */
  context: number
  paint?: (kind: DiffOp['kind'], text: string) => string
}

/** Renders a diff as marked lines, folding long unchanged stretches. */
export function formatDiff (ops: DiffOp[], format: DiffFormat): string[] {
  const paint = format.paint ?? ((_kind, text) => text)
  const keep = ops.map(() => false)
  ops.forEach((op, index) => {
    if (op.kind === 'same') return
    for (let k = Math.max(0, index - format.context); k <= Math.min(ops.length - 1, index + format.context); k++) keep[k] = true
  })
  const lines: string[] = []
  let folded = 0
  const flush = (): void => {
    if (folded) lines.push(`${format.same}… ${folded} unchanged line${folded === 1 ? '' : 's'}`)
    folded = 0
  }
  ops.forEach((op, index) => {
    if (!keep[index]) {
      folded++
      return
    }
    flush()
    const mark = op.kind === 'same' ? format.same : op.kind === 'removed' ? format.removed : format.added
    lines.push(paint(op.kind, `${mark}${op.line}`))
  })
  flush()
  return lines
}
