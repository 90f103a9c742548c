// npm run mutate without Stryker's run (a real one takes 11 s on kata 01 with both cores busy, too much for
// CI; run it by hand): its arguments, the rows it makes of Stryker's results, and the table it writes,
// refreshed with --table into a temporary folder, never the committed one.
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'
import { EQUIVALENT, survivorKey } from '../src/mutate/equivalent.ts'
import { againRow, readRows, rowOf, table, testedKeys, withReasons, type KataRow, type Result } from '../src/mutate/results.ts'

const SLOW = { timeout: 120000 }

function mutate (...args: string[]): { code: number | null, out: string, stdout: string } {
  const result = spawnSync(process.execPath, ['--no-warnings', '--import', 'tsx', path.join(ROOT, 'src/mutate/cli.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120000 })
  return { code: result.status, out: result.stdout + result.stderr, stdout: result.stdout }
}

const result = (status: Result['status'], line: number, mutatorName = 'StringLiteral', replacement = '""'): Result => ({ status, mutatorName, replacement, location: { start: { line } } })

test('a row counts what compiled and was not ignored; a mutant no test reached survived', (t) => {
  const row = rowOf('01-append-only-log', [
    result('Killed', 1), result('Killed', 2), result('Timeout', 3), result('Survived', 4, 'BlockStatement', '{\n  }'),
    result('NoCoverage', 5), result('CompileError', 6), result('Ignored', 7)
  ], 12, { '01-append-only-log:5:StringLiteral:""': 'a reason' })
  t.is(row.mutants, 5, 'compile errors and ignored mutants do not count')
  t.is(row.ignored, 1, 'ignored mutants (code marked outside the kata) are counted apart')
  t.is(row.killed, 3, 'a timeout is killed')
  t.is(row.survived, 2)
  t.is(row.score, 60)
  t.is(row.seconds, 12)
  t.ok(/^\d{4}-\d\d-\d\d$/.test(row.date), 'dated by day')
  t.alike(row.survivors, [
    { key: '01-append-only-log:4:BlockStatement:{ }', line: 4, mutator: 'BlockStatement', replacement: '{\n  }', reason: null },
    { key: '01-append-only-log:5:StringLiteral:""', line: 5, mutator: 'StringLiteral', replacement: '""', reason: 'a reason' }
  ], 'each survivor keyed as equivalent.ts wants it, with its reason or none')
  t.is(rowOf('04-corestore', [result('CompileError', 1)], 1).score, 100, 'nothing to kill: 100 %')
  t.is(rowOf('04-corestore', [result('Survived', 1), result('Killed', 2), result('Killed', 3)], 1).score, 66.7, 'rounded to a tenth')
})

test('the table: katas in order, survivors listed under their kata with their reason or as a gap', (t) => {
  const row = (kata: string, survivors: KataRow['survivors']): KataRow => ({ kata, mutants: 10, killed: 10 - survivors.length, survived: survivors.length, score: 100 - survivors.length * 10, seconds: 7, survivors, date: '2026-12-01' })
  const markdown = table([
    row('02-reading-the-log', [{ key: 'k1', line: 26, mutator: 'StringLiteral', replacement: 'say `hi`\n  there and a replacement long enough to be cut off at eighty characters, not more', reason: null }]),
    row('01-append-only-log', []),
    { ...row('03-replication', [{ key: 'k2', line: 36, mutator: 'ObjectLiteral', replacement: '{}', reason: 'the defaults' }]), ignored: 4 }
  ])
  const rows = markdown.split('\n').filter((line) => /^\| 0\d-/.test(line))
  t.alike(rows, [
    '| 01-append-only-log | 10 | 10 | 0 | 100 % | 0 | 0 | 7 s | 2026-12-01 |',
    '| 02-reading-the-log | 10 | 9 | 1 | 90 % | 1 | 0 | 7 s | 2026-12-01 |',
    '| 03-replication | 10 | 9 | 1 | 90 % | 0 | 4 | 7 s | 2026-12-01 |'
  ], 'a row per kata, in curriculum order, counting survivors without a reason and mutants outside the kata (none in a row from before they were counted)')
  t.absent(markdown.includes('## 01-append-only-log'), 'no section for a kata without survivors')
  t.ok(markdown.includes("## 02-reading-the-log\n\n- line 26, StringLiteral → `say 'hi' there and a replacement long enough to be cut off at eighty characters,`: **no reason yet: a gap in the suite**"), 'a gap: the replacement on one line, backticks made quotes, cut at 80 characters')
  t.ok(markdown.includes('## 03-replication\n\n- line 36, ObjectLiteral → `{}`: the defaults'), 'an equivalent mutant with its reason')
})

test('againRow: survivors tested again on the same code; one killed now counts as killed, one not tested again stays', (t) => {
  const before = rowOf('12-kappa-chat', [result('Killed', 1), result('Survived', 2), result('Survived', 3, 'BlockStatement', '{}'), result('Survived', 4)], 600)
  const again = rowOf('12-kappa-chat', [result('Killed', 2), result('Survived', 4), result('Killed', 5)], 60)
  const tested = testedKeys('12-kappa-chat', [result('Killed', 2), result('Survived', 4), result('Killed', 5), result('Ignored', 6)])
  const row = againRow(before, again, tested)
  t.is(row.mutants, 4, 'the mutants of the full run')
  t.alike(row.survivors.map((s) => s.line), [3, 4], 'line 2 killed now; line 3 not tested again, still a survivor; line 4 survives again')
  t.is(row.killed, 2)
  t.is(row.score, 50)
  t.is(row.seconds, 600, 'the full run\'s time kept')
  t.alike(row.retested, { mutants: 3, seconds: 60, date: again.date }, 'and what was tested again')
  t.ok(table([row]).includes('| 600 s (+ 60 s, 3 tested again) |'), 'the table says so')
})

test('withReasons takes each survivor\'s reason afresh', (t) => {
  const row = rowOf('09-kappa-views', [result('Survived', 1), result('Survived', 2)], 1, {})
  t.alike(withReasons(row, { '09-kappa-views:2:StringLiteral:""': 'now explained' }).survivors.map((s) => s.reason), [null, 'now explained'])
  t.alike(row.survivors.map((s) => s.reason), [null, null], 'the row itself is left as it was')
})

test('mutate --table rewrites the table from results.json with the reasons of equivalent.ts now', SLOW, async (t) => {
  const out = await t.tmp()
  const [explained, reason] = Object.entries(EQUIVALENT)[0]
  const [kata, line, mutator, ...replacement] = explained.split(':')
  const stale: KataRow = {
    kata, mutants: 3, killed: 1, survived: 2, score: 33.3, seconds: 5, date: '2026-01-01',
    survivors: [
      { key: explained, line: Number(line), mutator, replacement: replacement.join(':'), reason: null },
      { key: survivorKey(kata, 'StringLiteral', 999, '"no such"'), line: 999, mutator: 'StringLiteral', replacement: '"no such"', reason: 'a reason since withdrawn' }
    ]
  }
  writeFileSync(path.join(out, 'results.json'), JSON.stringify({ [kata]: stale }))
  const run = mutate('--table', '--out', out)
  t.is(run.code, 0, run.code === 0 ? 'exit code 0' : run.out)
  t.ok(run.stdout.includes(`${kata}: 1 of 2 survivors without a reason`), 'what is left to explain is printed')
  const rows = readRows(out)
  t.alike(rows[kata].survivors.map((s) => s.reason), [reason, null], 'the reason found, the withdrawn one gone')
  t.is(rows[kata].score, 33.3, 'the measurement is kept as it was')
  const markdown = readFileSync(path.join(out, 'results.md'), 'utf8')
  t.ok(markdown.includes(`| ${kata} | 3 | 1 | 2 | 33.3 % | 1 | 0 | 5 s | 2026-01-01 |`), 'its row counts one survivor without a reason')
  t.ok(markdown.includes(reason), 'the reason is in the table')
  t.ok(markdown.includes('- line 999, StringLiteral → `"no such"`: **no reason yet: a gap in the suite**'), 'the other is a gap')

  const elsewhere = mutate('--table', '--out', out, kata === '02-reading-the-log' ? '03' : '02')
  t.is(elsewhere.code, 1, 'a kata with no results: exit code 1')
  t.ok(elsewhere.out.includes('no results for these katas') && elsewhere.out.includes('run npm run mutate first'), 'says there is nothing to rewrite')
  const again = mutate('--survivors', '--out', out, kata)
  t.is(again.code, 2, '--survivors on a row without the hash of its reference: exit code 2, no run')
  t.ok(again.out.includes('run a full mutation'), 'says a full run is needed')
  const empty = mutate('--table', '--out', path.join(out, 'none'))
  t.is(empty.code, 1)
  t.ok(empty.out.includes('no results for any kata'), 'no results.json: nothing to rewrite')
})

test('mutate --help prints its flags; arguments it cannot use end it with exit code 2 before Stryker starts', SLOW, (t) => {
  const help = mutate('--help')
  t.is(help.code, 0)
  for (const flag of ['--concurrency N', '--out DIR', '--table', '--survivors']) t.ok(help.out.includes(flag), flag)
  const cases: Array<[string[], RegExp]> = [
    [['--bogus'], /unknown flag --bogus\n/],
    [['01', '--concurrency', '0'], /--concurrency needs a whole number of at least 1, not "0"/],
    [['99'], /No kata matches "99"/]
  ]
  for (const [args, message] of cases) {
    const { code, out } = mutate(...args)
    t.is(code, 2, `${args.join(' ')}: exit code 2`)
    t.ok(message.test(out), `${args.join(' ')}: ${message}`)
    t.absent(out.includes('mutating'), `${args.join(' ')}: no mutation run`)
  }
})
