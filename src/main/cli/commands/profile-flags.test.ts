import { describe, expect, it } from 'vitest'
import type { Profile } from '../../../shared/contract'
import { UsageError } from '../io'
import { profileFromFlags, secretsFromFlags } from './profile-flags'

const ctx = { cwd: '/home/me/certs', fileExists: () => true }

function problems(args: string[], c: Parameters<typeof profileFromFlags>[2] = ctx): string {
  try {
    profileFromFlags('p', args, c)
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return (err as Error).message
  }
  throw new Error('expected a UsageError')
}

describe('profiles add/edit flags', () => {
  it('takes --sasl in any case (Kafka tools write SCRAM-SHA-512)', () => {
    const p = profileFromFlags('p', ['--brokers', 'b:9092', '--sasl', 'SCRAM-SHA-512', '--sasl-username', 'u'], ctx)
    expect(p.kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u' })
  })

  it('names every invalid flag at once, with the accepted values', () => {
    const msg = problems([
      '--brokers',
      'nope',
      '--sasl',
      'GSSAPI',
      '--env',
      'qa',
      '--flink-url',
      'ftp://x',
      '--flink-auth',
      'x',
    ])
    expect(msg).toContain('--brokers: "nope" is not host:port')
    expect(msg).toContain('--sasl "GSSAPI" is not one of plain, scram-sha-256, scram-sha-512')
    expect(msg).toContain('--env "qa" is not one of local, dev, staging, prod')
    expect(msg).toContain('--flink-url "ftp://x" is not an http(s) URL')
    expect(msg).toContain('--flink-auth "x" is not one of basic, bearer')
  })

  it('names the missing --sasl-username, and --sasl missing for a user name', () => {
    expect(problems(['--brokers', 'b:1', '--sasl', 'plain'])).toContain('--sasl needs --sasl-username')
    expect(problems(['--brokers', 'b:1', '--sasl-username', 'u'])).toContain('--sasl-username needs --sasl')
  })

  it('resolves relative certificate paths to absolute ones and refuses a missing file', () => {
    const p = profileFromFlags(
      'p',
      ['--brokers', 'b:1', '--tls-ca', 'ca.pem', '--tls-cert', '../c.pem', '--tls-key', 'k.key'],
      ctx,
    )
    expect(p.kafka.tls).toMatchObject({
      enabled: true,
      caFile: '/home/me/certs/ca.pem',
      certFile: '/home/me/c.pem',
      keyFile: '/home/me/certs/k.key',
    })
    expect(problems(['--brokers', 'b:1', '--tls-ca', 'x.pem'], { cwd: '/nowhere', fileExists: () => false })).toContain(
      '--tls-ca: no such file /nowhere/x.pem',
    )
  })

  it('refuses a client certificate without its key and the reverse', () => {
    expect(problems(['--brokers', 'b:1', '--tls-key', 'k.key'])).toContain('--tls-key needs --tls-cert')
    expect(problems(['--brokers', 'b:1', '--tls-cert', 'c.pem'])).toContain('--tls-cert needs --tls-key')
  })

  it('edit keeps what no flag names, and --no-sasl removes SASL', () => {
    const existing: Profile = {
      id: 'p',
      name: 'P',
      environment: 'prod',
      readOnly: true,
      kafka: {
        brokers: ['b:1'],
        clientId: 'c',
        sasl: { mechanism: 'plain', username: 'u' },
        connectionTimeoutMs: 3000,
        requestTimeoutMs: 30000,
      },
    }
    const renamed = profileFromFlags('p', ['--name', 'Q'], { ...ctx, existing })
    expect(renamed).toMatchObject({
      name: 'Q',
      environment: 'prod',
      readOnly: true,
      kafka: { sasl: { username: 'u' } },
    })
    const changed = profileFromFlags('p', ['--sasl', 'SCRAM-SHA-256'], { ...ctx, existing })
    expect(changed.kafka.sasl).toEqual({ mechanism: 'scram-sha-256', username: 'u' })
    expect(profileFromFlags('p', ['--no-sasl'], { ...ctx, existing }).kafka.sasl).toBeUndefined()
  })

  describe('OAUTHBEARER', () => {
    const oauth = ['--brokers', 'b:9098', '--sasl', 'OAUTHBEARER']
    it('takes the token URL, client id, scope and audience; the secret goes to the secret store', () => {
      const args = [
        ...oauth,
        '--oauth-token-url',
        'https://idp.example.com/oauth2/token',
        '--oauth-client-id',
        'ops-console',
        '--oauth-client-secret',
        's3cret',
        '--oauth-scope',
        'kafka',
        '--oauth-audience',
        'kafka-prod',
      ]
      const p = profileFromFlags('p', args, ctx)
      expect(p.kafka.sasl).toEqual({
        mechanism: 'oauthbearer',
        oauth: {
          tokenUrl: 'https://idp.example.com/oauth2/token',
          clientId: 'ops-console',
          scope: 'kafka',
          audience: 'kafka-prod',
        },
      })
      expect(JSON.stringify(p)).not.toContain('s3cret')
      expect(secretsFromFlags(args)).toEqual({ oauthClientSecret: 's3cret' })
      expect(secretsFromFlags(['--brokers', 'b:1'])).toEqual({})
      expect(() => secretsFromFlags(['--oauth-client-secret', ' '])).toThrow(/needs a value/)
    })

    it('names every missing or wrong OAuth flag', () => {
      const msg = problems([...oauth, '--sasl-username', 'u'])
      expect(msg).toContain('--sasl OAUTHBEARER needs --oauth-token-url')
      expect(msg).toContain('--sasl OAUTHBEARER needs --oauth-client-id')
      expect(msg).toContain('--sasl-username does not apply to --sasl OAUTHBEARER')
      for (const url of ['http://idp.example.com/token', 'ftp://127.0.0.1/t', 'https://u:p@idp/t', 'not a url']) {
        expect(problems([...oauth, '--oauth-client-id', 'c', '--oauth-token-url', url])).toContain(
          `--oauth-token-url "${url}" is not an https URL`,
        )
      }
      expect(problems(['--brokers', 'b:1', '--oauth-client-id', 'c'])).toContain(
        '--oauth-client-id needs --sasl OAUTHBEARER',
      )
      expect(problems(['--brokers', 'b:1', '--sasl', 'plain', '--sasl-username', 'u', '--oauth-scope', 's'])).toContain(
        '--oauth-scope needs --sasl OAUTHBEARER',
      )
    })

    it('allows plain http only to this machine', () => {
      for (const url of ['http://127.0.0.1:9099/token', 'http://localhost/token']) {
        const p = profileFromFlags('p', [...oauth, '--oauth-client-id', 'c', '--oauth-token-url', url], ctx)
        expect(p.kafka.sasl).toMatchObject({ oauth: { tokenUrl: url } })
      }
    })

    it('edit keeps the OAuth settings no flag names; "" removes the scope', () => {
      const existing = {
        id: 'p',
        name: 'p',
        environment: 'dev',
        readOnly: true,
        kafka: {
          brokers: ['b:1'],
          clientId: 'keytrail',
          sasl: { mechanism: 'oauthbearer', oauth: { tokenUrl: 'https://idp/t', clientId: 'c', scope: 'kafka' } },
          connectionTimeoutMs: 3000,
          requestTimeoutMs: 30000,
        },
      } satisfies Profile
      expect(profileFromFlags('p', ['--oauth-client-id', 'd'], { ...ctx, existing }).kafka.sasl).toEqual({
        mechanism: 'oauthbearer',
        oauth: { tokenUrl: 'https://idp/t', clientId: 'd', scope: 'kafka' },
      })
      expect(profileFromFlags('p', ['--oauth-scope', ''], { ...ctx, existing }).kafka.sasl).toEqual({
        mechanism: 'oauthbearer',
        oauth: { tokenUrl: 'https://idp/t', clientId: 'c' },
      })
      expect(problems(['--sasl', 'plain'], { ...ctx, existing })).toContain('--sasl needs --sasl-username')
    })
  })
})
