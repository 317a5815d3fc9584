import { useState } from 'react'
import type { HealthReport, Problem, ProfileHealth } from '../../../../shared/contract'
import { RelativeTime } from '../relative-time'
import { trailKey, type FigureTrail } from './figure-trail'
import { FIRST_ROWS } from './first-rows'
import { Sparkline } from './sparkline'

function ProblemRow({ profile, problem, trail }: { profile: ProfileHealth; problem: Problem; trail: number[] }) {
  return (
    <li
      className="problem"
      data-profile={profile.id}
      data-env={profile.environment}
      data-severity={problem.severity}
      data-kind={problem.kind}
      data-subject={`${problem.subject.type} ${problem.subject.name}`}
    >
      <a className="problem-link" href={problem.link} data-testid="problem">
        <span className={`sev sev-${problem.severity}`}>{problem.severity}</span>
        <span className="problem-main">
          <span className="problem-summary" title={problem.summary}>
            {problem.summary}
          </span>
          <span className="problem-meta muted">
            <span className="env-tag" data-env={profile.environment}>
              {profile.name}
            </span>
            {problem.subject.type} <strong>{problem.subject.name}</strong> · since <RelativeTime at={problem.since} />
            {problem.stale ? (
              <span className="pill pill-warn stale-tag">
                stale: observed <RelativeTime at={problem.observedAt} />
              </span>
            ) : null}
          </span>
        </span>
        <Sparkline values={trail} label={`${problem.kind} trend`} />
      </a>
    </li>
  )
}

const rank = { critical: 0, warning: 1, info: 2 } as const

/** Every profile's problems in one list: most severe first, then the oldest. */
export function ProblemList({ report, trail }: { report: HealthReport; trail: FigureTrail | undefined }) {
  const [showAll, setShowAll] = useState(false)
  const rows = report.profiles
    .flatMap((profile) => profile.problems.map((problem) => ({ profile, problem })))
    .sort(
      (a, b) =>
        rank[a.problem.severity] - rank[b.problem.severity] ||
        a.problem.since - b.problem.since ||
        (a.profile.environment === 'prod' ? -1 : 0) - (b.profile.environment === 'prod' ? -1 : 0),
    )
  const rowList = (list: typeof rows) => {
    const shown = showAll ? list : list.slice(0, FIRST_ROWS)
    return (
      <>
        <ul className="problem-list" data-testid="problems">
          {shown.map(({ profile, problem }) => (
            <ProblemRow
              key={`${profile.id}|${problem.key}`}
              profile={profile}
              problem={problem}
              trail={trail?.get(trailKey(profile.id, problem)) ?? []}
            />
          ))}
        </ul>
        {shown.length < list.length ? (
          <button
            type="button"
            className="btn btn-small problems-more"
            data-testid="problems-more"
            onClick={() => setShowAll(true)}
          >
            Show all {list.length} problems ({list.length - shown.length} more, least severe and newest)
          </button>
        ) : null}
      </>
    )
  }
  // Info (a restart an hour ago, state growing) is worth a look but is not "something is wrong":
  // with nothing worse, the page still says all clear, and lists the notes below it.
  if (rows.every((r) => r.problem.severity === 'info')) {
    return (
      <>
        <p className="all-clear" data-testid="all-clear">
          <span className="dot dot-ok" aria-hidden="true" /> All clear · checked <RelativeTime at={report.checkedAt} />
          {rows.length ? <span className="muted"> · {rows.length} note(s) for information</span> : null}
        </p>
        {rows.length ? rowList(rows) : null}
      </>
    )
  }
  return rowList(rows)
}
