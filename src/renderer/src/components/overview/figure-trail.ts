import type { HealthReport, Problem } from '../../../../shared/contract'

const KEEP = 30
/** The evidence figure each kind of problem is drawn by. */
const FIGURE: Record<string, string> = {
  'lag-verdict': 'lag',
  'lag-seconds': 'lagSeconds',
  'lag-rule': 'lag',
  'kafka-unreachable': 'downForSeconds',
  'flink-unreachable': 'downForSeconds',
  'lag-unreachable': 'downForSeconds',
  'offline-partitions': 'offline',
  'under-replicated': 'underReplicated',
  'brokers-missing': 'alive',
}

export function figureOf(p: Problem): number | undefined {
  const v = p.evidence[FIGURE[p.kind] ?? '']
  return typeof v === 'number' ? v : undefined
}

/** profile id + problem key → the figure's last values, newest last. */
export type FigureTrail = ReadonlyMap<string, number[]>

export const trailKey = (profileId: string, p: Problem): string => `${profileId}|${p.key}`

/** The trail after one more report: each live problem's figure appended (bounded), the others forgotten. */
export function extendTrail(trail: FigureTrail | undefined, report: HealthReport): FigureTrail {
  const next = new Map<string, number[]>()
  for (const profile of report.profiles) {
    for (const p of profile.problems) {
      const key = trailKey(profile.id, p)
      const v = figureOf(p)
      const before = trail?.get(key) ?? []
      next.set(key, v === undefined ? before : [...before, v].slice(-KEEP))
    }
  }
  return next
}
