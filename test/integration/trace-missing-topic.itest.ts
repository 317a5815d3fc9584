import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { call, coreFor, runTrace, until } from './support'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keytrail-trace-gaps-itest-'))
const core = coreFor(path.join(tmp, 'state'), path.join(tmp, 'config'))
const MISSING = 'keytrail-itest-no-such-topic'

const trace = (input: { id: string; entityId: string }) => runTrace(core, input)

describe('a trace map naming a topic the cluster lacks', () => {
  it('traces the other topics and names the missing one; find reports it too', async () => {
    const local = (await call(core, 'profiles.list', {})).profiles.find((p) => p.id === 'local')!
    const extra = { topic: MISSING, ids: [{ from: 'value' as const, path: '$.orderId', kind: 'orderId' }], links: [] }
    await call(core, 'profiles.save', {
      profile: {
        ...local,
        id: 'local-gaps',
        name: 'gaps',
        trace: { ...local.trace!, topics: [...local.trace!.topics, extra] },
      },
    })
    const found = await until('an order created in the last minute', 60_000, async () => {
      const res = await call(core, 'trace.find', { id: 'local-gaps', type: 'OrderCreated', last: '1m' })
      expect(res.missingTopics).toEqual([MISSING])
      return res.hits.find((h) => h.entityId !== null)
    })
    const result = await trace({ id: 'local-gaps', entityId: found.entityId! })
    expect(result.events.map((e) => e.type)).toContain('OrderCreated')
    expect(result.verdict.findings.map((f) => f.message)).toContain(
      `Not on this cluster, skipped: ${MISSING} (the trace map names it); the other topics were traced`,
    )
  })
})
