import { describe, expect, it } from 'vitest'
import { describeHanging, parseFindHanging } from './hanging-transactions'

// As Kafka 4.4's TransactionsCommand find-hanging printed it on the demo stack after a broker freeze.
const OUTPUT = [
  'Topic    \tPartition\tProducerId\tProducerEpoch\tCoordinatorEpoch\tStartOffset\tLastTimestamp\tDuration(min)\t',
  'inventory\t4        \t4251      \t0            \t-1              \t5457       \t1796612155192\t149          \t',
  'inventory\t2        \t4251      \t0            \t-1              \t5956       \t1796612155192\t149          \t',
  '',
].join('\n')

describe('parseFindHanging', () => {
  it('reads each hanging transaction, skipping the header', () => {
    expect(parseFindHanging(OUTPUT)).toEqual([
      { topic: 'inventory', partition: 4, producerId: 4251, startOffset: 5457, minutes: 149 },
      { topic: 'inventory', partition: 2, producerId: 4251, startOffset: 5956, minutes: 149 },
    ])
  })

  it('finds none in the header alone, in log noise, or in a row with a non-numeric offset', () => {
    expect(parseFindHanging(OUTPUT.split('\n')[0]!)).toEqual([])
    expect(parseFindHanging('SLF4J: Failed to load class\n')).toEqual([])
    expect(parseFindHanging('t\t1\t2\t0\t-1\tx\t0\t3\t')).toEqual([])
  })

  it('describes them for the log', () => {
    expect(describeHanging(parseFindHanging(OUTPUT).slice(0, 1))).toBe(
      'inventory/4 from offset 5457 (producer 4251, 149 min)',
    )
  })
})
