import { useState } from 'react'
import type { HealthReport } from '../../../../shared/contract'
import { timelineMarkdown } from '../../../../shared/timeline-markdown'
import { useTimeline } from '../../hooks/use-overview'

const utc = (t: number) => new Date(t).toISOString().slice(11, 19)

/** The last day's state changes across sources, filterable, exportable for the incident document. */
export function TimelinePanel({ report }: { report: HealthReport | undefined }) {
  const [profileId, setProfileId] = useState('')
  const [subject, setSubject] = useState('')
  const { data, error } = useTimeline(profileId, subject)
  const [copied, setCopied] = useState(false)
  const copy = () => {
    if (!data) return
    void navigator.clipboard.writeText(timelineMarkdown(data)).then(() => setCopied(true))
  }
  const entries = data ? [...data.entries].reverse() : []
  return (
    <div data-testid="timeline">
      <div className="timeline-filters">
        <label>
          Profile{' '}
          <select value={profileId} onChange={(e) => setProfileId(e.target.value)}>
            <option value="">all</option>
            {report?.profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Subject <input value={subject} onChange={(e) => setSubject(e.target.value)} placeholder="group, job, kafka" />
        </label>
        <button type="button" onClick={copy} disabled={!data}>
          {copied ? 'Copied' : 'Copy as Markdown'}
        </button>
      </div>
      {error ? <p className="panel-error">{error.message}</p> : null}
      {data && entries.length === 0 ? <p className="muted">Nothing changed in the last 24 h.</p> : null}
      <ol className="timeline-list">
        {entries.slice(0, 200).map((e) => (
          <li key={`${e.at}|${e.source}|${e.type}|${e.subject}|${e.kind}`} data-severity={e.severity}>
            <time dateTime={new Date(e.at).toISOString()}>{utc(e.at)} UTC</time>
            <span className={`sev sev-${e.type === 'cleared' || e.type === 'resolved' ? 'info' : e.severity}`}>
              {e.type}
            </span>
            <a href={e.link}>{e.summary}</a>
            <span className="muted">{e.profileId}</span>
          </li>
        ))}
      </ol>
    </div>
  )
}
