// Kata 12's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'topic-is-the-key',
    blames: 'chatTopic',
    concept: 'The key itself is never announced',
    edits: [['  return crypto.discoveryKey(Buffer.from(key))', '  return Buffer.from(key)']],
    names: /discovery key/
  },
  {
    name: 'no-discovery-refresh',
    blames: 'KappaChat',
    concept: 'Look for peers again after about 1 s, 2 s, 4 s … up to a minute',
    edits: [['      }, jitter(delay))\n    }\n    refresh()\n', '      }, jitter(delay))\n    }\n']],
    names: /refresh/
  },
  {
    name: 'close-only-closes-feeds',
    blames: 'close',
    concept: '`close()` undoes everything the chat started, on the network first: it leaves the topic, ends its connections, stops listening for new ones and clears its timer; then it closes the feeds.',
    edits: [[
      '      clearTimeout(this.refreshTimer)\n      this.swarm.off(\'connection\', this.onConnection)\n      await this.discovery?.destroy().catch(() => {})\n      for (const socket of this.sockets.keys()) socket.destroy()\n',
      ''
    ]],
    names: /close\(\) (leaves the chat's topic|ends the chat's connections|stops listening)/
  },
  {
    name: 'send-resolves-before-indexed',
    blames: 'KappaChat',
    concept: '`send` and `setNick` resolve only once the view has indexed the new entry',
    edits: [['        if (seq < this.ownIndexed) resolve(seq)\n        else this.waiting.set(seq, () => resolve(seq))\n', '        resolve(seq)\n']],
    names: /indexed/
  },
  {
    // The old rule: a Cabal reply to the 30th line gets clock 2 and lands near the top.
    name: 'clockless-follows-only-its-feed',
    blames: 'KappaChat',
    concept: 'an entry without a clock comes after every entry with a clock and an earlier timestamp',
    edits: [
      ['clock: clock ?? this.clockBefore(entry.timestamp)', 'clock: clock ?? state.clock + 1'],
      ['        if (clock === undefined) this.clockless.push(message)\n', '']
    ],
    names: /earlier timestamp/
  },
  {
    name: 'about-clock-ignored',
    blames: 'KappaChat',
    concept: 'Every valid entry counts toward the highest clock you have seen, `about` entries included.',
    edits: [
      ['    if (clock > this.highest.clock) this.highest = { clock, ref: { key: author, seq } }\n', ''],
      ["      if (entry.type === 'chat/text') {\n",
        "      if (entry.type === 'chat/text') {\n        if (clock !== undefined && clock > this.highest.clock) this.highest = { clock, ref: { key: author, seq } }\n"]
    ],
    names: /about entries/
  },
  {
    name: 'nick-from-content-key',
    blames: 'entrySchema',
    concept: 'The `author` of an entry is the key of the feed it is in',
    edits: [
      ['content: z.object({ name: z.string().min(1).max(LIMITS.nick).refine(noControl) }),',
        'content: z.object({ name: z.string().min(1).max(LIMITS.nick).refine(noControl), key: z.string().optional() }),'],
      ["        this.nicks.set(author, entry.content.name)\n        this.emit('nick', { author, nick: entry.content.name })\n",
        "        const who = (entry.content as { key?: string }).key ?? author\n        this.nicks.set(who, entry.content.name)\n        this.emit('nick', { author: who, nick: entry.content.name })\n"]
    ],
    names: /names the author of the feed/
  },
  {
    // Kata 10's rule, with nothing to check it: one entry with clock 2**32 silences the chat.
    name: 'clock-claim-trusted',
    blames: 'KappaChat',
    concept: 'A clock is believed up to one more than the entry it follows.',
    edits: [['      clock = Math.min(Math.max(entry.clock, state.clock + 1), bound)\n', '      clock = entry.clock\n']],
    names: /believed up to one more/
  },
  {
    name: 'after-not-named',
    blames: 'KappaChat',
    concept: 'Your entry names the entry with the highest clock you have indexed in `after`',
    edits: [["return { timestamp, clock: Math.min(clock + 1, LIMITS.clock), ...(ref ? { after: ref } : {}) }", 'return { timestamp, clock: Math.min(clock + 1, LIMITS.clock) }']],
    names: /names the entry it follows/
  },
  {
    name: 'timestamps-from-date-now',
    blames: 'KappaChat',
    concept: 'The timestamps one chat writes are strictly increasing',
    edits: [['    const timestamp = Math.max(Date.now(), Math.floor(this.lastTimestamp) + 1)\n', '    const timestamp = Date.now()\n']],
    names: /strictly increasing/
  },
  {
    name: 'order-by-arrival',
    blames: 'KappaChat',
    concept: 'Sort by `(clock, timestamp, author, seq)`',
    edits: [[
      '    let i = list.length\n    while (i > 0 && compareMessages(list[i - 1], message) > 0) i--\n    list.splice(i, 0, message)\n',
      '    list.push(message)\n'
    ]],
    names: /not the order the messages arrived in/
  },
  {
    name: 'default-nick-overwrites-stored-nick',
    blames: 'KappaChat',
    concept: 'a stored nick wins over `defaultNick`',
    edits: [['const want = nick ?? (this.nicks.has(this.author) ? undefined : defaultNick)', 'const want = nick ?? defaultNick']],
    names: /keeps the stored nick/
  },
  {
    name: 'no-peer-id-extension',
    blames: 'KappaChat',
    concept: "Cabal lists a peer only once it has received that peer's `peer-id` extension message",
    edits: [["    peerId.send({ id: this.author })\n", '']],
    names: /peer-id/
  },
  {
    name: 'control-characters-sent',
    blames: 'KappaChat',
    concept: '`send` and `setNick` reject a text or nick with a control character',
    edits: [['    if (control) {\n', '    if (control && entry.type === \'about\') {\n']],
    names: /control character/
  },
  {
    // Kata 08's flag, hard-coded: two initiators fail the handshake ("Noise handshake error").
    name: 'replicate-as-initiator-always',
    blames: 'KappaChat',
    concept: 'with `isInitiator` from the connection, so that exactly one side starts the handshake',
    edits: [['this.core.replicate(socket.isInitiator, { live: true })', 'this.core.replicate(true, { live: true })']],
    names: /exactly one side of a connection is the initiator/
  },
  {
    // JSON in, JSON out: fine for honest peers, but one block that is not JSON stalls that feed's indexing.
    name: 'json-value-encoding',
    blames: 'KappaChat',
    concept: "a `'json'` encoding would throw inside the indexer and stall that feed",
    edits: [
      ["multifeed(storage, { valueEncoding: 'binary', encryptionKey: key })", "multifeed(storage, { valueEncoding: 'json', encryptionKey: key })"],
      ['    const entry = parseEntry(value)\n', '    const entry = parseEntry(Buffer.from(JSON.stringify(value)))\n'],
      ['      this.feed!.append(bytes, (err, seq) => {', '      this.feed!.append(entry as unknown as Buffer, (err, seq) => {']
    ],
    names: /as bytes.*parse them yourself/
  },
  {
    // No send queue: two sends at the same moment claim the same clock; only this rule keeps them apart.
    name: 'feed-clock-may-repeat',
    blames: 'KappaChat',
    concept: 'never below its feed\'s previous clock + 1',
    edits: [['      clock = Math.min(Math.max(entry.clock, state.clock + 1), bound)\n', '      clock = Math.min(entry.clock, bound)\n']],
    names: /previous clock \+ 1/
  },
  {
    name: 'history-returns-the-internal-array',
    blames: 'history',
    concept: '`history()` returns a copy',
    edits: [['    return [...(this.byChannel.get(channel) ?? [])]\n', '    return this.byChannel.get(channel) ?? []\n']],
    names: /history\(\) returns a copy/
  },
  {
    name: 'no-nick-event',
    blames: 'KappaChat',
    concept: "Emit `'message'` for every message and `'nick'` for every nick change",
    edits: [["        this.emit('nick', { author, nick: entry.content.name })\n", '']],
    names: /'nick' event/
  },
  {
    name: 'peers-listed-per-connection',
    blames: 'peers',
    concept: '`peers()` lists each peer once',
    edits: [['    return [...new Set([...this.sockets.values()].map((p) => p.key))]\n', '    return [...this.sockets.values()].map((p) => p.key)\n']],
    names: /each peer once/
  },
  {
    // Taken literally, "waits for it": an entry naming itself waits for itself, and its feed stops for good.
    name: 'after-names-itself-waits',
    blames: 'KappaChat',
    concept: 'An `after` that names the entry itself, or a later entry of its own feed, follows nothing',
    edits: [['      if (ref && !(ref.key === author && ref.seq >= seq)) {\n', '      if (ref) {\n']],
    names: /follows nothing/
  },
  {
    name: 'after-not-indexed-dropped',
    blames: 'KappaChat',
    concept: 'An entry whose `after` has not been indexed yet waits for it',
    edits: [['        else if ((this.feedStates.get(ref.key)?.next ?? 0) <= ref.seq) return false // not here yet: wait\n',
      '        else if ((this.feedStates.get(ref.key)?.next ?? 0) <= ref.seq) { state.queue.shift(); state.next = seq + 1; return true }\n']],
    names: /waits (for|with) it/
  },
  {
    // Right while the chat runs; after a restart the first timestamp is Date.now() again.
    name: 'last-timestamp-not-restored',
    blames: 'KappaChat',
    concept: 'The timestamps one chat writes are strictly increasing',
    edits: [['      if (author === this.author) this.lastTimestamp = Math.max(this.lastTimestamp, entry.timestamp)\n', '']],
    names: /strictly increasing/
  },
  {
    name: 'control-c0-only',
    blames: '?',
    concept: 'DEL (U+007F) and the C1 codes (U+0080–U+009F) are control characters too',
    edits: [['const CONTROL = /[\\u0000-\\u001f\\u007f-\\u009f]/', 'const CONTROL = /[\\u0000-\\u001f]/']],
    names: /control character/
  },
  {
    name: 'after-key-any-case',
    blames: 'key',
    concept: 'an optional `after` with a `key` of 64 lower-case hex characters and an integer `seq` ≥ 0',
    edits: [['z.string().regex(/^[0-9a-f]{64}$/), seq', 'z.string().regex(/^[0-9a-f]{64}$/i), seq']],
    names: /upper-case/
  },
  {
    name: 'after-seq-fraction',
    blames: 'after',
    concept: 'an optional `after` with a `key` of 64 lower-case hex characters and an integer `seq` ≥ 0',
    edits: [['seq: z.number().int().min(0) })', 'seq: z.number().min(0) })']],
    names: /seq is not an integer/
  },
  {
    // Cabal users' multi-line messages would vanish.
    name: 'control-characters-dropped-in-texts',
    blames: 'entrySchema',
    concept: 'What others write may still contain some in a text',
    edits: [['      text: z.string().min(1).max(LIMITS.text)\n', '      text: z.string().min(1).max(LIMITS.text).refine(noControl)\n']],
    names: /multi-line/
  },
  {
    // Kata 11's lesson: what was checked is the schema's data, not the parsed JSON.
    name: 'raw-json-returned',
    blames: 'parseEntry',
    concept: '`parseEntry` returns the schema\'s data, never the parsed JSON: stray fields are accepted and left out.',
    edits: [['  return result.success ? result.data : null\n', '  return result.success ? value as Entry : null\n']],
    names: /schema's data/
  },
  {
    name: 'peer-id-unchecked',
    blames: 'KappaChat',
    concept: 'a malformed one is ignored, never a crash',
    edits: [["        if (info.author !== undefined || typeof message?.id !== 'string' || !/^[0-9a-f]{64}$/.test(message.id)) return\n        info.author = message.id\n",
      "        if (info.author !== undefined) return\n        info.author = message?.id as string\n"]],
    names: /peer-id is a feed key/
  },
  {
    name: 'peers-event-never-emitted',
    blames: 'KappaChat',
    concept: "and `'peers'` when a connection comes or goes",
    edits: [
      ["        info.author = message.id\n        this.emit('peers', this.peers())\n", '        info.author = message.id\n'],
      ["      this.sockets.delete(socket)\n      this.emit('peers', this.peers())\n", '      this.sockets.delete(socket)\n'],
      ["    })\n    this.emit('peers', this.peers())\n  }\n", '    })\n  }\n']
    ],
    names: /'peers' event/
  },
  {
    name: 'closed-connections-kept',
    blames: 'KappaChat',
    concept: '`peers()` lists each peer once',
    edits: [['      this.sockets.delete(socket)\n', '']],
    names: /once its connection closed/
  },
  {
    name: 'no-message-event-for-own',
    blames: 'KappaChat',
    concept: "Emit `'message'` for every message",
    edits: [["        this.emit('message', message)\n", "        if (author !== this.author) this.emit('message', message)\n"]],
    names: /your own too/
  },
  {
    name: 'close-leaves-feeds-open',
    blames: 'close',
    concept: 'then it closes the feeds',
    edits: [['      await new Promise<void>((resolve, reject) => {\n        this.feeds.close((err) => err ? reject(err) : resolve())\n      })\n', '']],
    names: /closes the feeds/
  },
  {
    name: 'close-destroys-every-swarm-connection',
    blames: 'close',
    concept: 'The swarm is given to the chat; it is not the chat\'s to destroy.',
    edits: [['      for (const socket of this.sockets.keys()) socket.destroy()\n', '      for (const socket of this.swarm.connections) socket.destroy()\n']],
    names: /only the chat's own connections/
  },
  {
    name: 'no-encryption-key',
    blames: 'KappaChat',
    concept: 'the shared secret a peer must prove it has before any feed is replicated',
    edits: [["multifeed(storage, { valueEncoding: 'binary', encryptionKey: key })", "multifeed(storage, { valueEncoding: 'binary' })"]],
    names: /encryptionKey/
  },
  {
    // Each send waits for "the next seq", read before appending: sends at the same moment wait for the same one.
    name: 'sends-wait-for-the-same-seq',
    blames: 'KappaChat',
    concept: 'Sends take turns on the feed',
    edits: [['      this.feed!.append(bytes, (err, seq) => {\n', '      const mine = this.feed!.length\n      this.feed!.append(bytes, (err) => {\n        const seq = mine\n']],
    names: /take turns/
  },
  {
    // Checks control characters only: an empty text or a bad channel is written, dropped by every view, and the send waits forever.
    name: 'send-unchecked-entry',
    blames: 'KappaChat',
    concept: 'any entry `parseEntry` would drop',
    edits: [["    if (!parseEntry(bytes)) return Promise.reject(new Error('not a valid chat entry: empty or too long, or a bad channel or nick'))\n", '']],
    names: /parseEntry/
  },
  {
    name: 'append-error-ignored',
    blames: 'KappaChat',
    concept: 'A write that fails (a full disk) rejects the `send` or `setNick` with its error',
    edits: [['        if (err) return reject(err)\n', '']],
    names: /cannot be written/
  },
  {
    // Rejects, but with its own words: the user never learns that the disk is full.
    name: 'write-error-replaced',
    blames: 'KappaChat',
    concept: 'A write that fails (a full disk) rejects the `send` or `setNick` with its error',
    edits: [['        if (err) return reject(err)\n', "        if (err) return reject(new Error('the message could not be sent'))\n"]],
    names: /write's own error/
  },
  {
    // Only send looks at the write's error: a nick on a full disk waits for an entry that was never written.
    name: 'nick-write-error-ignored',
    blames: 'KappaChat',
    concept: 'A write that fails (a full disk) rejects the `send` or `setNick` with its error',
    edits: [['        if (err) return reject(err)\n', "        if (err && entry.type !== 'about') return reject(err)\n"]],
    names: /setNick\("lost"\) on a full disk/
  },
  {
    // Checks that a nick is not empty, not its length: a 65-character nick is written, dropped by every view.
    name: 'nick-length-unchecked',
    blames: 'KappaChat',
    concept: 'any entry `parseEntry` would drop (an empty or too long text, a bad channel or nick)',
    edits: [['    if (!parseEntry(bytes)) return', "    if (entry.type === 'about' ? !entry.content.name : !parseEntry(bytes)) return"]],
    names: /only entries that parseEntry accepts/
  },
  {
    // Two sends of the same text both resolve with the first one's message.
    name: 'send-finds-its-message-by-text',
    blames: 'send',
    concept: 'resolve once the view has indexed it, `send` with the message as `history()` shows it',
    edits: [['m.author === this.author && m.seq === seq)!', 'm.author === this.author && m.text === text)!']],
    names: /seq its append gave it, not by its text/
  },
  {
    // After a restart, the next timestamp follows the last message on disk, not a later nick.
    name: 'timestamp-after-last-message-only',
    blames: 'KappaChat',
    concept: 'a `timestamp` later than your previous one (the one on disk too, after a restart)',
    edits: [['      if (author === this.author) this.lastTimestamp', "      if (author === this.author && entry.type === 'chat/text') this.lastTimestamp"]],
    names: /last entry on disk, a nick/
  },
  {
    // A clockless message is re-clocked only when a message arrives, not a nick.
    name: 'reclock-only-for-messages',
    blames: 'KappaChat',
    concept: 'When an entry with an earlier timestamp and a higher clock arrives later, the Cabal entry moves after it',
    edits: [
      ['      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp)', "      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp, entry.type === 'chat/text' ? entry.content.channel : undefined)"],
      ['  private addClock (author: string, seq: number, clock: number, timestamp: number): void {', '  private addClock (author: string, seq: number, clock: number, timestamp: number, channel?: string): void {'],
      ['      if (message.timestamp > timestamp && message.clock < clock) {', '      if (channel !== undefined && message.timestamp > timestamp && message.clock < clock) {']
    ],
    names: /about entries included/
  },
  {
    // A clockless message is re-clocked only by entries of its own channel.
    name: 'reclock-within-its-channel',
    blames: 'KappaChat',
    concept: 'When an entry with an earlier timestamp and a higher clock arrives later, the Cabal entry moves after it',
    edits: [
      ['      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp)', "      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp, entry.type === 'chat/text' ? entry.content.channel : undefined)"],
      ['  private addClock (author: string, seq: number, clock: number, timestamp: number): void {', '  private addClock (author: string, seq: number, clock: number, timestamp: number, channel?: string): void {'],
      ['      if (message.timestamp > timestamp && message.clock < clock) {', '      if ((channel === undefined || channel === message.channel) && message.timestamp > timestamp && message.clock < clock) {']
    ],
    names: /entries of every channel count/
  },
  {
    // Its own length checks, one short: a text, channel or nick exactly at its limit is refused.
    name: 'limits-one-short',
    blames: 'KappaChat',
    concept: 'any entry `parseEntry` would drop (an empty or too long text, a bad channel or nick)',
    edits: [['    const control = CONTROL.exec(said)\n', "    const control = CONTROL.exec(said)\n    if (said.length >= (entry.type === 'about' ? LIMITS.nick : LIMITS.text)) return Promise.reject(new Error('too long'))\n"]],
    names: /limits are the longest/
  },
  {
    // Resolves with the channel's last message, not the one it wrote.
    name: 'send-resolves-with-last-message',
    blames: 'send',
    concept: 'two `send`s called at the same moment must each resolve with their own message',
    edits: [['    return this.history(channel).find((m) => m.author === this.author && m.seq === seq)!', '    return this.history(channel).at(-1)!']],
    names: /its own message/
  }
] satisfies Mistake[]
