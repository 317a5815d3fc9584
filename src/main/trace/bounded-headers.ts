import {
  clip,
  count,
  ELLIPSIS,
  MAX_HEADER_NAME_CHARS,
  MAX_HEADER_VALUE_CHARS,
  MAX_HEADERS,
  MAX_HEADERS_CHARS,
} from './event-bounds'
import { asText } from './value-decoder'

/** Marks a header value shown as base64 because its bytes are not UTF-8 text. */
export const BASE64_PREFIX = 'base64:'

/**
 * A record's headers as the event's name → text map. Kafka headers are an ordered list whose
 * names may repeat or be anything, so: a repeated name, or `__proto__` (which a plain object and
 * zod's record drop or turn into a prototype), is shown as `name [n]`, n its occurrence; values
 * that are not UTF-8 text come as `base64:…`; count, names, values and all text (`max`) are
 * capped, and `note` says what was renamed, cut or left out.
 */
export function boundedHeaders(
  raw: [string, Buffer | null][],
  max = MAX_HEADERS_CHARS,
): { headers: Record<string, string>; chars: number; note?: string } {
  const valueMax = Math.min(MAX_HEADER_VALUE_CHARS, max)
  const entries: [string, string][] = []
  const used = new Set<string>()
  const seen = new Map<string, number>()
  let chars = 0
  let cut = 0
  let renamed = 0
  for (const [rawName, bytes] of raw) {
    if (entries.length >= MAX_HEADERS || chars >= max) break
    const name = clip(rawName, MAX_HEADER_NAME_CHARS)
    const nth = (seen.get(name) ?? 0) + 1
    seen.set(name, nth)
    let key = name
    if (key === '__proto__' || used.has(key)) {
      renamed++
      let n = nth
      do key = `${name} [${n++}]`
      while (used.has(key))
    }
    used.add(key)
    const value = headerText(bytes, valueMax)
    if (value.cut) cut++
    entries.push([key, value.text])
    chars += key.length + value.text.length
  }
  const notes = [
    ...(entries.length < raw.length
      ? [
          `${count(raw.length)} headers: the first ${count(entries.length)} shown${chars >= max ? ` (${count(max / 1024)} KiB of header text)` : ''}`,
        ]
      : []),
    ...(cut ? [`${count(cut)} value${cut > 1 ? 's' : ''} cut to ${count(valueMax / 1024)} KiB`] : []),
    ...(renamed ? [`repeated names and __proto__ shown as "name [n]"`] : []),
  ]
  // fromEntries defines own properties: a `__proto__ [1]` or `constructor` key is just a key.
  return { headers: Object.fromEntries(entries), chars, ...(notes.length ? { note: notes.join('; ') } : {}) }
}

/** A header value as shown: text, else marked base64; cut to `max` characters. */
function headerText(bytes: Buffer | null, max: number): { text: string; cut: boolean } {
  if (bytes === null) return { text: '', cut: false }
  const text = asText(bytes)
  if (text !== undefined) return { text: clip(text, max), cut: text.length > max }
  // Only the bytes shown are encoded: the base64 of a 1 MB header is never built.
  const room = max - BASE64_PREFIX.length
  const shown = bytes.subarray(0, Math.floor(room / 4) * 3)
  const cut = shown.length < bytes.length
  return { text: BASE64_PREFIX + shown.toString('base64') + (cut ? ELLIPSIS : ''), cut }
}
