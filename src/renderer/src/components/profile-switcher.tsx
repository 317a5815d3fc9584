import { useProfiles, useSetActiveProfile } from '../hooks/use-profiles'
import { useToasts } from './toasts'
import { EnvBadge } from './env-badge'

export function ProfileSwitcher() {
  const { data } = useProfiles()
  const setActive = useSetActiveProfile()
  const { push } = useToasts()
  if (!data) return <span className="muted">Loading profiles…</span>
  const active = data.profiles.find((p) => p.id === data.activeId)
  return (
    <label className="profile-switcher">
      <span className="sr-only">Profile</span>
      {active && <EnvBadge profile={active} />}
      <select
        data-testid="profile-switcher"
        value={data.activeId}
        onChange={(e) =>
          setActive.mutate(e.target.value, {
            onError: (err) => push('error', `Could not switch profile: ${err.message}`),
          })
        }
      >
        {data.profiles.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.id})
          </option>
        ))}
      </select>
      {active && (
        <span className={`pill ${active.readOnly ? 'pill-muted' : 'pill-warn'}`} data-testid="readonly-pill">
          {active.readOnly ? 'read-only' : 'read-write'}
        </span>
      )}
    </label>
  )
}
