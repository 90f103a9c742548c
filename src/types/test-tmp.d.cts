// Ambient types for test-tmp 1.4.x (written against node_modules/test-tmp/index.js).
// Note: brittle exposes this as t.tmp(); test-tmp itself is only a transitive dependency.

declare module 'test-tmp' {
  /** Anything with brittle-style teardown(fn, { order, force }). */
  interface Teardownable {
    teardown(fn: () => unknown, opts: { order?: number; force?: boolean }): void
  }

  interface TmpOptions {
    /** Parent directory (default os.tmpdir()). */
    dir?: string | null
    /** Directory name suffix (random by default). */
    name?: string | null
    /** Teardown order (default Infinity: removed last). */
    order?: number
    /** Remove even if the test failed (default true). */
    force?: boolean
  }

  /** Create a fresh temporary directory; if t is given it is removed in t's teardown. */
  function tmp(t?: Teardownable | null, opts?: TmpOptions): Promise<string>

  namespace tmp {
    export type { Teardownable, TmpOptions }
  }

  export = tmp
}
