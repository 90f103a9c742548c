// Each process's raw V8 coverage, made to count for src/ as it is on disk:
// - the dojo's tests run the dojo in throwaway copies of the repository (test/dojo-sandbox.ts): the same
//   files as src/ under another root, mapped back onto the repository's;
// - a learner's mistake is a solution with edits applied in memory (src/runner/stub-hooks.mjs, URL
//   …/solution.ts?mistake, or …?batch=N&mistake when several share a process): other code than the
//   file's, whose blocks would be counted against the file's lines, so it is left out.

// A sandbox's root, …/kata-dojo-XXXXXX, as a file URL's path or a quoted path (see test/dojo-sandbox.ts).
const SANDBOX = /(?<=file:\/\/|")\/[^"\s]*?\/kata-dojo-[A-Za-z0-9]+(?=\/)/g
const MISTAKE = /[?&]mistake$/

interface ProcessCoverage { result: Array<{ url: string }>, 'source-map-cache'?: Record<string, unknown> }

/** A coverage file's text made to count for src/ under `root`; null if it is not whole (its process was killed while writing it). */
export function forSrc (text: string, root: string): string | null {
  let coverage: ProcessCoverage
  try {
    coverage = JSON.parse(text.includes('kata-dojo-') ? text.replace(SANDBOX, root) : text)
  } catch {
    return null
  }
  coverage.result = coverage.result.filter((script) => !MISTAKE.test(script.url))
  const maps = coverage['source-map-cache'] ?? {}
  for (const url of Object.keys(maps)) if (MISTAKE.test(url)) delete maps[url]
  return JSON.stringify(coverage)
}
