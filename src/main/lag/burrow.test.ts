import { describe, expect, it } from 'vitest'
import { CommitWindow, evaluate, worst } from './burrow'

const window = (rows: [number, number, number][]) => {
  const w = new CommitWindow()
  for (const [t, offset, lag] of rows) w.observe({ t, offset, lag })
  return w
}
const ctx = { now: 0, alive: true, flink: null, sampleIntervalMs: 10_000 }

describe("Burrow's rules", () => {
  it('is OK when caught up now or anywhere in the window', () => {
    expect(evaluate(window([[0, 10, 0]]), { ...ctx, now: 1 }).status).toBe('OK')
    expect(
      evaluate(
        window([
          [0, 10, 0],
          [10_000, 20, 5],
        ]),
        { ...ctx, now: 10_001 },
      ).status,
    ).toBe('OK')
  })

  it('flags a rewind', () => {
    const v = evaluate(
      window([
        [0, 100, 5],
        [10_000, 50, 60],
      ]),
      { ...ctx, now: 10_001 },
    )
    expect(v.status).toBe('REWIND')
    expect(v.reason).toContain('100 to 50')
  })

  it('warns when offsets move but lag grows at every commit', () => {
    const rows: [number, number, number][] = Array.from({ length: 10 }, (_, i) => [
      i * 10_000,
      100 + i * 10,
      50 + i * 20,
    ])
    const v = evaluate(window(rows), { ...ctx, now: 90_001 })
    expect(v.status).toBe('WARN')
    expect(v.reason).toMatch(/lag grew at every one of the last 10 commits/)
  })

  it('calls a silent consumer STOP without members and STALL with them', () => {
    const rows: [number, number, number][] = Array.from({ length: 5 }, (_, i) => [i * 10_000, 100 + i * 10, 30 - i])
    const w = window(rows)
    w.observe({ t: 200_000, offset: 140, lag: 900 }) // same offset: no new commit
    expect(evaluate(w, { ...ctx, now: 200_000, alive: false }).status).toBe('STOP')
    const stall = evaluate(w, { ...ctx, now: 200_000, alive: true })
    expect(stall.status).toBe('STALL')
    expect(stall.reason).toMatch(/no commit for 2\.7 min/)
  })

  it('never calls a healthy Flink job with a 60 s checkpoint interval STOP between its commits', () => {
    const w = new CommitWindow()
    const flink = { checkpointIntervalMs: 60_000, running: true }
    // Samples every 10 s; the job commits once a minute; lag builds up between checkpoints.
    for (let t = 0; t <= 30 * 60_000; t += 10_000) {
      const committed = Math.floor(t / 60_000) * 6000
      const end = t / 10 + 10
      w.observe({ t, offset: committed, lag: end - committed })
      const v = evaluate(w, { now: t, alive: true, flink, sampleIntervalMs: 10_000 })
      // Lag builds up for 6 samples between commits: neither silence nor falling behind.
      expect(v.status).toBe('OK')
    }
  })

  it('warns while a consumer that just stopped is not yet silent long enough to STALL', () => {
    const w = new CommitWindow()
    const flink = { checkpointIntervalMs: 5_000, running: true }
    const seen: string[] = []
    // Commits every 5 s until t=60 s, then nothing; the log end grows 20 records/s throughout.
    for (let t = 0; t <= 120_000; t += 6_000) {
      const committed = Math.min(t, 60_000) * 0.02
      w.observe({ t, offset: committed, lag: t * 0.02 - committed + 5 }, 5_000)
      const v = evaluate(w, { now: t, alive: true, flink, sampleIntervalMs: 10_000 })
      if (seen.at(-1) !== v.status) seen.push(v.status)
      if (v.status === 'WARN') expect(v.reason).toMatch(/lag grew in every sample of the last \d+ .*; no commit for/)
    }
    expect(seen).toEqual(['OK', 'WARN', 'STALL'])
  })

  it('rolls a group up to its worst partition', () => {
    expect(worst([]).status).toBe('OK')
    expect(
      worst([
        { status: 'OK', reason: '', window: 1 },
        { status: 'STALL', reason: 'x', window: 1 },
        { status: 'WARN', reason: '', window: 1 },
      ]).status,
    ).toBe('STALL')
  })
})
