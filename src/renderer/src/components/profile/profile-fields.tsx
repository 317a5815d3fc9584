// The profile form's field groups; each edits its part of the draft through `set`.
import type { ReactNode } from 'react'
import { environments, type ProfileView } from '../../../../shared/contract'
import type { Draft } from './profile-draft'
import { MakeWritable } from './make-writable'

interface FieldsProps {
  d: Draft
  set: <K extends keyof Draft>(key: K, value: Draft[K]) => void
  existing?: ProfileView
}

/** A secret is typed, never shown back: the input starts empty even when one is stored. */
function SecretField({
  d,
  set,
  field,
  children,
}: FieldsProps & { field: 'kafkaPassword' | 'flinkSecret' | 'oauthClientSecret'; children: ReactNode }) {
  return (
    <label>
      {children}
      <input
        type="password"
        autoComplete="off"
        value={d[field]}
        onChange={(e) => set(field, e.target.value)}
        name={field}
      />
    </label>
  )
}

export function IdentityFields({ d, set, existing }: FieldsProps) {
  return (
    <>
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
      {existing?.readOnly ? (
        <MakeWritable profile={existing} />
      ) : (
        <label className="check">
          <input
            type="checkbox"
            checked={d.readOnly}
            onChange={(e) => set('readOnly', e.target.checked)}
            name="readOnly"
          />{' '}
          Read-only
        </label>
      )}
    </>
  )
}

export function KafkaFields({ d, set, existing }: FieldsProps) {
  return (
    <>
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
          <option value="oauthbearer">OAUTHBEARER (client credentials)</option>
        </select>
      </label>
      {d.saslMechanism === 'oauthbearer' && <OAuthFields d={d} set={set} existing={existing} />}
      {d.saslMechanism && d.saslMechanism !== 'oauthbearer' && (
        <>
          <label>
            SASL user
            <input value={d.saslUsername} onChange={(e) => set('saslUsername', e.target.value)} />
          </label>
          <SecretField d={d} set={set} field="kafkaPassword">
            SASL password {existing?.secrets.includes('kafkaPassword') && <span className="muted">(stored)</span>}
          </SecretField>
        </>
      )}
      <label className="check">
        <input type="checkbox" checked={d.tls} onChange={(e) => set('tls', e.target.checked)} /> TLS (system trust)
      </label>
    </>
  )
}

/** OAUTHBEARER with the client-credentials grant: Keytrail fetches the token from the token URL. */
function OAuthFields({ d, set, existing }: FieldsProps) {
  return (
    <>
      <label className="wide">
        OAuth token URL
        <input
          required
          value={d.oauthTokenUrl}
          onChange={(e) => set('oauthTokenUrl', e.target.value)}
          placeholder="https://idp.example.com/oauth2/token"
          name="oauthTokenUrl"
        />
      </label>
      <label>
        OAuth client id
        <input
          required
          value={d.oauthClientId}
          onChange={(e) => set('oauthClientId', e.target.value)}
          name="oauthClientId"
        />
      </label>
      <SecretField d={d} set={set} field="oauthClientSecret">
        OAuth client secret {existing?.secrets.includes('oauthClientSecret') && <span className="muted">(stored)</span>}
      </SecretField>
      <label>
        OAuth scope <span className="muted">(optional)</span>
        <input value={d.oauthScope} onChange={(e) => set('oauthScope', e.target.value)} name="oauthScope" />
      </label>
      <label>
        OAuth audience <span className="muted">(optional)</span>
        <input value={d.oauthAudience} onChange={(e) => set('oauthAudience', e.target.value)} name="oauthAudience" />
      </label>
    </>
  )
}

export function FlinkFields({ d, set }: FieldsProps) {
  return (
    <>
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
        <SecretField d={d} set={set} field="flinkSecret">
          {d.flinkAuth === 'basic' ? 'Flink password' : 'Flink token'}
        </SecretField>
      )}
    </>
  )
}
