import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Router } from '../../src/main/api/router'
import { setFault } from '../../src/main/stack/faults'
import { loadStackOptions } from '../../src/main/stack/stack-manager'
import { call, coreFor, runTrace, stack, until } from './support'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keytrail-trace-stuck-itest-'))
const core = coreFor(path.join(tmp, 'state'), path.join(tmp, 'config'))
const trace = (router: Router, input: { id: string; entityId: string | null }) => runTrace(router, input)

afterAll(async () => {
  const o = loadStackOptions(stack().dir)
  if (o) await setFault(o, { fault: 'stuck-orders', on: false })
})

describe('trace under the stuck-orders fault', () => {
  it('reports an order of the stuck-orders fault as stuck at PaymentRequested', async () => {
    const o = loadStackOptions(stack().dir)!
    // A profile whose flow expects the payment within 3 s, so the test need not wait the demo's minute.
    const local = (await call(core, 'profiles.list', {})).profiles.find((p) => p.id === 'local')!
    const flow = local.trace!.flow!
    await call(core, 'profiles.save', {
      profile: {
        ...local,
        id: 'local-strict',
        name: 'strict',
        trace: {
          ...local.trace!,
          flow: {
            ...flow,
            steps: flow.steps.map((s) => (s.type === 'PaymentReceived' ? { ...s, withinMs: 3000 } : s)),
          },
        },
      },
    })
    await setFault(o, { fault: 'stuck-orders', on: true })
    const onAt = Date.now()
    try {
      const found = await until('an order created under stuck-orders with its payment requested', 60_000, async () => {
        const res = await call(core, 'trace.find', { id: 'local', type: 'PaymentRequested', last: '1m' })
        const fresh = res.hits.filter((h) => h.timestamp > onAt + 3000)
        return fresh.length ? fresh[fresh.length - 1] : undefined
      })
      // Stuck once its payment is 3 s overdue; the last verdict seen is in the timeout's message.
      const result = await until(`${found.entityId} traced as stuck`, 30_000, async () => {
        const r = await trace(core, { id: 'local-strict', entityId: found.entityId })
        if (r.verdict.status !== 'stuck') throw new Error(`${r.verdict.status}: ${r.verdict.summary}`)
        return r
      })
      expect(result.verdict.status).toBe('stuck')
      expect(result.verdict.lastType).toBe('PaymentRequested')
      expect(result.verdict.summary).toMatch(/Stuck at PaymentRequested for/)
    } finally {
      await setFault(o, { fault: 'stuck-orders', on: false })
    }
  })
})
