/**
 * Runs fn over the items with at most `limit` calls in flight, and rejects with the first error
 * once every started call has settled. Lag samples of thousands of groups are written this way:
 * one open file per group at once would run into the process's descriptor limit.
 */
export async function eachLimited<T>(items: Iterable<T>, limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items]
  let next = 0
  let failure: { err: unknown } | undefined
  const worker = async (): Promise<void> => {
    while (next < queue.length && !failure) {
      const item = queue[next++] as T
      try {
        await fn(item)
      } catch (err) {
        failure ??= { err }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, worker))
  if (failure) throw failure.err
}
