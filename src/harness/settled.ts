// A call that may resolve or reject, as a value a test can assert on (and quote in its message).

/** true once `work` resolved, or what it rejected with (an Error, if the code is right): never throws. */
export function settled (work: Promise<unknown>): Promise<true | Error> {
  return work.then(() => true as const, (err: Error) => err)
}

/** A settled outcome in words, for a message: "it was accepted", or what the error said. */
export function told (outcome: true | Error): string {
  return outcome === true ? 'it was accepted' : String(outcome?.message ?? outcome)
}
