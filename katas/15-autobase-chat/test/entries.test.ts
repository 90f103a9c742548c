// Kata 15 · parseEntry: what an entry may hold.
import { isDeepStrictEqual } from 'node:util'
import { test } from '../../../src/harness/index.ts'
import { LIMITS, parseEntry } from '../chat.ts'
import { block, NOW, brief, KEY } from './helpers.test.ts'

test('parseEntry accepts the four kinds of entry and rejects every entry that breaks a rule', async (t) => {
  const valid: Array<[string, unknown]> = [
    ['a message', { type: 'message', channel: 'default', text: 'hi', timestamp: NOW }],
    ['a message of LIMITS.text characters in a channel of LIMITS.channel', { type: 'message', channel: 'c'.repeat(LIMITS.channel), text: 'x'.repeat(LIMITS.text), timestamp: LIMITS.timestamp }],
    ['a message with a fractional timestamp, and a text with a newline', { type: 'message', channel: 'dev', text: 'two\nlines', timestamp: NOW + 0.5 }],
    ['a nick', { type: 'nick', name: 'alice' }],
    ['an add', { type: 'add', key: KEY }],
    ['a remove', { type: 'remove', key: KEY }]
  ]
  for (const [what, value] of valid) {
    const parsed = parseEntry(block(value))
    t.ok(isDeepStrictEqual(parsed, value), `parseEntry: ${what} is valid, and parsed as it was written (it returned ${brief(parsed)})`)
  }
  const stray = parseEntry(block({ type: 'message', channel: 'default', text: 'hi', timestamp: NOW, author: KEY }))
  t.alike(stray, { type: 'message', channel: 'default', text: 'hi', timestamp: NOW },
    'a stray field is allowed and left out (an "author" inside an entry means nothing: the writer core says who wrote it)')
  const invalid: Array<[string, unknown]> = [
    ['an unknown type', { type: 'kick', key: KEY }],
    ['a message without text', { type: 'message', channel: 'default', timestamp: NOW }],
    ['an empty text', { type: 'message', channel: 'default', text: '', timestamp: NOW }],
    ['a text that is a number', { type: 'message', channel: 'default', text: 5, timestamp: NOW }],
    ['a text over LIMITS.text', { type: 'message', channel: 'default', text: 'x'.repeat(LIMITS.text + 1), timestamp: NOW }],
    ['an empty channel', { type: 'message', channel: '', text: 'hi', timestamp: NOW }],
    ['a channel with a space', { type: 'message', channel: 'a b', text: 'hi', timestamp: NOW }],
    ['a channel with a no-break space (U+00A0: whitespace too; "dev" followed by it would pose as #dev)', { type: 'message', channel: 'dev\u00a0', text: 'hi', timestamp: NOW }],
    ['a channel with an ideographic space (U+3000: whitespace too)', { type: 'message', channel: 'a\u3000b', text: 'hi', timestamp: NOW }],
    ['a text that is an array (a list holding a string is not a string)', { type: 'message', channel: 'default', text: ['hi'], timestamp: NOW }],
    ['a channel that is an array', { type: 'message', channel: ['default'], text: 'hi', timestamp: NOW }],
    ['a nick that is an array', { type: 'nick', name: ['x'] }],
    ['an add whose key is an array holding a key (a regular expression reads it as that key: test the type first)', { type: 'add', key: [KEY] }],
    ['a remove whose key is an array holding a key', { type: 'remove', key: [KEY] }],
    ['a channel with a control character', { type: 'message', channel: 'a\u001b', text: 'hi', timestamp: NOW }],
    ['a channel over LIMITS.channel', { type: 'message', channel: 'c'.repeat(LIMITS.channel + 1), text: 'hi', timestamp: NOW }],
    ['a message without timestamp', { type: 'message', channel: 'default', text: 'hi' }],
    ['a negative timestamp', { type: 'message', channel: 'default', text: 'hi', timestamp: -1 }],
    ['a timestamp after LIMITS.timestamp', { type: 'message', channel: 'default', text: 'hi', timestamp: LIMITS.timestamp + 1 }],
    ['a nick with an escape', { type: 'nick', name: 'al\u001b[2Jice' }],
    ['a nick with DEL', { type: 'nick', name: 'al\u007fice' }],
    ['a nick with a C1 control', { type: 'nick', name: 'al\u009bice' }],
    ['an empty nick', { type: 'nick', name: '' }],
    ['a nick over LIMITS.nick', { type: 'nick', name: 'n'.repeat(LIMITS.nick + 1) }],
    ['an add without key', { type: 'add' }],
    ['an add of 63 hex characters', { type: 'add', key: KEY.slice(1) }],
    ['an add of 65 hex characters', { type: 'add', key: `${KEY}0` }],
    ['an add in upper-case hex', { type: 'add', key: KEY.toUpperCase() }],
    ['a remove of a key that is not hex', { type: 'remove', key: 'z'.repeat(64) }],
    ['an add of the all-zero key (a weak key: one byte 32 times is no core\'s key, and no one could write as that member)', { type: 'add', key: '00'.repeat(32) }],
    ['an add of the all-ff key (a weak key: one byte 32 times)', { type: 'add', key: 'ff'.repeat(32) }],
    ['an add of ab…ab (a weak key too: any one byte 32 times, not only 00 or ff, and not only one hex digit 64 times)', { type: 'add', key: 'ab'.repeat(32) }],
    ['an add of 0101…01 (a weak key too: the byte 01 32 times)', { type: 'add', key: '01'.repeat(32) }],
    ['null', null],
    ['an array', [1, 2]]
  ]
  for (const [what, value] of invalid) t.is(parseEntry(block(value)), null, `${what} is not a valid entry: parseEntry returns null`)
  t.is(parseEntry(Buffer.from('{not json')), null, 'bytes that are not JSON are null, never an exception')
  t.is(parseEntry(Buffer.from([0xff, 0xfe, 0x00])), null, 'bytes that are not even text are null')
})
