import { describe, expect, it } from 'vitest'
import type { TraceEvent } from '../../../../shared/contract'
import { traceMarkdown } from './trace-export'

const event = (key: string | null, type: string, offset: number): TraceEvent =>
  ({
    topic: 'orders',
    partition: 0,
    offset,
    timestamp: Date.UTC(2026, 11, 7, 10, 0, offset),
    key,
    keyFormat: key === null ? 'null' : 'text',
    headers: {},
    value: null,
    valueFormat: 'json',
    tombstone: false,
    aborted: false,
    size: 10,
    type,
    matchedBy: 'key',
  }) as TraceEvent

describe('traceMarkdown', () => {
  it('keeps one table row per event whatever the key and type hold', () => {
    const md = traceMarkdown('ord|`1`', [event('ord|1\nDROP', 'Order|Created', 1), event(null, 'Paid\r\n| x |', 2)])
    const rows = md.split('\n').filter((l) => l.startsWith('| 2026'))
    expect(rows).toHaveLength(2)
    // Five cells: six unescaped pipes.
    for (const r of rows) expect(r.match(/(?<!\\)\|/g)).toHaveLength(6)
    expect(rows[0]).toContain('ord\\|1 DROP')
    expect(rows[1]).toContain('| ∅ |')
    expect(md).toContain('## Trace of `` ord|`1` ``')
  })
})
