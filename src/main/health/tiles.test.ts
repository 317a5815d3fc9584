import { describe, expect, it } from 'vitest'
import type { FlinkFacts } from './facts'
import { flinkTile } from './tiles'

const job = (name: string, state = 'RUNNING') => ({
  jid: `${name}-jid`,
  name,
  state,
  startTime: 1,
  durationMs: 1,
  tasksTotal: 2,
  tasksRunning: 2,
})
const detector = (id: string, firing: boolean) => ({
  id,
  title: id,
  firing,
  severity: 'warning' as const,
  evidence: '',
})

describe('flinkTile', () => {
  it('counts checkpoints healthy unless an incident detector fires: trends are notes', () => {
    const facts: FlinkFacts = {
      observedAt: 0,
      version: '1.20.3',
      jobs: [job('a'), job('b'), job('c', 'RESTARTING')],
      checkpoints: [
        { jid: 'a-jid', name: 'a', detectors: [detector('state-growth', true), detector('recent-restarts', true)] },
        { jid: 'b-jid', name: 'b', detectors: [detector('consecutive-failures', true), detector('slow', false)] },
        { jid: 'c-jid', name: 'c', detectors: [detector('slow', false)] },
      ],
    }
    expect(flinkTile(facts)).toMatchObject({ running: 2, restarting: 1, failed: 0, checkpointsHealthy: 2 })
  })
})
