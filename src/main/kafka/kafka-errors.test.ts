import { describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/contract'
import { toApiError } from '../api/to-api-error'
import { onTopic, kafkaApiError, type KafkaErrorContext } from './kafka-errors'

/** Errors shaped as kafkajs 2.2.4 throws them (name, message, type, the wrapped cause). */
function kafkajsError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra })
}

const scram: KafkaErrorContext = { brokers: ['127.0.0.1:9094'], principal: 'scramuser', mechanism: 'SCRAM-SHA-512' }

describe('kafka errors', () => {
  it('maps a SASL failure to UNAUTHORIZED with principal and mechanism', () => {
    const err = kafkaApiError(
      kafkajsError(
        'KafkaJSSASLAuthenticationError',
        'SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
      ),
      scram,
    )
    expect(err?.code).toBe('UNAUTHORIZED')
    expect(err?.message).toContain('"User:scramuser" (SASL SCRAM-SHA-512)')
    expect(err?.message).toContain('127.0.0.1:9094')
    expect(err?.details).toEqual({ principal: 'scramuser', mechanism: 'SCRAM-SHA-512' })
  })

  it('maps an ACL denial to FORBIDDEN naming the resource', () => {
    const err = kafkaApiError(
      kafkajsError('KafkaJSProtocolError', 'Not authorized to access topics: [Topic authorization failed]', {
        type: 'TOPIC_AUTHORIZATION_FAILED',
      }),
      scram,
    )
    expect(err?.code).toBe('FORBIDDEN')
    expect(err?.message).toContain('denied access to a topic for principal "User:scramuser"')
  })

  it('names the topic of a denial met while reading it', () => {
    const denied = kafkajsError(
      'KafkaJSProtocolError',
      'Not authorized to access topics: [Topic authorization failed]',
      {
        type: 'TOPIC_AUTHORIZATION_FAILED',
      },
    )
    let thrown: unknown
    try {
      onTopic('payments')(denied)
    } catch (e) {
      thrown = e
    }
    const err = kafkaApiError(thrown, scram)
    expect(err?.code).toBe('FORBIDDEN')
    expect(err?.message).toContain(
      'denied access to topic "payments" for principal "User:scramuser" (SASL SCRAM-SHA-512)',
    )
    expect(err?.details).toMatchObject({ topic: 'payments', error: 'TOPIC_AUTHORIZATION_FAILED' })
  })

  it('names a refused client certificate (mTLS) and an untrusted broker certificate', () => {
    const alert = kafkajsError(
      'KafkaJSNumberOfRetriesExceeded',
      'Connection error: 80DC01332B7F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate',
    )
    const noCert = kafkaApiError(alert, { brokers: ['h:1'], tls: { caFile: '/ca.pem' } })
    expect(noCert?.code).toBe('UNAUTHORIZED')
    expect(noCert?.message).toMatch(/requires a client certificate.*--tls-cert, --tls-key/)
    const wrongCa = kafkaApiError(
      kafkajsError('KafkaJSNumberOfRetriesExceeded', 'Connection error: unable to verify the first certificate'),
      { brokers: ['h:1'], tls: { caFile: '/other-ca.pem' } },
    )
    expect(wrongCa?.code).toBe('UNAVAILABLE')
    expect(wrongCa?.message).toContain('not trusted by the CA in /other-ca.pem')
    const selfSigned = kafkaApiError(
      kafkajsError('KafkaJSConnectionError', 'Connection error: self-signed certificate in certificate chain'),
    )
    expect(selfSigned?.message).toContain('system trust store')
  })

  it('maps a broker that is down to UNAVAILABLE, leaves other errors alone', () => {
    const down = kafkaApiError(kafkajsError('KafkaJSNumberOfRetriesExceeded', 'Connection error: connect ECONNREFUSED'))
    expect(down?.code).toBe('UNAVAILABLE')
    expect(kafkaApiError(new Error('a bug'))).toBeUndefined()
    expect(kafkaApiError(new ApiError('NOT_FOUND', 'x'))).toBeUndefined()
  })

  it('maps a frozen or recovering broker to UNAVAILABLE naming Kafka (broker-pause, a leader moving, a coordinator loading)', () => {
    const ctx: KafkaErrorContext = { brokers: ['127.0.0.1:9092'] }
    const dropped = toApiError(kafkaApiError(new Error('Broker not connected'), ctx))
    expect(dropped).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^Kafka at 127\.0\.0\.1:9092 is unreachable/),
    })
    const leader = kafkajsError('KafkaJSProtocolError', 'This server is not the leader for that topic-partition', {
      type: 'NOT_LEADER_FOR_PARTITION',
      retriable: true,
    })
    const wrapped = kafkajsError('KafkaJSNumberOfRetriesExceeded', leader.message, { originalError: leader })
    expect(kafkaApiError(wrapped, ctx)).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('Kafka at 127.0.0.1:9092 is recovering'),
    })
    const loading = kafkajsError(
      'KafkaJSProtocolError',
      "The coordinator is loading and hence can't process requests",
      {
        type: 'COORDINATOR_LOAD_IN_PROGRESS',
        retriable: true,
      },
    )
    expect(toApiError(loading).code).toBe('UNAVAILABLE')
    // A protocol error Kafka will not get over by itself is not hidden as "recovering".
    const fatal = kafkajsError('KafkaJSProtocolError', 'The request is invalid', {
      type: 'INVALID_REQUEST',
      retriable: false,
    })
    expect(kafkaApiError(fatal)).toBeUndefined()
  })

  it('reaches the router: an authentication failure is UNAUTHORIZED, not INTERNAL', () => {
    const err = toApiError(kafkajsError('KafkaJSSASLAuthenticationError', 'SASL PLAIN authentication failed: bad'))
    expect(err.code).toBe('UNAUTHORIZED')
  })
})
