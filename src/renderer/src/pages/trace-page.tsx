import { useEffect, useRef, useState } from 'react'
import type { TraceEvent } from '../../../shared/contract'
import { CopyLink } from '../components/copy-link'
import { Segmented } from '../components/segmented'
import { WatchToggle } from '../components/trace/watch-toggle'
import { FindPanel } from '../components/trace/find-panel'
import { defaultTraceOptions, TraceForm, type TraceOptions } from '../components/trace/trace-form'
import { TraceMapEditor } from '../components/trace/trace-map-editor'
import { TraceStory } from '../components/trace/trace-story'
import { useActiveProfile } from '../hooks/use-profiles'
import { profileOf, useRouteParams } from '../hooks/use-route'
import { useTrace } from '../hooks/use-trace'
import { linkTo } from '../../../shared/links'

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
  const [traced, setTraced] = useState<string>()
  const autoRan = useRef<string>(undefined)
  const run = (id = entityId) => {
    const trimmed = id.trim()
    if (!trimmed || !profile) return
    setEntityId(trimmed)
    setTraced(trimmed)
    autoRan.current = `${profile.id}\n${trimmed}` // its own route does not run it again
    setSelected(undefined)
    setView('story')
    history.replaceState(null, '', linkTo(profile.id, { view: 'trace', id: trimmed }))
    const { since, ...switches } = options
    start({ entityId: trimmed, ...(since ? { since } : {}), ...switches })
  }
  // A route that names an id runs its trace (a deep link, the palette), once per profile and id,
  // and only in the profile the link names (it becomes the active one first).
  const linked = profileOf(location.hash)
  const ready = profile?.trace && (!linked || linked === profile.id)
  useEffect(() => {
    const key = `${profile?.id}\n${param}`
    if (!param || !ready || autoRan.current === key) return
    autoRan.current = key
    run(param)
  })
  if (!profile) return <p className="muted">Loading…</p>
  return (
    <section className="page page-wide" data-testid="page-trace">
      <header className="page-header">
        <h1>Trace</h1>
        {traced && <WatchToggle profileId={profile.id} entityId={traced} />}
        <CopyLink profileId={profile.id} link={{ view: 'trace', ...(traced ? { id: traced } : {}) }} />
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
