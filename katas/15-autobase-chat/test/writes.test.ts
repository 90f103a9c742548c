// Kata 15 · send, setNick, addMember, removeMember: the chat writes only what apply keeps.
import { holdViewReads, onHeldAutobaseUpdates, settled, test, told } from '../../../src/harness/index.ts'
import crypto from 'hypercore-crypto'
import { LIMITS } from '../chat.ts'
import { open, KEY } from './helpers.test.ts'

test('send, setNick, addMember and removeMember write only what apply keeps: they refuse the rest at once, saying why', async (t, k) => {
  const alice = await open(k, 'alice')
  for (const [what, call, where, code] of [
    ['send("\\u001b[2Jhi")', () => alice.chat.send('\u001b[2Jhi'), /message/, 'U+001B'],
    ['send("a DEL\\u007f")', () => alice.chat.send('a DEL\u007f'), /message/, 'U+007F'],
    ['setNick("\\u009b31mbob")', () => alice.chat.setNick('\u009b31mbob'), /nick/, 'U+009B']
  ] as const) {
    const result = await k.step(what, settled(call()))
    t.ok(result instanceof Error && /control character/.test(result.message) && where.test(result.message) && result.message.includes(code),
      `${what} is rejected: it contains a control character, and the error says so, where (in ${where.source === 'nick' ? 'a nick' : 'a message'}) and which (${code}), as in kata 12 (${told(result)})`)
  }
  for (const [what, call] of [
    ['send("")', () => alice.chat.send('')],
    [`send() of ${LIMITS.text + 1} characters`, () => alice.chat.send('x'.repeat(LIMITS.text + 1))],
    ['send("hi", "two words")', () => alice.chat.send('hi', 'two words')],
    ['send("hi", "bell\\u0007")', () => alice.chat.send('hi', 'bell\u0007')],
    [`send("hi") in a channel of ${LIMITS.channel + 1} characters`, () => alice.chat.send('hi', 'c'.repeat(LIMITS.channel + 1))],
    ['setNick("")', () => alice.chat.setNick('')],
    [`setNick() of ${LIMITS.nick + 1} characters`, () => alice.chat.setNick('n'.repeat(LIMITS.nick + 1))]
  ] as const) {
    // Written, apply would drop it: a send that waits for a message that never shows.
    const result = await k.step(`${what} (must reject at once: apply would drop that entry)`, settled(call()))
    t.ok(result instanceof Error && /\w/.test(result.message), `${what} is rejected, with an error that says why: the chat writes only entries parseEntry accepts (${told(result)})`)
  }
  t.alike(alice.chat.history(), [], 'and nothing was written')
  t.is(alice.chat.nickOf(alice.chat.author), 'alice', 'the nick did not change')
  for (const [what, call] of [
    [`send() of ${LIMITS.text} characters`, () => alice.chat.send('x'.repeat(LIMITS.text))],
    [`send("hi") in a channel of ${LIMITS.channel} characters`, () => alice.chat.send('hi', 'c'.repeat(LIMITS.channel))],
    [`setNick() of ${LIMITS.nick} characters`, () => alice.chat.setNick('n'.repeat(LIMITS.nick))]
  ] as const) {
    t.is(await k.step(what, settled(call())), true, `${what} is sent: the limits are the longest allowed, not one less`)
  }
  for (const [what, call] of [
    ['addMember(42)', () => alice.chat.addMember(42 as unknown as string)],
    ['addMember of 64 characters that are not hex', () => alice.chat.addMember('z'.repeat(64))],
    ['addMember of 62 hex characters', () => alice.chat.addMember(KEY.slice(2))],
    ['removeMember(42)', () => alice.chat.removeMember(42 as unknown as string)],
    ['removeMember of 64 characters that are not hex', () => alice.chat.removeMember('z'.repeat(64))]
  ] as const) {
    const result = await k.step(`${what} (must reject at once)`, settled(call()))
    t.ok(result instanceof Error && /64 (lower-?case )?hex/i.test(result.message), `${what} is rejected with an error that says a member is named by a writer key of 64 hex characters (${told(result)})`)
  }
  for (const weak of ['00'.repeat(32), 'FF'.repeat(32), 'ab'.repeat(32), '01'.repeat(32)]) {
    const result = await k.step(`addMember(${weak.slice(0, 4)}…) (must reject at once: a weak key)`, settled(alice.chat.addMember(weak)))
    t.ok(result instanceof Error && /weak/i.test(result.message),
      `addMember of ${weak.slice(0, 4)}…${weak.slice(-4)} is rejected, with an error that says it is a weak key: one byte 32 times (any byte, not only 00 or ff) is no core's key (a writer key is a hash), so no one could ever write as that member, and apply would drop the add (${told(result)})`)
  }
  t.alike(alice.chat.members(), [alice.chat.key], 'and no one was added')
  const upper = await k.step('alice.addMember of a writer key in upper case (must resolve: a key is 64 hex characters, either case)', settled(alice.chat.addMember(KEY.toUpperCase())))
  t.ok(upper === true && alice.chat.members().includes(KEY),
    `addMember of a key in upper case adds that member, whose key members() shows in lower case, as apply writes keys: 64 hex characters, either case (${told(upper)})`)
  const key = crypto.randomBytes(32).toString('hex')
  const twice = await k.step('alice.addMember of the same key twice at once (both must settle: apply adds the member once and ignores the other add, and addMember answers for that one too)', Promise.all([settled(alice.chat.addMember(key)), settled(alice.chat.addMember(key))]))
  t.ok(twice.includes(true) && alice.chat.members().includes(key), `addMember of the same key twice at once: the member is added, once, and one of the two resolves (${twice.map(told).join('; ')})`)
})

test('setNick resolves once its own entry is applied, whatever the nick reads by then: the same nick again, and two at once', async (t, k) => {
  const alice = await open(k, 'alice')
  await k.step('alice.setNick("alice"), the nick she already has (setNick must resolve once its own entry is applied: no nick change will come)',
    alice.chat.setNick('alice'))
  await k.step('alice.setNick("a") and alice.setNick("b") at once (each setNick must resolve once its own entry is applied: by the time it is, the other may have replaced the nick it wrote)',
    Promise.all([alice.chat.setNick('a'), alice.chat.setNick('b')]))
  t.is(alice.chat.nickOf(alice.chat.author), 'b', 'the nick written last wins: both are alice\'s, in her own core\'s order')
  // Autobase's 'update' events held back for 2 s: a setNick that resolves on a timer resolves before the chat read its nick.
  const held = await onHeldAutobaseUpdates(() => k.step('alice.setNick("alicia") while Autobase\'s \'update\' events are held back',
    alice.chat.setNick('alicia').then(() => alice.chat.nickOf(alice.chat.author))))
  const shown = await k.step('alice.setNick("alicia") settling once the updates are told', settled(held.result))
  const nick = await held.result.catch(() => undefined)
  t.ok(shown === true && nick === 'alicia',
    `setNick resolves when its own entry is applied and the chat has read it: then nickOf(author) already gives the new nick (it gave ${JSON.stringify(nick)}). Not after a timer: on a busy machine a timer runs out before the view is read (${told(shown)})`)
})

test('close() settles a call still pending: a send whose entry the chat was still reading when close() was called', async (t, k) => {
  const alice = await open(k, 'alice')
  const hold = holdViewReads(k)
  const sending = settled(alice.chat.send('under way'))
  await k.until('alice\'s chat to be reading her message "under way" (its read held after the first entry)', () => hold.held > 0)
  const closing = settled(alice.chat.close())
  // close() under way while the read is held; then the read goes on.
  await new Promise((resolve) => setTimeout(resolve, 200))
  hold.release()
  await k.step('alice.close() once her read goes on', closing)
  await k.step('alice\'s send, pending when close() was called, to settle: close() settles every call still pending (it resolves or rejects, "closed"), it never leaves one waiting for a read it stopped', sending)
  t.pass('the send under way when close() was called has settled')
})
