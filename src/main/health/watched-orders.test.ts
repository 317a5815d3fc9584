import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TraceVerdict } from '../../shared/contract'
import { contract } from '../../shared/contract'
import { orderFindings } from './order-findings'
import { MAX_WATCHES_PER_PROFILE, WatchStore } from './watch-store'
import { WatchedOrders } from './watched-orders'

const storeIn = () => new WatchStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'kt-watch-')), 'watches.json'))
const verdict = (status: TraceVerdict['status'], summary: string = status): TraceVerdict => ({
  status,
  summary,
  findings: [],
})

describe('watched orders', () => {
  it('validates ids where they enter', () => {
    const input = contract['watch.set'].input
    expect(input.safeParse({ id: 'local', entityId: ' ord-1 ', on: true }).data?.entityId).toBe('ord-1')
    for (const bad of ['', 'ord 1', 'ord\u0000', 'x'.repeat(201)]) {
      expect(input.safeParse({ id: 'local', entityId: bad, on: true }).success).toBe(false)
    }
  })

  it('pins once per profile, unpins, and bounds the number', async () => {
    const store = storeIn()
    await store.set('local', 'ord-1', true, 1000)
    expect(await store.set('local', 'ord-1', true, 2000)).toMatchObject([{ entityId: 'ord-1', pinnedAt: 1000 }])
    await store.set('prod', 'ord-1', true)
    expect(await store.set('local', 'ord-1', false)).toEqual([])
    expect((await store.list()).map((w) => w.profileId)).toEqual(['prod'])
    for (let i = 0; i < MAX_WATCHES_PER_PROFILE; i++) await store.set('many', `o-${i}`, true)
    await expect(store.set('many', 'one-more', true)).rejects.toThrow(/At most/)
  })

  it('reads an unreadable file as no watches', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kt-watch-')), 'watches.json')
    writeFileSync(file, '{"watches": [{"entityId": 3}]}')
    expect(await new WatchStore(file).list()).toEqual([])
  })

  it('raises a stuck order, clears it and ends the watch when the story completes', async () => {
    const store = storeIn()
    await store.set('local', 'ord-1', true)
    await store.set('local', 'ord-2', true)
    let next: Record<string, TraceVerdict> = {
      'ord-1': verdict('stuck', 'Stuck at PaymentRequested for 61 s'),
      'ord-2': verdict('in-progress'),
    }
    const orders = new WatchedOrders('local', store, async (id) => next[id] ?? verdict('not-found'), {
      refreshMs: 0,
      traceTimeoutMs: 1000,
    })
    const first = await orders.read()
    const problems = orderFindings('local', first)
    expect(problems).toMatchObject([
      {
        kind: 'order-stuck',
        severity: 'warning',
        subject: { type: 'order', name: 'ord-1' },
        summary: 'Order ord-1: Stuck at PaymentRequested for 61 s',
        link: '#/trace/ord-1?profile=local',
      },
    ])
    next = { 'ord-1': verdict('in-progress'), 'ord-2': verdict('complete') }
    // The next read may answer the last round while this one runs: wait for the one after it.
    let facts = await orders.read()
    while (facts === first) facts = await orders.read()
    expect(orderFindings('local', facts)).toEqual([])
    // ord-1 was stuck and moved on, ord-2 completed: both watches ended.
    expect(await store.list('local')).toEqual([])
    orders.close()
  })

  it('keeps the last verdict of an order whose check fails, says why, and drops the reason once a check succeeds', async () => {
    const store = storeIn()
    await store.set('local', 'ord-1', true)
    let answer: () => Promise<TraceVerdict> = async () => verdict('in-progress', 'waiting for PaymentRequested')
    const orders = new WatchedOrders('local', store, () => answer(), { refreshMs: 0, traceTimeoutMs: 1000 })
    const first = await orders.read()
    expect(first.orders[0]).toMatchObject({ status: 'in-progress' })
    answer = async () => Promise.reject(new Error('the trace of ord-1 did not finish in time'))
    let facts = await orders.read()
    while (facts === first) facts = await orders.read()
    expect(facts.orders[0]).toMatchObject({
      status: 'in-progress',
      checkError: 'the trace of ord-1 did not finish in time',
    })
    expect((await store.list('local'))[0]?.checkError).toBe('the trace of ord-1 did not finish in time')
    answer = async () => verdict('stuck', 'Stuck at PaymentRequested for 61 s')
    const failed = facts
    while (facts === failed) facts = await orders.read()
    expect(facts.orders[0]?.status).toBe('stuck')
    expect(facts.orders[0]).not.toHaveProperty('checkError')
    orders.close()
  })

  it('reports fresh verdicts even when the watch store cannot be written', async () => {
    const store = storeIn()
    await store.set('local', 'ord-1', true)
    let answer = verdict('in-progress')
    const orders = new WatchedOrders('local', store, async () => answer, { refreshMs: 0, traceTimeoutMs: 1000 })
    const first = await orders.read()
    expect(first.orders[0]?.status).toBe('in-progress')
    // Every write of the store fails from now on, as on a full disk (reads still work).
    store.record = () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }))
    answer = verdict('stuck', 'Stuck at PaymentRequested for 61 s')
    let facts = await orders.read()
    while (facts === first) facts = await orders.read()
    expect(orderFindings('local', facts)).toMatchObject([{ kind: 'order-stuck', subject: { name: 'ord-1' } }])
    orders.close()
  })
})
