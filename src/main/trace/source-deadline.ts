import { withDeadline } from '../util/deadline'
import type { ClosableSource } from './source-pool'

/**
 * How long one round trip to Kafka (metadata, offsets, one fetch round) may take: a frozen or
 * blackholed broker holds a request for kafkajs' 30 s timeout, times its retries, while the
 * person at the console waits on a trace that shows no progress.
 */
export const KAFKA_ANSWER_MS = 8_000

/**
 * The source, with every round trip failing as UNAVAILABLE (naming Kafka) once `ms` pass. With
 * `firstBy` (a time), everything up to the first fetch that returns must also be done by then: on a
 * slow link, connecting, metadata and offsets each answer within `ms` and yet add up to a silence
 * far longer than `ms` before the person at the console sees anything.
 */
export function answeringWithin(source: ClosableSource, ms = KAFKA_ANSWER_MS, firstBy?: number): ClosableSource {
  let fetched = firstBy === undefined
  const within = async <T>(work: Promise<T>): Promise<T> => {
    if (fetched) return withDeadline('Kafka', ms, work)
    const start = Date.now()
    try {
      return await withDeadline('Kafka', Math.min(ms, (firstBy ?? 0) - start), work, undefined, ms)
    } catch (err) {
      // Cut by the shared budget while another call's fetch landed: this one gets its own limit.
      // (Had `work` failed by itself, waiting on it again fails the same way at once.)
      if (fetched && Date.now() < start + ms) return withDeadline('Kafka', start + ms - Date.now(), work, undefined, ms)
      throw err
    }
  }
  return {
    get isolation() {
      return source.isolation
    },
    partitions: (topic) => within(source.partitions(topic)),
    topicGaps: (topics) => within(source.topicGaps(topics)),
    offsets: (topic, partitions, at) => within(source.offsets(topic, partitions, at)),
    fetch: async (wanted, options) => {
      const batches = await within(source.fetch(wanted, options))
      fetched = true
      return batches
    },
    refresh: () => within(source.refresh()),
    connect: () => source.connect(),
    disconnect: () => source.disconnect(),
  }
}
