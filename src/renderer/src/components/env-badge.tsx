import type { ProfileView } from '../../../shared/contract'

export function EnvBadge({ profile }: { profile: Pick<ProfileView, 'environment' | 'color'> }) {
  return (
    <span className="env-badge" data-env={profile.environment} data-testid="env-badge">
      {profile.environment}
    </span>
  )
}
