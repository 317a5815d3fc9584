import { describe, expect, it } from 'vitest'
import { CommitWindow, checkpointEnvelope, evaluate, inputRate, worst } from './burrow'

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

  describe('a Flink job within its checkpoint envelope', () => {
    // The demo: 20 orders/s into the partition, checkpoints every 5 s taking about 300 ms, sampled every 10 s.
    const flink = { checkpointIntervalMs: 5_000, checkpointDurationMs: 300, running: true }
    const RATE = 20

    /** Ten samples 10 s apart, each seeing a new commit, the log end growing at `rate` records/s. */
    function commits(lags: number[], rate = RATE) {
      const w = new CommitWindow()
      lags.forEach((lag, i) => {
        const end = 1_000_000 + rate * 10 * i
        w.observe({ t: i * 10_000, offset: end - lag, lag }, 5_000)
      })
      return w
    }
    // The sequence `keytrail lag` reported on a healthy stack (issue 10).
    const healthy = [2, 4, 6, 9, 12, 14, 17, 19, 22, 25]

    it('is OK for the issue-10 sequence (2 → 25 over 10 commits) that Burrow alone calls WARN', () => {
      const w = commits(healthy)
      const now = 90_000
      const burrowOnly = evaluate(w, { now, alive: true, flink: null, sampleIntervalMs: 10_000 })
      expect(burrowOnly.status).toBe('WARN')
      expect(burrowOnly.reason).toBe('lag grew at every one of the last 10 commits (2 → 25)')
      const v = evaluate(w, { now, alive: true, flink, sampleIntervalMs: 10_000 })
      expect(v.status).toBe('OK')
      // 20/s × 5.3 s × 2 + 20 = 232 records
      expect(v.reason).toBe(
        'lag 25 within what checkpoints explain (≤ 232: 20.0/s × 5.3 s checkpoint cadence × 2 + 20)',
      )
    })

    it('measures the input rate from the log end, the recent rate when it rises', () => {
      expect(inputRate(commits(healthy))).toBeCloseTo(20, 6)
      const w = new CommitWindow()
      // 10/s for 60 s, then 40/s.
      const ends = [0, 100, 200, 300, 400, 500, 600, 1000, 1400]
      ends.forEach((end, i) => w.observe({ t: i * 10_000, offset: end, lag: 0 }))
      expect(inputRate(w)).toBeCloseTo(40, 6)
      expect(checkpointEnvelope(w, { ...flink, checkpointIntervalMs: null })).toBeNull()
    })

    it('stays OK at every sample of 10 minutes of saw-tooth lag while the input rate doubles', () => {
      const w = new CommitWindow()
      let end = 0
      for (let t = 0; t <= 600_000; t += 10_000) {
        const rate = 10 + t / 30_000 // 10/s rising to 30/s
        end += rate * 10
        // The sample lands at a drifting phase of the checkpoint cycle; the commit carries the
        // offsets of the checkpoint's start, so the lag is what arrived since then.
        const phase = ((t / 10_000) * 1_700) % 5_000
        const lag = Math.round((rate * (phase + 300)) / 1000)
        w.observe({ t, offset: Math.round(end) - lag, lag }, 5_000)
        const v = evaluate(w, { now: t, alive: true, flink, sampleIntervalMs: 10_000 })
        expect(v.status, `at ${t / 1000} s: ${v.reason}`).toBe('OK')
      }
    })

    it('still calls a paused job WARN, then STALL', () => {
      const w = new CommitWindow()
      const seen: string[] = []
      // Healthy for 2 min, then the source stops: the same committed offset while the log end grows.
      for (let t = 0; t <= 300_000; t += 10_000) {
        const end = 500_000 + RATE * (t / 1000)
        const committed = t <= 120_000 ? end - 40 : 500_000 + RATE * 120 - 40
        w.observe({ t, offset: committed, lag: end - committed }, 5_000)
        const v = evaluate(w, { now: t, alive: true, flink, sampleIntervalMs: 10_000 })
        if (seen.at(-1) !== v.status) seen.push(v.status)
      }
      expect(seen).toEqual(['OK', 'WARN', 'STALL'])
    })

    it('names failing checkpoints as the cause of a STALL, since the source commits only when one completes', () => {
      const w = new CommitWindow()
      for (let t = 0; t <= 300_000; t += 10_000) {
        const end = 500_000 + RATE * (t / 1000)
        const committed = t <= 120_000 ? end - 40 : 500_000 + RATE * 120 - 40
        w.observe({ t, offset: committed, lag: end - committed }, 5_000)
      }
      const stalled = (failedCheckpointsInARow: number) =>
        evaluate(w, {
          now: 300_000,
          alive: true,
          flink: { ...flink, failedCheckpointsInARow },
          sampleIntervalMs: 10_000,
        })
      expect(stalled(0).reason).toMatch(/its source does not advance$/)
      expect(stalled(4)).toMatchObject({
        status: 'STALL',
        reason: expect.stringMatching(
          /its last 4 checkpoint\(s\) failed, and its source commits offsets only when a checkpoint completes$/,
        ),
      })
    })

    it('warns when lag grows past the envelope across commits, with the saw-tooth on top', () => {
      const w = new CommitWindow()
      let first: { t: number; reason: string } | undefined
      // Consumes 16 of 20 records/s: 4/s more lag each second, plus the checkpoint saw-tooth.
      for (let t = 0; t <= 300_000; t += 10_000) {
        const end = RATE * (t / 1000)
        const lag = 30 + 4 * (t / 1000) + ((t / 10_000) % 2) * 60
        w.observe({ t, offset: end - lag, lag }, 5_000)
        const v = evaluate(w, { now: t, alive: true, flink, sampleIntervalMs: 10_000 })
        if (v.status !== 'OK' && !first) first = { t, reason: v.reason }
        // One saw-tooth peak above 232 (250 at 30 s) is not yet falling behind.
        if (t <= 60_000) expect(v.status, `at ${t / 1000} s: ${v.reason}`).toBe('OK')
      }
      expect(first?.reason).toMatch(
        /^lag above what checkpoints explain at each of the last 3 commits, and growing \(290 → 270 → 370; envelope 232/,
      )
      // The first three commits in a row above 232 records: 290, 270, 370 at 50, 60 and 70 s.
      expect(first?.t).toBe(70_000)
    })
  })

  it('does not warn while a Flink job drains a backlog above its envelope', () => {
    const flink = { checkpointIntervalMs: 5_000, checkpointDurationMs: 300, running: true }
    const w = new CommitWindow()
    const seen: string[] = []
    // 20 records/s in; paused from 10 s to 80 s (the committed offset stays), then draining 20/s net.
    const lags = [30, 25, 225, 425, 625, 825, 1_025, 1_225, 1_425, 1_300, 1_100, 900, 700]
    lags.forEach((lag, i) => {
      const end = 10_000 + 200 * i
      w.observe({ t: i * 10_000, offset: end - lag, lag }, 5_000)
      const v = evaluate(w, { now: i * 10_000, alive: true, flink, sampleIntervalMs: 10_000 })
      if (seen.at(-1) !== v.status) seen.push(v.status)
    })
    // Above the envelope (232) at the last three commits, and far above the window's first, but shrinking.
    expect(seen).toEqual(['OK', 'WARN', 'STALL', 'OK'])
    expect(evaluate(w, { now: 120_000, alive: true, flink, sampleIntervalMs: 10_000 }).reason).toBe('consuming')
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
