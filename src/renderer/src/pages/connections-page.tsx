import { useState } from 'react'
import type { ConnectionReport, ProfileView } from '../../../shared/contract'
import { ConnectionReportView } from '../components/connection-report'
import { EnvBadge } from '../components/env-badge'
import { useToasts } from '../components/toasts'
import { useProfiles, useRemoveProfile, useSetActiveProfile, useTestProfile } from '../hooks/use-profiles'
import { ProfileForm } from '../components/profile/profile-form'

function ProfileCard({ profile, active, onEdit }: { profile: ProfileView; active: boolean; onEdit: () => void }) {
  const test = useTestProfile()
  const remove = useRemoveProfile()
  const activate = useSetActiveProfile()
  const { push } = useToasts()
  const [report, setReport] = useState<ConnectionReport>()
  return (
    <article
      className={`panel profile-card ${active ? 'active' : ''}`}
      data-testid={`profile-${profile.id}`}
      data-env={profile.environment}
    >
      <header className="profile-card-header">
        <h3>{profile.name}</h3>
        <EnvBadge profile={profile} />
        <span className="pill pill-muted">{profile.readOnly ? 'read-only' : 'read-write'}</span>
        {active && <span className="pill pill-ok">active</span>}
      </header>
      <dl className="kv">
        <dt>Kafka</dt>
        <dd className="mono">{profile.kafka.brokers.join(', ')}</dd>
        <dt>Flink</dt>
        <dd className="mono">{profile.flink?.url ?? '—'}</dd>
        {profile.secrets.length > 0 && (
          <>
            <dt>Secrets</dt>
            <dd>{profile.secrets.join(', ')} (stored, not shown)</dd>
          </>
        )}
      </dl>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="profile-test"
          disabled={test.isPending}
          onClick={() => test.mutate(profile.id, { onSuccess: setReport, onError: (e) => push('error', e.message) })}
        >
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        {!active && (
          <button type="button" className="btn" onClick={() => activate.mutate(profile.id)}>
            Use
          </button>
        )}
        <button type="button" className="btn" onClick={onEdit}>
          Edit
        </button>
        {!profile.builtIn && (
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => {
              if (confirm(`Remove profile ${profile.name} (${profile.id}) and its stored secrets?`))
                remove.mutate(profile.id)
            }}
          >
            Remove
          </button>
        )}
      </div>
      {report && <ConnectionReportView report={report} />}
    </article>
  )
}

export function ConnectionsPage() {
  const { data, error } = useProfiles()
  const [editing, setEditing] = useState<ProfileView | 'new' | undefined>()
  return (
    <section className="page" data-testid="page-connections">
      <header className="page-header">
        <h1>Connections</h1>
        <button type="button" className="btn btn-primary" data-testid="profile-add" onClick={() => setEditing('new')}>
          Add profile
        </button>
      </header>
      {error && <div className="panel panel-error">{error.message}</div>}
      {data?.loadProblem && <div className="panel panel-error">{data.loadProblem}</div>}
      {editing && (
        <ProfileForm existing={editing === 'new' ? undefined : editing} onDone={() => setEditing(undefined)} />
      )}
      <div className="cards">
        {data?.profiles.map((p) => (
          <ProfileCard key={p.id} profile={p} active={p.id === data.activeId} onEdit={() => setEditing(p)} />
        ))}
      </div>
    </section>
  )
}
