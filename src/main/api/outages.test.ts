import { describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/contract'
import { diskError } from '../util/disk-error'
import { Outages } from './outages'

describe('Outages', () => {
  it('dates an UNAVAILABLE answer from the first failure of its component until it answers', () => {
    let now = Date.UTC(2026, 11, 7, 10, 0, 0)
    const outages = new Outages(() => now)
    const first = outages.failed('Kafka', new ApiError('UNAVAILABLE', 'Kafka did not answer within 8 s'))
    expect(first.message).toBe('Kafka did not answer within 8 s (failing since 10:00:00 UTC, just now)')
    now += 30_000
    expect(outages.failed('Kafka', new ApiError('UNAVAILABLE', 'x')).message).toBe(
      'x (failing since 10:00:00 UTC, 30 s ago)',
    )
    outages.answered('Kafka')
    expect(outages.failed('Kafka', new ApiError('UNAVAILABLE', 'y')).message).toBe(
      'y (failing since 10:00:30 UTC, just now)',
    )
  })

  it("leaves another component's failure as it is: a full state directory is not a Kafka outage", () => {
    let now = Date.UTC(2026, 11, 7, 10, 0, 0)
    const outages = new Outages(() => now)
    const disk = diskError('write', '/state/lag/alerts.json', Object.assign(new Error('x'), { code: 'ENOSPC' }))
    const answer = outages.failed('Kafka', disk)
    expect(answer).toBe(disk)
    expect(answer.message).not.toContain('failing since')
    now += 60_000
    // No Kafka outage was started by it.
    expect(outages.failed('Kafka', new ApiError('UNAVAILABLE', 'z')).message).toContain('just now')
  })

  it('passes other codes through', () => {
    const err = new ApiError('NOT_FOUND', 'No group g')
    expect(new Outages().failed('Kafka', err)).toBe(err)
  })
})
