import type { TraceEvent, TraceMap } from '../../shared/contract/trace'
import type { RawRecord } from '../kafka/partition-reader'
import { boundedHeaders } from './bounded-headers'
import { boundedValue } from './bounded-value'
import {
  base64Prefix,
  clip,
  count,
  ELLIPSIS,
  MAX_HEADERS_CHARS,
  MAX_ID_CHARS,
  MAX_KEY_CHARS,
  MAX_PREVIEW_CHARS,
  MAX_TRACE_SHOWN_CHARS,
  prefix,
  SPENT_PREVIEW_CHARS,
} from './event-bounds'
import { asId, compilePath } from './json-path'
import type { Decoded, DecodedKey } from './value-decoder'
import { asText } from './value-decoder'

/**
 * Reads the envelope fields the map names (type, eventId, causation, occurredAt) from decoded values,
 * whole, and builds the event with what is shown of the record cut to the contract's trace limits.
 * One per trace: once it has shown `budget` characters, later events are cut much shorter.
 */
export function envelopeReader(map: TraceMap, budget = MAX_TRACE_SHOWN_CHARS) {
  let shown = 0
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
    const shownKey = boundedKey(key)
    const spent = shown >= budget
    const value = boundedValue(d, r.value?.length ?? 0, spent ? SPENT_PREVIEW_CHARS : MAX_PREVIEW_CHARS)
    const headers = boundedHeaders(r.headers, spent ? SPENT_PREVIEW_CHARS : MAX_HEADERS_CHARS)
    shown += value.chars + headers.chars
    const spentNote = (note: string | undefined) =>
      note && spent ? `${note} (this trace already shows ${count(budget / 1024 / 1024)} MiB of records)` : note
    const truncation = {
      ...(shownKey.note ? { key: shownKey.note } : {}),
      ...(value.note ? { value: spentNote(value.note) } : {}),
      ...(headers.note ? { headers: spentNote(headers.note) } : {}),
    }
    const id = (x: unknown) => {
      const s = asId(x)
      return s === undefined ? undefined : clip(s, MAX_ID_CHARS)
    }
    return {
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      timestamp: r.timestamp,
      key: shownKey.text,
      keyFormat: key.format,
      ...(key.schemaId !== undefined ? { keySchemaId: key.schemaId } : {}),
      ...(key.decodeError ? { keyDecodeError: key.decodeError } : {}),
      headers: headers.headers,
      value: value.value,
      valueFormat: d.valueFormat,
      ...(d.decodeError ? { decodeError: d.decodeError } : {}),
      ...(d.schemaId !== undefined ? { schemaId: d.schemaId } : {}),
      tombstone: r.value === null,
      aborted: r.aborted,
      size: r.size,
      type: id(type(v)) ?? id(header('event-type')),
      eventId: id(eventId(v)),
      causationId: id(causation(v)),
      occurredAt: Number.isNaN(occurredAt) ? undefined : occurredAt,
      matchedBy: clip(matchedBy, MAX_ID_CHARS),
      ...(Object.keys(truncation).length ? { truncation } : {}),
    }
  }
}

/** A key not decoded through the registry: text, else base64. */
function keyOf(k: Buffer | null): DecodedKey {
  if (k === null) return { text: null, format: 'null' }
  const text = asText(k)
  return text !== undefined ? { text, format: 'text' } : { text: k.toString('base64'), format: 'binary' }
}

/** The key as shown: its text (base64 when binary) cut to MAX_KEY_CHARS. */
function boundedKey(k: DecodedKey): { text: string | null; note?: string } {
  if (k.text === null || k.text.length <= MAX_KEY_CHARS) return { text: k.text }
  const shown = k.format === 'binary' ? base64Prefix(k.text, MAX_KEY_CHARS) : prefix(k.text, MAX_KEY_CHARS)
  return {
    text: shown + ELLIPSIS,
    note: `key of ${count(k.text.length)} characters${k.format === 'binary' ? ' (base64)' : ''}: the first ${count(shown.length)} shown`,
  }
}
