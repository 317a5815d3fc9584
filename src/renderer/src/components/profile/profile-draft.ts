import type { ProfileInput, ProfileView } from '../../../../shared/contract'

// The form's editable state and its translation to and from the contract's profile: pure, so the
// form only renders fields. Secrets start empty: stored ones are never sent back to the renderer.

export interface Draft {
  id: string
  name: string
  environment: ProfileInput['environment']
  brokers: string
  readOnly: boolean
  saslMechanism: '' | 'plain' | 'scram-sha-256' | 'scram-sha-512' | 'oauthbearer'
  saslUsername: string
  kafkaPassword: string
  oauthTokenUrl: string
  oauthClientId: string
  oauthScope: string
  oauthAudience: string
  oauthClientSecret: string
  tls: boolean
  flinkUrl: string
  flinkAuth: '' | 'basic' | 'bearer'
  flinkUsername: string
  flinkSecret: string
  registryUrl: string
}

export function draftOf(p?: ProfileView): Draft {
  const sasl = p?.kafka.sasl
  const oauth = sasl?.mechanism === 'oauthbearer' ? sasl.oauth : undefined
  return {
    id: p?.id ?? '',
    name: p?.name ?? '',
    environment: p?.environment ?? 'dev',
    brokers: p?.kafka.brokers.join(', ') ?? '',
    readOnly: p?.readOnly ?? true,
    saslMechanism: sasl?.mechanism ?? '',
    saslUsername: sasl && sasl.mechanism !== 'oauthbearer' ? sasl.username : '',
    kafkaPassword: '',
    oauthTokenUrl: oauth?.tokenUrl ?? '',
    oauthClientId: oauth?.clientId ?? '',
    oauthScope: oauth?.scope ?? '',
    oauthAudience: oauth?.audience ?? '',
    oauthClientSecret: '',
    tls: p?.kafka.tls?.enabled ?? false,
    flinkUrl: p?.flink?.url ?? '',
    flinkAuth: p?.flink?.auth?.type ?? '',
    flinkUsername: p?.flink?.auth?.type === 'basic' ? p.flink.auth.username : '',
    flinkSecret: '',
    registryUrl: p?.schemaRegistry?.url ?? '',
  }
}

export function toInput(d: Draft, existing?: ProfileView): { profile: ProfileInput; secrets: Record<string, string> } {
  const secrets: Record<string, string> = {}
  const oauth = d.saslMechanism === 'oauthbearer'
  if (d.kafkaPassword && d.saslMechanism && !oauth) secrets.kafkaPassword = d.kafkaPassword
  if (d.oauthClientSecret && oauth) secrets.oauthClientSecret = d.oauthClientSecret
  if (d.flinkSecret) secrets[d.flinkAuth === 'bearer' ? 'flinkToken' : 'flinkPassword'] = d.flinkSecret
  return {
    profile: {
      id: d.id.trim(),
      name: d.name.trim() || d.id.trim(),
      environment: d.environment,
      readOnly: d.readOnly,
      kafka: {
        ...existing?.kafka,
        brokers: d.brokers
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean),
        sasl: oauth
          ? {
              mechanism: 'oauthbearer',
              oauth: {
                tokenUrl: d.oauthTokenUrl.trim(),
                clientId: d.oauthClientId.trim(),
                ...(d.oauthScope.trim() ? { scope: d.oauthScope.trim() } : {}),
                ...(d.oauthAudience.trim() ? { audience: d.oauthAudience.trim() } : {}),
              },
            }
          : d.saslMechanism && d.saslMechanism !== 'oauthbearer'
            ? { mechanism: d.saslMechanism, username: d.saslUsername }
            : undefined,
        tls: d.tls
          ? {
              ...existing?.kafka.tls,
              enabled: true,
              rejectUnauthorized: existing?.kafka.tls?.rejectUnauthorized ?? true,
            }
          : undefined,
      },
      flink: d.flinkUrl
        ? {
            ...existing?.flink,
            url: d.flinkUrl.trim(),
            auth:
              d.flinkAuth === 'basic'
                ? { type: 'basic', username: d.flinkUsername }
                : d.flinkAuth === 'bearer'
                  ? { type: 'bearer' }
                  : undefined,
          }
        : undefined,
      schemaRegistry: d.registryUrl ? { ...existing?.schemaRegistry, url: d.registryUrl.trim() } : undefined,
      // The form does not show the trace map, but saving replaces the whole profile: keep it.
      trace: existing?.trace,
    },
    secrets,
  }
}
