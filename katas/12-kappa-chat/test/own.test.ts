// Kata 12 · one chat on its own: createChat opens it; send and setNick write entries every peer accepts,
// resolve once the chat shows them, refuse what a peer would drop, and pass on a write that fails.
import fs from 'node:fs/promises'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import multifeed from 'multifeed'
import { openFilesUnder, settled, test, type KataContext } from '../../../src/harness/index.ts'
import { LIMITS, createChat, type Chat, type ChatMessage } from '../chat.ts'
import { filesUnder, hasText, join, newKey, nick, outcome, say, texts } from './helpers.test.ts'

test('createChat rejects a key that is not 64 hex characters, and a storage it cannot open; a failed createChat leaves nothing open', async (t, k) => {
  // A key checked by its length alone reaches multifeed (its encryptionKey), whose sodium asserts on it in a callback.
  k.explainStray(/crypto_generichash_KEYBYTES/,
    'createChat must refuse a key that is not 64 hex characters before it uses it: 64 characters that are not all hex make fewer than 32 bytes, which multifeed (its encryptionKey) cannot use')
  const swarm = await k.swarm()
  const hex = newKey()
  /** createChat's outcome; a chat it should not have made is closed again. */
  const attempt = (storage: string, key: string, nick = 'alice'): Promise<true | Error> =>
    createChat({ storage, key, nick, swarm }).then(async (chat) => { await chat.close(); return true as const }, (err: Error) => err)
  for (const [what, key] of [
    ['64 hex characters and a "x" after them', `${hex}x`],
    ['a "x" and 64 hex characters after it', `x${hex}`],
    ['65 hex characters', `0${hex}`],
    ['64 characters that are not hex', 'z'.repeat(64)],
    ['62 hex characters (31 bytes)', hex.slice(2)]
  ] as const) {
    const result = await k.step(`createChat() with a key of ${what} (must reject)`, attempt(await k.tmp(), key))
    t.ok(result instanceof Error && /key/.test(result.message),
      `a chat key is 64 hex characters: a key of ${what} is rejected with an error about the key (${result === true ? 'a chat was made' : result.message})`)
  }
  const file = path.join(await k.tmp(), 'a-file')
  await fs.writeFile(file, 'not a folder')
  const result = await k.step('createChat() in a storage under a file (must reject)', attempt(path.join(file, 'chat'), hex))
  t.ok(result instanceof Error, `createChat rejects when it cannot open its storage, with that error (${result === true ? 'a chat was made' : result.message})`)
  // A chat that fails after its feeds are open (a nick no peer would accept): nothing of it may stay open.
  const storage = await k.tmp()
  const refused = await k.step('createChat() with a nick that has a control character (must reject)', attempt(storage, hex, 'bad\u0007nick'))
  t.ok(refused instanceof Error, `createChat rejects when its nick cannot be written: a nick with a control character, which setNick and send refuse (${refused === true ? 'a chat was made' : refused.message})`)
  const stillOpen = await openFilesUnder(storage)
  if (stillOpen) {
    t.alike(stillOpen, [], `a failed createChat leaves nothing behind: it closes what it opened before it rejects, as close() does (it closes the feeds too) (${stillOpen.length} of the storage's files still open: ${stillOpen.slice(0, 3).join(', ')}…)`)
  }
})

test('send and setNick on a chat of its own: each resolves with its own entry once the chat shows it, history() is a copy, events announce every change', async (t, k) => {
  const alice = await join(k, 'alice', newKey())
  const nicks: unknown[] = []
  alice.chat.on('nick', (change) => nicks.push(change))
  const heard: string[] = []
  const early: string[] = [] // heard before history() had them
  alice.chat.on('message', (m) => {
    heard.push(m.text)
    if (!alice.chat.history(m.channel).some((h) => h.author === m.author && h.seq === m.seq)) early.push(m.text)
  })
  // No await between them: none of these sends has seen the others' entries when it starts.
  const sent = await k.step('alice.send × 3, all at once: each must resolve with its own message (sends take turns on the feed, one at a time, each waiting for its own entry)', Promise.all(['one', 'two', 'three'].map((text) => alice.chat.send(text))))
  t.ok(sent.every((m) => m !== undefined && hasText(alice.chat, m.text)),
    'send() resolves once the view has indexed the message, with that message: history() shows all 3 already')
  t.alike(sent.map((m) => m?.text), ['one', 'two', 'three'],
    'each send() resolves with its own message, even when called at the same moment: sends take turns on the feed, each waiting for its own entry (the seq its append gave it)')
  const clocks = sent.map((m) => m?.clock)
  t.ok(clocks.every((c, i) => i === 0 || (c !== undefined && c > clocks[i - 1]!)),
    `createChat's view gives each entry of a feed a higher clock than the one before it, even when sent at the same moment (checkable clocks: a feed is written in order, and its clocks keep that order): expected rising clocks, got ${clocks.join(', ')}`)
  t.alike(texts(alice.chat), ['one', 'two', 'three'], 'and show in the order they were sent')
  t.alike(heard, ['one', 'two', 'three'], `createChat's view emits a 'message' event for every message it indexes, your own too (the app prints only what that event gives it): heard ${JSON.stringify(heard)}`)
  t.alike(early, [], `createChat's view emits 'message' once history() shows the message, not before: a listener that reads history() in it (the app redraws from it) must find the message there (missing for ${JSON.stringify(early)})`)
  const twins = await k.step('alice.send("same") × 2, at once', Promise.all([alice.chat.send('same'), alice.chat.send('same')]))
  t.ok(twins[0] !== undefined && twins[1] !== undefined && twins[0].seq !== twins[1].seq,
    `each send() resolves with its own entry, found by the seq its append gave it, not by its text: two sends of "same" resolved with seqs ${twins.map((m) => m?.seq).join(' and ')}`)

  const copy = alice.chat.history()
  copy.reverse()
  copy.length = 1
  t.alike(texts(alice.chat), ['one', 'two', 'three', 'same', 'same'], 'history() returns a copy: a caller that reverses or shortens the array it got does not change the chat\'s history')
  const got = alice.chat.history()
  got[0].text = 'rewritten by the app'
  got[0].timestamp = 0
  t.alike(texts(alice.chat), ['one', 'two', 'three', 'same', 'same'], 'history() returns a copy of each message too: a caller that changes a message it got does not change the chat\'s history (nor the order the chat keeps it in)')
  const rewrite = (m: ChatMessage): void => { m.text = 'rewritten by a listener'; m.timestamp = 0 }
  alice.chat.on('message', rewrite)
  await k.step('alice.send("told")', alice.chat.send('told'))
  alice.chat.off('message', rewrite)
  t.alike(texts(alice.chat), ['one', 'two', 'three', 'same', 'same', 'told'], 'createChat\'s view: the \'message\' event gives each listener a copy too: a listener that changes the message it got does not change the chat\'s history (nor the order the chat keeps it in)')

  await k.step('alice.setNick("alicia")', alice.chat.setNick('alicia'))
  t.alike(nicks, [{ author: alice.chat.author, nick: 'alicia' }], 'createChat\'s view emits a \'nick\' event with the author and the new nick when a nick changes, setNick()\'s own too (the app shows nick changes from it)')
  await k.step('alice.setNick("alicia") again', alice.chat.setNick('alicia'))
  t.is(nicks.length, 1, 'a \'nick\' event is for a nick that changed: the same nick again is no change, and is not announced')
})

test('send stamps a burst within one millisecond each later than the one before, and none ahead of the wall clock', async (t, k) => {
  const alice = await join(k, 'alice', newKey())
  // A wall clock that moves one millisecond every 50: the whole burst falls within one or two of its milliseconds.
  const realNow = Date.now
  const start = realNow()
  Date.now = () => start + Math.floor((realNow() - start) / 50)
  const ahead: string[] = []
  let sent: ChatMessage[]
  try {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`)
    sent = await k.step('alice.send × 20, all at once, on a wall clock that moves a millisecond every 50', Promise.all(lines.map((line) =>
      alice.chat.send(line).then((m) => {
        if (Math.floor(m.timestamp) > Date.now()) ahead.push(`"${m.text}" ${m.timestamp - Date.now()} ms`)
        return m
      }))), 10000)
  } finally { Date.now = realNow }
  const stamps = sent.map((m) => m.timestamp)
  t.ok(stamps.every((ts, i) => i === 0 || ts > stamps[i - 1]),
    `send writes strictly increasing timestamps, each later than the one before, even within one millisecond (Cabal keeps one message per timestamp): ${stamps.join(', ')}`)
  t.alike(ahead, [],
    `send stamps no entry ahead of the wall clock when it can help it (cabal-core re-stamps an entry from its future, onto a moment another message may hold): these resolved stamped in a millisecond the clock had not reached: ${ahead.join(', ')}`)
})

/** alice's send of "from half a minute ahead" while the wall clock is half a minute ahead (only until it resolves). */
async function sendFromTheFuture (k: KataContext, chat: Chat, seconds = 30): Promise<ChatMessage> {
  const realNow = Date.now
  const ahead = realNow() + seconds * 1000
  Date.now = () => ahead
  try {
    return await k.step(`a send while the wall clock is ${seconds} s ahead`, chat.send(seconds === 30 ? 'from half a minute ahead' : `from ${seconds} s ahead`))
  } finally {
    Date.now = realNow
  }
}

test('send stamps after its chat\'s last entry when the wall clock went back: it does not wait for the clock to catch up', async (t, k) => {
  const alice = await join(k, 'alice', newKey())
  // alice sends while the wall clock is half a minute ahead, then the clock goes back.
  const ahead1 = await sendFromTheFuture(k, alice.chat)
  const first = await k.step('alice.send once the wall clock is back, half a minute behind her last entry (a clock set back): too long to wait for, so send must resolve soon all the same, stamped after that entry', alice.chat.send('still alice'))
  t.ok(first !== undefined && ahead1 !== undefined && first.timestamp > ahead1.timestamp,
    `send writes strictly increasing timestamps, whatever the wall clock says: alice's last was ${ahead1?.timestamp} (the wall clock half a minute ahead), so her next must be later, and it is ${first?.timestamp}: Date.now() alone went back`)
  // Set back by seconds, not minutes: still more than a moment, so still no wait.
  const carol = await join(k, 'carol', newKey())
  const ahead5 = await sendFromTheFuture(k, carol.chat, 5)
  const next = await k.step('carol.send once the wall clock is back, 5 s behind her last entry (a clock set back by seconds): more than a moment to wait for, so send must resolve soon all the same, stamped after that entry', carol.chat.send('still carol'))
  t.ok(next !== undefined && ahead5 !== undefined && next.timestamp > ahead5.timestamp,
    `send writes strictly increasing timestamps: carol's last was ${ahead5?.timestamp} (the wall clock 5 s ahead), so her next must be later, and it is ${next?.timestamp}`)
})

test('createChat: two chats in one process keep their own state: history, nicks and send\'s timestamps are each chat\'s own', async (t, k) => {
  const alice = await join(k, 'alice', newKey())
  // alice's last entry is half a minute ahead of the wall clock.
  const ahead1 = await sendFromTheFuture(k, alice.chat)
  const bob = await join(k, 'bob', newKey())
  t.alike(texts(bob.chat), [],
    `createChat: each chat keeps a state of its own: bob's chat (another key, another storage, opened after alice's) must show none of alice's messages, and it shows ${JSON.stringify(texts(bob.chat))}: state kept at module level is shared by every chat in the process`)
  t.is(bob.chat.nickOf(alice.chat.author), undefined,
    'createChat: each chat keeps a state of its own: bob\'s chat knows no nick of alice\'s (state kept at module level is shared by every chat in the process)')
  const bobs = await k.step('bob.send', bob.chat.send('bob here'))
  t.ok(bobs !== undefined && Math.floor(bobs.timestamp) <= Date.now(),
    `send: each chat's timestamps are its own: bob's first message is stamped by the wall clock, not after alice's entries (it is ${bobs === undefined ? '?' : Math.round(bobs.timestamp - Date.now())} ms ahead of it): a floor kept at module level is shared by every chat in the process`)
  const next = await k.step('alice.send after bob\'s chat opened and sent', alice.chat.send('after bob'))
  t.ok(next !== undefined && ahead1 !== undefined && next.timestamp > ahead1.timestamp,
    `send: each chat's timestamps keep increasing on their own: alice's last was ${ahead1?.timestamp} (the wall clock half a minute ahead), so her next must be later, and it is ${next?.timestamp}: a floor kept at module level is shared by every chat in the process (bob's chat reset alice's)`)
  t.alike(texts(alice.chat), ['from half a minute ahead', 'after bob'],
    `createChat: each chat keeps a state of its own: alice's chat shows none of bob's messages (it shows ${JSON.stringify(texts(alice.chat))}): state kept at module level is shared by every chat in the process`)

  // Two new chats, each with its nick as its first entry: their next entries have the same seqs.
  const carol = await join(k, 'carol', newKey())
  const dan = await join(k, 'dan', newKey())
  const sendOutcome = (p: Promise<ChatMessage>): Promise<ChatMessage | Error> => p.catch((err: Error) => err)
  const [c, d] = await k.step('carol.send and dan.send at the same moment, in two chats of one process (each send waits for its own chat\'s entry: one waiting in a list kept at module level may wait for ever)',
    Promise.all([sendOutcome(carol.chat.send('carol here')), sendOutcome(dan.chat.send('dan here'))]))
  for (const [who, got, author] of [['carol', c, carol.chat.author], ['dan', d, dan.chat.author]] as const) {
    t.ok(!(got instanceof Error) && got.text === `${who} here` && got.author === author,
      `send: each chat waits for its own entries: ${who}'s send, at the same moment as another chat's send of an entry with the same seq, must resolve with ${who}'s own message (${got instanceof Error ? `it failed: ${got.message}` : `got "${got.text}"`}): who waits for which entry, kept at module level, is shared by every chat in the process`)
  }

  // Two chats opened at once from copies of one storage: each reads all of it.
  const carols = texts(carol.chat)
  await k.step('carol.close()', carol.chat.close())
  const copy = path.join(await k.tmp(), 'copy')
  await fs.cp(carol.storage, copy, { recursive: true })
  const original = await join(k, 'carol', carol.chat.key, { storage: carol.storage, nick: null })
  const again = await join(k, 'carol\'s copy', carol.chat.key, { storage: copy, nick: null })
  for (const [which, chat] of [['the first', original.chat], ['the second', again.chat]] as const) {
    const shown = texts(chat)
    if (isDeepStrictEqual(shown, carols)) continue
    // Shown a moment later: createChat resolved too soon. Never: what the chat read of each feed went elsewhere.
    const later = await settled(k.until(`${which} chat to show what is on disk`, () => isDeepStrictEqual(texts(chat), carols)))
    t.fail(later === true
      ? `createChat resolves once what is on disk is shown: ${which} of two chats opened from copies of one storage showed ${JSON.stringify(shown)} when createChat resolved, and ${JSON.stringify(carols)} only later`
      : `createChat: each chat keeps a state of its own: carol's chat opened again, and a second chat from a copy of its storage at the same time, each show what is on disk (${JSON.stringify(carols)}), and ${which} shows ${JSON.stringify(texts(chat))}: what a chat has read of each feed, kept at module level, is shared by every chat in the process`)
  }
})

test('send and setNick refuse, before anything is written, a control character and any entry a peer would drop', async (t, k) => {
  const alice = await join(k, 'alice', newKey())
  for (const [what, call, said, code] of [
    ['send("\\u001b[2J")', () => alice.chat.send('\u001b[2Jhi'), /message/, 'U+001B'],
    ['send("two\\nlines")', () => alice.chat.send('two\nlines'), /message/, 'U+000A'],
    ['setNick("\\u001b[31mbob")', () => alice.chat.setNick('\u001b[31mbob'), /nick/, 'U+001B'],
    ['send("a DEL\\u007f")', () => alice.chat.send('a DEL\u007f'), /message/, 'U+007F'],
    ['send("\\u009b2J, a C1 escape code")', () => alice.chat.send('\u009b2J, a C1 escape code'), /message/, 'U+009B'],
    ['setNick("\\u009b31mbob")', () => alice.chat.setNick('\u009b31mbob'), /nick/, 'U+009B']
  ] as const) {
    const result = await k.step(what, outcome(call()))
    t.ok(result instanceof Error && /control character/.test(result.message),
      `${what} is rejected with an error that says why (it contains a control character): ${result === true ? 'it was sent' : result.message}`)
    t.ok(result instanceof Error && said.test(result.message) && result.message.includes(code),
      `and the error says where (in ${said.source === 'nick' ? 'a nick' : 'a message'}) and which character (${code}), so that the user can fix it: ${result === true ? 'it was sent' : result.message}`)
  }
  for (const [what, call] of [
    ['send("")', () => alice.chat.send('')],
    [`send() of ${LIMITS.text + 1} characters`, () => alice.chat.send('x'.repeat(LIMITS.text + 1))],
    ['send("hi", "two words")', () => alice.chat.send('hi', 'two words')],
    ['setNick("")', () => alice.chat.setNick('')],
    [`setNick() of ${LIMITS.nick + 1} characters`, () => alice.chat.setNick('n'.repeat(LIMITS.nick + 1))],
    [`send("hi") in a channel of ${LIMITS.channel + 1} characters`, () => alice.chat.send('hi', 'c'.repeat(LIMITS.channel + 1))],
    ['send("hi") in channel "\\u001b[2Jgeneral"', () => alice.chat.send('hi', '\u001b[2Jgeneral')],
    ['send("hi") in channel "gen\\u009beral"', () => alice.chat.send('hi', 'gen\u009beral')]
  ] as const) {
    // Written, such an entry would be dropped by every peer's parseEntry, alice's own view included: a send that never resolves.
    const result = await k.step(`${what} (must reject at once: the chat writes only entries that parseEntry accepts, and parseEntry would drop that one)`, outcome(call()))
    t.ok(result instanceof Error && /\w/.test(result.message),
      `${what} is rejected, with an error that says why: the chat writes only entries that parseEntry accepts (${result === true ? 'it was written' : result.message || 'an error without a message'})`)
  }
  t.alike(texts(alice.chat), [], 'and nothing was written: send() and setNick() check an entry before it is written, and write nothing they refuse')
  t.is(alice.chat.nickOf(alice.chat.author), 'alice', 'the nick did not change')
  // Entry 0 of alice's feed is her nick: a refused entry that was written anyway would come between.
  const accepted = await k.step('alice.send("accepted") after the refusals', alice.chat.send('accepted').then((m) => m, (err: Error) => err))
  if (accepted instanceof Error) {
    return t.fail(`send() after the refused ones must send: it rejected with "${accepted.message}", an error of a send before it. A refused or failed send takes nothing down with it: the sends after it take their turns as before`)
  }
  t.is(accepted?.seq, 1,
    `send() and setNick() check an entry before it is written: after 14 refusals, alice's next message is entry 1 of her feed, right after her nick (it is entry ${accepted?.seq}: what send refused was written anyway, and every peer gets it)`)
  for (const [what, call] of [
    [`send() of ${LIMITS.text} characters`, () => alice.chat.send('x'.repeat(LIMITS.text))],
    [`send() of ${LIMITS.text} emoji (characters are code points, as parseEntry counts them on every peer: .length says ${LIMITS.text * 2})`, () => alice.chat.send('😀'.repeat(LIMITS.text))],
    [`send("hi") in a channel of ${LIMITS.channel} characters`, () => alice.chat.send('hi', 'c'.repeat(LIMITS.channel))],
    [`setNick() of ${LIMITS.nick} characters`, () => alice.chat.setNick('n'.repeat(LIMITS.nick))]
  ] as const) {
    const result = await k.step(what, outcome(call()))
    t.is(result, true, `${what} is sent: the limits are the longest a text, a channel and a nick may be, not one less (${result === true ? 'sent' : result.message})`)
  }
})

test('send and setNick pass on a write that fails (a full disk): they reject with the write\'s error, never hang', async (t, k) => {
  // A full disk, on Linux: every write to /dev/full fails with ENOSPC (reads give zeros).
  const full = await fs.stat('/dev/full').then(() => true, () => false)
  const storage = await k.tmp()
  const swarm = await k.swarm()
  const chat = k.closes(await k.step('createChat() without a nick (nothing written yet)', createChat({ storage, key: newKey(), swarm })))
  if (!full) return t.pass('no /dev/full here: a full disk is only simulated on Linux')
  // The writer feed is the one hypercore that has a secret key; its blocks go to `data`, not written yet.
  const own = (await filesUnder(storage)).filter((f) => path.basename(f) === 'secret_key')
  t.is(own.length, 1, `the storage holds one writer feed, with its secret key (found ${own.length})`)
  await fs.rm(path.join(path.dirname(own[0]), 'data'), { force: true })
  await fs.symlink('/dev/full', path.join(path.dirname(own[0]), 'data'))
  for (const [what, call] of [['send("lost")', () => chat.send('lost')], ['setNick("lost")', () => chat.setNick('lost')]] as const) {
    const result = await k.step(`${what} on a full disk (an entry that cannot be written: it must reject with the write's error, not wait for it)`, outcome(call()))
    t.ok(result instanceof Error && (result as NodeJS.ErrnoException).code === 'ENOSPC',
      `an entry that cannot be written rejects ${what} with the write's own error (ENOSPC, no space left on device), so the user learns why: ${result === true ? 'it resolved' : `${(result as NodeJS.ErrnoException).code ?? 'no code'}: ${result.message}`}`)
  }
})

test('send writes timestamps that keep increasing, across a restart too, even when the last one is ahead of the wall clock', async (t, k) => {
  const key = newKey()
  const alice = await join(k, 'alice', key)
  const author = alice.chat.author
  const sent = await k.step('alice.send', alice.chat.send('today'))
  await k.step('alice.close()', alice.chat.close())
  // While alice is away, her feed gets two more entries, a day ahead: as a run on a machine whose clock was
  // ahead. The last one is a nick: every entry of hers counts, not only her messages.
  const ahead = Date.now() + 24 * 3600 * 1000
  const nickAhead = ahead + 60 * 1000
  const feeds = multifeed(alice.storage, { valueEncoding: 'binary', encryptionKey: Buffer.from(key, 'hex') })
  await k.step('opening alice\'s storage', new Promise<void>((resolve) => feeds.ready(() => resolve())))
  const feed = feeds.feeds().find((f) => f.key.toString('hex') === author)
  t.ok(feed?.writable, 'alice\'s storage holds her own feed, writable')
  await k.step('writing an entry from a day ahead to alice\'s feed', new Promise<void>((resolve, reject) => {
    feed!.append(Buffer.from(JSON.stringify(say({ text: 'from tomorrow' }, { clock: sent.clock + 1, after: { key: author, seq: sent.seq }, timestamp: ahead }))), (err) => err ? reject(err) : resolve())
  }))
  await k.step('writing a nick from a minute later to alice\'s feed', new Promise<void>((resolve, reject) => {
    feed!.append(Buffer.from(JSON.stringify(nick('alice', { clock: sent.clock + 2, after: { key: author, seq: sent.seq + 1 }, timestamp: nickAhead }))), (err) => err ? reject(err) : resolve())
  }))
  // And a feed of another member (as replicated before the restart), its entry stamped a minute after alice's nick.
  const othersAhead = nickAhead + 60 * 1000
  const other = await k.step('adding another member\'s feed to alice\'s storage', new Promise<multifeed.Hypercore9Feed>((resolve, reject) => {
    feeds.writer('another member', (err, f) => err ? reject(err) : resolve(f))
  }))
  await k.step('writing an entry from a day ahead to the other member\'s feed', new Promise<void>((resolve, reject) => {
    other.append(Buffer.from(JSON.stringify(say({ text: 'from a member further ahead' }, { clock: 1, timestamp: othersAhead }))), (err) => err ? reject(err) : resolve())
  }))
  await k.step('closing alice\'s storage', new Promise<void>((resolve) => feeds.close(() => resolve())))
  const again = await join(k, 'alice again', key, { storage: alice.storage })
  t.ok(hasText(again.chat, 'from tomorrow') && hasText(again.chat, 'from a member further ahead'), 'the chat reads its own feed, and the other member\'s, from the storage')
  const next = await k.step('alice.send after the restart', again.chat.send('after tomorrow'))
  t.ok(next !== undefined && next.timestamp > nickAhead,
    `the timestamps one chat writes are strictly increasing, across restarts and whatever the wall clock says: its last entry on disk, a nick, has timestamp ${nickAhead}, so the next must be later (got ${next?.timestamp}${next !== undefined && next.timestamp > ahead ? ': later than its last message, not its last entry' : ': Date.now() alone went back'})`)
  t.ok(next !== undefined && next.timestamp < othersAhead,
    `send stamps later than its own chat's last entry, not another member's: the other feed's entry (${othersAhead}, a minute after alice's nick) says nothing of alice's clock, and must not move her next timestamp (got ${next?.timestamp}): one entry stamped at the end of time would pin every later send of hers there`)
})
