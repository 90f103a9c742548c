// Ambient types for brittle 4.1.0 (written against node_modules/brittle/index.js).
// `import test, { solo, configure } from 'brittle'`; the assert object `t` is a brittle.Test.

declare module 'brittle' {
  /** Register a test; resolves true if all its assertions passed. */
  function brittle(name: string, fn: brittle.TestCallback): Promise<boolean>
  function brittle(name: string, opts: brittle.TestOptions | null, fn: brittle.TestCallback): Promise<boolean>
  function brittle(fn: brittle.TestCallback): Promise<boolean>
  /** Inverted test: returns the assert object; call t.plan(n) or t.end(), and await t. */
  function brittle(name?: string | null, opts?: brittle.TestOptions | null): brittle.Test

  namespace brittle {
    /** The body of a test; gets the assert object t (may be async). */
    export type TestCallback = (t: Test) => unknown

    /** Options for test(), solo(), t.test() ... */
    export interface TestOptions {
      /** Fail the test if it has not ended after this many ms (top-level default 30000; 0 = none). */
      timeout?: number
      /** Only run solo tests. */
      solo?: boolean
      /** Skip this test. */
      skip?: boolean
      /** Mark as todo (skipped). */
      todo?: boolean
      /** Only print the test summary; the first failing assertion ends the test. */
      stealth?: boolean
      /** Run as a setup/teardown hook (see hook()). */
      hook?: boolean
      /** Set false to disable deadlock detection for this test. */
      deadlock?: boolean
    }

    /** test()/solo()/skip()/todo()/stealth() and t.test(): classic (with callback) or inverted (without). */
    export interface TestFunction {
      (name: string, fn: TestCallback): Promise<boolean>
      (name: string, opts: TestOptions | null, fn: TestCallback): Promise<boolean>
      (fn: TestCallback): Promise<boolean>
      (name?: string | null, opts?: TestOptions | null): Test
    }

    /** Returned by hook(): call it (optionally with a teardown hook test) to end the hook scope. */
    export type Unhook = (() => void) & TestFunction

    /** Options for configure(). */
    export interface ConfigureOptions {
      /** Default timeout of top-level tests in ms (default 30000). */
      timeout?: number
      /** Stop after the first failing assertion. */
      bail?: boolean
      /** Only run solo tests. */
      solo?: boolean
      /** Print assertions of stealth tests too. */
      unstealth?: boolean
      /** Show source code of failures (default true). */
      source?: boolean
      /** Enable coverage (true or output directory). */
      coverage?: boolean | string
      /** Test files to run concurrently (Bare only). */
      jobs?: number
      /** Only run the n-th top-level test. */
      pick?: number
    }

    /** What t.exception() accepts as the expected error: a RegExp, an Error class, or an object pattern like { code: 'X' }. */
    export type ErrorPattern = RegExp | (abstract new (...args: never[]) => Error) | Record<string, unknown>

    /** Strict assertion with a .coercively (==) variant. */
    export interface EqualityAssertion {
      (actual: unknown, expected: unknown, message?: string): void
      /** Same with loose (==) comparison. */
      coercively(actual: unknown, expected: unknown, message?: string): void
    }

    /** t.exception: asserts that fn throws / the promise rejects. */
    export interface ExceptionAssertion {
      (fn: (() => unknown) | PromiseLike<unknown>, expected?: ErrorPattern, message?: string): Promise<void>
      (fn: (() => unknown) | PromiseLike<unknown>, message: string): Promise<void>
      /** Like exception() but also catches native errors (TypeError, ReferenceError, SyntaxError, RangeError, EvalError). */
      all(fn: (() => unknown) | PromiseLike<unknown>, expected?: ErrorPattern, message?: string): Promise<void>
      all(fn: (() => unknown) | PromiseLike<unknown>, message: string): Promise<void>
    }

    /** The assert object passed to a test (also a promise of the test's result). */
    export class Test implements PromiseLike<boolean> {
      constructor(name: string | null, parent?: Test | null, opts?: TestOptions)

      /** Name of the test. */
      readonly name: string | null
      /** Passed assertions so far. */
      readonly passes: number
      /** Failed assertions so far. */
      readonly fails: number
      /** Assertions run so far. */
      readonly assertions: number

      /** actual === expected. */
      is: EqualityAssertion
      /** actual !== expected. */
      not: EqualityAssertion
      /** Deep equality (buffers, arrays, objects...). */
      alike: EqualityAssertion
      /** Not deeply equal. */
      unlike: EqualityAssertion
      /** value is truthy. */
      ok(value: unknown, message?: string): void
      /** value is falsy. */
      absent(value: unknown, message?: string): void
      /** A passing assertion. */
      pass(message?: string): void
      /** A failing assertion. */
      fail(message?: string): void
      /** fn throws / promise rejects (await it for async); native errors like TypeError are rethrown, use exception.all. */
      exception: ExceptionAssertion
      /** fn returns / promise resolves without throwing; resolves with the elapsed ms. */
      execution(fn: (() => unknown) | PromiseLike<unknown>, message?: string): Promise<number>
      /** Compare against a stored snapshot (created on first run). */
      snapshot(actual: unknown, message?: string): void

      /** Expect exactly n assertions (and subtests); the test ends when they ran. */
      plan(n: number): void
      /** Run fn after the test ends (even on failure with force); lower order runs first. */
      teardown(fn: () => unknown, opts?: { order?: number; force?: boolean }): void
      /** Fail the test if it does not end within ms (0 clears). */
      timeout(ms: number): void
      /** Print a TAP comment. */
      comment(...message: unknown[]): void
      /** End the test (needed for inverted tests without a plan). */
      end(): void
      /** A fresh temporary directory, deleted in teardown. */
      tmp(): Promise<string>
      /** Create a subtest (classic with callback, inverted without). */
      test: TestFunction
      /** Create a stealth subtest. */
      stealth: TestFunction
      /** End a hook's scope. */
      unhook(): boolean

      then<R1 = boolean, R2 = never>(
        onfulfilled?: ((value: boolean) => R1 | PromiseLike<R1>) | null,
        onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null
      ): Promise<R1 | R2>
      catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<boolean | R>
      finally(onfinally?: (() => void) | null): Promise<boolean>
    }

    /** Same as the default export. */
    export const test: TestFunction
    /** Run only solo tests (call with no arguments to run the file in solo mode). */
    export const solo: (() => void) & TestFunction
    /** Register a skipped test. */
    export const skip: TestFunction
    /** Register a todo (skipped) test. */
    export const todo: TestFunction
    /** Register a stealth test (only the summary is printed). */
    export const stealth: TestFunction
    /** A setup hook that also runs in solo mode; returns unhook for the matching teardown. */
    export function hook(name: string, fn?: TestCallback): Unhook
    export function hook(name: string, opts: TestOptions | null, fn?: TestCallback): Unhook
    /** Set options for all tests; must be called before registering any test. */
    export function configure(opts?: ConfigureOptions): void
    /** Pause the runner (tests queue up). */
    export function pause(): void
    /** Resume after pause(). */
    export function resume(): void
    /** Import a test file (in a thread on Bare with jobs > 1). */
    export function load(file: string): Promise<unknown> | undefined
  }

  export = brittle
}
