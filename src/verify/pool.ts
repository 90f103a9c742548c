// Runs async tasks `jobs` at a time; reports each result as it lands, returns them in task order.
export async function pool<T> (tasks: Array<() => Promise<T>>, jobs: number, onResult: (result: T) => void): Promise<T[]> {
  const results: T[] = new Array(tasks.length)
  let next = 0
  async function worker (): Promise<void> {
    while (next < tasks.length) {
      const index = next++
      results[index] = await tasks[index]()
      onResult(results[index])
    }
  }
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker))
  return results
}
