// Kata 15's learner mistakes: see src/mistakes/mistake.ts.
import type { Mistake } from './mistake.ts'

export default [
  {
    // Trial r5-15 (misleading red): close() not awaiting the base's close, so a restart finds its storage locked.
    name: 'close-base-not-awaited',
    blames: 'close',
    concept: '`close()` resolves once the base and its storage are closed: a restart on the same storage needs them let go.',
    edits: [['      await this.base.close()\n      await this.store.close()\n', '      void this.base.close().then(() => this.store.close())\n']],
    names: /storage|close\(\) resolves only once/
  },
  {
    // Trial r6-15: close() firing both closes and awaiting neither; under load a test's cleanup then waited
    // for ever and the runner once said PASS for the tests before it (the harness now names such a test).
    name: 'close-fires-both-closes',
    blames: 'close',
    concept: '`close()` resolves once the base and its storage are closed: a restart on the same storage needs them let go.',
    edits: [['      await this.base.close()\n      await this.store.close()\n', '      void this.base.close()\n      void this.store.close()\n']],
    names: /storage|close\(\) resolves only once|never ended|cleanup after this test failed/
  },
  {
    // Trial r6-15 (misleading red): a read of the view up to the base's length, not the view's own.
    name: 'read-up-to-the-base-length',
    blames: 'createChat',
    concept: 'The view is a log of its own: the chat reads it up to the view\'s length, which is neither the base\'s length nor a writer\'s.',
    edits: [['    const version = view.version // apply may append more meanwhile: the next read takes it\n', '    const version = this.base.length\n']],
    names: /view/
  },
  {
    // Trial r7-15: each read of the view from a snapshot it never closes (a session a read, until close()).
    name: 'read-snapshot-left-open',
    blames: 'createChat',
    concept: 'A read closes the snapshot or checkout of the view it opened: each one left open holds its memory until close().',
    edits: [['view.createHistoryStream({ live: true, gte: start, limit: version - start, wait })', 'view.snapshot().createHistoryStream({ live: true, gte: start, limit: version - start, wait })']],
    names: /sessions are open on the view/
  },
  {
    // Trial r5-15: close() not waiting for the discovery's destroy (the topic's unannounce).
    name: 'close-not-awaiting-discovery',
    blames: 'close',
    concept: '`close()` resolves once the chat has left its topic: the discovery\'s destroy is awaited.',
    edits: [['      await this.discovery?.destroy().catch(() => {})', '      void this.discovery?.destroy().catch(() => {})']],
    names: /waits until the chat has left its topic/
  },
  {
    // Trial r5-15: the member count kept beside the view, in a module-level Map keyed by the chat's key.
    name: 'member-count-shared-by-chats',
    blames: 'apply',
    concept: 'What apply counts belongs to each chat\'s view: two chats of one key in a process count apart.',
    edits: [
      ['async function apply (', 'const memberCounts = new Map<string, number>()\nasync function apply ('],
      ["const memberCount = ((await batch.get('members'))?.value as number | undefined) ?? 1", 'const memberCount = memberCounts.get(creator) ?? 1'],
      ["await batch.put('members', memberCount + 1)", 'memberCounts.set(creator, memberCount + 1)'],
      ["await batch.put('members', (((await batch.get('members'))?.value as number | undefined) ?? 1) - 1)", 'memberCounts.set(creator, (memberCounts.get(creator) ?? 1) - 1)']
    ],
    names: /never to the module/
  },
  {
    name: 'remove-by-any-member',
    blames: 'apply',
    concept: 'A remove from a member who is not the creator is ignored.',
    edits: [['if (writer !== creator || entry.key === creator ||', 'if (entry.key === creator ||']],
    names: /not the creator is ignored/
  },
  {
    name: 'trust-author-field',
    blames: 'apply',
    concept: 'use `node.from.key`, never a field inside the entry (an `author` or `by` in an entry names no one)',
    edits: [['const writer = hex(node.from.key)', "const writer = (JSON.parse(node.value.toString()) as { author?: string }).author ?? hex(node.from.key)"]],
    names: /names no one/
  },
  {
    name: 'date-now-in-apply',
    blames: 'apply',
    concept: 'no `Date.now()` (a message\'s timestamp is the one its writer put in the entry)',
    edits: [['text: entry.text, timestamp: entry.timestamp }', 'text: entry.text, timestamp: Date.now() }']],
    names: /timestamps included|no Date\.now/
  },
  {
    name: 'counter-outside-view',
    blames: 'apply',
    concept: 'apply keeps its state in the view, never in memory.',
    edits: [
      ['async function apply (', 'const counters = new WeakMap<object, { count: number }>()\nasync function apply ('],
      ["const count = ((await batch.get('count'))?.value as number | undefined) ?? 0",
        'if (!counters.has(view)) counters.set(view, { count: 0 })\n      const count = counters.get(view)!.count++'],
      ["      await batch.put('count', count + 1)\n", '']
    ],
    names: /keeps its state in the view/
  },
  {
    name: 'no-validation-in-apply',
    blames: 'apply',
    concept: 'validate each one with `parseEntry` in apply, skipping what does not fit',
    edits: [['const entry = parseEntry(node.value)\n    if (!entry) continue',
      'let entry: Entry\n    try { entry = JSON.parse(node.value.toString()) } catch { continue }\n    if (!entry) continue']],
    names: /ignored/
  },
  {
    name: 'json-value-encoding',
    blames: 'createChat',
    concept: 'Keep values as bytes',
    edits: [
      ['    apply\n', "    valueEncoding: 'json',\n    apply: (nodes, view, host) => apply(nodes.map((n) => ({ ...n, value: Buffer.from(JSON.stringify(n.value)) })), view, host)\n"],
      ['return await this.base.append(bytes)', 'return await this.base.append(JSON.parse(bytes.toString()))']
    ],
    names: /raw bytes/
  },
  {
    name: 'remove-only-from-view',
    blames: 'apply',
    concept: 'A removed member can no longer write: Autobase drops its nodes after the removal, its `base.writable` turns false, and its `send` rejects.',
    edits: [["      await host.removeWriter(Buffer.from(entry.key, 'hex'))\n", '']],
    names: /removed/
  },
  {
    name: 're-add-by-member',
    blames: 'apply',
    concept: 'a member who is not the creator cannot add back someone the creator removed',
    edits: [['      if (writer !== creator && await batch.get(`removed/${entry.key}`)) continue\n', '']],
    names: /cannot add back|only the creator may add them back/
  },
  {
    name: 'send-while-read-only',
    blames: 'send',
    concept: '`send` and `setNick` reject while you are not one, with an error that says so and gives your writer key',
    edits: [['    if (!this.writable) throw new Error(`you are not a member of this chat (yet): a member must add your writer key ${this.writerKey}`)\n', '']],
    names: /member/
  },
  {
    name: 'message-every-read',
    blames: 'message',
    concept: 'A reorder moves messages, it does not make them new: the app hears about each message once.',
    edits: [['      if (this.emitted.has(id)) continue\n', '']],
    names: /once/
  },
  {
    name: 'close-leaves-base-open',
    blames: 'close',
    concept: '`close()` undoing everything: it leaves the topic, stops listening, ends its connections, then closes the base and its store',
    edits: [['      await this.base.close()\n      await this.store.close()\n', '']],
    names: /close\(\) closes the base/
  },
  {
    name: 'close-keeps-listening',
    blames: 'close',
    concept: '`close()` undoing everything: it leaves the topic, stops listening, ends its connections',
    edits: [["      this.swarm.off('connection', this.onConnection)\n", '']],
    names: /stops listening/
  },
  {
    name: 're-add-creator',
    blames: 'apply',
    concept: 'An add of someone already a member, the creator above all, is ignored: adding the creator again as a non-indexer would leave the base without an indexer, and it closes on every peer.',
    edits: [['if (entry.key === creator || await batch.get(`member/${entry.key}`)) continue', 'if (await batch.get(`member/${entry.key}`)) continue']],
    names: /already a member/
  },
  {
    name: 'trust-by-field',
    blames: 'apply',
    concept: 'a remove that says it is "by the creator" is by whoever wrote it.',
    edits: [['const writer = hex(node.from.key)', "const writer = (JSON.parse(node.value.toString()) as { by?: string }).by ?? hex(node.from.key)"]],
    names: /by whoever wrote it/
  },
  {
    name: 'removed-set-in-memory',
    blames: 'apply',
    concept: 'apply keeps its state in the view, never in memory.',
    edits: [
      ['async function apply (', 'const removedSets = new WeakMap<object, Set<string>>()\nasync function apply ('],
      ['  const batch = view.batch()\n', '  const batch = view.batch()\n  if (!removedSets.has(view)) removedSets.set(view, new Set())\n  const removed = removedSets.get(view)!\n'],
      ['if (writer !== creator && await batch.get(`removed/${entry.key}`)) continue', 'if (writer !== creator && removed.has(entry.key)) continue'],
      ['      await batch.put(`removed/${entry.key}`, writer)\n', '      removed.add(entry.key)\n']
    ],
    names: /keeps its state in the view/
  },
  {
    name: 'no-join-flush',
    blames: 'createChat',
    concept: 'createChat resolves once the chat is announced on its topic, so a peer who looks next finds it',
    edits: [['    await discovery.flushed()\n', '']],
    names: /announced/
  },
  {
    name: 'removed-set-module-global',
    blames: 'apply',
    concept: 'every chat in the process would share it',
    edits: [
      ['async function apply (', 'const removed = new Set<string>()\nasync function apply ('],
      ['if (writer !== creator && await batch.get(`removed/${entry.key}`)) continue', 'if (writer !== creator && removed.has(entry.key)) continue'],
      ['      await batch.put(`removed/${entry.key}`, writer)\n', '      removed.add(entry.key)\n']
    ],
    names: /shared by every chat in the process/
  },
  {
    name: 'member-set-module-global',
    blames: 'apply',
    concept: 'apply keeps its state in the view, never in memory.',
    edits: [
      ['async function apply (', 'const members = new Set<string>()\nasync function apply ('],
      ['if (entry.key === creator || await batch.get(`member/${entry.key}`)) continue', 'if (entry.key === creator || members.has(entry.key)) continue'],
      ['      await batch.put(`member/${entry.key}`, writer) // who added it\n', '      await batch.put(`member/${entry.key}`, writer)\n      members.add(entry.key)\n']
    ],
    names: /kept in memory is shared by every peer/
  },
  {
    name: 'key-type-unchecked',
    blames: 'parseEntry',
    concept: 'a field that is a list (a list holding one key reads as that key to a regular expression)',
    edits: [['const writerKey = z.string().regex(HEX_KEY)', 'const writerKey = z.custom<string>((v) => HEX_KEY.test(v as string))']],
    names: /array holding a key/
  },
  {
    name: 'text-type-unchecked',
    blames: 'parseEntry',
    concept: 'A member can append anything: bytes that are not JSON, a text that is a number, a',
    edits: [['text: z.string().min(1).max(LIMITS.text)', 'text: z.custom<string>((v) => (v as string)?.length >= 1 && (v as string).length <= LIMITS.text)']],
    names: /text that is an array/
  },
  {
    name: 'channels-in-plain-object',
    blames: 'history',
    concept: 'A channel name is data, never an object\'s property',
    edits: [
      ['class AutobaseChat extends', '/** The channels in a plain object, behind a Map\'s methods. */\nfunction inObject<V> (): Map<string, V> {\n  const o: Record<string, V> = {}\n  return { get: (k: string) => o[k], set (k: string, v: V) { o[k] = v; return this }, delete: (k: string) => delete o[k], keys: () => Object.keys(o).values() } as unknown as Map<string, V>\n}\n\nclass AutobaseChat extends'],
      ['  private readonly byChannel = new Map<string, ChatMessage[]>()\n', '  private readonly byChannel = inObject<ChatMessage[]>()\n']
    ],
    names: /never an object's property/
  },
  {
    name: 'channel-as-key-prefix',
    blames: 'history',
    concept: 'nor part of a key that another channel\'s name could extend',
    edits: [['    return (this.byChannel.get(channel) ?? []).map((m) => ({ ...m }))',
      '    return [...this.byChannel].filter(([c]) => c.startsWith(channel)).flatMap(([, list]) => list).map((m) => ({ ...m }))']],
    names: /prefix/
  },
  {
    name: 'stray-fields-stored',
    blames: 'apply',
    concept: 'A message holds what its entry says and nothing more: a stray field of an entry is never stored or shown.',
    edits: [
      ['const stored: Stored = { author: writer, seq: node.length - 1, channel: entry.channel, text: entry.text, timestamp: entry.timestamp }',
        'const { type: _type, ...fields } = JSON.parse(Buffer.from(node.value).toString()) as Stored & { type: string }\n      const stored: Stored = { ...fields, author: writer, seq: node.length - 1 }'],
      ['const message = { author: m.author, seq: m.seq, index: list.length, channel: m.channel, text: m.text, timestamp: m.timestamp }', 'const message = { ...m, index: list.length }']
    ],
    names: /stray field/
  },
  {
    name: 'creator-cannot-re-add',
    blames: 'apply',
    concept: 'a member who is not the creator cannot add back someone the creator removed (or every removal could be undone by the removed member\'s friend): only the creator can',
    edits: [['if (writer !== creator && await batch.get(`removed/${entry.key}`)) continue', 'if (await batch.get(`removed/${entry.key}`)) continue']],
    names: /only the creator can/
  },
  {
    name: 'channel-space-not-whitespace',
    blames: 'parseEntry',
    concept: 'A channel name has no whitespace of any kind',
    edits: [['.refine((s) => !/\\s/.test(s))', ".refine((s) => !s.includes(' '))"]],
    names: /whitespace/
  },
  {
    name: 'default-nick-overrides',
    blames: 'createChat',
    concept: 'A `defaultNick` is only for a chat that has no nick of yours yet: a stored nick wins over it.',
    edits: [['const want = nick ?? (this.nicks.has(this.author) ? undefined : defaultNick)', 'const want = nick ?? defaultNick']],
    names: /stored nick wins/
  },
  {
    name: 'default-nick-ignored',
    blames: 'createChat',
    concept: 'A `defaultNick` is only for a chat that has no nick of yours yet: a stored nick wins over it.',
    edits: [['const want = nick ?? (this.nicks.has(this.author) ? undefined : defaultNick)', 'const want = nick']],
    names: /publishes defaultNick/
  },
  {
    name: 'add-writer-not-awaited',
    blames: 'apply',
    concept: 'A change of writers happens inside apply: await the host calls there',
    edits: [["await host.addWriter(Buffer.from(entry.key, 'hex'), { indexer: false })", "void host.addWriter(Buffer.from(entry.key, 'hex'), { indexer: false })"]],
    names: /await Autobase's host calls inside apply/
  },
  {
    // Trial r7-15: red only now and then (a peer applying what bob wrote after his removal), blamed on the undo of a cut.
    name: 'remove-writer-not-awaited',
    blames: 'apply',
    concept: 'A change of writers happens inside apply: await the host calls there',
    edits: [["await host.removeWriter(Buffer.from(entry.key, 'hex'))", "void host.removeWriter(Buffer.from(entry.key, 'hex'))"]],
    names: /await Autobase's host calls inside apply/
  },
  {
    // Finds its message by seq alone: another member's node with the same seq in its core comes first.
    name: 'send-finds-by-seq-only',
    blames: 'send',
    concept: '`send`, `setNick`, `addMember` and `removeMember` resolve once the chat\'s answers show what they wrote',
    edits: [['const mine = this.byId.get(idOf(this.author, seq))', 'const mine = [...this.byId.values()].find((m) => m.seq === seq)']],
    names: /his own message/
  },
  {
    name: 'members-event-every-read',
    blames: 'members',
    concept: '`\'members\'` when the members (or your',
    edits: [['    if (membersBefore !== this.memberList.join() || writableBefore !== this.wasWritable) this.emit', '    void membersBefore\n    void writableBefore\n    this.emit']],
    names: /only when the members change/
  },
  {
    name: 'no-discovery-refresh',
    blames: 'createChat',
    concept: 'the discovery refreshed after 1 s, 2 s, 4 s',
    edits: [['      }, delay)\n    }\n    refresh()\n', '      }, delay)\n    }\n']],
    names: /refresh/
  },
  {
    // Refuses a control character without saying which, or where.
    name: 'control-character-unnamed',
    blames: 'setNick',
    concept: 'refuse, saying why, what the rules above forbid',
    edits: [['  throw new Error(`${what} may not contain control characters (U+${code}): the chat sends none`)', "  throw new Error('not a valid entry')"]],
    names: /control character/
  },
  {
    // Only the creator is skipped: a member added again reaches host.addWriter again.
    name: 're-add-member',
    blames: 'apply',
    concept: 'An add is for someone who is not a member yet: an add of a member changes nothing and never reaches host.addWriter.',
    edits: [['if (entry.key === creator || await batch.get(`member/${entry.key}`)) continue', 'if (entry.key === creator) continue']],
    names: /already a member/
  },
  {
    // Waits for a 'nick' event with its name: none comes when the nick does not change.
    name: 'set-nick-waits-for-nick-event',
    blames: 'setNick',
    concept: 'setNick resolves once its own entry is applied, not when the nick changes (it may not).',
    edits: [['    await this.append({ type: \'nick\', name })\n',
      "    const shown = new Promise<void>((resolve) => {\n      const on = (change: NickChange): void => { if (change.author === this.author && change.nick === name) { this.off('nick', on); resolve() } }\n      this.on('nick', on)\n    })\n    await this.append({ type: 'nick', name })\n    await shown\n"]],
    names: /its own entry/
  },
  {
    // Waits until the nick reads its name: another setNick may have replaced it by then.
    name: 'set-nick-waits-until-nick-shows',
    blames: 'setNick',
    concept: 'setNick resolves once its own entry is applied, not when the nick reads its name (another call may have replaced it).',
    edits: [['    await this.append({ type: \'nick\', name })\n',
      "    await this.append({ type: 'nick', name })\n    await new Promise<void>((resolve) => {\n      const check = (): void => { if (this.nicks.get(this.author) === name) { this.off('nick', check); resolve() } }\n      this.on('nick', check)\n      check()\n    })\n"]],
    names: /its own entry/
  },
  {
    // Reads on from the last version it read, as if the view only grew: a truncated and re-applied view is not seen.
    name: 'history-misses-truncation',
    blames: 'history',
    concept: 'After a reorder Autobase truncates the view and applies again: the app goes back to where the view was cut and reads on from there.',
    edits: [
      ['let from = Math.min(this.version, this.truncatedTo)', 'let from = this.version'],
      ['    if (view.core.fork !== this.fork && from === this.version) from = 0 // rewritten, and we missed where: all again\n', '']
    ],
    names: /truncat/
  },
  {
    name: 'member-added-as-indexer',
    blames: 'apply',
    concept: 'Members write, only the creator indexes: were every member an indexer, a majority would have to be online for the order to settle.',
    edits: [['{ indexer: false }', '{ indexer: true }']],
    names: /not an indexer/
  },
  {
    // No guard on a remove but the writer: the creator's own remove of itself reaches host.removeWriter, which throws.
    name: 'creator-removes-itself',
    blames: 'apply',
    concept: 'A remove never removes the creator, even one the creator wrote itself, nor someone who is not a member: passed on, host.removeWriter throws and apply stops the base on every peer.',
    edits: [['if (writer !== creator || entry.key === creator || !await batch.get(`member/${entry.key}`)) continue', 'if (writer !== creator) continue']],
    names: /remove of the creator|not a member/
  },
  {
    // A remove of a stranger is recorded: the stranger is then barred from being added by a member.
    name: 'remove-of-non-member-recorded',
    blames: 'apply',
    concept: 'A remove of someone who is not a member changes nothing.',
    edits: [['if (writer !== creator || entry.key === creator || !await batch.get(`member/${entry.key}`)) continue', 'if (writer !== creator || entry.key === creator) continue']],
    names: /not a member/
  },
  {
    // Replicates only on the connections the 'connection' event gives: a swarm already connected to a peer opens no second one.
    name: 'open-connections-ignored',
    blames: 'createChat',
    concept: 'The chat replicates with every peer on the swarm, on the connections the swarm already has too.',
    edits: [['    for (const socket of this.swarm.connections) this.onConnection(socket)\n', '']],
    names: /already ha/
  },
  {
    // One entry per connection: two connections to the same peer list it twice.
    name: 'peers-not-deduplicated',
    blames: 'peers',
    concept: 'peers() lists each peer once, by its swarm key, whatever the number of connections to it.',
    edits: [['return [...new Set([...this.sockets].map((s) => hex(s.remotePublicKey!)))]', 'return [...this.sockets].map((s) => hex(s.remotePublicKey!))']],
    names: /once/
  },
  {
    // Reads the whole view again on every update (from its first entry): right, and O(n) per update.
    name: 'full-re-read',
    blames: 'history',
    concept: 'The view is a log: read only what was appended since the version you last read, not all of it on every update.',
    edits: [['let from = Math.min(this.version, this.truncatedTo)', 'let from = 0']],
    names: /read only what changed/
  },
  {
    // A key that is one byte 32 times passes the hex check: a member no one can be.
    name: 'weak-key-accepted',
    blames: 'parseEntry',
    concept: 'An add of a weak key (00…00, ff…ff: one byte 32 times) is no valid entry: no core has that key.',
    edits: [['writerKey.refine((key) => !isWeak(key))', 'writerKey']],
    names: /weak key/
  },
  {
    // addMember leaves the weak key to parseEntry: the error says "not a valid chat entry", not why.
    name: 'add-member-weak-key-unexplained',
    blames: 'addMember',
    concept: 'addMember refuses a weak key at once, saying so.',
    edits: [["    if (isWeak(key)) throw new Error('a weak key (one byte 32 times) is not a writer key: a writer key is the hash of a core\\'s manifest, and no one could write as that member')\n", '']],
    names: /weak key/
  },
  {
    // Tells the messages of a read before its nicks: a late joiner's app names alice by her key.
    name: 'nick-after-message',
    blames: 'nick',
    concept: 'The events of one read come in an order the app can show: an author\'s nick before their messages.',
    edits: [
      ["    for (const [author, was] of change.was) {\n      const nick = this.nicks.get(author)\n      if (nick !== undefined && nick !== was) this.emit('nick', { author, nick })\n    }\n    const membersBefore", '    const membersBefore'],
      ["      this.emit('message', message)\n    }\n", "      this.emit('message', message)\n    }\n    for (const [author, was] of change.was) {\n      const nick = this.nicks.get(author)\n      if (nick !== undefined && nick !== was) this.emit('nick', { author, nick })\n    }\n"]
    ],
    names: /before the messages/
  },
  {
    // Weak means only the two placeholders: ab…ab (one byte 32 times) is still accepted as a member.
    name: 'weak-key-only-zeros-and-ff',
    blames: 'parseEntry',
    concept: 'A weak key is any one byte 32 times, not only 00…00 and ff…ff: no core has such a key.',
    edits: [['const isWeak = (key: string): boolean => /^(..)\\1{31}$/.test(key)', "const isWeak = (key: string): boolean => key === '00'.repeat(32) || key === 'ff'.repeat(32)"]],
    names: /weak key/
  },
  {
    // Weak means one hex digit 64 times: ab…ab and 0101…01 are still accepted as members.
    name: 'weak-key-one-hex-digit',
    blames: 'parseEntry',
    concept: 'A weak key is any one byte 32 times, not one hex digit 64 times.',
    edits: [['const isWeak = (key: string): boolean => /^(..)\\1{31}$/.test(key)', 'const isWeak = (key: string): boolean => /^(.)\\1{63}$/.test(key)']],
    names: /weak key/
  },
  {
    // Tells each message as it reads it: a nick later in the same read comes after the messages it names.
    name: 'events-in-view-order',
    blames: 'nick',
    concept: 'The events of one read come in an order the app can show (nicks, members, then messages), not in the order of the view.',
    edits: [['      change.messages.push([message, this.placed.push(message) - 1])\n',
      "      change.messages.push([message, this.placed.push(message) - 1])\n      if (!this.emitted.has(`${m.author}@${m.seq}`)) { this.emitted.add(`${m.author}@${m.seq}`); this.emit('message', message) }\n"]],
    names: /not in the order you read it/
  },
  {
    // Tells the members of a read before its nicks.
    name: 'members-before-nicks',
    blames: 'members',
    concept: 'The events of one read come in the order ChatEvents gives: nicks, members, then messages.',
    edits: [
      ["    for (const [author, was] of change.was) {\n      const nick = this.nicks.get(author)\n      if (nick !== undefined && nick !== was) this.emit('nick', { author, nick })\n    }\n    const membersBefore", '    const membersBefore'],
      ["    if (membersBefore !== this.memberList.join() || writableBefore !== this.wasWritable) this.emit('members', this.members())\n",
        "    if (membersBefore !== this.memberList.join() || writableBefore !== this.wasWritable) this.emit('members', this.members())\n    for (const [author, was] of change.was) {\n      const nick = this.nicks.get(author)\n      if (nick !== undefined && nick !== was) this.emit('nick', { author, nick })\n    }\n"]
    ],
    names: /nicks, members, then messages/
  },
  {
    // Resolves 300 ms after the append, however long the chat takes to read its view.
    name: 'set-nick-on-a-timer',
    blames: 'setNick',
    concept: 'setNick resolves when its own entry is applied and read, never after a timer.',
    edits: [["    await this.append({ type: 'nick', name })\n",
      "    const bytes = Buffer.from(JSON.stringify({ type: 'nick', name }))\n    if (!parseEntry(bytes)) throw new Error('not a valid nick')\n    if (!this.writable) throw new Error(`you are not a member of this chat (yet): a member must add your writer key ${this.writerKey}`)\n    await this.base.append(bytes)\n    await new Promise((resolve) => setTimeout(resolve, 300))\n"]],
    names: /its own entry is applied/
  },
  {
    // After any truncation, reads the whole view again from its start: right, and O(n) per reorder.
    name: 'truncation-re-reads-all',
    blames: 'history',
    concept: 'After a reorder the app goes back to where the view was cut and reads on from there, not from the start.',
    edits: [['let from = Math.min(this.version, this.truncatedTo)', 'let from = this.truncatedTo === Infinity ? this.version : 0']],
    names: /reads only from where the view was cut/
  },
  {
    // Reads on from the cut, but undoes nothing: what the truncated view no longer holds stays shown.
    name: 'truncation-not-undone',
    blames: 'history',
    concept: 'After a reorder the app undoes every effect it read past the cut (messages, nicks, members), then reads on from there.',
    edits: [['      if (from < this.version) await this.rewind(view, from, change)\n', '']],
    names: /Undo every effect you read past the cut/
  },
  {
    // Tells every message a read placed, even one a truncation during the read moved away (placed again later, or not at all).
    name: 'message-told-after-moved-out',
    blames: 'message',
    concept: '\'message\' tells a message as history() shows it: one a reorder cut out of the read before it was told is not told from its old place.',
    edits: [['      if (this.placed[place] !== message) continue\n', '']],
    names: /still where the read placed it/
  },
  {
    // Lists the channels in the order they came in.
    name: 'channels-unsorted',
    blames: 'channels',
    concept: 'channels() lists every channel that has messages, sorted.',
    edits: [['    return [...this.byChannel.keys()].sort()\n', '    return [...this.byChannel.keys()]\n']],
    names: /sorted/
  },
  {
    // Every add of a new key reaches Autobase: a member's junk adds grow the writers it keeps without end.
    name: 'members-uncapped',
    blames: 'apply',
    concept: 'A chat holds at most LIMITS.members members: apply ignores an add beyond, so junk adds cannot grow what Autobase keeps.',
    edits: [['      if (memberCount >= LIMITS.members) continue\n', '']],
    names: /LIMITS\.members/
  },
  {
    // addMember leaves a full chat to apply: the add is written, ignored, and the error blames something else.
    name: 'add-member-full-unexplained',
    blames: 'addMember',
    concept: 'addMember refuses at once when the chat is full, saying so.',
    edits: [["    if (!this.memberList.includes(key) && this.memberList.length >= LIMITS.members) throw new Error(`the chat is full: it holds at most ${LIMITS.members} members (LIMITS.members)`)\n", '']],
    names: /full/
  },
  {
    // A message counter per chat, in a closure: a reorder applies again and counts on from the old number.
    name: 'counter-per-chat',
    blames: 'apply',
    concept: 'apply keeps its state, a message counter too, in the view, never in memory: Autobase truncates the view and applies again.',
    edits: [
      ['async function apply (nodes: Array<Autobase.Node<Buffer>>, view: View, host: Autobase.Host): Promise<void> {',
        'function applyCounting (counter: { count: number }) {\n  return (nodes: Array<Autobase.Node<Buffer>>, view: View, host: Autobase.Host) => apply(nodes, view, host, counter)\n}\nasync function apply (nodes: Array<Autobase.Node<Buffer>>, view: View, host: Autobase.Host, counter: { count: number }): Promise<void> {'],
      ["const count = ((await batch.get('count'))?.value as number | undefined) ?? 0", 'const count = counter.count++'],
      ["      await batch.put('count', count + 1)\n", ''],
      ['    apply\n', '    apply: applyCounting({ count: 0 })\n']
    ],
    names: /keeps its state(, a message counter too,)? in the view/
  },
  {
    // removeMember refuses a stranger itself, so only a remove the creator writes otherwise reaches apply unguarded.
    name: 'remove-of-non-member-recorded-behind-remove-member',
    blames: 'apply',
    concept: 'A remove of someone who is not a member changes nothing, whoever wrote it and however.',
    edits: [
      ['if (writer !== creator || entry.key === creator || !await batch.get(`member/${entry.key}`)) continue', 'if (writer !== creator || entry.key === creator) continue'],
      ["    if (key === this.creator) throw new Error('the creator cannot be removed')\n", "    if (key === this.creator) throw new Error('the creator cannot be removed')\n    if (!this.memberList.includes(key)) return\n"]
    ],
    names: /not a member/
  },
  {
    // Undoes the messages placed after the cut, but keeps the one placed at the cut itself.
    name: 'truncation-undone-off-by-one',
    blames: 'history',
    concept: 'After a reorder the app undoes every effect from the cut on, the cut included.',
    edits: [['this.cut(last ? Number(last.key.slice(4)) + 1 : 0)', 'this.cut(last ? Number(last.key.slice(4)) + 2 : 1)']],
    names: /the cut included/
  },
  {
    // Trial r4-15: history() copies its list but hands out the chat's own message objects.
    name: 'history-hands-out-its-own',
    blames: 'history',
    concept: 'history() returns copies, of each message too: what an app does with them never changes the chat.',
    edits: [['return (this.byChannel.get(channel) ?? []).map((m) => ({ ...m }))', 'return [...(this.byChannel.get(channel) ?? [])]']],
    names: /returns copies/
  },
  {
    // Trial r4-15: a remove takes the member out but not out of apply's count, so the chat fills up for good.
    name: 'remove-keeps-member-place',
    blames: 'apply',
    concept: 'apply keeps its count of members in the view, and a remove frees a place in it.',
    edits: [["      await batch.put('members', (((await batch.get('members'))?.value as number | undefined) ?? 1) - 1)\n", '']],
    names: /a remove frees/
  },
  {
    // Trial r4-15: looks again every second for ever.
    name: 'refresh-never-backs-off',
    blames: 'createChat',
    concept: 'The chat looks for peers again soon, then less and less often (as in kata 12).',
    edits: [['delay = Math.min(delay * 2, REFRESH_MAX)', 'delay = REFRESH_FIRST']],
    names: /less and less often/
  },
  {
    // Trial r4-15: 'peers' on every connection and every close, even when peers() did not change.
    name: 'peers-event-per-connection',
    blames: 'peers',
    concept: "'peers' tells a change of peers(), not a connection.",
    edits: [["if (this.peers().join() !== before) this.emit('peers', this.peers())", "this.emit('peers', this.peers())"]],
    names: /tells a change of peers/
  },
  {
    // Trial r4-15: close() closes the base and its storage before it lets go of the network.
    name: 'close-storage-before-network',
    blames: 'close',
    concept: 'close() lets go of the network first, then closes the base and its storage.',
    edits: [[
      '      await this.discovery?.destroy().catch(() => {})\n      for (const socket of this.sockets) socket.destroy()\n      await this.loading.catch(() => {})\n      // Closing the base closes its view, its writers and the store it was given.\n      await this.base.close()\n      await this.store.close()\n',
      '      await this.loading.catch(() => {})\n      await this.base.close()\n      await this.store.close()\n      await this.discovery?.destroy().catch(() => {})\n      for (const socket of this.sockets) socket.destroy()\n'
    ]],
    names: /network first/
  },
  {
    // Trial r5-15 (misleading red: a bare wait): the set of messages already told kept at module level.
    name: 'told-set-shared-by-chats',
    blames: 'message',
    concept: "What a chat has told its app ('message') is that chat's own: a set kept at module level is shared by every chat in the process, and one chat's 'message' silences another's.",
    edits: [
      ['const place = (n: number): string =>', '/** Every message already told, by any chat. */\nconst EMITTED = new Set<string>()\nconst place = (n: number): string =>'],
      ['private readonly emitted = new Set<string>()', 'private readonly emitted = EMITTED']
    ],
    names: /that chat's own/
  },
  {
    // Trial r5-15 (misleading red: blamed on malformed entries): apply drops a message older than the last one it kept.
    name: 'older-timestamp-dropped',
    blames: 'apply',
    concept: "A message's timestamp is its writer's claim, not its place: apply keeps every valid message where the log puts it, however old or new its timestamp.",
    edits: [[
      "      const count = ((await batch.get('count'))?.value as number | undefined) ?? 0\n",
      "      const last = ((await batch.get('last-ts'))?.value as number | undefined) ?? 0\n      if (entry.timestamp < last) continue\n      await batch.put('last-ts', entry.timestamp)\n      const count = ((await batch.get('count'))?.value as number | undefined) ?? 0\n"
    ]],
    names: /whatever its timestamp/
  },
  {
    // Silences Autobase's 'error' (which crashes the app when no one listens) instead of telling the app.
    name: 'base-error-swallowed',
    blames: 'error',
    concept: "A chat whose storage fails has stopped: it tells its app with an 'error' event of its own, with the error that stopped it.",
    edits: [["    this.base.on('error', (err) => this.fail(err))", "    this.base.on('error', () => {})"]],
    names: /told her app nothing/
  },
  {
    // Reads the view without ever waiting for a block, as for a truncation: a late joiner's fast-forwarded view is not here yet.
    name: 'read-never-waits',
    blames: 'history',
    concept: 'A late joiner is fast-forwarded to a view it downloads as it reads: a read waits for a block that is only not here yet.',
    edits: [["        if (cut()) throw err\n        // Not truncated, only not here yet (a view Autobase fast-forwarded is downloaded as it is read).\n        for await (const op of ops(true)) this.replay(op, change)\n", '        throw err\n']],
    names: /fast-forwards/
  },
  // Trial r8-15's wrong-but-greens.
  {
    name: 'message-told-by-text',
    blames: 'message',
    concept: 'A message is its author and seq, never its text: the app hears of each new message once, the same text twice included.',
    edits: [['      const id = idOf(message.author, message.seq)\n      if (this.emitted.has(id)) continue', '      const id = message.text\n      if (this.emitted.has(id)) continue']],
    names: /never its text/
  },
  {
    // Written as given, the add names no key apply accepts: the learner's addMember waited for ever.
    name: 'add-member-keeps-case',
    blames: 'addMember',
    concept: 'A writer key is 64 hex characters, either case: addMember adds the member by its key in lower case, as apply writes keys.',
    edits: [['    key = key.toLowerCase()\n    if (isWeak(key))', '    if (isWeak(key))']],
    names: /either case/
  },
  {
    // The learner checked a channel in send apart from parseEntry, and missed its control characters: apply dropped the entry, and send waited for ever.
    name: 'send-channel-control-left-to-apply',
    blames: 'send',
    concept: 'send writes only entries parseEntry accepts: one apply would drop is refused at once, never written and waited for.',
    edits: [['    if (!parseEntry(bytes)) throw', "    if (!parseEntry(bytes) && !(entry.type === 'message' && /[\\u0000-\\u001f]/.test(entry.channel))) throw"]],
    names: /apply would drop that entry/
  },
  {
    name: 'creator-adds-beyond-the-limit',
    blames: 'apply',
    concept: 'apply holds at most LIMITS.members members, whoever adds them: the creator\'s adds count too.',
    edits: [['      if (memberCount >= LIMITS.members) continue', '      if (writer !== creator && memberCount >= LIMITS.members) continue']],
    names: /whoever adds them/
  },
  {
    name: 'refresh-timer-left-running',
    blames: 'close',
    concept: '`close()` undoes everything the chat started: its timer for the next look for peers too.',
    edits: [['      clearTimeout(this.refreshTimer)\n', '']],
    names: /stops every timer/
  },
  {
    name: 'members-event-by-count',
    blames: 'members',
    concept: '\'members\' tells every change of members(): a remove and an add in one read change the members, not their count.',
    edits: [['    const membersBefore = this.memberList.join()', '    const membersBefore = this.memberList.length'], ['    if (membersBefore !== this.memberList.join() ||', '    if (membersBefore !== this.memberList.length ||']],
    names: /count stayed the same/
  }
] satisfies Mistake[]
