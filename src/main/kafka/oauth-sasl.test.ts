import { describe, expect, it } from 'vitest'
import type { AuthenticationProviderArgs, SaslAuthenticateArgs } from 'kafkajs'
import { oauthBearerMechanism, refusal, serverMessage } from './oauth-sasl'

const prefixed = (text: string): Buffer => {
  const b = Buffer.alloc(4 + Buffer.byteLength(text))
  b.writeInt32BE(Buffer.byteLength(text), 0)
  b.write(text, 4)
  return b
}

/** Runs the mechanism against a broker that answers `answer` to the client's first message. */
async function authenticate(answer: Buffer): Promise<{ sent: string }> {
  let sent = ''
  const saslAuthenticate = async <T>(args: SaslAuthenticateArgs<T>): Promise<T | void> => {
    sent = (await args.request.encode()).subarray(4).toString()
    const r = args.response!
    return r.parse(await r.decode(answer))
  }
  const mechanism = oauthBearerMechanism(async () => ({ value: 'tok.en.sig' }), 'http://127.0.0.1:9099/token')
  await mechanism
    .authenticationProvider({ host: 'h', port: 1, saslAuthenticate } as unknown as AuthenticationProviderArgs)
    .authenticate()
  return { sent }
}

describe('SASL OAUTHBEARER', () => {
  it('sends the RFC 7628 initial response and accepts an empty answer', async () => {
    const { sent } = await authenticate(prefixed(''))
    expect(sent).toBe('n,,\u0001auth=Bearer tok.en.sig\u0001\u0001')
  })

  it('reads a broker’s error challenge as UNAUTHORIZED naming the token URL and the status', async () => {
    await expect(authenticate(prefixed('{"status":"invalid_token"}'))).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining(
        'the broker did not accept the access token from http://127.0.0.1:9099/token (invalid_token)',
      ),
    })
  })

  it('strips the length prefix and keeps a scope or a non-JSON answer', () => {
    expect(serverMessage(prefixed('{"status":"x"}'))).toBe('{"status":"x"}')
    expect(serverMessage(Buffer.from('raw'))).toBe('raw')
    expect(refusal('')).toBeUndefined()
    expect(refusal('{"status":"insufficient_scope","scope":"kafka"}')).toBe('insufficient_scope (scope kafka)')
    expect(refusal('nope')).toBe('nope')
  })
})
