import { base64Prefix, count, ELLIPSIS, MAX_DEPTH, MAX_PREVIEW_CHARS, prefix } from './event-bounds'
import type { Decoded } from './value-decoder'

export const TOO_DEEP = `${ELLIPSIS} nested deeper than ${MAX_DEPTH} levels`

/** What is left to copy, and what had to be left out. */
interface Walk {
  budget: number
  deep: boolean
  cut: boolean
}

/**
 * The value an event shows: the decoded value within `max` characters of JSON text and
 * MAX_DEPTH levels, so that it serialises without overflowing the stack (JSON.stringify and
 * structured clone recurse) and renders at once. `note` says what was cut, `chars` about how
 * much is shown; `bytes` is the record value's size.
 */
export function boundedValue(
  d: Decoded,
  bytes: number,
  max = MAX_PREVIEW_CHARS,
): { value: unknown; chars: number; note?: string } {
  const v = d.value
  if (typeof v === 'string') {
    if (v.length <= max) return { value: v, chars: v.length }
    if (d.valueFormat === 'binary') {
      const shown = base64Prefix(v, max)
      const note = `value of ${count(bytes)} bytes: the base64 of its first ${count((shown.length / 4) * 3)} bytes shown`
      return { value: shown, chars: shown.length, note }
    }
    const shown = prefix(v, max)
    const note = `value of ${count(bytes)} bytes: the first ${count(shown.length)} characters shown`
    return { value: shown, chars: shown.length, note }
  }
  if (v === null || typeof v !== 'object') return { value: v, chars: 8 }
  const walk: Walk = { budget: max, deep: false, cut: false }
  const value = copy(v, 0, walk)
  const chars = max - walk.budget
  const notes = [
    ...(walk.cut ? [`value of ${count(bytes)} bytes: cut to about ${count(max / 1024)} KiB of JSON`] : []),
    ...(walk.deep ? [`nested deeper than ${MAX_DEPTH} levels`] : []),
  ]
  if (notes.length === 0) return { value, chars }
  return { value, chars, note: `${notes.join('; ')}: "${ELLIPSIS}" marks what is left out` }
}

/**
 * A copy within the walk's budget. Recursion stops at MAX_DEPTH, so the stack stays shallow
 * whatever the input; each node costs budget, so the work is bounded too. Keys are copied as own
 * properties (a `__proto__` key stays a key and never sets a prototype).
 */
function copy(v: unknown, depth: number, w: Walk): unknown {
  if (typeof v === 'string') {
    if (v.length + 2 <= w.budget) {
      w.budget -= v.length + 2
      return v
    }
    w.cut = true
    const shown = prefix(v, Math.max(0, w.budget))
    w.budget = 0
    return shown + ELLIPSIS
  }
  if (typeof v === 'bigint') return copy(String(v), depth, w)
  if (v === null || typeof v !== 'object') {
    w.budget -= typeof v === 'number' || typeof v === 'boolean' ? String(v).length : 4
    return v
  }
  if (v instanceof Date) return copy(Number.isNaN(v.getTime()) ? null : v.toISOString(), depth, w)
  if (depth >= MAX_DEPTH) {
    w.deep = true
    w.budget -= TOO_DEEP.length
    return TOO_DEEP
  }
  w.budget -= 2
  if (Array.isArray(v)) {
    const out: unknown[] = []
    for (let i = 0; i < v.length; i++) {
      if (w.budget <= 0) {
        w.cut = true
        out.push(`${ELLIPSIS} ${count(v.length - i)} more items`)
        break
      }
      out.push(copy(v[i], depth + 1, w))
      w.budget -= 1
    }
    return out
  }
  const entries: [string, unknown][] = []
  let left = 0
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue
    if (w.budget <= 0) {
      left++
      continue
    }
    w.budget -= k.length + 4
    entries.push([k, copy((v as Record<string, unknown>)[k], depth + 1, w)])
  }
  if (left > 0) {
    w.cut = true
    entries.push([ELLIPSIS, `${count(left)} more fields`])
  }
  return Object.fromEntries(entries)
}
