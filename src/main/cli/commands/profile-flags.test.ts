import { describe, expect, it } from 'vitest'
import type { Profile } from '../../../shared/contract'
import { UsageError } from '../io'
import { profileFromFlags } from './profile-flags'

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
})
