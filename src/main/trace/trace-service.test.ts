import { describe, expect, it } from 'vitest'
import { profileSchema, traceInputSchema, type Profile, type TraceInput, type TraceUpdate } from '../../shared/contract'
import type { SecretStore } from '../profiles/secret-store'
import { demoTraceMap } from './demo-trace-map'
import type { MemorySource } from './testing/memory-source'
import { demoSource, happyOrder, MIN } from './testing/trace-fixture'
import { MAX_RUNNING_TRACES, TraceService } from './trace-service'

const profile: Profile = profileSchema.parse({
  id: 'local',
  name: 'Local',
  environment: 'local',
  kafka: { brokers: ['127.0.0.1:1'] },
  trace: demoTraceMap,
})
const secrets: SecretStore = {
  get: async () => undefined,
  set: async () => undefined,
  removeProfile: async () => undefined,
  keys: async () => [],
}

function setup(opts: { keep?: boolean; open?: () => Promise<MemorySource>; answerMs?: number } = {}) {
  const opened: MemorySource[] = []
  const open =
    opts.open ??
    (async () => {
      const s = demoSource()
      happyOrder(s, 'ord-1', Date.now() - 20 * MIN)
      opened.push(s)
      return s
    })
  const service = new TraceService({ get: async () => profile }, secrets, {
    keepConnections: opts.keep ?? true,
    openSource: open,
    kafkaAnswerMs: opts.answerMs,
  })
  const trace = (input: Omit<TraceInput, 'id'>, signal = new AbortController().signal) => {
    const updates: TraceUpdate[] = []
    const running = service.run(traceInputSchema.parse({ id: 'local', ...input }), (u) => updates.push(u), signal)
    return { updates, running, done: () => updates.find((u) => u.kind === 'done') }
  }
  return { service, opened, trace }
}

describe('trace service', () => {
  it('shares one connection per profile between traces and keeps it on a long-running host', async () => {
    const { service, opened, trace } = setup()
    const a = trace({ entityId: 'ord-1' })
    const b = trace({ entityId: 'ord-1' })
    await Promise.all([a.running, b.running])
    expect(a.done()).toMatchObject({ verdict: { status: 'complete' } })
    expect(b.done()).toMatchObject({ verdict: { status: 'complete' } })
    expect(opened).toHaveLength(1)
    expect(opened[0]).toMatchObject({ connects: 1, disconnects: 0 })
    await service.close()
    expect(opened[0]!.disconnects).toBe(1)
  })

  it('closes the connection after each call on a one-shot host (the CLI)', async () => {
    const { opened, trace } = setup({ keep: false })
    await trace({ entityId: 'ord-1' }).running
    await new Promise((r) => setTimeout(r, 0))
    expect(opened[0]).toMatchObject({ connects: 1, disconnects: 1 })
  })

  it(`runs at most ${MAX_RUNNING_TRACES} traces at once and says so beyond`, async () => {
    const { service, trace } = setup()
    const stops = Array.from({ length: MAX_RUNNING_TRACES }, () => new AbortController())
    const following = stops.map((s) => trace({ entityId: 'ord-1', follow: true }, s.signal))
    await expect(trace({ entityId: 'ord-1' }).running).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: `${MAX_RUNNING_TRACES} traces are running on this host, the most it runs at once: stop one or wait for one to finish`,
    })
    stops[0]!.abort()
    await following[0]!.running
    await expect(trace({ entityId: 'ord-1' }).running).resolves.toBeUndefined()
    await service.close()
    await Promise.all(following.map((f) => f.running))
    expect(following.every((f) => f.done()?.kind === 'done')).toBe(true)
  })

  it('answers a trace cancelled before it starts without connecting', async () => {
    let opens = 0
    const { trace } = setup({ open: async () => (opens++, demoSource()) })
    const t = trace({ entityId: 'ord-1' }, AbortSignal.abort())
    await t.running
    expect(opens).toBe(0)
    expect(t.done()).toMatchObject({ kind: 'done', verdict: { status: 'not-found' }, stats: { cancelled: true } })
  })

  it('does not wait for a connect that never lands once cancelled, and answers', async () => {
    const { trace } = setup({ open: () => new Promise<MemorySource>(() => undefined) })
    const stop = new AbortController()
    const t = trace({ entityId: 'ord-1' }, stop.signal)
    await new Promise((r) => setTimeout(r, 5))
    stop.abort()
    await t.running
    expect(t.done()).toMatchObject({ stats: { cancelled: true } })
  })

  it('connects anew after the profile changed, closing the old connection once unused', async () => {
    const { service, opened, trace } = setup()
    await trace({ entityId: 'ord-1' }).running
    service.invalidate('local')
    await new Promise((r) => setTimeout(r, 0))
    expect(opened[0]!.disconnects).toBe(1)
    await trace({ entityId: 'ord-1' }).running
    expect(opened).toHaveLength(2)
    await service.close()
  })

  it('cancels running traces on close and refuses new ones', async () => {
    const { service, opened, trace } = setup()
    const t = trace({ entityId: 'ord-1', follow: true })
    await new Promise((r) => setTimeout(r, 20))
    await service.close()
    await t.running
    expect(opened[0]!.disconnects).toBe(1)
    await expect(trace({ entityId: 'ord-1' }).running).rejects.toMatchObject({ code: 'UNAVAILABLE' })
  })

  it('find names the topics the cluster lacks and searches the rest', async () => {
    const lacking = demoSource()
    happyOrder(lacking, 'ord-1', Date.now() - 5 * MIN)
    const service = new TraceService(
      {
        get: async () => ({
          ...profile,
          trace: {
            ...profile.trace!,
            topics: [
              ...profile.trace!.topics,
              { topic: 'refunds', ids: [{ from: 'key', kind: 'orderId' }], links: [] },
            ],
          },
        }),
      },
      secrets,
      { keepConnections: false, openSource: async () => lacking },
    )
    const res = await service.find({ id: 'local', last: '1h', type: 'OrderCreated', limit: 10 })
    expect(res.missingTopics).toEqual(['refunds'])
    expect(res.hits.map((h) => h.entityId)).toEqual(['ord-1'])
  })

  it('find and trace skip a topic an ACL refuses, naming it and the refusal; nothing readable left is FORBIDDEN', async () => {
    const acl = demoSource()
    happyOrder(acl, 'ord-1', Date.now() - 5 * MIN)
    acl.denied.add('payments')
    const { service, trace } = setup({ open: async () => acl })
    const found = await service.find({ id: 'local', last: '1h', type: 'OrderCreated', limit: 10 })
    expect(found.hits.map((h) => h.entityId)).toEqual(['ord-1'])
    expect(found.missingTopics).toEqual([])
    expect(found.deniedTopics).toEqual([
      {
        topic: 'payments',
        message: expect.stringMatching(/denied access to topic "payments".*TOPIC_AUTHORIZATION_FAILED/),
      },
    ])
    const t = trace({ entityId: 'ord-1' })
    await t.running
    const done = t.updates.find((u) => u.kind === 'done')
    expect(done?.kind === 'done' && done.verdict.findings.map((f) => f.message)).toContainEqual(
      expect.stringMatching(/^Refused by an ACL, skipped: Kafka at .* denied access to topic "payments"/),
    )
    const topics = new Set(t.updates.flatMap((u) => (u.kind === 'events' ? u.events.map((e) => e.topic) : [])))
    expect([...topics]).toContain('orders')
    expect([...topics]).not.toContain('payments')
    for (const topic of demoTraceMap.topics) acl.denied.add(topic.topic)
    await expect(service.find({ id: 'local', last: '1h', limit: 10 })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(trace({ entityId: 'ord-1' }).running).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('fails as UNAVAILABLE naming Kafka when a round trip gets no answer (a frozen broker), and keeps no lease', async () => {
    const frozen = demoSource()
    frozen.fetch = () => new Promise(() => undefined)
    const { service, trace } = setup({ open: async () => frozen, answerMs: 50 })
    const t = trace({ entityId: 'ord-1' })
    await expect(t.running).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'Kafka did not answer within 50 ms' })
    // A connect that never lands: the same answer, not a wait.
    const hanging = setup({ open: () => new Promise<MemorySource>(() => undefined), answerMs: 50 })
    await expect(hanging.trace({ entityId: 'ord-1' }).running).rejects.toMatchObject({ code: 'UNAVAILABLE' })
    await service.close()
    expect(frozen.disconnects).toBe(1)
  })
})
