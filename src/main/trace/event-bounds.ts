/**
 * Cutting what a trace event shows of a record to the caps of the contract's trace-limits.ts.
 * Matching and the envelope read the record as decoded; only what is shown is cut.
 */

export {
  MAX_DEPTH,
  MAX_HEADER_NAME_CHARS,
  MAX_HEADER_VALUE_CHARS,
  MAX_HEADERS,
  MAX_HEADERS_CHARS,
  MAX_ID_CHARS,
  MAX_KEY_CHARS,
  MAX_PREVIEW_CHARS,
  MAX_TRACE_SHOWN_CHARS,
  SPENT_PREVIEW_CHARS,
} from '../../shared/contract/trace-limits'

/** Marks the place of what was left out, in a cut string or a structure. */
export const ELLIPSIS = '…'

/** `s` cut to at most `max` characters, never between the halves of a surrogate pair. */
export function prefix(s: string, max: number): string {
  if (s.length <= max) return s
  const end = max > 0 && isHighSurrogate(s.charCodeAt(max - 1)) ? max - 1 : max
  return s.slice(0, end)
}

/** Base64 cut to whole 4-character groups: still the valid base64 of the first bytes. */
export function base64Prefix(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - (max % 4))
}

/** `s`, or its prefix with an ellipsis when longer than `max`. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : prefix(s, max) + ELLIPSIS
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff

export const count = (n: number) => n.toLocaleString('en-US')
