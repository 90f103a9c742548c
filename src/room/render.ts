// The board as text, for the facilitator's terminal: one row per laptop, one cell per kata.
import type { BoardView, Row } from './model.ts'

const CELL = { green: '■', red: '▲', 'not-started': '·' } as const
const ASCII = { green: '#', red: 'x', 'not-started': '.' } as const

export interface RenderOptions {
  color?: boolean
  /** Plain ASCII cells (a terminal without Unicode). */
  ascii?: boolean
}

function pad (text: string, width: number): string {
  const chars = [...text]
  return chars.length > width ? chars.slice(0, width - 1).join('') + '…' : text + ' '.repeat(width - chars.length)
}

export function renderBoard (view: BoardView, opts: RenderOptions = {}): string {
  const paint = (code: number, text: string): string => opts.color ? `\x1b[${code}m${text}\x1b[0m` : text
  const cells = opts.ascii ? ASCII : CELL
  const online = view.rows.filter((r) => r.online).length
  const lines = [
    `${view.rows.length} laptop${view.rows.length === 1 ? '' : 's'} (${online} online) · sorted by ${view.sort} · stuck: the same failing test for more than ${view.stuckMinutes} min`,
    ''
  ]
  // Each kata takes 3 columns: "01 " above, "■< " below (< marks the kata the pair is on).
  const header = `${pad('laptop', 22)} ${view.katas.map((k) => `${k.slice(-2)} `).join('')} ${pad('on', 3)}${pad('tests', 7)}${pad('hint', 5)}${pad('min', 5)}first failing test`
  lines.push(paint(1, header))
  for (const row of view.rows) lines.push(renderRow(row, view, cells, paint))
  if (view.rows.length === 0) lines.push(paint(2, 'no laptop yet: pairs join with npm start -- --room <key>'))
  const d = view.dropped
  const dropped = d.malformed + d.oversized + d.tooMany + d.refused
  if (dropped) lines.push('', paint(33, `dropped: ${d.malformed} malformed, ${d.oversized} oversized statuses; ${d.tooMany} laptops over the limit; ${d.refused} connections without the room key`))
  return lines.join('\n')
}

function renderRow (row: Row, view: BoardView, cells: Record<string, string>, paint: (code: number, text: string) => string): string {
  const name = `${row.name} ~${row.id.slice(0, 4)}`
  const katas = view.katas.map((k) => {
    const state = row.katas[k]
    const cell = state ? cells[state] : ' '
    const colored = state === 'green' ? paint(32, cell) : state === 'red' ? paint(31, cell) : cell
    return `${colored}${k === row.kata ? '<' : ' '} `
  }).join('')
  const failing = row.failing ? `${row.stuck !== null ? paint(41, `STUCK ${row.stuck} min`) + ' ' : ''}${row.failing}` : row.kata && row.katas[row.kata] === 'green' ? 'green' : ''
  const line = `${pad(name, 22)} ${katas} ${pad(row.kata ?? '-', 3)}${pad(`${row.passed}/${row.total}`, 7)}${pad(`${row.hint}/${row.hints}`, 5)}${pad(String(row.minutesOnKata), 5)}${failing}${row.online ? '' : '  (left)'}`
  return row.online ? line : paint(2, line)
}
