/**
 * JSON.parse, except that an integer beyond 2^53 comes back as its decimal string, like an Avro or
 * Protobuf long: JSON.parse rounds it (an order id 9007199254740993 would read …992 and match the
 * wrong entity). Text without a run of 16 digits cannot hold one and takes the plain path.
 */
export function parseJsonExact(text: string): unknown {
  if (!/\d{16}/.test(text)) return JSON.parse(text) as unknown
  return JSON.parse(quoteUnsafeIntegers(text)) as unknown
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const isDigit = (c: number) => c >= 48 && c <= 57

/** The text with every integer literal outside strings whose magnitude exceeds 2^53 - 1 quoted. */
function quoteUnsafeIntegers(text: string): string {
  let out = ''
  let copied = 0
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 34 /* " */) {
      // Skip the string, escapes included.
      i++
      while (i < n) {
        const d = text.charCodeAt(i)
        if (d === 92 /* \ */) i += 2
        else if (d === 34) break
        else i++
      }
      i++
      continue
    }
    if (c === 45 /* - */ || isDigit(c)) {
      const start = i
      if (c === 45) i++
      while (i < n && isDigit(text.charCodeAt(i))) i++
      const digitsEnd = i
      // A fraction or an exponent makes it a double: left as JSON.parse reads it.
      let integer = true
      while (i < n && /[.eE+\-0-9]/.test(text[i] ?? '')) {
        integer = false
        i++
      }
      const first = start + (c === 45 ? 1 : 0)
      const digits = digitsEnd - first
      // A leading zero is not JSON: left for JSON.parse to refuse. More than 16 digits is always
      // past 2^53 - 1 (16 digits); a BigInt is made only for exactly 16 (a run of a million digits
      // must not cost a big-integer parse).
      const leadingZero = text.charCodeAt(first) === 48 && digits > 1
      if (
        integer &&
        !leadingZero &&
        (digits > 16 || (digits === 16 && BigInt(text.slice(first, digitsEnd)) > MAX_SAFE))
      ) {
        out += `${text.slice(copied, start)}"${text.slice(start, digitsEnd)}"`
        copied = digitsEnd
      }
      continue
    }
    i++
  }
  return copied === 0 ? text : out + text.slice(copied)
}
