// Kata 15 · createChat and close(): one base, one key, who is who.
import fs from 'node:fs/promises'
import path from 'node:path'
import { announcedOn, canFillDisk, onFullDisk, openFilesUnder, settled, test, told, watchHostCalls } from '../../../src/harness/index.ts'
import { createChat, type ChatMessage } from '../chat.ts'
import { open, texts, hasText, topicOf, KEY } from './helpers.test.ts'

test('createChat makes a new chat: its creator is its first member and can write; the key is the creator\'s writer key', async (t, k) => {
  const { chat, swarm } = await open(k, 'alice')
  const found = await announcedOn(k, topicOf(chat))
  t.ok(found.includes(swarm.keyPair.publicKey.toString('hex')),
    'createChat: when it resolves, the DHT already finds the chat on its topic: resolve only once the chat is announced there, so a peer who looks next finds it')
  t.ok(/^[0-9a-f]{64}$/.test(chat.key), `a new chat has a key of 64 hex characters (${chat.key})`)
  t.is(chat.creator, chat.key, 'the creator is the chat key: an Autobase made with no key takes its creator\'s writer key')
  t.is(chat.writerKey, chat.key, 'and that is our own writer key: we made it')
  t.is(chat.author, chat.writerKey, 'author (kata 12\'s name) and writerKey are the same key')
  t.ok(chat.writable, 'the creator can write at once')
  t.alike(chat.members(), [chat.key], 'the creator is the only member of a new chat')
  t.is(chat.nickOf(chat.author), 'alice', 'the nick given to createChat is published')
  const seen: ChatMessage[] = []
  chat.on('message', (m) => seen.push(m))
  const sent = await k.step('alice.send', chat.send('hello'))
  t.alike({ ...sent }, { author: chat.author, seq: sent.seq, index: 0, channel: 'default', text: 'hello', timestamp: sent.timestamp },
    'send resolves with the message as history() shows it: our author key, the default channel, index 0')
  t.ok(Math.abs(sent.timestamp - Date.now()) < 60_000, 'its timestamp is our wall clock when we wrote it')
  t.alike(chat.history(), [sent], 'and history() shows it')
  t.alike(seen, [sent], 'a \'message\' event came for it, once')
  await k.step('alice.send to #dev', chat.send('in dev', 'dev'))
  t.alike(chat.channels(), ['default', 'dev'], 'channels() lists every channel that has messages, sorted')
  t.alike(texts(chat, 'dev'), ['in dev'], 'each channel has its own history')
  t.is(chat.history('dev')[0].index, 0, 'index is the place in the channel\'s history')
  const copy = chat.history()
  copy.length = 0
  t.is(chat.history().length, 1, 'history() returns a copy: emptying it changes nothing in the chat')
  t.alike(chat.history('nowhere'), [], 'a channel with no messages has an empty history')
  const again = await k.step('alice.send("again")', chat.send('again'))
  t.ok(again?.text === 'again' && again.index === 1 && again.seq > sent.seq,
    `send resolves with its own message (our author and the seq of our new node), not another of ours: index 1, after "hello" (resolved with ${JSON.stringify(again?.text)} at index ${again?.index})`)
  const same = await k.step('alice.send("hello") again: a text she sent before', chat.send('hello'))
  t.alike(seen.filter((m) => m.text === 'hello').map((m) => m.seq), [sent.seq, same.seq],
    'a \'message\' event comes for every new message, one with a text another message had too: a message is who wrote it and where in their core (author and seq), never its text')
})

test('createChat rejects a key that is not 64 hex characters, and a storage it cannot open', async (t, k) => {
  const swarm = await k.swarm()
  const attempt = (storage: string, key: string): Promise<true | Error> =>
    createChat({ storage, key, swarm }).then(async (chat) => { await chat.close(); return true as const }, (err: Error) => err)
  for (const [what, key] of [['62 hex characters', KEY.slice(2)], ['64 characters that are not hex', 'z'.repeat(64)], ['a cabal:// URL', `cabal://${KEY}`], ['a number', 42 as unknown as string]] as const) {
    const result = await k.step(`createChat() with a key of ${what} (must reject)`, attempt(await k.tmp(), key))
    t.ok(result instanceof Error && /key/.test(result.message) && /64 (lower-?case )?hex/i.test(result.message), `a key of ${what} is rejected with an error that says what a chat key is: 64 hex characters (${told(result)})`)
  }
  const file = path.join(await k.tmp(), 'a-file')
  await fs.writeFile(file, 'not a folder')
  const result = await k.step('createChat() in a storage under a file (must reject)', attempt(path.join(file, 'chat'), KEY))
  t.ok(result instanceof Error && (result as NodeJS.ErrnoException).code === 'ENOTDIR',
    `createChat rejects with the error that stopped it, here the storage's (ENOTDIR: it is under a file), and cleans up after it (${told(result)})`)
  const storage = await k.tmp()
  const refused = await k.step('createChat() with a nick that has a control character (must reject)', settled(createChat({ storage, nick: 'bad\u0007', swarm })))
  t.ok(refused instanceof Error && /control character/.test(refused.message), `a nick with a control character is refused, as by setNick (${told(refused)})`)
  t.is(swarm.listenerCount('connection'), 0, 'and a createChat that rejects leaves nothing on the swarm: no handler of its own on the swarm\'s \'connection\' event (a createChat that fails undoes what it started, as close() does: the handler taken off the swarm)')
  const stillOpen = await openFilesUnder(storage)
  if (stillOpen) t.alike(stillOpen, [], `nor anything open in its storage: it closes what it opened (${stillOpen.length} files still are)`)
})

test('close() leaves the topic, ends its connections, closes the base and its storage, and leaves the swarm running', async (t, k) => {
  const alice = await open(k, 'alice')
  const bob = await open(k, 'bob', alice.chat.key)
  await k.step('alice.send', alice.chat.send('hi bob'))
  await k.until('bob to see alice\'s message', () => hasText(bob.chat, 'hi bob'))
  const swarm = alice.swarm
  const connections = [...swarm.connections]
  const peers: string[][] = []
  bob.chat.on('peers', (p) => peers.push(p))
  t.ok(alice.chat.peers().includes(bob.swarm.keyPair.publicKey.toString('hex')), 'peers() lists bob by his swarm key while they replicate')
  t.alike(alice.chat.peerInfo().map((p) => p.key), alice.chat.peers(), 'peerInfo() lists the same peers')
  const topic = topicOf(alice.chat)
  t.ok(swarm.status(topic), 'the chat joined its topic on the swarm: the discovery key of the chat key')
  const racing = settled(alice.chat.send('racing close()'))
  await k.step('alice.close()', alice.chat.close())
  await k.step('a send called just before close() settling (resolved or rejected, never left pending)', racing)
  const discovery = swarm.status(topic)
  t.ok(!discovery || discovery.destroyed, 'close() leaves the chat\'s topic: alice\'s swarm no longer announces it or looks it up')
  t.ok(connections.length > 0 && connections.every((c) => c.destroying || c.destroyed), `close() ends the chat's connections (${connections.length} open before)`)
  t.is(swarm.listenerCount('connection'), 0, 'close() stops listening for connections: no handler of the closed chat is left on the swarm')
  t.absent(swarm.destroyed, 'and the swarm is still running: it was given to the chat, it is not the chat\'s to destroy')
  await k.until('bob to see alice go (a \'peers\' event without her)', () => peers.some((p) => !p.includes(swarm.keyPair.publicKey.toString('hex'))))
  const stillOpen = await openFilesUnder(alice.storage)
  if (stillOpen) {
    t.alike(stillOpen, [], `close() closes the base and its store: none of the storage's files is left open (${stillOpen.length} still are: ${stillOpen.slice(0, 3).join(', ')}…)`)
  }
  const late = await k.step('alice.send after close() (must reject at once)', settled(alice.chat.send('too late')))
  t.ok(late instanceof Error && /closed/.test(late.message), `send() after close() rejects with an error that says the chat is closed (${told(late)})`)
  await k.step('bob.close() (bob is read-only: alice never added him)', bob.chat.close())
  const closed = await k.step('bob.send after his close() (must reject at once)', settled(bob.chat.send('too late')))
  t.ok(closed instanceof Error && /closed/.test(closed.message), `so does a read-only chat's: every call after close() rejects saying the chat is closed, the first thing to say of it, before that it is not a member (${told(closed)})`)
})

test('a peer that joins with the key is read-only: send and setNick reject until a member adds its writer key', async (t, k) => {
  const calls = watchHostCalls(k)
  const alice = await open(k, 'alice')
  await k.step('alice.send', alice.chat.send('welcome'))
  const bob = await open(k, 'bob', alice.chat.key)
  await k.until('bob to read alice\'s message (whoever has the key can read)', () => hasText(bob.chat, 'welcome'))
  t.is(bob.chat.key, alice.chat.key, 'bob\'s chat has the key he joined with')
  t.is(bob.chat.creator, alice.chat.writerKey, 'and knows alice as its creator')
  t.not(bob.chat.writerKey, alice.chat.writerKey, 'bob has a writer key of his own')
  t.absent(bob.chat.writable, 'bob is not a member: not writable')
  t.alike(bob.chat.members(), [alice.chat.key], 'bob sees alice as the only member')
  const early = await k.step('bob.send before he is a member (must reject)', settled(bob.chat.send('may I?')))
  t.ok(early instanceof Error && /member/i.test(early.message) && early.message.includes(bob.chat.writerKey),
    `a send before being a member rejects clearly: not a member, and the writer key to give a member (${told(early)})`)
  const nick = await k.step('bob.setNick before he is a member (must reject)', settled(bob.chat.setNick('bobby')))
  t.ok(nick instanceof Error && /member/i.test(nick.message), `a setNick before being a member rejects too (${told(nick)})`)
  const membersSeen: string[][] = []
  bob.chat.on('members', (m) => membersSeen.push(m))
  const aliceSaw: string[][] = []
  alice.chat.on('members', (m) => aliceSaw.push(m))
  await k.step('alice.addMember(bob.writerKey)', alice.chat.addMember(bob.chat.writerKey))
  t.alike(alice.chat.members(), [alice.chat.key, bob.chat.writerKey].sort(), 'addMember resolves once members() shows the new member')
  const added = calls.filter((c) => c.method === 'addWriter' && c.key === bob.chat.writerKey && c.peer === alice.chat.writerKey)
  t.ok(added.length > 0 && added.every((c) => c.indexer === false),
    'apply adds a member as a writer that is not an indexer (Autobase makes every writer it adds an indexer unless told otherwise): the creator stays the one indexer, whose acknowledgements settle the order')
  t.alike(aliceSaw, [alice.chat.members()], 'alice hears of it too: one \'members\' event with the new list, although her own writable did not change (one: an event comes only when the members change, not on every read of the view)')
  await k.step('alice.send', alice.chat.send('a message changes no membership'))
  t.is(aliceSaw.length, 1, 'and a \'members\' event only when the members change: a message is no reason for one')
  await k.until('bob to become writable once alice added him (every peer\'s apply adds him, from its own view: a set of members kept in memory is shared by every peer in this process, and bob\'s apply would find him there already; and writable asks the base each time, never keeps a copy)', () => bob.chat.writable)
  await k.until('a \'members\' event at bob listing him', () => membersSeen.some((m) => m.includes(bob.chat.writerKey)))
  await k.until('bob\'s nick, asked for while he was read-only, to be published once he is a member', () => alice.chat.nickOf(bob.chat.writerKey) === 'bob')
  const aliceHeard: string[] = []
  alice.chat.on('message', (m) => aliceHeard.push(m.text))
  const thanks = await k.step('bob.send as a member', bob.chat.send('thanks'))
  t.ok(thanks?.text === 'thanks' && thanks.author === bob.chat.writerKey,
    `bob's send resolves with his own message, found by author and seq: alice's "welcome" has the same seq in her core (resolved with ${JSON.stringify(thanks?.text)})`)
  await k.until('alice to see bob\'s message', () => hasText(alice.chat, 'thanks'))
  t.pass('a member\'s messages reach everyone')
  // Her history shows it; its 'message' comes once the read that placed it is done.
  const heard = await settled(k.until('alice to hear bob\'s "thanks" (a \'message\' event)', () => aliceHeard.includes('thanks')))
  t.ok(heard === true,
    `'message': alice's history() shows bob's "thanks", yet alice's chat never told it. Every chat tells its own app of each message it shows, once: what a chat has told is that chat's own, as its history is. bob's chat, open in this same process, told "thanks" to bob's app first; what one chat told must not keep another from telling it`)
})

test('\'error\' tells the app that its chat stopped, when the storage fails under it (a full disk); the calls reject, never hang', async (t, k) => {
  const alice = await open(k, 'alice')
  const errors: Error[] = []
  alice.chat.on('error', (err) => errors.push(err))
  await k.step('alice.send("hello")', alice.chat.send('hello'))
  t.alike(errors.map((err) => err.message), [], '\'error\' only when the chat stopped: a chat that works (a send, a read) tells none')
  if (!canFillDisk()) return t.pass('no prlimit here: a full disk is only simulated on Linux')
  const stopped = '\'error\': alice\'s storage failed under her chat (the test filled the disk: no file can grow, so her message could not be written), and Autobase closed her base and told its \'error\''
  k.explainStray(/Batch was not applied/, `${stopped}, with no one listening (then it throws the error at the whole app). The chat hears its base's 'error' and tells its own app, with an 'error' event of its own: the chat has stopped`)
  const { heard, sent } = await onFullDisk(async () => {
    const sending = settled(k.step('alice.send("lost") on a full disk (it cannot be written: it must reject, never hang)', alice.chat.send('lost')))
    const heard = await settled(k.until('alice\'s chat to tell \'error\' once its storage failed', () => errors.length > 0))
    return { heard, sent: await sending }
  })
  t.ok(heard === true && errors[0] instanceof Error,
    `${stopped}, yet her chat told her app nothing. The app learns that its chat stopped from an 'error' event of the chat, with the error that stopped it`)
  t.ok(sent instanceof Error && !/still waiting/.test(sent.message), `the send that could not be written rejects (${told(sent)})`)
  const later = await k.step('alice.send after her storage failed (must reject)', settled(alice.chat.send('later')))
  t.ok(later instanceof Error, `a chat that stopped refuses what comes after: send rejects (${told(later)})`)
  await k.step('alice.close() after her storage failed (close() ends a chat that stopped too)', alice.chat.close())
})
