// `npm test -- --reporter github [--progress FILE]`: what a learner sees on GitHub after a push to their fork.
//  - the job summary ($GITHUB_STEP_SUMMARY): the progress bar, a table of katas (green / red / not
//    started) and, for each red kata, its first failing test and message;
//  - annotations (`::error file=…,line=…::…`) at the failing location, so they show on the pull
//    request's changed lines;
//  - step outputs ($GITHUB_OUTPUT): a one-line headline the workflow puts in a job name.
//
// A kata is NOT STARTED when its stubs are byte for byte as shipped (src/dojo/shipped.json, the dojo's
// rule): whatever its tests say, the learner has not begun. A kata the record does not know is not
// started when every one of its tests failed with a "not implemented" stub error. Not-started katas are
// reported, never failures: an untouched copy shows every kata not started, without one error.
//
// The run FAILS (exit 1) only on a REGRESSION: a kata that was green in an earlier run (remembered in the
// --progress file, which the workflow keeps in the Actions cache) is red now. It stays failed until
// that kata is green again, or is back to its untouched stub (a reset, which forgets it). Red katas
// that were never green are work in progress: reported and annotated, but the run passes (exit 0).
import { existsSync, mkdirSync, readFileSync, appendFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ROOT, type Kata } from './katas.ts'
import { describeFailure } from './report.ts'
import type { KataResult } from './run-suite.ts'
import { stubsUntouched } from './shipped.ts'
import type { Failure } from './tap.ts'
import { printedCount } from './printed.ts'

export type KataState = 'green' | 'red' | 'not-started'

/**
 * Green; not started (`untouched`: the stubs are as shipped; or, when that is not known, every test stopped
 * at a not-implemented stub); or red (anything else, crashes too).
 */
export function kataState (result: KataResult, untouched: boolean | null | undefined = null): KataState {
  if (result.status === 'green') return 'green'
  if (untouched === true && result.status === 'red') return 'not-started'
  const stubOnly = result.status === 'red' && result.tests.length > 0 &&
    result.tests.every((t) => !t.ok && t.failure?.kind === 'not-implemented')
  return stubOnly ? 'not-started' : 'red'
}

export interface GithubOptions {
  /** The run used the reference solutions: say so, and leave the progress memory alone. */
  solution?: boolean
  /** Names of the katas that were green in earlier runs (the progress memory). */
  greenBefore?: Iterable<string>
  /** process.env or a stand-in: GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA make links. */
  env?: NodeJS.ProcessEnv
  /** Whether a kata's stubs are as shipped (null: not known); by default, from src/dojo/shipped.json. */
  untouched?: (kata: Kata) => boolean | null | undefined
}

export interface Annotation {
  level: 'error' | 'notice'
  /** Relative to the repository root, with forward slashes. */
  file: string
  line?: number
  col?: number
  title: string
  message: string
}

export interface GithubReport {
  summary: string
  annotations: Annotation[]
  headline: string
  /** Katas green before and red now: they fail the run. */
  regressions: Kata[]
  /** The progress memory to keep for the next run. */
  greenNow: string[]
  counts: { green: number, red: number, notStarted: number, total: number }
  exitCode: 0 | 1
}

const ICON: Record<KataState, string> = { green: '🟩', red: '🟥', 'not-started': '⬜' }
/** GitHub shows at most 10 error annotations per step; more would be cut without a word. */
const MAX_ERRORS = 10

export function githubReport (results: KataResult[], opts: GithubOptions = {}): GithubReport {
  const env = opts.env ?? process.env
  const before = new Set(opts.solution ? [] : opts.greenBefore ?? [])
  const untouched = opts.untouched ?? stubsUntouched
  const rows = results.map((result) => {
    // The reference solutions say nothing about the learner's stubs.
    const state = kataState(result, opts.solution ? null : untouched(result.kata))
    return { result, state, regressed: state === 'red' && before.has(result.kata.name) }
  })
  const counts = {
    green: rows.filter((r) => r.state === 'green').length,
    red: rows.filter((r) => r.state === 'red').length,
    notStarted: rows.filter((r) => r.state === 'not-started').length,
    total: rows.length
  }
  const regressions = rows.filter((r) => r.regressed).map((r) => r.result.kata)
  const headline = [
    `${counts.green} of ${counts.total} katas green`,
    ...(counts.red ? [`${counts.red} red`] : []),
    ...(counts.notStarted ? [`${counts.notStarted} not started`] : []),
    ...(regressions.length ? [`${regressions.length} regressed`] : [])
  ].join(' · ') + (opts.solution ? ' (reference solutions)' : '')

  // The memory: green before or now, minus katas back to their stub (a reset forgets).
  const greenNow = new Set(before)
  for (const { result, state } of rows) {
    if (state === 'green') greenNow.add(result.kata.name)
    if (state === 'not-started') greenNow.delete(result.kata.name)
  }

  const link = linker(env)
  const md: string[] = []
  md.push(`## Kata progress: ${counts.green} of ${counts.total} green${opts.solution ? ' (reference solutions)' : ''}`, '')
  md.push(`${rows.map((r) => ICON[r.state]).join('')} **${counts.green}/${counts.total}** (${percent(counts.green, counts.total)}) · ${counts.red} red · ${counts.notStarted} not started`, '')
  if (regressions.length) {
    md.push(`> [!CAUTION]`, `> ${regressions.map((k) => `Kata ${k.number}`).join(', ')} ${regressions.length === 1 ? 'was' : 'were'} green before and ${regressions.length === 1 ? 'is' : 'are'} red now: this run fails until ${regressions.length === 1 ? 'it is' : 'they are'} green again.`, '')
  }
  md.push('| | Kata | Status | Tests | First failing test |', '| --- | --- | --- | --- | --- |')
  let nextUp = false
  for (const { result, state, regressed } of rows) {
    const { kata, tests } = result
    const passed = tests.filter((t) => t.ok).length
    const first = tests.find((t) => !t.ok)
    let status: string = state === 'not-started' ? 'not started' : state
    if (regressed) status = '**red: was green before**'
    else if (result.status === 'crashed') status = 'red (the suite crashed)'
    let detail = ''
    if (state === 'red') detail = result.status === 'crashed' ? 'the suite crashed: see below' : first ? cell(first.name) : ''
    if (state === 'not-started' && !nextUp) {
      nextUp = true
      const start = startHere(result)
      const at = start && location(start, kata)
      detail = `next up: start ${at?.line ? `at ${link(at.file, at.line)}` : `with ${link(path.relative(ROOT, kata.dir).split(path.sep).join('/') + '/README.md')}`}`
    }
    md.push(`| ${ICON[state]} | ${cell(`${kata.number} · ${kata.title}`)} | ${status} | ${passed}/${tests.length} | ${detail} |`)
  }
  md.push('')
  for (const { result, state, regressed } of rows) {
    if (state !== 'red') continue
    md.push(...redSection(result, regressed, link), '')
  }
  md.push('<sub>Not started: the kata\'s code is still as shipped (or every test stops at a function you have not written yet). ' +
    'The run fails only when a kata that was green before is red again; red katas you are working on are reported, not failed.</sub>', '')

  return {
    summary: md.join('\n'),
    annotations: annotate(rows),
    headline,
    regressions,
    greenNow: [...greenNow].sort(),
    counts,
    exitCode: regressions.length ? 1 : 0
  }
}

function redSection (result: KataResult, regressed: boolean, link: Linker): string[] {
  const { kata, tests } = result
  const lesson = link(`${rel(kata.dir)}/README.md`, undefined, 'lesson')
  const lines = [`### ${ICON.red} ${kata.number} · ${kata.title}${regressed ? ' (was green before)' : ''}`, '']
  if (result.status === 'crashed') {
    lines.push('The suite crashed:', '', ...fence(result.crash ?? ''), '', `Read the ${lesson}.`, ...printedNote(result))
    return lines
  }
  const first = tests.find((t) => !t.ok)
  if (!first) return lines
  const failure = first.failure ?? { message: 'the test failed', kind: 'assertion' as const }
  lines.push(`**First failing test:** ${inline(first.name)}`, '', ...fence(failureText(failure)))
  const at = location(failure, kata)
  lines.push('', `${at.line ? `At ${link(at.file, at.line)} · ` : ''}read the ${lesson}.`, ...printedNote(result))
  return lines
}

/** What the learner's code printed is counted here, not shown: the job's log and `npm test` show it under its test. */
function printedNote (result: KataResult): string[] {
  const n = printedCount(result.printed)
  if (!n) return []
  return ['', `<sub>Your code printed ${n} line${n === 1 ? '' : 's'} while the suite ran: the job's log shows ${n === 1 ? 'it' : 'them'} (capped) under the test that printed ${n === 1 ? 'it' : 'them'}, and so does \`npm test -- ${result.kata.number}\`.</sub>`]
}

/** The failure in the learner's terms, as the terminal runner says it, without the test name and place. */
function failureText (failure: Failure): string {
  return describeFailure('', failure).slice(1)
    .filter((line) => !line.startsWith(`  at ${failure.at ?? '\0'}`))
    .map((line) => line.replace(/^ {2}/, ''))
    .join('\n')
}

type Row = { result: KataResult, state: KataState, regressed: boolean }

/** Errors where red katas fail; one notice where the next kata to start begins. */
function annotate (rows: Row[]): Annotation[] {
  const out: Annotation[] = []
  let errors = 0
  let nextUp = false
  for (const { result, state, regressed } of rows) {
    const { kata, tests } = result
    const prefix = `Kata ${kata.number}${regressed ? ' was green before' : ''}`
    if (state === 'not-started') {
      const first = startHere(result)
      if (nextUp || !first) continue
      nextUp = true
      out.push({ level: 'notice', ...location(first, kata), title: `Kata ${kata.number} · ${kata.title}: start here`, message: failureText(first) })
      continue
    }
    if (state !== 'red') continue
    if (result.status === 'crashed') {
      const first = tests.find((t) => !t.ok)?.failure
      out.push({ level: 'error', ...(first ? location(first, kata) : { file: rel(kata.suite) }), title: `${prefix}: the suite crashed`, message: (result.crash ?? '').trim() })
      errors++
      continue
    }
    // One annotation per failing place: a stub function not written yet is a notice (it is the
    // next thing to do, not a mistake); anything else is an error.
    const seen = new Set<string>()
    for (const test of tests) {
      if (test.ok || !test.failure) continue
      const at = location(test.failure, kata)
      const key = `${at.file}:${at.line ?? ''}`
      if (seen.has(key)) continue
      seen.add(key)
      const notYet = test.failure.kind === 'not-implemented'
      if (!notYet && errors >= MAX_ERRORS) continue
      if (!notYet) errors++
      out.push({ level: notYet ? 'notice' : 'error', ...at, title: `${prefix} · ${test.name}`, message: failureText(test.failure) })
    }
  }
  return out
}

/** Where a kata not started begins: its first "not implemented" failure (the function to write first), else its first failure. */
function startHere (result: KataResult): Failure | undefined {
  const failures = result.tests.filter((t) => !t.ok && t.failure).map((t) => t.failure as Failure)
  return failures.find((f) => f.kind === 'not-implemented') ?? failures[0]
}

/** The failure's `at` as a file in the repository, or the kata's first stub when it has none. */
export function location (failure: Failure, kata: Kata): { file: string, line?: number, col?: number } {
  const match = failure.at?.match(/^(.*?):(\d+)(?::(\d+))?$/)
  if (match) {
    let file = match[1]
    if (file.startsWith('file://')) file = fileURLToPath(file)
    const abs = path.resolve(ROOT, file)
    const relative = path.relative(ROOT, abs)
    if (!relative.startsWith('..') && !path.isAbsolute(relative) && !relative.split(path.sep).includes('node_modules')) {
      return { file: relative.split(path.sep).join('/'), line: Number(match[2]), ...(match[3] ? { col: Number(match[3]) } : {}) }
    }
  }
  return { file: rel(kata.stubs[0] ?? kata.suite) }
}

/** `::error file=…,line=…,col=…,title=…::message`, escaped as GitHub's workflow commands want. */
export function formatAnnotation (a: Annotation): string {
  const props = [`file=${prop(a.file)}`, ...(a.line ? [`line=${a.line}`] : []), ...(a.col ? [`col=${a.col}`] : []), `title=${prop(a.title)}`]
  return `::${a.level} ${props.join(',')}::${data(a.message)}`
}

function data (text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function prop (text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

type Linker = (file: string, line?: number, label?: string) => string

/** Links into the repository at this commit when the Actions variables say where it is; code spans otherwise. */
function linker (env: NodeJS.ProcessEnv): Linker {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env
  return (file, line, label) => {
    const text = label ?? `${file}${line ? `:${line}` : ''}`
    if (!server || !repo || !sha) return label ? `${label} (\`${file}\`)` : `\`${text}\``
    return `[${label ?? `\`${text}\``}](${server}/${repo}/blob/${sha}/${file.split('/').map(encodeURIComponent).join('/')}${line ? `#L${line}` : ''})`
  }
}

function rel (file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/')
}

function cell (text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')
}

function inline (text: string): string {
  const ticks = Math.max(0, ...(text.match(/`+/g) ?? []).map((t) => t.length))
  const fenceTicks = '`'.repeat(ticks + 1)
  return `${fenceTicks}${ticks ? ' ' : ''}${text}${ticks ? ' ' : ''}${fenceTicks}`
}

function fence (text: string): string[] {
  const ticks = Math.max(2, ...(text.match(/`+/g) ?? []).map((t) => t.length))
  const f = '`'.repeat(ticks + 1)
  return [`${f}text`, text.trimEnd(), f]
}

function percent (n: number, total: number): string {
  return `${total ? Math.round((100 * n) / total) : 0}%`
}

/** The progress memory: `{ "green": ["01-append-only-log", …] }`; missing or unreadable means none. */
export function readProgress (file: string): string[] {
  if (!existsSync(file)) return []
  try {
    const green = JSON.parse(readFileSync(file, 'utf8')).green
    return Array.isArray(green) ? green.filter((n): n is string => typeof n === 'string') : []
  } catch {
    return []
  }
}

export function writeProgress (file: string, green: string[]): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  writeFileSync(file, `${JSON.stringify({ green }, null, 2)}\n`)
}

export interface ReportOptions {
  solution?: boolean
  /** The progress memory file: read for "green before", then updated (not with --solution). */
  progressFile?: string
  env?: NodeJS.ProcessEnv
  log?: (line: string) => void
}

/** Writes the summary, prints the annotations, sets the outputs; returns the exit code. */
export function reportToGithub (results: KataResult[], opts: ReportOptions = {}): number {
  const env = opts.env ?? process.env
  const log = opts.log ?? ((line: string) => console.log(line))
  const greenBefore = opts.progressFile && !opts.solution ? readProgress(opts.progressFile) : []
  const report = githubReport(results, { solution: opts.solution, greenBefore, env })

  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${report.summary}\n`)
  else log(`\n(GITHUB_STEP_SUMMARY is not set: the job summary would be)\n\n${report.summary}`)
  if (env.GITHUB_OUTPUT) {
    const { green, red, notStarted, total } = report.counts
    appendFileSync(env.GITHUB_OUTPUT, [
      `headline=${report.headline}`, `green=${green}`, `red=${red}`, `not-started=${notStarted}`, `total=${total}`,
      `regressions=${report.regressions.map((k) => k.name).join(' ')}`, ''
    ].join('\n'))
  }
  if (opts.progressFile && !opts.solution) writeProgress(opts.progressFile, report.greenNow)

  log('')
  for (const annotation of report.annotations) log(formatAnnotation(annotation))
  if (report.regressions.length) {
    log(`\n${report.regressions.map((k) => k.name).join(', ')}: green before, red now. The run fails (exit 1) until ${report.regressions.length === 1 ? 'it is' : 'they are'} green again.`)
  } else {
    log(`\n${report.headline}. No kata that was green before is red: the run passes (red and not started katas are reported, not failed).`)
  }
  return report.exitCode
}
