// Curriculum integrity: every kata folder has what a learner needs, and every stub has a solution that
// mirrors it. (That stubs are red and solutions green is `npm run verify`'s job: it runs them.)
import test from 'brittle'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { SOLUTIONS_DIR, listKatas } from '../src/runner/katas.ts'
import { readLesson } from '../src/dojo/lesson.ts'
import { loadMistakes } from '../src/mistakes/mistake.ts'
import { namesFunction } from '../src/verify/checks.ts'
import { currentRecord, shippedRecord } from '../src/dojo/shipped.ts'

const katas = listKatas()
const exportsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^export\s+(?:async\s+)?(?:function\s*\*?|class|const|let|type|interface|enum)\s+(\w+)/gm)]
    .map((m) => m[1]).sort()

test('the katas are numbered 01, 02, … with no gaps', (t) => {
  t.ok(katas.length >= 2, 'there are katas')
  t.alike(katas.map((k) => Number(k.number)), katas.map((_, i) => i + 1))
})

for (const kata of katas) {
  test(`kata ${kata.name} has a lesson, a stub, a suite and a mirrored solution`, (t) => {
    const lesson = readFileSync(path.join(kata.dir, 'README.md'), 'utf8')
    t.ok(lesson.startsWith(`# Kata ${kata.number} · `), 'the lesson starts with "# Kata NN · Title"')
    t.ok(lesson.includes('```mermaid'), 'the lesson has a mermaid diagram')
    t.ok(/^## Tasks/m.test(lesson), 'the lesson lists the tasks')
    t.ok(readLesson(kata).hints.length >= 3, 'at least 3 progressive hints in hints.md')
    t.absent(/<summary>\s*Hint/i.test(lesson), 'no hint in the lesson itself (they are read one at a time from hints.md)')
    t.ok(/^\*\*What you learned:\*\* .+/m.test(lesson), 'a "What you learned" line')
    t.ok(existsSync(kata.suite), 'a suite *.test.ts')
    t.ok(kata.stubs.length > 0, 'a stub module')
    for (const stub of kata.stubs) {
      const source = readFileSync(stub, 'utf8')
      t.ok(/not implemented/.test(source), `${path.basename(stub)} throws "not implemented"`)
      const solution = path.join(SOLUTIONS_DIR, kata.name, path.basename(stub))
      t.ok(existsSync(solution), `a solution ${path.relative(SOLUTIONS_DIR, solution)}`)
      if (existsSync(solution)) t.alike(exportsOf(solution), exportsOf(stub), `${path.basename(stub)}: the solution exports what the stub exports`)
    }
    const suite = readFileSync(kata.suite, 'utf8')
    t.absent(/src\/solutions/.test(suite), 'the suite never imports a solution')
    t.absent(/src\/runner/.test(suite), 'the suite does not know the runner')
  })
}

test('solutions and the harness never import the runner', (t) => {
  for (const kata of katas) {
    for (const stub of kata.stubs) {
      const solution = path.join(SOLUTIONS_DIR, kata.name, path.basename(stub))
      if (existsSync(solution)) t.absent(/src\/runner|\.\.\/runner/.test(readFileSync(solution, 'utf8')), path.relative(SOLUTIONS_DIR, solution))
    }
  }
})

for (const kata of katas) {
  test(`kata ${kata.name} has at least 3 learner mistakes, each blaming a function of its stub`, async (t) => {
    const mistakes = await loadMistakes(kata)
    t.ok(mistakes.length >= 3, `${mistakes.length} mistakes in src/mistakes/${kata.name}.ts`)
    const stubs = kata.stubs.map((stub) => readFileSync(stub, 'utf8')).join('\n')
    const names = new Set<string>()
    for (const mistake of mistakes) {
      t.ok(/^[a-z0-9]+(-[a-z0-9]+)*$/.test(mistake.name) && !names.has(mistake.name), `"${mistake.name}" is a unique kebab-case name`)
      names.add(mistake.name)
      t.ok(/^[A-Za-z_$][\w$]*$/.test(mistake.blames) && namesFunction(stubs, mistake.blames), `${mistake.name}: blames ${mistake.blames}, a function the stub declares`)
      t.ok(mistake.concept.trim().length > 0, `${mistake.name}: says which concept it misses`)
      t.ok(mistake.edits.length > 0, `${mistake.name}: edits the solution`)
    }
  })
}

test('src/dojo/shipped.json records every kata file as it is now (after changing a kata: npm run record-shipped)', (t) => {
  const recorded = shippedRecord()
  const now = currentRecord()
  const stale = Object.keys({ ...recorded, ...now }).filter((file) => recorded[file] !== now[file])
  t.alike(stale, [], stale.length ? `not as recorded: ${stale.join(', ')}; run npm run record-shipped` : 'every kata file is recorded')
})
