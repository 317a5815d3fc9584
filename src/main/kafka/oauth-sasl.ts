import type { AuthenticationProviderArgs, Authenticator, Mechanism } from 'kafkajs'
import { ApiError } from '../../shared/contract'
import type { OAuthBearerToken } from './oauth-token'

const SOH = '\u0001'

/** A SASL bytes field as Kafka writes it: an int32 length, then the bytes. */
function lengthPrefixed(text: string): Buffer {
  const body = Buffer.from(text)
  const out = Buffer.alloc(4 + body.length)
  out.writeInt32BE(body.length, 0)
  body.copy(out, 4)
  return out
}

/** The server's answer to the client's first message, without its length prefix (empty on success). */
export function serverMessage(raw: Buffer): string {
  const body = raw.length >= 4 && raw.readInt32BE(0) === raw.length - 4 ? raw.subarray(4) : raw
  return body.toString('utf8')
}

/**
 * What the server's answer means: a broker that refuses a token answers with an RFC 7628 error
 * challenge (`{"status":"invalid_token"}`) and then closes the connection. kafkajs' own OAUTHBEARER
 * takes that answer for success and reports the closed connection as "No brokers in the broker
 * pool"; this one says that the broker refused the token.
 */
export function refusal(message: string): string | undefined {
  if (!message.trim()) return undefined
  try {
    const parsed = JSON.parse(message) as { status?: unknown; scope?: unknown }
    if (typeof parsed.status === 'string') {
      return typeof parsed.scope === 'string' ? `${parsed.status} (scope ${parsed.scope})` : parsed.status
    }
  } catch {
    // Not JSON: shown as sent.
  }
  return message.slice(0, 200)
}

/** SASL OAUTHBEARER (RFC 7628) for kafkajs, reading the broker's answer. */
export function oauthBearerMechanism(provide: () => Promise<OAuthBearerToken>, tokenUrl: string): Mechanism {
  return {
    mechanism: 'oauthbearer',
    authenticationProvider: ({ saslAuthenticate }: AuthenticationProviderArgs): Authenticator => ({
      authenticate: async () => {
        const token = await provide()
        const answer = await saslAuthenticate<string>({
          request: { encode: () => lengthPrefixed(`n,,${SOH}auth=Bearer ${token.value}${SOH}${SOH}`) },
          response: { decode: (raw) => raw, parse: (data) => serverMessage(data) },
        })
        const refused = typeof answer === 'string' ? refusal(answer) : undefined
        if (refused) {
          throw new ApiError(
            'UNAUTHORIZED',
            `SASL OAUTHBEARER: the broker did not accept the access token from ${tokenUrl} (${refused}): check the token's audience, issuer, signing key and scope against the broker's OAuth settings`,
            { mechanism: 'OAUTHBEARER', tokenUrl, status: refused },
          )
        }
      },
    }),
  }
}
