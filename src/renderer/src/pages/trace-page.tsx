import { useState } from 'react'
import type { TraceEvent } from '../../../shared/contract'
import { EventDetail } from '../components/trace/event-detail'
import { EventTable } from '../components/trace/event-table'
import { FindPanel } from '../components/trace/find-panel'
import { download, traceJson, traceMarkdown } from '../components/trace/trace-export'
import { TraceMapEditor } from '../components/trace/trace-map-editor'
import { TraceProgress } from '../components/trace/trace-progress'
import { TraceTimeline } from '../components/trace/trace-timeline'
import { TraceVerdictPanel } from '../components/trace/trace-verdict'
import { useActiveProfile } from '../hooks/use-profiles'
import { useRouteParams } from '../hooks/use-route'
import { useTrace } from '../hooks/use-trace'

const WINDOWS = [
  { label: 'Auto (from the first event)', value: '' },
  { label: 'Last 15 min', value: '-15m' },
  { label: 'Last hour', value: '-1h' },
  { label: 'Last 24 h', value: '-24h' },
  { label: 'Last 7 days', value: '-7d' },
]

export function TracePage() {
  const profile = useActiveProfile()
  const [param] = useRouteParams()
  const { state, start, cancel } = useTrace(profile?.id)
  const [entityId, setEntityId] = useState(param ?? '')
  const [since, setSince] = useState('')
  const [fullScan, setFullScan] = useState(false)
  const [includeAborted, setIncludeAborted] = useState(false)
  const [follow, setFollow] = useState(false)
  const [selected, setSelected] = useState<TraceEvent>()
  const [view, setView] = useState<'story' | 'find' | 'map'>('story')
  const [copied, setCopied] = useState(false)
  if (!profile) return <p className="muted">Loading…</p>
  const running = state.status === 'running' || state.status === 'following'
  const run = (id = entityId) => {
    const trimmed = id.trim()
    if (!trimmed) return
    setEntityId(trimmed)
    setSelected(undefined)
    setView('story')
    history.replaceState(null, '', `#/trace/${encodeURIComponent(trimmed)}`)
    start({ entityId: trimmed, ...(since ? { since } : {}), fullScan, includeAborted, follow })
  }
  const index = selected ? state.events.indexOf(selected) : -1
  const md = () => traceMarkdown(state.entityId, state.events, state.verdict, state.stats)
  return (
    <section className="page page-wide" data-testid="page-trace">
      <header className="page-header">
        <h1>Trace</h1>
        <div className="segmented" role="tablist">
          {(['story', 'find', 'map'] as const).map((v) => (
            <button
              key={v}
              type="button"
              className={view === v ? 'active' : ''}
              onClick={() => setView(v)}
              aria-pressed={view === v}
            >
              {v === 'story' ? 'Story' : v === 'find' ? 'Find ids' : 'Trace map'}
            </button>
          ))}
        </div>
      </header>
      <form
        className="panel trace-form"
        onSubmit={(e) => {
          e.preventDefault()
          run()
        }}
      >
        <input
          className="trace-id"
          placeholder={`Paste ${profile.trace?.rootKind ?? 'an id'}, e.g. ord-…`}
          value={entityId}
          onChange={(e) => setEntityId(e.target.value)}
          aria-label="Id to trace"
          data-testid="trace-input"
        />
        <select value={since} onChange={(e) => setSince(e.target.value)} aria-label="Time window">
          {WINDOWS.map((w) => (
            <option key={w.value} value={w.value}>
              {w.label}
            </option>
          ))}
        </select>
        <label>
          <input type="checkbox" checked={fullScan} onChange={(e) => setFullScan(e.target.checked)} /> full scan
        </label>
        <label>
          <input type="checkbox" checked={includeAborted} onChange={(e) => setIncludeAborted(e.target.checked)} />{' '}
          aborted records
        </label>
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> live follow
        </label>
        {running ? (
          <button className="btn btn-danger" type="button" onClick={cancel} data-testid="trace-cancel">
            {state.status === 'following' ? 'Stop following' : 'Cancel'}
          </button>
        ) : (
          <button className="btn btn-primary" type="submit" data-testid="trace-run" disabled={!profile.trace}>
            Trace
          </button>
        )}
      </form>
      {!profile.trace && view === 'story' && (
        <div className="panel empty-state">
          <p>This profile has no trace map yet: open “Trace map” and let Suggest propose one.</p>
        </div>
      )}
      {view === 'find' && <FindPanel profileId={profile.id} onTrace={(id) => run(id)} />}
      {view === 'map' && <TraceMapEditor key={profile.id} profile={profile} />}
      {view === 'story' && state.status !== 'idle' && (
        <>
          {state.error && <div className="panel panel-error">{state.error}</div>}
          <TraceProgress
            phase={state.phase}
            partitions={state.partitions}
            etaMs={state.etaMs}
            stats={state.stats}
            running={state.status === 'running'}
          />
          {state.verdict && <TraceVerdictPanel verdict={state.verdict} />}
          {state.status === 'following' && <p className="muted">Following: new events appear as they are written.</p>}
          {state.events.length > 0 && (
            <div className="panel">
              <header className="panel-header">
                <h2>
                  {state.events.length} event(s) in {new Set(state.events.map((e) => e.topic)).size} topic(s)
                </h2>
                <div className="form-actions">
                  <button
                    className="btn"
                    type="button"
                    onClick={() =>
                      download(
                        `trace-${state.entityId}.json`,
                        traceJson(state.entityId, state.events, state.verdict, state.stats),
                        'application/json',
                      )
                    }
                  >
                    Export JSON
                  </button>
                  <button
                    className="btn"
                    type="button"
                    data-testid="export-md"
                    onClick={() => download(`trace-${state.entityId}.md`, md(), 'text/markdown')}
                  >
                    Export Markdown
                  </button>
                  <button
                    className="btn"
                    type="button"
                    onClick={() => void navigator.clipboard.writeText(md()).then(() => setCopied(true))}
                  >
                    {copied ? 'Copied' : 'Copy as Markdown'}
                  </button>
                </div>
              </header>
              <TraceTimeline events={state.events} selected={selected} onSelect={setSelected} />
              <EventTable events={state.events} selected={selected} onSelect={setSelected} />
            </div>
          )}
          {selected && <EventDetail event={selected} previous={index > 0 ? state.events[index - 1] : undefined} />}
        </>
      )}
    </section>
  )
}
