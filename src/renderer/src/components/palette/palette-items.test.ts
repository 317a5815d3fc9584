import { describe, expect, it } from 'vitest'
import { paletteItems, rankItems } from './palette-items'

const items = paletteItems({
  profileId: 'prod',
  profiles: [
    { id: 'prod', name: 'Production', environment: 'prod' },
    { id: 'local', name: 'Local demo stack', environment: 'local' },
  ],
  jobs: ['order-service', 'inventory-service'],
  groups: ['order-service', 'billing-consumer'],
  topics: ['orders', 'payments'],
})

describe('command palette ranking', () => {
  it('offers to trace a pasted id first, linked to the trace view of the active profile', () => {
    const [first] = rankItems(items, 'ord-000042', [], 'prod')
    expect(first).toMatchObject({ kind: 'trace', label: 'Trace ord-000042', href: '#/trace/ord-000042?profile=prod' })
  })

  it('ranks prefix matches before word starts before substrings', () => {
    const labels = rankItems(items, 'serv', [], 'prod')
      .filter((i) => i.kind !== 'trace')
      .map((i) => `${i.kind}:${i.label}`)
    expect(labels.slice(0, 3)).toEqual(['job:inventory-service', 'job:order-service', 'group:order-service'])
    expect(rankItems(items, 'pay', [], 'prod').filter((i) => i.kind !== 'trace')[0]?.label).toBe('payments')
    expect(rankItems(items, 'ments', [], 'prod').filter((i) => i.kind !== 'trace')[0]?.label).toBe('payments')
    const word = rankItems(items, 'serv', [], 'prod')
    expect(word.at(-1)?.kind).toBe('trace')
    expect(rankItems(items, 'no-such-thing', [], 'prod')[0]?.kind).toBe('trace')
    expect(rankItems(items, 'ord', [], 'prod').find((i) => i.kind !== 'trace')?.label).toBe('order-service')
  })

  it('puts recent items first among equals and when nothing is typed', () => {
    const recent = ['job:prod:inventory-service', 'page:lag']
    expect(
      rankItems(items, '', recent, 'prod')
        .slice(0, 2)
        .map((i) => i.id),
    ).toEqual(recent)
    const jobs = rankItems(items, 'service', recent, 'prod').filter((i) => i.kind === 'job')
    expect(jobs[0]?.label).toBe('inventory-service')
  })

  it('links groups and jobs to their views in the active profile', () => {
    expect(items.find((i) => i.id === 'group:prod:billing-consumer')?.href).toBe('#/lag/billing-consumer?profile=prod')
    expect(items.find((i) => i.id === 'job:prod:order-service')?.href).toBe('#/jobs/order-service?profile=prod')
  })
})
