// The dojo's tests run the dojo in throwaway copies of the repository (test/dojo-sandbox.ts): the same
// files as src/, under another root. Their coverage counts for src/ once each copy's root is the repository's.

// A sandbox's root, …/kata-dojo-XXXXXX, as a file URL's path or a quoted path (see test/dojo-sandbox.ts).
const SANDBOX = /(?<=file:\/\/|")\/[^"\s]*?\/kata-dojo-[A-Za-z0-9]+(?=\/)/g

/** A V8 coverage file's text with every sandbox root replaced by `root`. */
export function mapSandboxesOntoRoot (text: string, root: string): string {
  return text.includes('kata-dojo-') ? text.replace(SANDBOX, root) : text
}
