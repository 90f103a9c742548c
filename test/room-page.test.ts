// The board's page for the projector, in a real browser (Debian's chromium, driven by playwright-core):
// rows and cells as the board sees them, live updates without a reload, a name that cannot become markup,
// and a screenshot whose pixels show the green and red cells.
// Run: node --import tsx test/room-page.test.ts
import { existsSync } from 'node:fs'
import brittle from 'brittle'
import { chromium, type Browser } from 'playwright-core'
import { configure, test, type KataContext } from '../src/harness/index.ts'
import { RoomBoard } from '../src/room/board.ts'
import { newRoomKey, type Room } from '../src/room/key.ts'
import { RoomPublisher } from '../src/room/publisher.ts'
import type { Status } from '../src/room/status.ts'
import { serveBoard } from '../src/room/web.ts'

configure({ budget: 90000, wait: 20000 })

// What the page's functions below use, in the browser (this project's TypeScript has no DOM library).
declare const document: any, Image: any

/** Debian's chromium (apt-get install chromium), or CHROMIUM_PATH. */
const BROWSER = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p): p is string => !!p && existsSync(p))
if (!BROWSER) console.log('# skipping the board page\'s browser test: no chromium here (apt-get install chromium, or set CHROMIUM_PATH)')

const STATUS: Status = { v: 1, name: 'alice & ann', kata: '03', katas: { '01': 'green', '02': 'green', '03': 'red', '04': 'not-started' }, passed: 2, total: 5, failing: 'replicate reads a block', hint: 1, hints: 4, onKata: 1500, failingFor: 900 }

async function laptop (k: KataContext, room: Room, status: Status): Promise<RoomPublisher> {
  const p = await RoomPublisher.open(room, { dht: await k.dht(), storage: await k.tmp() })
  k.teardown(() => p.close())
  await p.publish(status)
  return p
}

const browserTest = BROWSER ? test : (name: string) => brittle.skip(name, () => {})

browserTest('the board page: rows, live updates, text only, and a screenshot of it', async (t, k) => {
  const room = { key: newRoomKey(), bootstrap: null }
  const board = await RoomBoard.open(room, { dht: await k.dht() })
  k.teardown(() => board.close())
  await board.announced
  const web = await serveBoard(() => board.model.view({ stuckMinutes: 10 }), 0)
  k.teardown(() => web.close())
  board.on('change', () => web.push())

  await laptop(k, room, STATUS)
  const bob = await laptop(k, room, { ...STATUS, name: '<img src=x onerror="document.title=1">bob', kata: '01', katas: { '01': 'red', '02': 'not-started', '03': 'not-started', '04': 'not-started' }, failing: 'openLog gives a ready log', failingFor: 30, passed: 0, total: 1 })
  await k.until('both laptops are on the board', () => board.model.view().rows.filter((r) => r.kata).length === 2)

  const browser: Browser = await chromium.launch({ executablePath: BROWSER, args: ['--no-sandbox'] })
  k.teardown(() => browser.close())
  const page = await browser.newPage({ viewport: { width: 1100, height: 360 } })
  await page.goto(web.url)
  await page.waitForFunction(() => document.querySelectorAll('tr[data-laptop]').length === 2, undefined, { timeout: 15000 })
  const text = await page.locator('#board').innerText()
  t.ok(text.includes('alice & ann'), 'alice\'s row')
  t.ok(text.includes('replicate reads a block'), 'her first failing test')
  t.ok(/stuck 1[5-9] min/.test(text), 'stuck: 15 minutes on the same failing test, more than 10')
  t.ok(text.includes('<img src=x onerror="document.title=1">bob'), 'a name with markup is shown as text')
  t.is(await page.locator('#board img').count(), 0, '… and made no element')
  t.is(await page.locator('tr.stuck').count(), 1, 'one stuck row')
  t.is(await page.locator('tr:first-child .k.green').count(), 2, 'alice first (most green), with two green cells')

  // Bob goes green on kata 01: the page follows without a reload.
  await bob.publish({ ...STATUS, name: '<img src=x onerror="document.title=1">bob', kata: '02', katas: { '01': 'green', '02': 'red', '03': 'not-started', '04': 'not-started' }, failing: 'reads a range', failingFor: 0, passed: 0, total: 1 })
  await page.waitForFunction(() => document.body.innerText.includes('reads a range'), undefined, { timeout: 15000 })
  t.pass('the page updated live')
  t.is(await page.title(), 'kappa-katas · room board', 'no script of a laptop ran')

  const shot = await page.screenshot({ fullPage: true })
  const pixels = await page.evaluate(async (b64: string) => {
    const img = new Image()
    img.src = `data:image/png;base64,${b64}`
    await img.decode()
    const canvas = document.createElement('canvas')
    canvas.width = img.width
    canvas.height = img.height
    const ctx = canvas.getContext('2d')!
    ctx.drawImage(img, 0, 0)
    const data = ctx.getImageData(0, 0, img.width, img.height).data
    let green = 0, red = 0, ink = 0
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]]
      if (r === 0x2e && g === 0x9d && b === 0x4a) green++
      if (r === 0xd2 && g === 0x40 && b === 0x2f) red++
      if (r + g + b < 300) ink++
    }
    return { width: img.width, height: img.height, green, red, ink }
  }, shot.toString('base64'))
  t.ok(pixels.width >= 1000 && pixels.height >= 300, `a ${pixels.width}×${pixels.height} screenshot`)
  t.ok(pixels.ink > 1000, `text on it (${pixels.ink} dark pixels)`)
  t.ok(pixels.green > 200, `green cells on it (${pixels.green} pixels)`)
  t.ok(pixels.red > 200, `red cells and the stuck badge on it (${pixels.red} pixels)`)
  if (process.env.ROOM_SCREENSHOT) {
    const { writeFileSync } = await import('node:fs')
    writeFileSync(process.env.ROOM_SCREENSHOT, shot)
  }
})
