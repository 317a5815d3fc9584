import type { Consumer, Kafka, Message, Producer } from 'kafkajs'
import {
  confluentFrame,
  inventoryEventJson,
  orderEventAvro,
  orderKeyAvro,
  paymentEventProto,
  registerDemoSchemas,
  sourceEventSchema,
} from './demo-schemas'
import { REGISTRY_TOPICS, TOPICS } from './stack-config'
import { sleep } from '../util/sleep'

/**
 * Writes every demo event again in the Schema Registry's wire format (orders-avro, payments-proto,
 * inventory-json),
 * as a service migrating to Avro and Protobuf would: a real consumer group reading the JSON
 * topics. Waits for the registry (it may start after the generator) before it consumes.
 */
export async function runRegistryMirror(
  kafka: Kafka,
  producer: Producer,
  registryUrl: string,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<Consumer | undefined> {
  let ids: Awaited<ReturnType<typeof registerDemoSchemas>> | undefined
  for (let attempt = 1; !ids && !signal?.aborted; attempt++) {
    try {
      ids = await registerDemoSchemas(registryUrl)
    } catch (err) {
      if (attempt === 1 || attempt % 30 === 0) log(`registry mirror waits for ${registryUrl}: ${String(err)}`)
      await sleep(2000, signal)
    }
  }
  if (!ids) return undefined
  const schemaIds = ids
  log(`registry mirror: schemas ${JSON.stringify(schemaIds)}`)
  const consumer = kafka.consumer({ groupId: 'registry-mirror-service', sessionTimeout: 30_000 })
  await consumer.connect()
  await consumer.subscribe({ topics: [...TOPICS], fromBeginning: false })
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const avroCopies: Message[] = []
      const protoCopies: Message[] = []
      const jsonCopies: Message[] = []
      for (const m of batch.messages) {
        const parsed = sourceEventSchema.safeParse(parseJson(m.value?.toString()))
        if (!parsed.success) continue
        const e = parsed.data
        const offset = BigInt(m.offset)
        const headers = m.headers
        avroCopies.push({
          key: confluentFrame(schemaIds.orderKey, orderKeyAvro(e.orderId)),
          value: confluentFrame(schemaIds.orderEvent, orderEventAvro(e, batch.topic, offset)),
          headers,
        })
        if (batch.topic === 'payments') {
          protoCopies.push({
            key: m.key,
            value: confluentFrame(schemaIds.paymentEvent, paymentEventProto(e, offset), true),
            headers,
          })
        }
        if (batch.topic === 'inventory') {
          jsonCopies.push({
            key: m.key,
            value: confluentFrame(schemaIds.inventoryEvent, inventoryEventJson(e, offset)),
            headers,
          })
        }
      }
      const topicMessages = [
        { topic: REGISTRY_TOPICS.avro, messages: avroCopies },
        { topic: REGISTRY_TOPICS.proto, messages: protoCopies },
        { topic: REGISTRY_TOPICS.json, messages: jsonCopies },
      ].filter((t) => t.messages.length)
      if (topicMessages.length) await producer.sendBatch({ topicMessages })
    },
  })
  return consumer
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
