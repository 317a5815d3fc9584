/**
 * How much of one record a trace event carries: a promise of the contract, which the renderer may
 * rely on. Events cross to the renderer (IPC or WebSocket) and a trace keeps thousands of them, so
 * a record's size must not decide its event's: a 10 MB value or 10 000 headers would freeze the
 * page and the host. What was cut, the event says in `truncation`.
 */

/** Text of a value shown: enough to read any sane payload in full, and a glance at a huge one. */
export const MAX_PREVIEW_CHARS = 256 * 1024
/** Nesting kept in a structured value; deeper parts become a marker (no real envelope nests this deep). */
export const MAX_DEPTH = 64
export const MAX_KEY_CHARS = 4 * 1024
/** Headers shown, and their text all told: real records carry a handful; DLQ stack traces a few KiB. */
export const MAX_HEADERS = 100
export const MAX_HEADER_NAME_CHARS = 256
export const MAX_HEADER_VALUE_CHARS = 8 * 1024
export const MAX_HEADERS_CHARS = 64 * 1024
/** Envelope ids, type and `matchedBy`: shown in lists and verdicts. */
export const MAX_ID_CHARS = 1024
/**
 * What one trace shows of values and headers in all: past it, later events are cut to
 * SPENT_PREVIEW_CHARS each (20 000 events of 256 KiB would be gigabytes in the renderer).
 */
export const MAX_TRACE_SHOWN_CHARS = 64 * 1024 * 1024
export const SPENT_PREVIEW_CHARS = 4 * 1024
