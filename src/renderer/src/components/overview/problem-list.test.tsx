import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { HealthReport, Problem } from '../../../../shared/contract'
import { ProblemList } from './problem-list'

const T = Date.UTC(2026, 11, 7, 4, 0, 0)
const problem = (severity: Problem['severity'], name: string): Problem => ({
  key: `k:job:${name}`,
  severity,
  kind: severity === 'info' ? 'checkpoint-recent-restarts' : 'job-restarting',
  subject: { type: 'job', name },
  since: T - 60_000,
  summary: `${name}: ${severity}`,
  evidence: {},
  observedAt: T,
  stale: false,
  link: `#/jobs/${name}?profile=local`,
})
const report = (problems: Problem[]): HealthReport => ({
  checkedAt: T,
  profiles: [
    {
      id: 'local',
      name: 'Local',
      environment: 'local',
      color: '#06c',
      checkedAt: T,
      components: {
        kafka: { configured: true, state: 'up', since: T, observedAt: T },
        flink: { configured: true, state: 'up', since: T, observedAt: T },
        lag: { configured: true, state: 'up', since: T, observedAt: T },
      },
      problems,
      tiles: { kafka: null, flink: null, lag: null },
    },
  ],
})

describe('ProblemList', () => {
  it('says all clear with only notes for information, and lists them below', () => {
    render(<ProblemList report={report([problem('info', 'order-service')])} trail={undefined} />)
    expect(screen.getByTestId('all-clear').textContent).toContain('1 note(s) for information')
    expect(screen.getAllByTestId('problem')).toHaveLength(1)
  })

  it('is not all clear while a warning holds; the worst comes first', () => {
    render(<ProblemList report={report([problem('info', 'a'), problem('warning', 'b')])} trail={undefined} />)
    expect(screen.queryByTestId('all-clear')).toBeNull()
    expect(screen.getAllByTestId('problem').map((r) => r.textContent)).toEqual([
      expect.stringContaining('b: warning'),
      expect.stringContaining('a: info'),
    ])
  })

  it('draws the worst hundred of a storm first and the rest on request', () => {
    const storm = Array.from({ length: 250 }, (_, i) => problem(i < 5 ? 'critical' : 'warning', `job-${i}`))
    render(<ProblemList report={report(storm)} trail={undefined} />)
    const rows = screen.getAllByTestId('problem')
    expect(rows).toHaveLength(100)
    expect(rows.slice(0, 5).map((r) => r.textContent)).toEqual(
      Array.from({ length: 5 }, (_, i) => expect.stringContaining(`job-${i}: critical`)),
    )
    fireEvent.click(screen.getByTestId('problems-more'))
    expect(screen.getAllByTestId('problem')).toHaveLength(250)
    expect(screen.queryByTestId('problems-more')).toBeNull()
  })
})
