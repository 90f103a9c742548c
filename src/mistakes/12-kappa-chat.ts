// Kata 12's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    name: 'topic-is-the-key',
    blames: 'chatTopic',
    concept: 'A chat joins the discovery key of its key, never the key itself: whoever has the key can read and write.',
    edits: [['  return crypto.discoveryKey(Buffer.from(key))', '  return Buffer.from(key)']],
    names: /discovery key/
  },
  {
    name: 'no-discovery-refresh',
    blames: 'createChat',
    concept: 'Two peers that look each other up at the same moment can miss each other: a chat looks again soon, then less and less often.',
    edits: [['      }, jitter(delay))\n    }\n    refresh()\n', '      }, jitter(delay))\n    }\n']],
    names: /refresh/
  },
  {
    name: 'close-only-closes-feeds',
    blames: 'close',
    concept: '`close()` undoes everything the chat started, on the network first: it leaves the topic, ends its connections, stops listening for new ones and clears its timer; then it closes the feeds.',
    edits: [[
      '      clearTimeout(this.refreshTimer)\n      clearTimeout(this.wakeTimer)\n      this.swarm.off(\'connection\', this.onConnection)\n      await this.discovery?.destroy().catch(() => {})\n      for (const socket of this.sockets.keys()) socket.destroy()\n',
      ''
    ]],
    names: /close\(\) (leaves the chat's topic|ends the chat's connections|stops listening)/
  },
  {
    name: 'send-resolves-before-indexed',
    blames: 'send',
    concept: 'send and setNick resolve only once the chat shows the new entry.',
    edits: [
      ['          if (seq < this.ownIndexed) resolve(seq)\n          else this.waiting.set(seq, () => resolve(seq))\n', '          resolve(seq)\n'],
      // Then looks for its message in the history: not there yet, nothing found.
      ['this.byChannel.get(channel)!.clocked.entriesReversed())', 'this.byChannel.get(channel)?.clocked.entriesReversed() ?? [])'],
      ['    throw new Error(`send: message ${seq} is not in #${channel}`)\n', '    return undefined as unknown as ChatMessage\n']
    ],
    names: /indexed/
  },
  {
    // The old rule: a Cabal reply to the 30th line gets clock 2 and lands near the top.
    name: 'clockless-follows-only-its-feed',
    blames: 'createChat',
    concept: 'An entry without a clock (Cabal\'s) comes after every entry with a clock and an earlier timestamp.',
    edits: [
      ['clock: clock ?? this.clockBefore(timestamp)', 'clock: clock ?? state.clock + 1'],
      ['        this.insert(message, clock === undefined)\n', '        this.insert(message, false)\n']
    ],
    names: /earlier timestamp/
  },
  {
    name: 'about-clock-ignored',
    blames: 'createChat',
    concept: 'Every valid entry counts toward the highest clock seen, about entries included.',
    edits: [
      ['    if (clock > this.highest.clock) this.highest = { clock, ref: { key: author, seq } }\n', ''],
      ["      if (entry.type === 'chat/text') {\n",
        "      if (entry.type === 'chat/text') {\n        if (clock !== undefined && clock > this.highest.clock) this.highest = { clock, ref: { key: author, seq } }\n"]
    ],
    names: /about entries/
  },
  {
    name: 'nick-from-content-key',
    blames: 'createChat',
    concept: 'The author of an entry is the key of the feed it is in: nothing inside an entry can name another author.',
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
    blames: 'createChat',
    concept: 'A clock is believed only as far as the entries show: up to one more than the entry it follows.',
    edits: [['      clock = Math.min(Math.max(entry.clock, state.clock + 1), bound)\n', '      clock = entry.clock\n']],
    names: /checkable clocks/
  },
  {
    name: 'after-not-named',
    blames: 'send',
    concept: 'An entry names the entry it follows, so that every peer can check its clock.',
    edits: [["return { timestamp, clock: Math.min(clock + 1, LIMITS.clock), ...(ref ? { after: ref } : {}) }", 'return { timestamp, clock: Math.min(clock + 1, LIMITS.clock) }']],
    names: /names the entry it follows/
  },
  {
    name: 'timestamps-from-date-now',
    blames: 'send',
    concept: 'The timestamps one chat writes are strictly increasing: Cabal keeps one message per timestamp.',
    edits: [['    const timestamp = Math.max(Date.now(), next)\n', '    const timestamp = Date.now()\n']],
    names: /strictly increasing/
  },
  {
    // The old rule: a burst stamped previous + 1 ms runs ahead of the wall clock, and cabal-core re-stamps
    // (and so loses) some of its lines.
    name: 'burst-stamped-ahead',
    blames: 'send',
    concept: 'A timestamp is never ahead of the wall clock: within a millisecond already used, a fraction later; past it, send waits for the clock.',
    edits: [['    const next = last + STEP > last ? last + STEP : Math.floor(last) + 1\n', '    const next = Math.floor(last) + 1\n'],
      ['    while (Math.floor(next) > Date.now() && Math.floor(next) - Date.now() < CLOCK_WAIT && !this.closing) {\n', '    while (false) {\n']],
    names: /no entry ahead of the wall clock/
  },
  {
    // Waits for the wall clock however far behind it is: after a clock set back an hour, sends hang.
    name: 'waits-out-any-clock',
    blames: 'send',
    concept: 'A send waits for the wall clock only a moment: behind by more (the clock was set back), it stamps just after its previous entry.',
    edits: [['    while (Math.floor(next) > Date.now() && Math.floor(next) - Date.now() < CLOCK_WAIT && !this.closing) {\n', '    while (Math.floor(next) > Date.now() && !this.closing) {\n']],
    names: /too long to wait/
  },
  {
    // No turns: sends at the same moment all read the same previous timestamp, and write the same one.
    name: 'stamps-not-in-turn',
    blames: 'send',
    concept: 'Sends at the same moment take turns: each is stamped after the one before it was.',
    edits: [['    const appended = this.writing.then(async () => {\n', '    const appended = Promise.resolve().then(async () => {\n']],
    names: /strictly increasing/
  },
  {
    // Believes a Cabal timestamp from the end of time: that message stays last in its channel for ever.
    name: 'future-clockless-believed',
    blames: 'createChat',
    concept: 'An entry without a clock stamped beyond the reader\'s clock plus LIMITS.skew waits for its time.',
    edits: [['    if (entry && clock === undefined && timestamp > Date.now() + LIMITS.skew) {\n', '    if (false) {\n']],
    names: /LIMITS\.skew only once its time comes/
  },
  {
    // Holds an entry from the future, but nothing looks at it again when its time comes.
    name: 'future-clockless-never-woken',
    blames: 'createChat',
    concept: 'An entry from the future waits for its time, then is shown: it is never dropped.',
    edits: [['      this.wakeAt(timestamp - LIMITS.skew)\n', '']],
    names: /waits for its time, it is not dropped/
  },
  {
    // Believes a Cabal timestamp from the past: a message is placed before its own feed's previous one.
    name: 'clockless-backdated',
    blames: 'createChat',
    concept: 'An entry without a clock is placed no earlier than its feed\'s previous entry.',
    edits: [['Math.max(entry.timestamp, state.timestamp)', 'entry.timestamp']],
    names: /no earlier than its feed's previous entry/
  },
  {
    name: 'order-by-arrival',
    blames: 'history',
    concept: 'A history is in compareMessages order, never in the order the entries arrived in.',
    edits: [
      ['  private readonly byChannel = new Map<string, Channel>()\n', '  private readonly byChannel = new Map<string, Channel>()\n  private readonly arrived: ChatMessage[] = []\n'],
      ['    (clockless ? channel.clockless : channel.clocked).set(message, undefined)\n',
        '    (clockless ? channel.clockless : channel.clocked).set(message, undefined)\n    this.arrived.push(message)\n'],
      ['    const stored = this.byChannel.get(channel)\n', '    return this.arrived.filter((m) => m.channel === channel).map((m) => ({ ...m }))\n    const stored = this.byChannel.get(channel)\n']
    ],
    names: /not the order the messages arrived in/
  },
  {
    name: 'default-nick-overwrites-stored-nick',
    blames: 'createChat',
    concept: 'A nick stored earlier wins over defaultNick.',
    edits: [['const want = nick ?? (this.nicks.has(this.author) ? undefined : defaultNick)', 'const want = nick ?? defaultNick']],
    names: /keeps the stored nick/
  },
  {
    name: 'no-peer-id-extension',
    blames: 'createChat',
    concept: 'Cabal lists a peer only once it got that peer\'s feed key in the peer-id extension.',
    edits: [["    peerId.send({ id: this.author })\n", '']],
    names: /peer-id/
  },
  {
    name: 'control-characters-sent',
    blames: 'send',
    concept: 'The chat never sends a control character: it could rewrite the screens of everyone who reads it.',
    edits: [['    if (control) {\n', '    if (control && entry.type === \'about\') {\n']],
    names: /control character/
  },
  {
    // Kata 08's flag, hard-coded: two initiators fail the handshake ("Noise handshake error").
    name: 'replicate-as-initiator-always',
    blames: 'createChat',
    concept: 'Exactly one side of a connection is the initiator: the connection says which.',
    edits: [['this.core.replicate(socket.isInitiator, { live: true })', 'this.core.replicate(true, { live: true })']],
    names: /exactly one side of a connection is the initiator/
  },
  {
    // JSON in, JSON out: fine for honest peers, but one block that is not JSON stalls that feed's indexing.
    name: 'json-value-encoding',
    blames: 'createChat',
    concept: 'Blocks are read as bytes and parsed in a try: a block that is not JSON must not stall its feed.',
    edits: [
      ["multifeed(storage, { valueEncoding: 'binary', encryptionKey: key })", "multifeed(storage, { valueEncoding: 'json', encryptionKey: key })"],
      ['    state.queue.push({ seq, entry: parseEntry(value) })\n', '    state.queue.push({ seq, entry: parseEntry(Buffer.from(JSON.stringify(value))) })\n'],
      ['        this.feed!.append(bytes, (err, seq) => {', '        this.feed!.append(stamped as unknown as Buffer, (err, seq) => {']
    ],
    names: /stalls the rest of that feed/
  },
  {
    // No send queue: two sends at the same moment claim the same clock; only this rule keeps them apart.
    name: 'feed-clock-may-repeat',
    blames: 'createChat',
    concept: 'A feed\'s entries keep their order: a clock is never below its feed\'s previous clock + 1.',
    edits: [['      clock = Math.min(Math.max(entry.clock, state.clock + 1), bound)\n', '      clock = Math.min(entry.clock, bound)\n']],
    names: /higher clock than the one before it|keeps a feed's order/
  },
  {
    name: 'history-returns-the-internal-array',
    blames: 'history',
    concept: 'history() returns a copy, the caller\'s to change.',
    // The merged history kept (and cleared when an entry changes it) and handed out as it is.
    edits: [
      ['  private readonly byChannel = new Map<string, Channel>()\n', '  private readonly byChannel = new Map<string, Channel>()\n  private readonly shown = new Map<string, ChatMessage[]>()\n'],
      ['    state.clocks[seq] = clock\n', '    state.clocks[seq] = clock\n    this.shown.clear()\n'],
      ['    (clockless ? channel.clockless : channel.clocked).set(message, undefined)\n',
        '    this.shown.delete(message.channel);\n    (clockless ? channel.clockless : channel.clocked).set(message, undefined)\n'],
      ['    return merge(stored.clocked.keysArray(), clockless).map((m) => ({ ...m }))\n',
        '    if (!this.shown.has(channel)) this.shown.set(channel, merge(stored.clocked.keysArray(), clockless))\n    return this.shown.get(channel)!\n']
    ],
    names: /history\(\) returns a copy/
  },
  {
    name: 'no-nick-event',
    blames: 'createChat',
    concept: 'A \'nick\' event announces every nick change, the chat\'s own too.',
    edits: [["        this.emit('nick', { author, nick: entry.content.name })\n", '']],
    names: /'nick' event/
  },
  {
    name: 'peers-listed-per-connection',
    blames: 'peers',
    concept: 'peers() lists each peer once, however many connections there are to it.',
    edits: [['    return [...new Set([...this.sockets.values()].map((p) => p.key))]\n', '    return [...this.sockets.values()].map((p) => p.key)\n']],
    names: /each peer once/
  },
  {
    // Taken literally, "waits for it": an entry naming itself waits for itself, and its feed stops for good.
    name: 'after-names-itself-waits',
    blames: 'createChat',
    concept: 'An after that names the entry itself, or a later entry of its own feed, follows nothing: waiting for it would stop the feed for good.',
    edits: [['      if (ref && !(ref.key === author && ref.seq >= seq)) {\n', '      if (ref) {\n']],
    names: /follows nothing/
  },
  {
    name: 'after-not-indexed-dropped',
    blames: 'createChat',
    concept: 'An entry whose after is not indexed yet waits for it, with the rest of its feed; it is never dropped.',
    edits: [['        else if ((this.feedStates.get(ref.key)?.next ?? 0) <= ref.seq) return false // not here yet: wait\n',
      '        else if ((this.feedStates.get(ref.key)?.next ?? 0) <= ref.seq) { state.queue.shift(); state.next = seq + 1; return true }\n']],
    names: /waits (for|with) it/
  },
  {
    // Right while the chat runs; after a restart the first timestamp is Date.now() again.
    name: 'last-timestamp-not-restored',
    blames: 'send',
    concept: 'The timestamps one chat writes are strictly increasing, across a restart too.',
    edits: [['      if (author === this.author) this.lastTimestamp = Math.max(this.lastTimestamp, entry.timestamp)\n', '']],
    names: /strictly increasing/
  },
  {
    name: 'control-c0-only',
    blames: 'parseEntry',
    concept: 'DEL (U+007F) and the C1 codes (U+0080–U+009F) are control characters too.',
    edits: [['const CONTROL = /[\\u0000-\\u001f\\u007f-\\u009f]/', 'const CONTROL = /[\\u0000-\\u001f]/']],
    names: /control character/
  },
  {
    name: 'after-key-any-case',
    blames: 'parseEntry',
    concept: 'An after names a feed key: 64 lower-case hex characters.',
    edits: [['z.string().regex(/^[0-9a-f]{64}$/), seq', 'z.string().regex(/^[0-9a-f]{64}$/i), seq']],
    names: /upper-case/
  },
  {
    name: 'after-seq-fraction',
    blames: 'parseEntry',
    concept: 'An after names a seq: an integer ≥ 0.',
    edits: [['seq: z.number().int().min(0) })', 'seq: z.number().min(0) })']],
    names: /seq is not an integer/
  },
  {
    // Cabal users' multi-line messages would vanish.
    name: 'control-characters-dropped-in-texts',
    blames: 'parseEntry',
    concept: 'A text from a peer may hold control characters (Cabal\'s multi-line messages): a display cleans it.',
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
    blames: 'createChat',
    concept: 'A peer-id comes from a peer: only a well-formed feed key is believed, and a malformed one is ignored.',
    edits: [["        if (info.author !== undefined || typeof message?.id !== 'string' || !/^[0-9a-f]{64}$/.test(message.id)) return\n        info.author = message.id\n",
      "        if (info.author !== undefined) return\n        info.author = message?.id as string\n"]],
    names: /peer-id is a feed key/
  },
  {
    name: 'peers-event-never-emitted',
    blames: 'createChat',
    concept: 'A \'peers\' event comes whenever peers() or peerInfo() changes.',
    edits: [
      ["        info.author = message.id\n        this.emit('peers', this.peers())\n", '        info.author = message.id\n'],
      ["      this.sockets.delete(socket)\n      this.emit('peers', this.peers())\n", '      this.sockets.delete(socket)\n'],
      ["    })\n    this.emit('peers', this.peers())\n  }\n", '    })\n  }\n']
    ],
    names: /'peers' event/
  },
  {
    name: 'closed-connections-kept',
    blames: 'createChat',
    concept: 'A connection that closed is no longer a peer.',
    edits: [['      this.sockets.delete(socket)\n', '']],
    names: /once its connection closed/
  },
  {
    name: 'no-message-event-for-own',
    blames: 'createChat',
    concept: 'A \'message\' event comes for every message indexed, the chat\'s own too.',
    edits: [["        this.emit('message', { ...message }) // a copy: a listener that changes it changes nothing kept here\n", "        if (author !== this.author) this.emit('message', { ...message }) // a copy: a listener that changes it changes nothing kept here\n"]],
    names: /your own too/
  },
  {
    name: 'close-leaves-feeds-open',
    blames: 'close',
    concept: 'close() closes the feeds once the network is done.',
    edits: [['      // multifeed\'s close callback gets a place in its close queue, never an error.\n      await new Promise<void>((resolve) => this.feeds.close(() => resolve()))\n', '']],
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
    blames: 'createChat',
    concept: 'The chat key is the secret a peer must prove it holds before any feed is replicated.',
    edits: [["multifeed(storage, { valueEncoding: 'binary', encryptionKey: key })", "multifeed(storage, { valueEncoding: 'binary' })"]],
    names: /encryptionKey/
  },
  {
    // Each send waits for "the next seq", read before appending: sends at the same moment wait for the same one.
    name: 'sends-wait-for-the-same-seq',
    blames: 'send',
    concept: 'Sends take turns on the feed: each waits for its own entry, by the seq its append gave it.',
    edits: [['        this.feed!.append(bytes, (err, seq) => {\n', '        const mine = this.feed!.length\n        this.feed!.append(bytes, (err) => {\n          const seq = mine\n']],
    names: /take turns/
  },
  {
    // Checks control characters only: an empty text or a bad channel is written, dropped by every view, and the send waits forever.
    name: 'send-unchecked-entry',
    blames: 'send',
    concept: 'The chat writes only entries that parseEntry accepts.',
    edits: [["    if (!parseEntry(bytes)) return Promise.reject(new Error('not a valid chat entry: empty or too long, or a bad channel or nick'))\n", '']],
    names: /parseEntry/
  },
  {
    name: 'append-error-ignored',
    blames: 'send',
    concept: 'A write that fails rejects the send with its error: that entry will never be indexed.',
    edits: [['        if (err) return reject(err)\n', '']],
    names: /cannot be written/
  },
  {
    // Rejects, but with its own words: the user never learns that the disk is full.
    name: 'write-error-replaced',
    blames: 'send',
    concept: 'A write that fails rejects the send with the write\'s own error, so the user learns why.',
    edits: [['        if (err) return reject(err)\n', "        if (err) return reject(new Error('the message could not be sent'))\n"]],
    names: /write's own error/
  },
  {
    // Only send looks at the write's error: a nick on a full disk waits for an entry that was never written.
    name: 'nick-write-error-ignored',
    blames: 'setNick',
    concept: 'A write that fails rejects setNick with its error, as it does send.',
    edits: [['        if (err) return reject(err)\n', "        if (err && entry.type !== 'about') return reject(err)\n"]],
    names: /setNick\("lost"\) on a full disk/
  },
  {
    // Checks that a nick is not empty, not its length: a 65-character nick is written, dropped by every view.
    name: 'nick-length-unchecked',
    blames: 'setNick',
    concept: 'The chat writes only entries that parseEntry accepts: a nick within LIMITS.',
    edits: [['    if (!parseEntry(bytes)) return', "    if (entry.type === 'about' ? !entry.content.name : !parseEntry(bytes)) return"]],
    names: /only entries that parseEntry accepts/
  },
  {
    // Two sends of the same text both resolve with the first one's message.
    name: 'send-finds-its-message-by-text',
    blames: 'send',
    concept: 'send resolves with its own message, found by the seq its append gave it.',
    edits: [['.clocked.entriesReversed()) if (m.author === this.author && m.seq === seq) return m',
      '.clocked.entries()) if (m.author === this.author && m.text === text) return m']],
    names: /seq its append gave it, not by its text/
  },
  {
    // After a restart, the next timestamp follows the last message on disk, not a later nick.
    name: 'timestamp-after-last-message-only',
    blames: 'send',
    concept: 'The next timestamp is later than the chat\'s last entry on disk, a nick included.',
    edits: [['      if (author === this.author) this.lastTimestamp', "      if (author === this.author && entry.type === 'chat/text') this.lastTimestamp"]],
    names: /last entry on disk, a nick/
  },
  {
    // A clockless message is re-clocked only when a message arrives, not a nick.
    name: 'reclock-only-for-messages',
    blames: 'createChat',
    concept: 'A clockless message moves after every entry with an earlier timestamp and a higher clock, about entries included, whenever it arrives.',
    edits: [
      ['      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp)', "      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp, entry.type === 'chat/text' ? entry.content.channel : undefined)"],
      ['  private addClock (author: string, seq: number, clock: number, timestamp: number): void {', '  private addClock (author: string, seq: number, clock: number, timestamp: number, channel?: string): void {'],
      ['    const below = this.steps.getPairOrNextLower(timestamp)\n', '    if (channel === undefined) return\n    const below = this.steps.getPairOrNextLower(timestamp)\n']
    ],
    names: /about entries included/
  },
  {
    // A clockless message is re-clocked only by entries of its own channel.
    name: 'reclock-within-its-channel',
    blames: 'createChat',
    concept: 'A clockless message moves after every entry with an earlier timestamp and a higher clock, in every channel.',
    edits: [
      ['      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp)', "      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp, entry.type === 'chat/text' ? entry.content.channel : undefined)"],
      ['  private addClock (author: string, seq: number, clock: number, timestamp: number): void {', '  private addClock (author: string, seq: number, clock: number, timestamp: number, channel?: string): void {'],
      // A clockless message placed by every entry when it arrives, but raised later only by messages of its own
      // channel (and by nicks, which have none: '').
      ['  private readonly steps: SortedMap<number, number> = new SortedMap()\n',
        '  private readonly steps: SortedMap<number, number> = new SortedMap()\n  private readonly channelClocks = new Map<string, Array<{ timestamp: number, clock: number }>>()\n'],
      ['    const below = this.steps.getPairOrNextLower(timestamp)\n',
        '    this.channelClocks.set(channel ?? \'\', [...(this.channelClocks.get(channel ?? \'\') ?? []), { timestamp, clock }])\n    const below = this.steps.getPairOrNextLower(timestamp)\n'],
      ['      const clock = this.clockBefore(m.timestamp)\n',
        '      const clock = Math.max(m.clock, ...[...(this.channelClocks.get(channel) ?? []), ...(this.channelClocks.get(\'\') ?? [])].filter((c) => c.timestamp < m.timestamp).map((c) => c.clock))\n']
    ],
    names: /entries of every channel count/
  },
  {
    // Its own length checks, one short: a text, channel or nick exactly at its limit is refused.
    name: 'limits-one-short',
    blames: 'send',
    concept: 'LIMITS are the longest a text, a channel and a nick may be, not one less.',
    edits: [['    const control = CONTROL.exec(said)\n', "    const control = CONTROL.exec(said)\n    if (said.length >= (entry.type === 'about' ? LIMITS.nick : LIMITS.text)) return Promise.reject(new Error('too long'))\n"]],
    names: /limits are the longest/
  },
  {
    // Resolves with the channel's last message, not the one it wrote.
    name: 'send-resolves-with-last-message',
    blames: 'send',
    concept: 'Two sends at the same moment each resolve with their own message.',
    edits: [['if (m.author === this.author && m.seq === seq) return m\n', 'return m\n']],
    names: /its own message/
  },
  {
    // From a learner trial: bounded by what this reader has indexed, a claim counts differently on every
    // peer that got the entries in another order, and two peers with the same entries show different histories.
    name: 'clock-bounded-by-reader-highest',
    blames: 'createChat',
    concept: 'What decides a clock must be in the entries (the entry it follows, its feed\'s previous entry), never in the reader: peers with the same entries must agree.',
    edits: [['      const bound = Math.min(Math.max(state.clock, followed) + 1, LIMITS.clock)\n', '      const bound = Math.min(this.highest.clock + 1, LIMITS.clock)\n']],
    names: /same entries with the same clocks/
  },
  {
    // From a learner trial: it refuses, but only after writing: every peer gets what it refused.
    name: 'send-writes-before-checking',
    blames: 'send',
    concept: 'send and setNick check an entry before it is written: what they refuse, no peer ever gets.',
    edits: [
      ['    if (control) {\n', '    let refused: Error | undefined\n    if (control) {\n'],
      ["      return Promise.reject(new Error(`${entry.type === 'about' ? 'a nick' : 'a message'} may not contain", "      refused = (new Error(`${entry.type === 'about' ? 'a nick' : 'a message'} may not contain"],
      ["    if (!parseEntry(bytes)) return Promise.reject(new Error('not a valid chat entry: empty or too long, or a bad channel or nick'))\n",
        "    if (!refused && !parseEntry(bytes)) refused = new Error('not a valid chat entry: empty or too long, or a bad channel or nick')\n"],
      ['          if (err) return reject(err)\n', '          if (err) return reject(err)\n          if (refused) return reject(refused)\n']
    ],
    names: /before it is written/
  },
  {
    // It writes whatever it is given: a terminal escape code reaches every reader's screen.
    name: 'send-skips-validation',
    blames: 'send',
    concept: 'The chat never sends a control character, nor an entry a peer would drop.',
    edits: [
      ['    const control = CONTROL.exec(said)\n', '    const control = null as RegExpExecArray | null\n'],
      ["    if (!parseEntry(bytes)) return Promise.reject(new Error('not a valid chat entry: empty or too long, or a bad channel or nick'))\n", '']
    ],
    names: /control character/
  },
  {
    // Trial t12 (12-m1): a Cabal entry's clock taken from what this peer indexed before it, not from its timestamp.
    name: 'clockless-after-highest-indexed',
    blames: 'createChat',
    concept: 'An entry without a clock (Cabal\'s) gets its clock from the entries with an earlier timestamp, whatever order they arrive in.',
    edits: [
      ['clock: clock ?? this.clockBefore(timestamp)', 'clock: clock ?? this.highest.clock + 1'],
      ['        this.insert(message, clock === undefined)\n', '        this.insert(message, false)\n']
    ],
    names: /clock from the entries with an earlier timestamp/
  },
  {
    // Trial t12 (12-4): the refresh timer unref'd and never cleared: it keeps refreshing a destroyed discovery.
    name: 'refresh-timer-left-running',
    blames: 'close',
    concept: '`close()` stops everything the chat started, its timer that looks for peers again included.',
    edits: [
      ['      }, jitter(delay))\n', '      }, jitter(delay)).unref()\n'],
      ['      clearTimeout(this.refreshTimer)\n', '']
    ],
    names: /stops every timer|stops looking for peers/
  },
  {
    // Trial r8-12: an entry without a clock starts its feed's clock again, so the feed's next entry can sort before earlier ones.
    name: 'clockless-resets-feed-clock',
    blames: 'createChat',
    concept: 'A feed keeps its order through an entry without a clock: that entry passes its feed\'s clock on.',
    edits: [['      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp)\n', '      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp)\n      else state.clock = 0\n']],
    names: /passes its feed's clock on/
  },
  {
    // Trial r8-12: send follows the entry that sorts last, a clockless Cabal reply too, whose clock no reader can check.
    name: 'after-the-last-in-history',
    blames: 'send',
    concept: 'An entry follows the entry with the highest clock a reader can check: one with a clock of its own, never a clockless one.',
    edits: [['    const { clock, ref } = this.highest\n', '    const top = this.history().at(-1)\n    const { clock, ref } = top && top.clock >= this.highest.clock ? { clock: top.clock, ref: { key: top.author, seq: top.seq } } : this.highest\n']],
    names: /highest clock a reader can check/
  },
  {
    // Trial r8-12: history() copies the list but hands out the chat's own message objects.
    name: 'history-hands-out-its-own-messages',
    blames: 'history',
    concept: 'history() returns copies: a caller that changes what it got changes nothing the chat keeps.',
    edits: [['    return merge(stored.clocked.keysArray(), clockless).map((m) => ({ ...m }))\n', '    return merge(stored.clocked.keysArray(), clockless)\n']],
    names: /copy of each message/
  },
  {
    // Trial r8-12: peerInfo() one entry per connection, so a peer with two connections is listed twice.
    name: 'peer-info-per-connection',
    blames: 'peerInfo',
    concept: 'peerInfo() lists peers, not connections: each peer once, as peers() does.',
    edits: [['    for (const info of this.sockets.values()) if (!byKey.get(info.key)?.author) byKey.set(info.key, { ...info })\n    return [...byKey.values()]\n', '    return [...this.sockets.values()].map((info) => ({ ...info }))\n']],
    names: /peerInfo\(\) lists each peer once/
  },
  {
    // Trial r8-12: a channel checked for the ASCII space only, so U+00A0 and U+3000 pass.
    name: 'channel-ascii-space-only',
    blames: 'parseEntry',
    concept: 'A channel holds no whitespace, any of Unicode\'s, not only the ASCII space.',
    edits: [['.refine((s) => !/\\s/.test(s))', '.refine((s) => !/ /.test(s))']],
    names: /no-break space|ideographic space/
  },
  {
    // Trial r8-12: a wall clock set back by seconds waited out: every send hangs that long.
    name: 'clock-wait-up-to-20-s',
    blames: 'send',
    concept: 'A wall clock behind the last entry by more than a moment (set back) hangs no send: stamp just after that entry.',
    edits: [['const CLOCK_WAIT = 2000', 'const CLOCK_WAIT = 20000']],
    names: /set back by seconds/
  },
  {
    // Trial r7-12 (t5): the look-again timer not cleared in close(), its callback doing nothing once closing.
    name: 'refresh-timer-guarded-not-cleared',
    blames: 'close',
    concept: '`close()` stops the timers the chat set: one left running keeps the closed chat, and its process, alive.',
    edits: [
      ['      this.refreshTimer = setTimeout(() => {\n', '      this.refreshTimer = setTimeout(() => {\n        if (this.closing) return\n'],
      ['      clearTimeout(this.refreshTimer)\n', '']
    ],
    names: /stops every timer/
  },
  {
    // Trial t12 (12-2): the discovery refreshed once, then never again.
    name: 'refresh-only-once',
    blames: 'createChat',
    concept: 'Peers can miss each other more than once: a chat keeps looking again, less and less often.',
    edits: [['        delay = Math.min(delay * 2, REFRESH_MAX)\n        refresh()\n', '        delay = Math.min(delay * 2, REFRESH_MAX)\n']],
    names: /keeps looking/
  },
  {
    // Trial t12 (12-m2): the histories kept at module level, so a second chat shows the first one's messages.
    name: 'histories-at-module-level',
    blames: 'createChat',
    concept: 'Each chat keeps a state of its own: two chats in one process share nothing.',
    edits: [
      ['  private readonly byChannel = new Map<string, Channel>()\n', '  private readonly byChannel = sharedHistories\n'],
      ['class KappaChat extends', 'const sharedHistories = new Map<string, Channel>()\nclass KappaChat extends']
    ],
    names: /state kept at module level is shared/
  },
  {
    // Trial t12 (12-1): one timestamp floor for the whole process: another chat's send resets it.
    name: 'timestamp-floor-at-module-level',
    blames: 'send',
    concept: 'The timestamps one chat writes keep increasing on their own, whatever other chats in the process write.',
    edits: [
      ['  private lastTimestamp = 0\n', '  private get lastTimestamp (): number { return floor }\n  private set lastTimestamp (t: number) { floor = t }\n'],
      ['class KappaChat extends', 'let floor = 0\nclass KappaChat extends'],
      ['    super()\n    this.key', '    super()\n    floor = 0\n    this.key']
    ],
    names: /module level is shared/
  },
  {
    // Trial t12 (12-5): a createChat that fails after opening its feeds leaves them open.
    name: 'failed-create-leaks',
    blames: 'createChat',
    concept: 'A createChat that fails closes whatever it opened before it rejects.',
    edits: [['    await chat.close().catch(() => {})\n', '']],
    names: /leaves nothing behind/
  },
  {
    // Trial r3-12 (V1): a burst stamped a whole millisecond apart, waiting only behind an entry already
    // ahead: the second of two sends in one millisecond runs ahead of the wall clock.
    name: 'burst-stamped-a-millisecond-later',
    blames: 'send',
    concept: 'A timestamp is never ahead of the wall clock: later than the previous entry, within a millisecond already used, means a fraction of it.',
    edits: [['const STEP = 0.001\n', 'const STEP = 1\n'],
      ['    while (Math.floor(next) > Date.now() && Math.floor(next) - Date.now() < CLOCK_WAIT && !this.closing) {\n',
        '    while (Math.floor(last) > Date.now() && Math.floor(last) - Date.now() < CLOCK_WAIT && !this.closing) {\n']],
    names: /no entry ahead of the wall clock/
  },
  {
    // Trial r3-12 (V19): half a millisecond apart: the third send within one millisecond runs ahead of it.
    name: 'burst-stamped-half-a-millisecond-later',
    blames: 'send',
    concept: 'A timestamp is never ahead of the wall clock, however many entries a burst writes within one millisecond.',
    edits: [['const STEP = 0.001\n', 'const STEP = 0.5\n'],
      ['    while (Math.floor(next) > Date.now() && Math.floor(next) - Date.now() < CLOCK_WAIT && !this.closing) {\n',
        '    while (Math.floor(last) > Date.now() && Math.floor(last) - Date.now() < CLOCK_WAIT && !this.closing) {\n']],
    names: /no entry ahead of the wall clock/
  },
  {
    // Trial r3-12 (V10): our last timestamp learned from every feed: one entry stamped at the end of time
    // pins every later send of ours there.
    name: 'last-timestamp-from-every-feed',
    blames: 'send',
    concept: 'A chat\'s next timestamp is later than its own last entry: another member\'s timestamps say nothing of our clock.',
    edits: [['      if (author === this.author) this.lastTimestamp = Math.max(this.lastTimestamp, entry.timestamp)\n',
      '      this.lastTimestamp = Math.max(this.lastTimestamp, entry.timestamp)\n']],
    names: /not another member's/
  },
  {
    // Trial r3-12 (V28): waits for the wall clock up to the skew: after a clock set back half a minute, a send hangs.
    name: 'clock-wait-up-to-skew',
    blames: 'send',
    concept: 'A send waits for the wall clock only a moment: behind by more (the clock was set back), it stamps just after its previous entry.',
    edits: [['const CLOCK_WAIT = 2000\n', 'const CLOCK_WAIT = LIMITS.skew\n']],
    names: /too long to wait/
  },
  {
    // Trial r3-12 (V3): one timestamp floor for the whole process, never reset: a new chat stamps after another's.
    name: 'timestamp-floor-shared-by-chats',
    blames: 'send',
    concept: 'The timestamps one chat writes are its own: another chat in the process moves none of them.',
    edits: [
      ['  private lastTimestamp = 0\n', '  private get lastTimestamp (): number { return floor }\n  private set lastTimestamp (t: number) { floor = t }\n'],
      ['class KappaChat extends', 'let floor = 0\nclass KappaChat extends']
    ],
    names: /module level is shared/
  },
  {
    // Trial r3-12 (V13): a clockless entry bounded by its feed's previous clockless entry only.
    name: 'clockless-floor-only-from-clockless',
    blames: 'createChat',
    concept: 'An entry without a clock is placed no earlier than its feed\'s previous entry, whatever that entry\'s kind.',
    edits: [['      state.timestamp = timestamp\n', '      if (clock === undefined) state.timestamp = timestamp\n']],
    names: /no earlier than its feed's previous entry, whatever its kind/
  },
  {
    // Trial r3-12 (V29): the floor is what the previous entry claimed, not where it was placed.
    name: 'clockless-floor-from-claimed-timestamp',
    blames: 'createChat',
    concept: 'An entry without a clock is placed no earlier than its feed\'s previous entry as that entry was placed, not as it claims.',
    edits: [['      state.timestamp = timestamp\n', '      state.timestamp = entry.timestamp\n']],
    names: /not as it claims/
  },
  {
    // Trial r3-12 (V34): a feed's clocks only non-decreasing: an entry can tie with its feed's previous one,
    // and an earlier timestamp then sorts it before that one.
    name: 'feed-clock-not-above-previous',
    blames: 'createChat',
    concept: 'A feed\'s entries keep their order: a clock is never below its feed\'s previous clock + 1.',
    edits: [['Math.max(entry.clock, state.clock + 1)', 'Math.max(entry.clock, state.clock)']],
    names: /higher clock than the one before it|keeps a feed's order/
  },
  {
    // Trial r3-12 (V8): no skew: a Cabal entry a moment ahead of the reader's clock waits for its time.
    name: 'clockless-skew-zero',
    blames: 'createChat',
    concept: 'An entry without a clock within LIMITS.skew of the reader\'s clock is shown at once: only one from further ahead waits.',
    edits: [['    if (entry && clock === undefined && timestamp > Date.now() + LIMITS.skew) {\n      this.wakeAt(timestamp - LIMITS.skew)\n',
      '    if (entry && clock === undefined && timestamp > Date.now()) {\n      this.wakeAt(timestamp)\n']],
    names: /within LIMITS\.skew/
  },
  {
    // Trial r5's v22: an `after` is looked up among the clocks indexed so far, and waited for while not
    // there; an entry that was dropped (malformed) is never indexed, so whatever follows it waits for ever.
    name: 'after-dropped-entry-waits',
    blames: 'createChat',
    concept: 'What does not fit is dropped and the feed goes on: an entry whose after names a dropped entry is judged, never left waiting.',
    edits: [
      ['      state.timestamp = timestamp\n', '      state.timestamp = timestamp\n      if (clock === undefined) state.clocks[seq] = 0\n'],
      ['        else if ((this.feedStates.get(ref.key)?.next ?? 0) <= ref.seq) return false // not here yet: wait\n',
        '        else return false // no clock indexed for it yet: wait\n']
    ],
    names: /names an entry it dropped/
  },
  {
    // Trial r5's v8: the feeds closed first, then the network: peers stay connected, replicating, while the
    // feeds close (for as long as the disk takes).
    name: 'close-feeds-before-network',
    blames: 'close',
    concept: 'close() lets go of the network first, then closes the feeds: no peer is still replicating with feeds that are closing.',
    edits: [
      ['      await new Promise<void>((resolve) => this.core.pause(() => resolve()))\n      // multifeed\'s close callback gets a place in its close queue, never an error.\n      await new Promise<void>((resolve) => this.feeds.close(() => resolve()))\n', ''],
      ['      clearTimeout(this.refreshTimer)\n      clearTimeout(this.wakeTimer)\n',
        '      await new Promise<void>((resolve) => this.core.pause(() => resolve()))\n      await new Promise<void>((resolve) => this.feeds.close(() => resolve()))\n      clearTimeout(this.refreshTimer)\n      clearTimeout(this.wakeTimer)\n']
    ],
    names: /network first/
  },
  {
    // Trial r6-12 (probe 2): the skew checked on the timestamp a clockless entry claims, not the one its feed
    // raises it to: after a nick stamped at the end of time, a message claiming now is shown, last for ever.
    name: 'skew-checked-on-claimed-timestamp',
    blames: 'createChat',
    concept: 'An entry without a clock waits for its time by the timestamp it is placed at (no earlier than its feed\'s previous entry), not the one it claims.',
    edits: [['    if (entry && clock === undefined && timestamp > Date.now() + LIMITS.skew) {\n      this.wakeAt(timestamp - LIMITS.skew)\n',
      '    if (entry && clock === undefined && entry.timestamp > Date.now() + LIMITS.skew) {\n      this.wakeAt(entry.timestamp - LIMITS.skew)\n']],
    names: /placed at, not the one it claims/
  },
  {
    // Trial r6-12 (probe 1): an entry that follows a clockless one takes the clock that entry has on this
    // reader now, which the entries indexed before it decide: the learner's version climbed with each recompute.
    name: 'after-clockless-takes-its-clock-as-read',
    blames: 'createChat',
    concept: 'A clock that follows an entry without one is judged from the entries alone, never from what this reader happened to have indexed: the same on every peer, and bounded.',
    edits: [['      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp)\n',
      '      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp)\n      else state.clocks[seq] = this.clockBefore(timestamp)\n']],
    names: /cannot loop|never from the order they arrived in|must not climb/
  },
  {
    // Trial r6-12 (CB): 'message' emitted before the message is in the history.
    name: 'message-event-before-history',
    blames: 'createChat',
    concept: 'A \'message\' event announces a message history() already shows: a listener that reads the history in it finds the message.',
    edits: [["        this.insert(message, clock === undefined)\n        this.emit('message', { ...message }) // a copy: a listener that changes it changes nothing kept here\n",
      "        this.emit('message', message)\n        this.insert(message, clock === undefined)\n"]],
    names: /once history\(\) shows the message/
  },
  {
    // Trial r6-12 (AM): lengths in UTF-16 units: a text of emoji at the limit is dropped by this peer, kept by others.
    name: 'limits-in-utf16-units',
    blames: 'parseEntry',
    concept: 'LIMITS count characters as code points (kata 11), as every peer must: an emoji is one character, though .length says two.',
    edits: [
      ['text: z.string().min(1).max(LIMITS.text)', 'text: z.string().min(1).refine((s) => s.length <= LIMITS.text)'],
      ['.max(LIMITS.channel)', '.refine((s) => s.length <= LIMITS.channel)'],
      ['.max(LIMITS.nick)', '.refine((s) => s.length <= LIMITS.nick)']
    ],
    names: /code points/
  },
  {
    // Trial r6-12 (BI): the discovery refreshed every second (give or take), for ever.
    name: 'refresh-never-backs-off',
    blames: 'createChat',
    concept: 'A chat looks for peers again soon, then less and less often: never at the same pace for ever.',
    edits: [['        delay = Math.min(delay * 2, REFRESH_MAX)\n', '']],
    names: /less and less often/
  },
  {
    // Trial r6-12 (BQ): close() leaves the topic on the swarm, ending every join of it, another app's too.
    name: 'close-leaves-the-topic-for-the-swarm',
    blames: 'close',
    concept: 'The swarm is lent to the chat: close() ends the chat\'s own join of its topic, never the topic for everyone on the swarm.',
    edits: [['      await this.discovery?.destroy().catch(() => {})\n', '      await this.swarm.leave(this.topic).catch(() => {})\n']],
    names: /another join of that topic/
  },
  {
    // Trial r6-12 (BG): close() starts destroying its discovery and does not wait for it.
    name: 'close-not-awaiting-discovery',
    blames: 'close',
    concept: 'close() resolves once the chat has left its topic: it waits for its discovery\'s destroy (the unannounce).',
    edits: [['      await this.discovery?.destroy().catch(() => {})\n', '      void this.discovery?.destroy().catch(() => {})\n']],
    names: /waits until the chat has left its topic/
  },
  {
    // Trial r6-12 (CN): close() stops the view and closes the feeds while a send's entry is still being
    // written: the send waits for a view that never shows its entry, for ever.
    name: 'close-not-awaiting-sends',
    blames: 'close',
    concept: 'close() lets a send under way finish (its entry written and shown) or fail before it stops the view: it never resolves while a send is pending.',
    edits: [['      await Promise.allSettled(this.writes)\n', '']],
    names: /send under way/
  },
  {
    // Trial r6-12 (AL): the key checked by its length alone, and used (multifeed's encryptionKey) before the
    // topic is made of it: 64 characters that are not all hex make fewer than 32 bytes, and sodium asserts.
    name: 'key-checked-by-length-only',
    blames: 'createChat',
    concept: 'A chat key is 64 hex characters: createChat refuses any other key before it uses it.',
    edits: [
      ["  if (!/^[0-9a-f]{64}$/i.test(opts.key)) throw", '  if (opts.key.length !== 64) throw'],
      ['    this.topic = chatTopic(key)\n', ''],
      ["    this.feeds = multifeed(storage, { valueEncoding: 'binary', encryptionKey: key })\n",
        "    this.feeds = multifeed(storage, { valueEncoding: 'binary', encryptionKey: key })\n    this.topic = chatTopic(key)\n"]
    ],
    names: /64 hex characters/
  },
  {
    // Trial r6-12 (C): an entry whose `after` is not here yet is indexed at once, as if it followed nothing:
    // its clock then depends on which feed came first.
    name: 'after-not-waited-for',
    blames: 'createChat',
    concept: 'An entry whose after is not indexed yet waits for it (with the rest of its feed): indexed at once, its clock depends on the order the feeds arrived in.',
    edits: [['        else if ((this.feedStates.get(ref.key)?.next ?? 0) <= ref.seq) return false // not here yet: wait\n', '']],
    names: /waits for it/
  },
  {
    // Trial r6-12 (AU): createChat writes its nick again on every start, the same nick too.
    name: 'nick-republished',
    blames: 'createChat',
    concept: 'createChat writes a nick only when it is not already the chat\'s nick: the same nick again is no change, and no entry.',
    edits: [['    if (want !== undefined && this.nicks.get(this.author) !== want) await this.setNick(want)\n', '    if (want !== undefined) await this.setNick(want)\n']],
    names: /writes no about entry/
  },
  {
    // Trial r6-12 (CU): a clock that follows an entry without one reads that entry's clock once, when it is
    // indexed (only from one stamped no later, so nothing loops), and never again: an earlier-stamped entry
    // arriving later raises the clockless one, and the clock read from it stays behind, on that peer alone.
    name: 'after-clockless-read-once',
    blames: 'createChat',
    concept: 'A clock is judged from the entries alone: one judged from what an entry without a clock had before an earlier-stamped entry arrived differs from peer to peer, unless it is judged again, as far as it goes.',
    edits: [
      ['  private rejected = 0\n', '  private rejected = 0\n  private readonly placedAt = new Map<string, number>()\n'],
      ['      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp)\n',
        '      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp)\n      else { state.clocks[seq] = this.clockBefore(timestamp); this.placedAt.set(`${author}@${seq}`, timestamp) }\n'],
      ['        if (known !== undefined) followed = known\n',
        '        if (known !== undefined && !((this.placedAt.get(`${ref.key}@${ref.seq}`) ?? 0) > entry.timestamp)) followed = known\n']
    ],
    names: /judged again/
  },
  {
    // Trial r7-12 (m1): what a chat keeps of its sends (their turns, those under way) moved out of the chat, to
    // the module: every chat in the process shares it, so close() waits for another chat's sends, held up by
    // that chat's slow disk. (The reference's turns cover only the stamping: its sends under way show it.)
    name: 'sends-shared-by-every-chat',
    blames: 'close',
    concept: 'Everything a chat keeps is its own: its sends take turns with its own sends, and its close() waits for its own sends, never another chat\'s in the same process.',
    edits: [
      ['  /** Our entries are stamped and appended one at a time, in the order they were asked for. */\n  private writing: Promise<unknown> = Promise.resolve()\n', ''],
      ['  /** Our entries under way (stamped and written, not yet shown): close() lets each finish or fail first. */\n  private readonly writes = new Set<Promise<number>>()\n', ''],
      ['const HELD = 100\n', 'const HELD = 100\nlet writing: Promise<unknown> = Promise.resolve()\nconst writes = new Set<Promise<number>>()\n'],
      ['    const appended = this.writing.then(', '    const appended = writing.then('],
      ['    this.writing = appended.catch(() => {})', '    writing = appended.catch(() => {})'],
      ['    this.writes.add(written)\n    const done = (): void => void this.writes.delete(written)\n', '    writes.add(written)\n    const done = (): void => void writes.delete(written)\n'],
      ['      await Promise.allSettled(this.writes)\n', '      await Promise.allSettled(writes)\n']
    ],
    names: /its own chat's sends/
  },
  {
    // Trial r7-12 (c12): a clockless entry comes after the entries stamped before it, a backdated entry of its
    // own feed written after it too, and that entry comes after it in the feed: each raised by the other, until
    // a cap (the trial's code stopped at 64 rounds; without one, the view never stops).
    name: 'clockless-and-backdated-raise-each-other',
    blames: 'createChat',
    concept: 'Each entry is judged once, from the entries alone: a clockless entry and a backdated entry after it in its feed cannot raise each other\'s clocks.',
    edits: [
      ['  private rejected = 0\n', '  private rejected = 0\n  private readonly clocklessAt = new Map<string, number>()\n'],
      ['      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp)\n',
        '      if (clock !== undefined) this.addClock(author, seq, clock, entry.timestamp)\n      else this.clocklessAt.set(author, timestamp)\n'],
      ['      clock = Math.min(Math.max(entry.clock, state.clock + 1), bound)\n',
        '      clock = Math.min(Math.max(entry.clock, state.clock + 1), bound)\n      const clockless = this.clocklessAt.get(author)\n      while (clockless !== undefined && clockless > entry.timestamp && clock < 64) clock = Math.max(this.clockBefore(clockless), clock) + 1\n']
    ],
    names: /push the clocks/
  },
  {
    // The mutation run's survivors (byTimestamp without its author), and cabal-core's own history: keyed by the moment.
    name: 'clockless-keyed-by-timestamp',
    blames: 'createChat',
    concept: 'Two messages without a clock, written at the same moment by two authors, are two messages: a history that tells them apart by the moment alone keeps one.',
    edits: [['  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp\n  if (a.author !== b.author) return a.author < b.author ? -1 : 1\n  return a.seq - b.seq\n}\n\n/** Two lists', '  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp\n  return a.seq - b.seq\n}\n\n/** Two lists']],
    names: /two messages without a clock/
  },
  {
    // The mutation run's survivors: a feed that waited longer than the chat holds in memory, never read again from disk.
    name: 'waiting-feed-never-read-again',
    blames: 'createChat',
    concept: 'A feed that waits for the entry it follows keeps every entry behind it: once that entry is indexed, all of them are, however many there are.',
    edits: [['        if (state.queue.length === 0 && state.next < state.received) this.readAgain(author, state)\n', '']],
    names: /lose nothing of a feed that waited/
  },
  {
    // Trial r8-12 (misleading red: it was blamed on looking for peers again): the state of each feed's indexing
    // at module level, so two chats of one process that read the same feed share how far they have read it.
    name: 'feed-states-at-module-level',
    blames: 'createChat',
    concept: 'What a chat has indexed of each feed is that chat\'s own: another chat of the same process reading the same feed starts from the beginning.',
    edits: [
      ['class KappaChat extends EventEmitter<ChatEvents> implements Chat {\n', 'const FEED_STATES = new Map<string, FeedState>()\n\nclass KappaChat extends EventEmitter<ChatEvents> implements Chat {\n'],
      ['  private readonly feedStates = new Map<string, FeedState>()\n', '  private readonly feedStates = FEED_STATES\n']
    ],
    names: /module level/
  },
  {
    // Trial r8-12 (misleading red: a TypeError under an order test): who waits for which of our entries, at
    // module level, so one chat's entry resolves another chat's send of the same seq.
    name: 'send-waiters-at-module-level',
    blames: 'send',
    concept: 'A send waits for its own chat\'s entry: who waits for which entry belongs to the chat, not the module.',
    edits: [
      ['class KappaChat extends EventEmitter<ChatEvents> implements Chat {\n', 'const WAITING = new Map<number, () => void>()\n\nclass KappaChat extends EventEmitter<ChatEvents> implements Chat {\n'],
      ['  private readonly waiting = new Map<number, () => void>()\n', '  private readonly waiting = WAITING\n']
    ],
    names: /module level/
  },
  {
    // The mutation run's survivors: the floor of a feed's timestamps put on entries with a clock too.
    name: 'feed-floor-on-every-timestamp',
    blames: 'createChat',
    concept: 'A message with a clock is shown at the timestamp its author wrote: its clock places it; only an entry without a clock has its timestamp bounded by its feed.',
    edits: [['    const timestamp = entry && clock === undefined ? Math.max(entry.timestamp, state.timestamp) : entry?.timestamp ?? 0\n', '    const timestamp = entry ? Math.max(entry.timestamp, state.timestamp) : 0\n']],
    names: /timestamp its author wrote/
  },
  {
    // Trial r9-12 (and the mutation run's survivors): createChat resolving before what waited on disk was read again.
    name: 'open-not-waiting-reads-again',
    blames: 'createChat',
    concept: 'createChat resolves once everything on disk is shown: entries that waited for another feed, read again once it came, too.',
    edits: [['    for (let reads = this.reads(); reads.length > 0; reads = this.reads()) await Promise.all(reads)\n', '']],
    names: /resolves once everything on disk is shown/
  },
  {
    // Trial r9-12: the 'message' event handing out the message the chat keeps (history() copies, the event did not).
    name: 'message-event-hands-out-its-own',
    blames: 'createChat',
    concept: 'The \'message\' event gives a copy, as history() does: a listener that changes what it got changes nothing the chat keeps.',
    edits: [["        this.emit('message', { ...message }) // a copy: a listener that changes it changes nothing kept here\n", "        this.emit('message', message)\n"]],
    names: /'message' event gives each listener a copy/
  },
  {
    // Trial r9-12 (misleading red: it was blamed on state kept at module level): createChat not waiting for the view.
    name: 'open-not-waiting-for-the-view',
    blames: 'createChat',
    concept: 'createChat resolves once what is on disk is shown: it waits for the view to index it.',
    edits: [['    await new Promise<void>((resolve) => this.core.ready(() => resolve()))\n', '']],
    names: /resolves once (what|everything) is on disk/
  },
  {
    // Trial r9-12 (misleading red: it was blamed on a 'json' valueEncoding): replication that ends after the first sync.
    name: 'replication-not-live',
    blames: 'createChat',
    concept: 'Replication stays live: new blocks keep coming on a connection, not only what was there when it began.',
    edits: [['    const stream = this.core.replicate(socket.isInitiator, { live: true })\n', '    const stream = this.core.replicate(socket.isInitiator, { live: false })\n']],
    names: /live/
  },
  {
    // Trial r9-12 (misleading red: it was blamed on an `after` not waited for): messages kept by timestamp, as
    // cabal-core files them, so two sent at the same moment are one.
    name: 'history-keyed-by-timestamp',
    blames: 'createChat',
    concept: 'Every valid message is kept, two sent at the same moment too: a history that tells messages apart by timestamp keeps one.',
    edits: [['      channel = { clocked: new SortedMap(undefined, compareMessages),', '      channel = { clocked: new SortedMap(undefined, (a: ChatMessage, b: ChatMessage) => a.timestamp === b.timestamp ? 0 : compareMessages(a, b)),']],
    names: /same moment|same timestamp/
  },
  {
    // Trial r10-12: a dropped entry passes its (missing) clock on to its feed: the next entry's clock is NaN.
    name: 'dropped-entry-sets-the-feed-clock',
    blames: 'createChat',
    concept: 'Every message has a clock a reader can sort by: a dropped entry is skipped, and its feed\'s clock goes on from the entries before it.',
    edits: [['    if (entry) {\n      state.timestamp = timestamp\n', '    if (!entry) state.clock = (entry as { clock?: number } | null)?.clock as number\n    if (entry) {\n      state.timestamp = timestamp\n']],
    names: /clock goes on|every message has a clock/
  }
] satisfies Mistake[]
