import { useState } from 'react'
import type { TraceEvent } from '../../../shared/contract'
import { Segmented } from '../components/segmented'
import { FindPanel } from '../components/trace/find-panel'
import { defaultTraceOptions, TraceForm, type TraceOptions } from '../components/trace/trace-form'
import { TraceMapEditor } from '../components/trace/trace-map-editor'
import { TraceStory } from '../components/trace/trace-story'
import { useActiveProfile } from '../hooks/use-profiles'
import { useRouteParams } from '../hooks/use-route'
import { useTrace } from '../hooks/use-trace'

type View = 'story' | 'find' | 'map'
const VIEWS = [
  { value: 'story', label: 'Story' },
  { value: 'find', label: 'Find ids' },
  { value: 'map', label: 'Trace map' },
] as const

export function TracePage() {
  const profile = useActiveProfile()
  const [param] = useRouteParams()
  const { state, start, cancel } = useTrace(profile?.id)
  const [entityId, setEntityId] = useState(param ?? '')
  const [options, setOptions] = useState<TraceOptions>(defaultTraceOptions)
  const [selected, setSelected] = useState<TraceEvent>()
  const [view, setView] = useState<View>('story')
  if (!profile) return <p className="muted">Loading…</p>
  const run = (id = entityId) => {
    const trimmed = id.trim()
    if (!trimmed) return
    setEntityId(trimmed)
    setSelected(undefined)
    setView('story')
    history.replaceState(null, '', `#/trace/${encodeURIComponent(trimmed)}`)
    const { since, ...switches } = options
    start({ entityId: trimmed, ...(since ? { since } : {}), ...switches })
  }
  return (
    <section className="page page-wide" data-testid="page-trace">
      <header className="page-header">
        <h1>Trace</h1>
        <Segmented label="Trace view" options={VIEWS} value={view} onChange={setView} />
      </header>
      <TraceForm
        profile={profile}
        entityId={entityId}
        onEntityId={setEntityId}
        options={options}
        onOptions={setOptions}
        status={state.status}
        onRun={() => run()}
        onCancel={cancel}
      />
      {!profile.trace && view === 'story' && (
        <div className="panel empty-state">
          <p>This profile has no trace map yet: open “Trace map” and let Suggest propose one.</p>
        </div>
      )}
      {view === 'find' && <FindPanel profileId={profile.id} onTrace={(id) => run(id)} />}
      {view === 'map' && <TraceMapEditor key={profile.id} profile={profile} />}
      {view === 'story' && state.status !== 'idle' && (
        <TraceStory state={state} selected={selected} onSelect={setSelected} />
      )}
    </section>
  )
}
