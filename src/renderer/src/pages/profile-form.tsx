import { useState, type FormEvent } from 'react'
import { environments, type ProfileInput, type ProfileView } from '../../../shared/contract'
import { useSaveProfile } from '../hooks/use-profiles'
import { useToasts } from '../components/toasts'

interface Draft {
  id: string
  name: string
  environment: ProfileInput['environment']
  brokers: string
  readOnly: boolean
  saslMechanism: '' | 'plain' | 'scram-sha-256' | 'scram-sha-512'
  saslUsername: string
  kafkaPassword: string
  tls: boolean
  flinkUrl: string
  flinkAuth: '' | 'basic' | 'bearer'
  flinkUsername: string
  flinkSecret: string
  registryUrl: string
}

function draftOf(p?: ProfileView): Draft {
  return {
    id: p?.id ?? '',
    name: p?.name ?? '',
    environment: p?.environment ?? 'dev',
    brokers: p?.kafka.brokers.join(', ') ?? '',
    readOnly: p?.readOnly ?? true,
    saslMechanism: p?.kafka.sasl?.mechanism ?? '',
    saslUsername: p?.kafka.sasl?.username ?? '',
    kafkaPassword: '',
    tls: p?.kafka.tls?.enabled ?? false,
    flinkUrl: p?.flink?.url ?? '',
    flinkAuth: p?.flink?.auth?.type ?? '',
    flinkUsername: p?.flink?.auth?.type === 'basic' ? p.flink.auth.username : '',
    flinkSecret: '',
    registryUrl: p?.schemaRegistry?.url ?? '',
  }
}

function toInput(d: Draft, existing?: ProfileView): { profile: ProfileInput; secrets: Record<string, string> } {
  const secrets: Record<string, string> = {}
  if (d.kafkaPassword) secrets.kafkaPassword = d.kafkaPassword
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
        sasl: d.saslMechanism ? { mechanism: d.saslMechanism, username: d.saslUsername } : undefined,
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
    },
    secrets,
  }
}

/** Add or edit a profile. Secrets typed here go to the encrypted store and are never shown again. */
export function ProfileForm({ existing, onDone }: { existing?: ProfileView; onDone: () => void }) {
  const [d, setD] = useState<Draft>(() => draftOf(existing))
  const save = useSaveProfile()
  const { push } = useToasts()
  const set = <K extends keyof Draft>(k: K, v: Draft[K]): void => setD((x) => ({ ...x, [k]: v }))

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    save.mutate(toInput(d, existing), {
      onSuccess: (p) => {
        push('info', `Saved profile ${p.id}`)
        onDone()
      },
      onError: (err) => push('error', `Not saved: ${err.message}`),
    })
  }

  return (
    <form className="panel form" onSubmit={submit} data-testid="profile-form">
      <h2>{existing ? `Edit ${existing.name}` : 'New profile'}</h2>
      <div className="form-grid">
        <label>
          Id
          <input
            required
            value={d.id}
            disabled={!!existing}
            onChange={(e) => set('id', e.target.value)}
            placeholder="prod-eu"
            name="id"
          />
        </label>
        <label>
          Name
          <input value={d.name} onChange={(e) => set('name', e.target.value)} placeholder="Production EU" name="name" />
        </label>
        <label>
          Environment
          <select
            value={d.environment}
            onChange={(e) => set('environment', e.target.value as Draft['environment'])}
            name="environment"
          >
            {environments.map((env) => (
              <option key={env}>{env}</option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={d.readOnly}
            onChange={(e) => set('readOnly', e.target.checked)}
            name="readOnly"
          />{' '}
          Read-only
        </label>
        <label className="wide">
          Kafka bootstrap brokers
          <input
            required
            value={d.brokers}
            onChange={(e) => set('brokers', e.target.value)}
            placeholder="broker1:9092, broker2:9092"
            name="brokers"
          />
        </label>
        <label>
          SASL
          <select
            value={d.saslMechanism}
            onChange={(e) => set('saslMechanism', e.target.value as Draft['saslMechanism'])}
          >
            <option value="">none</option>
            <option value="plain">PLAIN</option>
            <option value="scram-sha-256">SCRAM-SHA-256</option>
            <option value="scram-sha-512">SCRAM-SHA-512</option>
          </select>
        </label>
        {d.saslMechanism && (
          <>
            <label>
              SASL user
              <input value={d.saslUsername} onChange={(e) => set('saslUsername', e.target.value)} />
            </label>
            <label>
              SASL password {existing?.secrets.includes('kafkaPassword') && <span className="muted">(stored)</span>}
              <input
                type="password"
                autoComplete="off"
                value={d.kafkaPassword}
                onChange={(e) => set('kafkaPassword', e.target.value)}
              />
            </label>
          </>
        )}
        <label className="check">
          <input type="checkbox" checked={d.tls} onChange={(e) => set('tls', e.target.checked)} /> TLS (system trust)
        </label>
        <label className="wide">
          Flink REST URL
          <input
            value={d.flinkUrl}
            onChange={(e) => set('flinkUrl', e.target.value)}
            placeholder="http://jobmanager:8081"
            name="flinkUrl"
          />
        </label>
        {d.flinkUrl && (
          <label>
            Flink auth
            <select value={d.flinkAuth} onChange={(e) => set('flinkAuth', e.target.value as Draft['flinkAuth'])}>
              <option value="">none</option>
              <option value="basic">basic</option>
              <option value="bearer">bearer token</option>
            </select>
          </label>
        )}
        {d.flinkAuth === 'basic' && (
          <label>
            Flink user
            <input value={d.flinkUsername} onChange={(e) => set('flinkUsername', e.target.value)} />
          </label>
        )}
        {d.flinkAuth && (
          <label>
            {d.flinkAuth === 'basic' ? 'Flink password' : 'Flink token'}
            <input
              type="password"
              autoComplete="off"
              value={d.flinkSecret}
              onChange={(e) => set('flinkSecret', e.target.value)}
            />
          </label>
        )}
        <label className="wide">
          Schema Registry URL (optional)
          <input
            value={d.registryUrl}
            onChange={(e) => set('registryUrl', e.target.value)}
            placeholder="http://registry:8081"
          />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="profile-save">
          Save
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}
