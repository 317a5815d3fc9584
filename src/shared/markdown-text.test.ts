import { describe, expect, it } from 'vitest'
import { mdCell, mdCode } from './markdown-text'

describe('Markdown text from outside', () => {
  it('keeps a cell one cell and a row one row', () => {
    expect(mdCell('a|b\nc\r\nd')).toBe('a\\|b c d')
    expect(mdCell('ends with \\')).toBe('ends with \\\\')
    const row = `| ${mdCell('x|y|z')} | ${mdCell('two\nlines')} |`
    // Unescaped pipes delimit the cells: three of them, two cells.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(2)
    expect(row).not.toContain('\n')
  })

  it('fences a code span with more backticks than the text holds', () => {
    expect(mdCode('ord-1')).toBe('`ord-1`')
    expect(mdCode('a`b')).toBe('``a`b``')
    expect(mdCode('``x')).toBe('``` ``x ```')
    expect(mdCode('a\nb')).toBe('`a b`')
  })
})
