// Failure messages in a learner's terms: what to write next, a readable diff, what was pending,
// and a crash shown from the learner's frame first.
import test from 'brittle'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'
import { describeCrash, describeFailure } from '../src/runner/report.ts'
import { parseTap } from '../src/runner/tap.ts'
import { diffLines, formatDiff } from '../src/runner/diff.ts'

test('a not-implemented stub says which function to write next, and where', (t) => {
  const lines = describeFailure('openLog gives a ready log', {
    kind: 'not-implemented',
    message: 'not implemented: openLog() is not implemented yet: open a Hypercore in `dir` (kata 01, task 1)',
    at: 'katas/01-append-only-log/log.ts:23:9'
  })
  t.alike(lines, [
    'first failing test: openLog gives a ready log',
    '  write openLog() next: open a Hypercore in `dir` (kata 01, task 1)',
    '  at katas/01-append-only-log/log.ts:23:9 (your code)'
  ])
})

test('a deep-equal failure shows a line diff of expected vs actual, marked with words (a list\'s dashes stay dashes)', (t) => {
  // What brittle prints for t.alike({ list: ['x', 'y', 'z'] }, { list: ['x', 'Y', 'z'] }).
  const report = parseTap([
    '# alike', '    not ok 1 - objects match', '      ---', '      actual: ', '        a: 1', '        list: ',
    '          - x', '          - y', '          - z', '      expected: ', '        a: 1', '        list: ', '          - x',
    '          - Y', '          - z', '      operator: alike', '      stack: |', '        <anonymous> (./katas/02-x/x.test.ts:3:5)',
    '      ...', 'not ok 1 - alike', '1..1', '# not ok'
  ].join('\n'))
  const lines = describeFailure('alike', report.tests[0].failure!)
  t.alike(lines, [
    'first failing test: alike',
    '  objects match',
    '  expected vs actual, line by line:',
    '           │ a: 1',
    '           │ list:',
    '           │   - x',
    '  expected │   - Y',
    '  actual   │   - y',
    '           │   - z',
    '  at katas/02-x/x.test.ts:3:5 (the test)'
  ])
})

test('a short mismatch is shown on two aligned lines, with where it starts to differ', (t) => {
  const lines = describeFailure('is', { kind: 'assertion', message: 'strings', operator: 'is', expected: 'hello there, bob', actual: 'hello world, bob' })
  t.is(lines[2], '  expected: hello there, bob')
  t.is(lines[3], '  actual:   hello world, bob')
  t.is(lines[4].indexOf('^'), lines[2].indexOf('there'), 'the caret points at the first difference')
})

test('a named wait that timed out says what was pending', (t) => {
  const lines = describeFailure('chat', { kind: 'timeout', message: 'timed out: still waiting for bob receives message 2 after 5 s' })
  t.is(lines[1], '  timed out after 5 s, still waiting for: bob receives message 2')
  t.ok(/missing await/.test(lines[2]), 'and what usually causes it')
})

test('an exception in learner code names the error and the learner\'s frame', (t) => {
  const lines = describeFailure('x', { kind: 'threw', message: 'your code threw: TypeError: boom (at katas/01-a/log.ts:3:9) (in a callback or event handler)', at: 'katas/01-a/log.ts:3:9' })
  t.alike(lines.slice(1), ['  your code threw TypeError: boom (in a callback or event handler)', '  at katas/01-a/log.ts:3:9 (your code)'])
})

test('a crashed suite shows the learner\'s frame first, without Node\'s and the dependencies\' frames', (t) => {
  const crash = [
    'the suite process ended early (exit code 1)',
    '        ^',
    'Error [TransformError]: Transform failed with 1 error:',
    `${path.join(ROOT, 'katas/01-append-only-log/log.ts')}:22:12: ERROR: Unexpected "="`,
    `    at failureErrorWithLog (${path.join(ROOT, 'node_modules/esbuild/lib/main.js')}:1752:15)`,
    '    at Socket.emit (node:events:524:28)',
    '',
    'Node.js v20.20.2'
  ].join('\n')
  const lines = describeCrash(crash)
  t.is(lines[0], 'the suite crashed: the suite process ended early (exit code 1)')
  t.is(lines[1], '  in your code:')
  t.is(lines[2], '    katas/01-append-only-log/log.ts:22:12: ERROR: Unexpected "="', 'the learner\'s file, relative, first')
  t.is(lines[3], '  Error [TransformError]: Transform failed with 1 error:')
  t.absent(lines.some((l) => /node_modules|node:events|Node\.js v/.test(l)), 'no runner or dependency frames')
  t.ok(/2 stack frames of Node/.test(lines[lines.length - 1]), 'says what was left out')
})

test('the line diff folds long unchanged stretches', (t) => {
  const a = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']
  const b = ['1', '2', '3', '4', '5', '6', '7', '8', 'nine', '10']
  const lines = formatDiff(diffLines(a, b), { removed: '- ', added: '+ ', same: '  ', context: 1 })
  t.alike(lines, ['  … 7 unchanged lines', '  8', '- 9', '+ nine', '  10'])
})

test('a Buffer (which brittle prints a byte per line) is shown as hex on one line, saying it is bytes', (t) => {
  const key = (last: number): string => Array.from({ length: 32 }, (_, i) => `${i}: ${i === 31 ? last : 7}`).join('\n')
  const lines = describeFailure('keys', { kind: 'assertion', message: 'the same key', operator: 'alike', expected: key(1), actual: key(2) })
  t.is(lines[2], `  expected: <Buffer of 32 bytes: ${'07'.repeat(31)}01>`)
  t.is(lines[3], `  actual:   <Buffer of 32 bytes: ${'07'.repeat(31)}02>`)
  t.is(lines.length, 5, 'two lines and the caret, not a 64-line diff')
})

test('long bytes are cut short, with their text when they are text; control characters never reach the terminal raw', (t) => {
  const bytes = (buf: Buffer): string => [...buf].map((b, i) => `${i}: ${b}`).join('\n')
  const long = Buffer.from('hello\x00 world, a value that goes on and on and on and on and on')
  const lines = describeFailure('bytes', { kind: 'assertion', message: 'the entry', operator: 'alike', expected: bytes(Buffer.from('world')), actual: bytes(long) })
  t.is(lines[2], '  expected: <Buffer of 5 bytes: 776f726c64> (as text: "world")')
  t.is(lines[3], `  actual:   <Buffer of ${long.length} bytes: ${long.subarray(0, 32).toString('hex')}… (+${long.length - 32} more bytes)> (as text: "hello\\x00 world, a value that goes on an…")`)
  const raw = describeFailure('text', { kind: 'assertion', message: 'the line', operator: 'is', expected: 'x', actual: '\x1b[2J\x07\u202eabc\r' })
  t.is(raw[3], '  actual:   \\x1b[2J\\x07\\u202eabc\\r', 'escapes, not a cleared screen, a bell or reversed text')
  t.absent(raw.join('\n').match(/[\x00-\x08\x0b-\x1f\x7f\u202e]/), 'no control character left')
})

test('a failed negated check (not, unlike) says it got exactly what it should not have, not a diff of equal values', (t) => {
  const lines = describeFailure('topics', { kind: 'assertion', message: 'two names give two topics', operator: 'not', expected: 'ab12', actual: 'ab12' })
  t.alike(lines.slice(1), ['  two names give two topics', '  expected anything but: ab12', '  and got exactly that'])
})

test('a timeout whose label explains the step gets no generic advice after it', (t) => {
  const lines = describeFailure('x', { kind: 'timeout', message: 'timed out: still waiting for ask() as alice (the firewall returns true to refuse) after 3 s' })
  t.is(lines.length, 2, lines.join('\n'))
})
