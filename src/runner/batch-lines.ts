// The lines mistake-batch.ts prints around each mistake's suite, read by run-mistakes.ts.
export const BEGIN = '# mistake-batch: begin '
export const END = '# mistake-batch: end '
export const LEFT_OPEN = '# mistake-batch: left open: '
