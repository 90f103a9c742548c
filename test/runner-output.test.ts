// What a learner's code prints (console.log, console.error …) reaches the learner: under the test that
// printed it, capped per test, above the first failure; and it never disturbs the TAP the runner reads.
import test from 'brittle'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { ROOT } from '../src/runner/katas.ts'
import { runFile, type KataResult, type SuiteRun } from '../src/runner/run-suite.ts'
import { formatResult, styleFor } from '../src/runner/report.ts'
import { githubReport } from '../src/runner/github-reporter.ts'
import { PRINT_CAP, PRINT_TAIL, readPrinted } from '../src/runner/printed.ts'
import { SuiteRunner } from '../src/dojo/runner.ts'

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'katas')
const SUITE = path.join(FIXTURES, 'prints.ts')
const PLAIN = styleFor({ isTTY: false } as NodeJS.WriteStream)
const KATA = { name: '99-prints', number: '99', title: 'Prints', dir: FIXTURES, suite: SUITE, stubs: [] }

function asKata (run: SuiteRun): KataResult {
  return { ...run, kata: KATA }
}

test('a learner\'s prints are read apart from the TAP, test by test, capped, and the first failure is unchanged', async (t) => {
  const run = await runFile(SUITE, { firstFailure: true })
  t.is(run.status, 'red')
  t.alike(run.tests.map((x) => [x.name, x.ok]), [['prints a little', true], ['writes to process.stdout', true], ['prints in a hot loop', true], ['prints, then fails', false]],
    'a printed "ok 99 - …" or "# ok" is not read as a test')
  const failure = run.tests[3].failure
  t.is(failure?.message, 'the sum is right')
  t.is(failure?.at, 'test/fixtures/katas/prints.ts:26:5')
  t.is(failure?.expected, '3')

  const printed = run.printed ?? []
  t.alike(printed.map((p) => p.outside ?? p.test), ['loading', 'prints a little', 'writes to process.stdout', 'prints in a hot loop', 'prints, then fails'])
  t.alike(printed[1].lines, [
    { stream: 'out', text: 'hello from the first test { n: 1 }' },
    { stream: 'err', text: 'a warning on stderr' },
    { stream: 'out', text: 'ok 99 - not a test' },
    { stream: 'out', text: '# ok' }
  ], 'console.log and console.error, formatted as Node would, in order')
  t.alike(printed[2].lines, [{ stream: 'out', text: 'a line in two writes' }, { stream: 'err', text: 'unfinished' }],
    'process.stdout.write and process.stderr.write from the learner\'s code, by the line')
  t.is(printed[3].lines.length, PRINT_CAP, `a hot loop keeps ${PRINT_CAP} lines`)
  t.is(printed[3].more, 5000 - PRINT_CAP, 'and counts the rest')
  const head = PRINT_CAP - PRINT_TAIL
  t.alike([printed[3].lines[head - 1].text, printed[3].lines[head].text, printed[3].lines.at(-1)?.text], [`line ${head - 1}`, `line ${5000 - PRINT_TAIL}`, 'line 4999'],
    'the first lines and the last ones')
  t.alike(printed[3].gaps, [{ at: head, count: 5000 - PRINT_CAP }], 'the count stands where lines were left out')
  t.ok(printed[4].lines[0].text.length < 300 && printed[4].lines[0].text.endsWith('more characters)'), 'a long line is cut')
  t.is(printed[4].lines[1].text, 'about to fail', 'the failing test\'s prints before its failure are there')
  t.ok(run.output.length < 20000, `the suite's output stays small (${run.output.length} characters)`)
})

test('the learner sees the prints under their test, above the failure, and --hide-output leaves them out', async (t) => {
  const run = asKata(await runFile(SUITE, { firstFailure: true }))
  const text = formatResult(run, PLAIN)
  t.ok(text.includes('your code printed'), 'a section of its own')
  t.ok(/in "prints a little":\n\s+│ hello from the first test \{ n: 1 \}\n\s+│ stderr: a warning on stderr/.test(text), 'under the test, stderr marked')
  t.ok(/│ line 14\n\s+… 4980 more lines\n\s+│ line 4995\n/.test(text), 'capped, with the count of the lines left out')
  t.ok(text.includes('in "prints, then fails" (the failing test, below)'))
  t.ok(text.indexOf('first failing test: prints, then fails') > text.indexOf('about to fail'), 'the failure comes last, next to the summary')
  t.ok(/the sum is right\n\s+expected: 3\n\s+actual:   2/.test(text), 'the failure reads as before')
  const hidden = formatResult(run, PLAIN, { hideOutput: true })
  t.absent(hidden.includes('your code printed') || hidden.includes('hello from'), 'hidden')
  t.ok(hidden.includes('first failing test: prints, then fails'))
})

test('watch mode\'s warm suite process marks the prints the same way', { timeout: 60000 }, async (t) => {
  const runner = new SuiteRunner()
  t.teardown(() => runner.close())
  const run = await runner.run(KATA)
  t.ok(run, 'ran')
  t.is(run?.tests.find((x) => !x.ok)?.name, 'prints, then fails')
  t.is(run?.printed?.find((p) => p.test === 'prints a little')?.lines[0].text, 'hello from the first test { n: 1 }')
  t.ok(formatResult(run!, PLAIN).includes('… 4980 more lines'))
})

test('a loop that prints for ever: the watchdog fails the test naming the learner\'s loop, and the last lines and the count are shown', { timeout: 120000 }, async (t) => {
  const run = await runFile(path.join(FIXTURES, 'prints-forever.ts'), { firstFailure: true })
  t.is(run.status, 'red', 'red, not crashed')
  const failure = run.tests[0]?.failure
  t.ok(/^timed out: printForever\(\) kept the event loop busy/.test(failure?.message ?? ''), failure?.message)
  t.is(failure?.at, 'test/fixtures/katas/prints-forever.ts:10:26', 'the learner\'s line, not console.log\'s')
  const [printed] = run.printed ?? []
  t.is(printed?.test, 'a learner function that prints for ever')
  t.is(printed?.lines.length, PRINT_CAP, `${PRINT_CAP} lines kept`)
  t.ok((printed?.more ?? 0) > 0, `${printed?.more} counted`)
  const last = Number(printed?.lines.at(-1)?.text.replace('n is ', ''))
  t.is(last, PRINT_CAP + (printed?.more ?? 0) - 1, 'the last line kept is the last one printed before the loop was stopped')
})

test('CI\'s job summary counts the prints of a red kata, without showing them', async (t) => {
  const run = asKata(await runFile(SUITE))
  t.is(run.tests.length, 5, 'every test ran')
  const { summary } = githubReport([run], { env: {}, untouched: () => false })
  t.ok(/Your code printed \d+ lines while the suite ran/.test(summary), summary)
  t.absent(summary.includes('hello from the first test'), 'not the text itself')
})

test('TAP without prints passes through untouched; a print\'s control characters are shown, not obeyed', (t) => {
  const tap = 'TAP version 13\n\n# a test\n    ok 1 - fine\nok 1 - a test\n'
  t.alike(readPrinted(tap), { tap, printed: [] })
  const { printed } = readPrinted(`${tap}#kata-print:out \x1b[2Jgone\r\n1..1\n#kata-print:err late\n`)
  t.is(printed[0].test, 'a test')
  t.is(printed[1].outside, 'after')
  const text = formatResult(asKata({ status: 'green', tests: [{ name: 'a test', ok: true }], ms: 1, output: '', printed }), PLAIN)
  t.ok(text.includes('│ \\x1b[2Jgone\\x0d'), text)
  t.ok(text.includes('after the last test:'))
})

test('npm test -- --help names --hide-output', (t) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/dojo/bin/test.ts'), '--help'], { cwd: ROOT, encoding: 'utf8' })
  t.is(result.status, 0)
  t.ok(result.stdout.includes('--hide-output'), result.stdout)
})
