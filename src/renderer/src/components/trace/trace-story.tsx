import { useState } from 'react'
import type { TraceEvent } from '../../../../shared/contract'
import type { TraceState } from '../../hooks/use-trace'
import { EventDetail } from './event-detail'
import { EventTable } from './event-table'
import { download, traceJson, traceMarkdown } from './trace-export'
import { TraceProgress } from './trace-progress'
import { TraceTimeline } from './trace-timeline'
import { TraceVerdictPanel } from './trace-verdict'

function ExportButtons({ state }: { state: TraceState }) {
  const [copied, setCopied] = useState(false)
  const md = () => traceMarkdown(state.entityId, state.events, state.verdict, state.stats)
  const json = () => traceJson(state.entityId, state.events, state.verdict, state.stats)
  return (
    <div className="form-actions">
      <button
        className="btn"
        type="button"
        onClick={() => download(`trace-${state.entityId}.json`, json(), 'application/json')}
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
  )
}

/** A trace's result: progress, verdict, the events on a timeline and in a table, the selected one in detail. */
export function TraceStory({
  state,
  selected,
  onSelect,
}: {
  state: TraceState
  selected: TraceEvent | undefined
  onSelect: (e: TraceEvent) => void
}) {
  const index = selected ? state.events.indexOf(selected) : -1
  return (
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
            <ExportButtons state={state} />
          </header>
          <TraceTimeline events={state.events} selected={selected} onSelect={onSelect} />
          <EventTable events={state.events} selected={selected} onSelect={onSelect} />
        </div>
      )}
      {selected && <EventDetail event={selected} previous={index > 0 ? state.events[index - 1] : undefined} />}
    </>
  )
}
