import type { Admin } from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { readGroups } from './lag-reader'

/** An admin client whose ListGroups misses a group, as a coordinator that is still loading answers. */
function admin(listed: string[], known: Record<string, { protocolType: string; offsets: number[] }>) {
  const calls: string[] = []
  const a = {
    listGroups: async () => {
      calls.push('listGroups')
      return { groups: listed.map((groupId) => ({ groupId, protocolType: 'consumer' })) }
    },
    describeGroups: async (ids: string[]) => {
      calls.push(`describeGroups ${ids.join(',')}`)
      return {
        groups: ids.map((groupId) => ({
          groupId,
          state: known[groupId] ? 'Empty' : 'Dead',
          protocol: '',
          protocolType: known[groupId]?.protocolType ?? '',
          members: [],
          errorCode: 0,
        })),
      }
    },
    fetchOffsets: async ({ groupId }: { groupId: string }) => {
      calls.push(`fetchOffsets ${groupId}`)
      const g = known[groupId]
      return g
        ? [{ topic: 'orders', partitions: g.offsets.map((o, partition) => ({ partition, offset: String(o) })) }]
        : []
    },
    fetchTopicOffsets: async () => [
      { partition: 0, offset: '100' },
      { partition: 1, offset: '100' },
    ],
  }
  return { admin: a as unknown as Admin, calls }
}

describe('readGroups', () => {
  it('reads a named group directly, even when ListGroups leaves it out', async () => {
    const { admin: a, calls } = admin([], { 'order-service': { protocolType: 'consumer', offsets: [40, 50] } })
    const read = await readGroups(a, ['order-service'])
    expect(calls).not.toContain('listGroups')
    expect(read.groups.map((g) => [g.group, g.state, g.protocol, [...g.committed.keys()]])).toEqual([
      ['order-service', 'Empty', 'consumer', ['orders/0', 'orders/1']],
    ])
    expect(read.ends.get('orders/1')).toBe(100)
  })

  it('leaves out a named group the cluster does not know (Dead, nothing committed) and one of another protocol', async () => {
    const { admin: a } = admin([], {
      connect: { protocolType: 'connect', offsets: [1] },
      'order-service': { protocolType: 'consumer', offsets: [3] },
    })
    const read = await readGroups(a, ['gone', 'connect', 'order-service'])
    expect(read.groups.map((g) => g.group)).toEqual(['order-service'])
  })

  it('without names, lists the consumer groups and reads each', async () => {
    const { admin: a, calls } = admin(['a', 'b'], {
      a: { protocolType: 'consumer', offsets: [1] },
      b: { protocolType: 'consumer', offsets: [-1, 2] },
    })
    const read = await readGroups(a)
    expect(calls[0]).toBe('listGroups')
    expect(read.groups.map((g) => [g.group, [...g.committed.keys()]])).toEqual([
      ['a', ['orders/0']],
      ['b', ['orders/1']],
    ])
  })
})
