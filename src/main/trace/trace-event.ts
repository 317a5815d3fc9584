import type { TraceEvent, TraceMap } from '../../shared/contract/trace'
import type { RawRecord } from '../kafka/partition-reader'
import { asId, compilePath } from './json-path'
import type { Decoded, DecodedKey } from './value-decoder'
import { asText } from './value-decoder'

/** Reads the envelope fields the map names (type, eventId, causation, occurredAt) from decoded values. */
export function envelopeReader(map: TraceMap) {
  const type = compilePath(map.typePath)
  const eventId = compilePath(map.eventIdPath)
  const causation = compilePath(map.causationPath)
  const occurred = compilePath(map.occurredAtPath)
  return (r: RawRecord, d: Decoded & { key?: DecodedKey }, matchedBy: string): TraceEvent => {
    const v = d.valueFormat === 'binary' || d.valueFormat === 'null' ? undefined : d.value
    const header = (n: string) => r.headers.find(([k]) => k === n)?.[1]?.toString('utf8')
    const at = occurred(v)
    const occurredAt = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : NaN
    const key = d.key ?? keyOf(r.key)
    return {
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      timestamp: r.timestamp,
      key: key.text,
      keyFormat: key.format,
      ...(key.schemaId !== undefined ? { keySchemaId: key.schemaId } : {}),
      ...(key.decodeError ? { keyDecodeError: key.decodeError } : {}),
      headers: Object.fromEntries(
        r.headers.map(([k, b]) => [k, b === null ? '' : (asText(b) ?? b.toString('base64'))]),
      ),
      value: d.value,
      valueFormat: d.valueFormat,
      ...(d.decodeError ? { decodeError: d.decodeError } : {}),
      ...(d.schemaId !== undefined ? { schemaId: d.schemaId } : {}),
      tombstone: r.value === null,
      aborted: r.aborted,
      size: r.size,
      type: asId(type(v)) ?? header('event-type'),
      eventId: asId(eventId(v)),
      causationId: asId(causation(v)) ?? undefined,
      occurredAt: Number.isNaN(occurredAt) ? undefined : occurredAt,
      matchedBy,
    }
  }
}

/** A key not decoded through the registry: text, else base64. */
function keyOf(k: Buffer | null): DecodedKey {
  if (k === null) return { text: null, format: 'null' }
  const text = asText(k)
  return text !== undefined ? { text, format: 'text' } : { text: k.toString('base64'), format: 'binary' }
}
