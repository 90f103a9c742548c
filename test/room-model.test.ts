// The board's model and its text: stuck times, sorting, left laptops, dropped counts; and the room key and
// its proofs. No network: these are the board's rules, checked one by one.
// Run: node --import tsx test/room-model.test.ts
import test from 'brittle'
import { checkProof, formatRoom, newRoomKey, parseRoom, proofFor, RoomKeyError } from '../src/room/key.ts'
import { BoardModel } from '../src/room/model.ts'
import { renderBoard } from '../src/room/render.ts'
import { MAX_STATUS_BYTES, decodeStatus, encodeStatus, type Status } from '../src/room/status.ts'

const STATUS: Status = { v: 1, name: 'ann & ben', kata: '03', katas: { '01': 'green', '02': 'green', '03': 'red' }, passed: 2, total: 5, failing: 'replicate reads a block', hint: 2, hints: 4, onKata: 600, failingFor: 300 }
const MIN = 60000

test('stuck: the same failing test for more than N minutes, counting the time since the status came', (t) => {
  const model = new BoardModel()
  model.join('aa'.repeat(32))
  model.update('aa'.repeat(32), STATUS, 0)
  t.is(model.view({ stuckMinutes: 10, now: 0 }).rows[0].stuck, null, '5 minutes: not stuck at 10')
  t.is(model.view({ stuckMinutes: 10, now: 6 * MIN }).rows[0].stuck, 11, '5 + 6 minutes: stuck for 11')
  t.is(model.view({ stuckMinutes: 10, now: 6 * MIN }).rows[0].minutesOnKata, 16, 'and 16 minutes on the kata')
  model.update('aa'.repeat(32), { ...STATUS, failing: undefined, failingFor: undefined, katas: { ...STATUS.katas, '03': 'green' } }, 6 * MIN)
  t.is(model.view({ stuckMinutes: 10, now: 60 * MIN }).rows[0].stuck, null, 'green: never stuck')
})

test('a board started later counts from when a status was written, not when it came (and trusts a laptop\'s clock only so far)', (t) => {
  const model = new BoardModel()
  model.join('aa'.repeat(32))
  model.update('aa'.repeat(32), { ...STATUS, at: 100 * MIN - 6 * MIN }, 100 * MIN)
  t.is(model.view({ stuckMinutes: 10, now: 100 * MIN }).rows[0].stuck, 11, 'written 6 minutes before the board read it: 5 + 6 minutes stuck')
  t.is(model.view({ now: 100 * MIN }).rows[0].minutesOnKata, 16)
  model.update('aa'.repeat(32), { ...STATUS, at: 200 * MIN }, 100 * MIN)
  t.is(model.view({ now: 100 * MIN }).rows[0].minutesOnKata, 10, 'a status from the future counts from its arrival')
  model.update('aa'.repeat(32), { ...STATUS, at: 0 }, 3000 * MIN)
  t.is(model.view({ now: 3000 * MIN }).rows[0].minutesOnKata, 10 + 24 * 60, 'and one from long ago at most a day back')
})

test('sorting by progress and by stuck time; a left laptop keeps its row', (t) => {
  const model = new BoardModel()
  const [a, b, c] = ['aa', 'bb', 'cc'].map((x) => x.repeat(32))
  for (const key of [a, b, c]) model.join(key)
  model.update(a, { ...STATUS, name: 'ahead', katas: { '01': 'green', '02': 'green', '03': 'green', '04': 'red' }, kata: '04', failingFor: 0 }, 0)
  model.update(b, { ...STATUS, name: 'stuck long', failingFor: 40 * 60 }, 0)
  model.update(c, { ...STATUS, name: 'stuck short', katas: { '01': 'green', '02': 'red' }, kata: '02', failingFor: 20 * 60 }, 0)
  model.leave(c)
  t.alike(model.view({ sort: 'progress', now: 0 }).rows.map((r) => r.name), ['ahead', 'stuck long', 'stuck short'])
  t.alike(model.view({ sort: 'stuck', now: 0 }).rows.map((r) => r.name), ['stuck long', 'stuck short', 'ahead'])
  t.is(model.view().rows.find((r) => r.name === 'stuck short')?.online, false)
  const text = renderBoard(model.view({ sort: 'stuck', now: 0, stuckMinutes: 10 }))
  t.ok(/stuck long ~aaaa|stuck long ~bbbb/.test(text), 'a name with the first hex digits of its key')
  t.ok(/STUCK 40 min replicate reads a block/.test(text), 'the stuck mark and the failing test')
  t.ok(/\(left\)/.test(text), 'a left laptop is marked')
  t.ok(/3 laptops \(2 online\) · sorted by stuck/.test(text))
})

test('the cap on laptops and the dropped counts show on the board', (t) => {
  const model = new BoardModel(2)
  t.ok(model.join('aa'.repeat(32)))
  t.ok(model.join('bb'.repeat(32)))
  t.absent(model.join('cc'.repeat(32)), 'a third laptop over a cap of 2')
  t.ok(model.join('aa'.repeat(32)), 'a known laptop rejoins')
  model.drop('malformed')
  model.drop('oversized')
  t.alike(model.view().dropped, { malformed: 1, oversized: 1, tooMany: 1, refused: 0 })
  t.ok(/dropped: 1 malformed, 1 oversized statuses; 1 laptops over the limit/.test(renderBoard(model.view())))
})

test('statuses: what passes the schema, and what is dropped', (t) => {
  t.alike(decodeStatus(encodeStatus(STATUS)), { ok: true, status: STATUS })
  t.is(decodeStatus(Buffer.alloc(MAX_STATUS_BYTES + 1, 32)).ok, false)
  t.alike(decodeStatus(Buffer.alloc(MAX_STATUS_BYTES + 1, 32)), { ok: false, reason: 'oversized' })
  for (const bad of [{ ...STATUS, v: 2 }, { ...STATUS, name: '' }, { ...STATUS, name: 'a\u202eb' }, { ...STATUS, kata: '3' }, { ...STATUS, file: '/home/ann/log.ts' }, { ...STATUS, passed: -1 }, { ...STATUS, katas: { '01': 'purple' } }]) {
    t.alike(decodeStatus(Buffer.from(JSON.stringify(bad))), { ok: false, reason: 'malformed' }, JSON.stringify(bad).slice(0, 60))
  }
  t.exception(() => encodeStatus({ ...STATUS, name: 'x'.repeat(65) }), 'a laptop never sends what the board would drop')
})

test('room keys and proofs', (t) => {
  const key = newRoomKey()
  const room = { key, bootstrap: [{ host: '192.168.1.20', port: 49737 }] }
  t.alike(parseRoom(formatRoom(room)), room, 'key@host:port round-trips')
  t.alike(parseRoom(key.toString('hex').toUpperCase()), { key, bootstrap: null })
  for (const bad of ['', 'abc', `${key.toString('hex')}@`, `${key.toString('hex')}@host`, `${key.toString('hex')}@h:1@h:2`, `${key.toString('hex')}@h:70000`]) {
    t.exception(() => parseRoom(bad), RoomKeyError, `"${bad.slice(-12)}" refused`)
  }
  const hash = Buffer.alloc(64, 1)
  const proof = proofFor(key, hash, true)
  t.ok(checkProof(key, hash, true, proof), 'the initiator\'s proof checks')
  t.absent(checkProof(key, hash, false, proof), 'sent back by the other side, it does not')
  t.absent(checkProof(newRoomKey(), hash, true, proof), 'another room\'s key does not')
  t.absent(checkProof(key, Buffer.alloc(64, 2), true, proof), 'another connection\'s handshake does not')
})

test('the page answers only to its own address (no DNS rebinding), and only GET', async (t) => {
  const { serveBoard } = await import('../src/room/web.ts')
  const model = new BoardModel()
  const web = await serveBoard(() => model.view(), 0)
  t.teardown(() => web.close())
  const json = await fetch(new URL('board.json', web.url))
  t.is(json.status, 200)
  t.alike(((await json.json()) as { rows: unknown[] }).rows, [])
  const http = await import('node:http')
  const status = (headers: Record<string, string>, method = 'GET'): Promise<number> => new Promise((resolve, reject) => {
    http.request(new URL('board.json', web.url), { method, headers }, (res) => { res.resume(); resolve(res.statusCode ?? 0) }).on('error', reject).end()
  })
  t.is(await status({ host: 'evil.example:80' }), 403, 'another host name is refused')
  t.is(await status({}, 'POST'), 405)
})
