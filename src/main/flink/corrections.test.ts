import { describe, expect, it } from 'vitest'
import { exceptionsSchema, normalizeExceptions } from './corrections'

describe('exception history across Flink versions', () => {
  it('reads 1.20 entries (location) and 2.x entries (endpoint) into one shape', () => {
    const v120 = exceptionsSchema.parse({
      'root-exception': 'java.lang.IllegalStateException: Poison event',
      'all-exceptions': [],
      exceptionHistory: {
        entries: [
          {
            exceptionName: 'java.lang.IllegalStateException',
            stacktrace: 'java.lang.IllegalStateException: Poison event\n\tat x',
            timestamp: 2,
            taskName: 'Order state machine (1/2)',
            location: 'localhost:4242',
            concurrentExceptions: [{}],
          },
        ],
        truncated: false,
      },
    })
    const v2 = exceptionsSchema.parse({
      exceptionHistory: {
        entries: [
          {
            exceptionName: 'java.io.IOException',
            stacktrace: 'java.io.IOException: boom',
            timestamp: 3,
            taskName: null,
            endpoint: 'tm-1:6121',
            taskManagerId: 'tm-1',
            failureLabels: {},
          },
        ],
        truncated: false,
      },
    })
    expect(normalizeExceptions(v120)).toEqual([
      {
        name: 'java.lang.IllegalStateException',
        stacktrace: 'java.lang.IllegalStateException: Poison event\n\tat x',
        timestamp: 2,
        taskName: 'Order state machine (1/2)',
        endpoint: 'localhost:4242',
        concurrent: 1,
      },
    ])
    expect(normalizeExceptions(v2)[0]).toMatchObject({
      name: 'java.io.IOException',
      endpoint: 'tm-1:6121',
      taskName: null,
      concurrent: 0,
    })
    expect(normalizeExceptions(exceptionsSchema.parse({}))).toEqual([])
  })
})
