// A suite process's own temporary folder (KATA_SUITE_TMPDIR, made by the runner) becomes its TMPDIR only
// now, after tsx has loaded: tsx keeps its cache of compiled TypeScript under the TMPDIR it started with, so
// every suite process shares one warm cache instead of compiling each file again in a new empty folder.
const dir = process.env.KATA_SUITE_TMPDIR
if (dir) {
  process.env.TMPDIR = dir
  process.env.TMP = dir
  process.env.TEMP = dir
}
