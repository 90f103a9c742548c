// Draws the README's picture of the board (src/room/board.png): five made-up pairs on the real katas, in
// the page the board serves and the browser the room-page test drives. No network: the model is fed here.
// Run: node --import tsx src/room/screenshot.ts [out.png]   (needs chromium: apt-get install chromium)
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { listKatas, ROOT } from '../runner/katas.ts'
import { BoardModel } from './model.ts'
import type { Status } from './status.ts'
import { serveBoard } from './web.ts'

const BROWSER = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p))
if (!BROWSER) throw new Error('no chromium here: apt-get install chromium, or set CHROMIUM_PATH')
const out = process.argv[2] ?? path.join(ROOT, 'src', 'room', 'board.png')

const numbers = listKatas().map((k) => k.number)
/** A pair on kata `on`: every kata before it green, the rest not started. */
function pair (name: string, on: string, failing: string, minutes: number, stuckFor: number, hint: number, passed: number, total: number): Status {
  const katas = Object.fromEntries(numbers.map((n) => [n, n < on ? 'green' : n === on ? 'red' : 'not-started'] as const))
  return { v: 1, name, kata: on, katas, passed, total, failing, hint, hints: 4, onKata: minutes * 60, failingFor: stuckFor * 60 }
}

const model = new BoardModel()
const pairs = [
  pair('ida & jon', '14', 'apply resolves only once the view holds every message it appended', 6, 2, 1, 7, 11),
  pair('cho & dev', '11', 'validateEntry accepts well-formed messages of known types', 9, 4, 0, 4, 9),
  pair('eve & fay', '09', 'a counter view counts every entry once the indexer is ready', 25, 6, 2, 3, 8),
  pair('ann & ben', '07', 'corestore replicates on every connection, initiator or not', 18, 14, 1, 2, 6),
  pair('gus & hal', '06', 'a server and a client on one topic meet; two clients never do', 33, 21, 3, 1, 6)
]
for (const status of pairs) {
  const key = createHash('sha256').update(status.name).digest('hex')
  model.join(key)
  model.update(key, status)
}

const web = await serveBoard(() => model.view({ stuckMinutes: 10 }), 0)
const browser = await chromium.launch({ executablePath: BROWSER, args: ['--no-sandbox'] })
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 400 } })
  await page.goto(web.url)
  await page.waitForFunction(`document.querySelectorAll('tr[data-laptop]').length === ${pairs.length}`)
  await page.screenshot({ path: out, fullPage: true })
  console.log(`wrote ${path.relative(process.cwd(), out)}`)
} finally {
  await browser.close()
  await web.close()
}
