/**
 * Maps the items with at most `limit` calls in flight, results in the items' order. On a failure
 * it starts no further call and rejects with the first error once the started ones have settled,
 * so nothing is left running behind the caller. Lag samples of thousands of groups are read and
 * written this way: one request or open file per group at once would swamp the broker or run
 * into the process's descriptor limit. With `keepGoing`, a failure stops nothing: every item is
 * tried, then the first error is thrown (one group's failed history write must not cost the others).
 */
export async function mapLimited<T, R>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<R>,
  { keepGoing = false }: { keepGoing?: boolean } = {},
): Promise<R[]> {
  const queue = [...items]
  const out: R[] = new Array<R>(queue.length)
  let next = 0
  let failure: { err: unknown } | undefined
  const worker = async (): Promise<void> => {
    while (next < queue.length && (keepGoing || !failure)) {
      const i = next++
      try {
        out[i] = await fn(queue[i] as T)
      } catch (err) {
        failure ??= { err }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, worker))
  if (failure) throw failure.err
  return out
}
