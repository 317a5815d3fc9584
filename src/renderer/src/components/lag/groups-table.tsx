import { useMemo, useState } from 'react'
import type { GroupSummary } from '../../../../shared/contract'
import { fmtCount, fmtSeconds } from './lag-format'
import { VerdictPill } from './verdict-pill'

type SortKey = 'group' | 'state' | 'members' | 'totalLag' | 'maxLagSeconds' | 'verdict'
const verdictRank = { OK: 0, WARN: 1, STALL: 2, STOP: 3, REWIND: 4 }

const columns: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'group', label: 'Group' },
  { key: 'state', label: 'State' },
  { key: 'members', label: 'Members', numeric: true },
  { key: 'totalLag', label: 'Lag (msgs)', numeric: true },
  { key: 'maxLagSeconds', label: 'Worst time lag', numeric: true },
  { key: 'verdict', label: 'Verdict' },
]

function value(g: GroupSummary, key: SortKey): number | string {
  if (key === 'verdict') return verdictRank[g.verdict.status]
  if (key === 'maxLagSeconds') return g.maxLagSeconds ?? -1
  return g[key]
}

type Sort = { key: SortKey; desc: boolean }

/** A column's header: click to sort by it, again to reverse; numbers sort largest first. */
function SortHeader({
  column: c,
  sort,
  onSort,
}: {
  column: (typeof columns)[number]
  sort: Sort
  onSort: (next: (s: Sort) => Sort) => void
}) {
  return (
    <th
      className={c.numeric ? 'num' : undefined}
      aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        className="th-sort"
        onClick={() => onSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : c.numeric === true }))}
      >
        {c.label}
        {sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}
      </button>
    </th>
  )
}

/** Every group, sortable by any column and filtered by name, topic or Flink job. */
export function GroupsTable({ groups }: { groups: GroupSummary[] }) {
  const [filter, setFilter] = useState('')
  const [sort, setSort] = useState<Sort>({ key: 'verdict', desc: true })
  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase()
    const list = groups.filter(
      (g) =>
        !f ||
        g.group.toLowerCase().includes(f) ||
        g.topics.some((t) => t.toLowerCase().includes(f)) ||
        (g.flinkJob ?? '').toLowerCase().includes(f),
    )
    return list.sort((a, b) => {
      const x = value(a, sort.key)
      const y = value(b, sort.key)
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))
      return (sort.desc ? -c : c) || a.group.localeCompare(b.group)
    })
  }, [groups, filter, sort])
  return (
    <div className="panel">
      <div className="toolbar">
        <input
          type="search"
          placeholder="Filter by group, topic or Flink job"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Filter groups"
          data-testid="group-filter"
        />
        <span className="muted">
          {rows.length} of {groups.length} groups
        </span>
      </div>
      <div className="table-wrap">
        <table className="data" data-testid="groups-table">
          <thead>
            <tr>
              {columns.map((c) => (
                <SortHeader key={c.key} column={c} sort={sort} onSort={setSort} />
              ))}
              <th>Topics</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((g) => (
              <tr key={g.group} data-testid="group-row">
                <td>
                  <a href={`#/lag/${encodeURIComponent(g.group)}`}>{g.group}</a>
                  {g.flinkJob && <span className="link-chip">Flink: {g.flinkJob}</span>}
                  {g.alerts.length > 0 && <span className="pill pill-bad">{g.alerts.length} alert(s)</span>}
                </td>
                <td>{g.state}</td>
                <td className="num">{g.members}</td>
                <td className="num">{fmtCount(g.totalLag)}</td>
                <td className="num">{fmtSeconds(g.maxLagSeconds, g.lagSecondsKind)}</td>
                <td>
                  <VerdictPill verdict={g.verdict} />
                </td>
                <td className="muted">{g.topics.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
