import type { Kafka } from 'kafkajs'

/**
 * The parts of kafkajs' internal cluster we use for reads that join no group. kafkajs has no
 * public manual assignment, so a trace or a time-lag probe talks to the partition leaders
 * through the same Cluster the producer and admin clients use. This file is the only place
 * that knows the internals; `internalCluster` checks their shape so a kafkajs upgrade that
 * changes them fails loudly here instead of deep in a scan.
 */
export interface InternalBroker {
  /** Sends one protocol request over the broker's (authenticated) connection. */
  connectionPool: {
    send(protocolRequest: unknown): Promise<unknown>
    /** Connects the socket this request would use, when it is not connected yet. */
    getConnectionByRequest(protocolRequest: unknown): Promise<unknown>
  }
}

export interface InternalCluster {
  connect(): Promise<void>
  disconnect(): Promise<void>
  addMultipleTargetTopics(topics: string[]): Promise<void>
  refreshMetadata(): Promise<void>
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[]
  findBroker(q: { nodeId: string }): Promise<InternalBroker>
  fetchTopicsOffset(
    topics: { topic: string; fromBeginning?: boolean; fromTimestamp?: number; partitions: { partition: number }[] }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>
}

const required = [
  'connect',
  'disconnect',
  'addMultipleTargetTopics',
  'refreshMetadata',
  'findTopicPartitionMetadata',
  'findBroker',
  'fetchTopicsOffset',
] as const

export function internalCluster(kafka: Kafka, isolationLevel: number): InternalCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster')
  const create = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined
  if (typeof create !== 'function') throw new Error('kafkajs internals changed: no cluster factory')
  const cluster = (create as (o: object) => Record<string, unknown>)({
    allowAutoTopicCreation: false,
    isolationLevel,
    metadataMaxAge: 60_000,
  })
  for (const m of required) {
    if (typeof cluster[m] !== 'function') throw new Error(`kafkajs internals changed: cluster.${m} is missing`)
  }
  return cluster as unknown as InternalCluster
}
