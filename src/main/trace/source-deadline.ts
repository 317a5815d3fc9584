import { withDeadline } from '../util/deadline'
import type { ClosableSource } from './source-pool'

/**
 * How long one round trip to Kafka (metadata, offsets, one fetch round) may take: a frozen or
 * blackholed broker holds a request for kafkajs' 30 s timeout, times its retries, while the
 * person at the console waits on a trace that shows no progress.
 */
export const KAFKA_ANSWER_MS = 8_000

/** The source, with every round trip failing as UNAVAILABLE (naming Kafka) once `ms` pass. */
export function answeringWithin(source: ClosableSource, ms = KAFKA_ANSWER_MS): ClosableSource {
  const within = <T>(work: Promise<T>): Promise<T> => withDeadline('Kafka', ms, work)
  return {
    get isolation() {
      return source.isolation
    },
    partitions: (topic) => within(source.partitions(topic)),
    missingTopics: (topics) => within(source.missingTopics(topics)),
    offsets: (topic, partitions, at) => within(source.offsets(topic, partitions, at)),
    fetch: (wanted, options) => within(source.fetch(wanted, options)),
    refresh: () => within(source.refresh()),
    connect: () => source.connect(),
    disconnect: () => source.disconnect(),
  }
}
