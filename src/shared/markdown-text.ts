/** Text from outside (Kafka keys, header values, names) as one Markdown table cell: no pipe ends the cell, no newline the row. */
export const mdCell = (s: string): string =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ')

/** Text as an inline code span, fenced with more backticks than it holds in a row. */
export function mdCode(s: string): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length))
  const fence = '`'.repeat(longest + 1)
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${s.replace(/\r?\n|\r/g, ' ')}${pad}${fence}`
}
