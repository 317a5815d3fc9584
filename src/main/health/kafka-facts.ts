import type { Admin } from 'kafkajs'
import type { Profile } from '../../shared/contract'
import { disconnectNowAndLater } from '../kafka/disconnect-again'
import { openKafka } from '../kafka/kafka-client'
import type { SecretStore } from '../profiles/secret-store'
import type { KafkaFacts } from './facts'

/** Topics whose log-end offsets are summed for the write rate; more would cost a request each. */
const RATE_TOPICS = 200

/** Reads a cluster's metadata with one admin connection per profile, dropped when a read fails. */
export class KafkaFactsReader {
  private admin: Promise<Admin> | undefined

  constructor(
    private readonly profile: Profile,
    private readonly secrets: SecretStore,
  ) {}

  private connect(): Promise<Admin> {
    return (this.admin ??= (async () => {
      const admin = (await openKafka(this.profile, this.secrets)).admin()
      await admin.connect()
      return admin
    })())
  }

  async read(): Promise<KafkaFacts> {
    const using = this.connect()
    try {
      const admin = await using
      const cluster = await admin.describeCluster()
      const { topics } = await admin.fetchTopicMetadata()
      const underReplicated: string[] = []
      const offline: string[] = []
      let partitions = 0
      for (const t of topics) {
        for (const p of t.partitions) {
          partitions++
          const tp = `${t.name}/${p.partitionId}`
          if (p.leader < 0 || p.partitionErrorCode === 72 /* LEADER_NOT_AVAILABLE */) offline.push(tp)
          else if (p.isr.length < p.replicas.length) underReplicated.push(tp)
        }
      }
      const user = topics.filter((t) => !t.name.startsWith('__')).slice(0, RATE_TOPICS)
      const ends = await Promise.all(user.map((t) => admin.fetchTopicOffsets(t.name)))
      const logEndTotal = ends.flat().reduce((sum, o) => sum + Number(o.high), 0)
      return {
        observedAt: Date.now(),
        brokers: cluster.brokers.map((b) => b.nodeId).sort((a, b) => a - b),
        controller: cluster.controller ?? null,
        topics: topics.length,
        partitions,
        underReplicated,
        offline,
        logEndTotal,
      }
    } catch (err) {
      // A read that fails after its deadline must not drop the connection opened since.
      if (this.admin === using) void this.drop()
      throw err
    }
  }

  /** Closes the connection; the next read opens a new one. */
  async drop(): Promise<void> {
    const admin = this.admin
    this.admin = undefined
    const connected = await admin?.catch(() => undefined)
    if (connected) await disconnectNowAndLater(() => connected.disconnect())
  }
}
