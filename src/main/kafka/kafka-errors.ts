import { ApiError, type Profile } from '../../shared/contract'

/** Who connected to which brokers, and how: what an error message needs to say what to fix. */
export interface KafkaErrorContext {
  brokers: string[]
  /** The SASL user name (the OAuth client id for OAUTHBEARER), when the profile uses SASL. */
  principal?: string
  /** PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER. */
  mechanism?: string
  /** The token endpoint, for OAUTHBEARER. */
  tokenUrl?: string
  tls?: { caFile?: string; certFile?: string }
}

export function kafkaErrorContext(profile: Profile): KafkaErrorContext {
  const k = profile.kafka
  return {
    brokers: k.brokers,
    ...(k.sasl?.mechanism === 'oauthbearer'
      ? { principal: k.sasl.oauth.clientId, mechanism: 'OAUTHBEARER', tokenUrl: k.sasl.oauth.tokenUrl }
      : k.sasl
        ? { principal: k.sasl.username, mechanism: k.sasl.mechanism.toUpperCase() }
        : {}),
    ...(k.tls?.enabled ? { tls: { caFile: k.tls.caFile, certFile: k.tls.certFile } } : {}),
  }
}

/** kafkajs wraps the error that ended its retries; the messages of the whole chain are searched. */
function chain(err: Error): Error[] {
  const out: Error[] = []
  let e: unknown = err
  while (e instanceof Error && out.length < 5) {
    out.push(e)
    const next = (e as { originalError?: unknown; cause?: unknown }).originalError ?? e.cause
    e = next
  }
  return out
}

const TLS_CLIENT_CERT = /alert bad certificate|certificate required|alert handshake failure|alert unknown ca/i
const TLS_SERVER_TRUST =
  /unable to verify|self[- ]signed certificate|certificate has expired|unable to get (local )?issuer|does not match certificate|certificate is not yet valid/i
const AUTHZ = /^([A-Z_]+)_AUTHORIZATION_FAILED$/

const UNREACHABLE_NAMES =
  /^KafkaJS(ConnectionError|ConnectionClosedError|BrokerNotFound|RequestTimeoutError|NoBrokerAvailableError|GroupCoordinatorNotFound|MetadataNotLoaded|TopicMetadataNotLoaded|Timeout|LockTimeout)$/

function unreachable(e: Error): boolean {
  if (UNREACHABLE_NAMES.test(e.name)) return true
  // kafkajs throws a plain Error when a request goes to a broker whose connection dropped.
  if (e.message === 'Broker not connected') return true
  return e.name === 'KafkaJSNumberOfRetriesExceeded' && /^(Connection|Closed connection)/i.test(e.message)
}

/** A broker that answers but is moving leadership or loading a coordinator: Kafka's own "retry later". */
function recovering(e: Error): string | undefined {
  const { retriable, type } = e as { retriable?: unknown; type?: unknown }
  return e.name === 'KafkaJSProtocolError' && retriable === true && typeof type === 'string' ? type : undefined
}

function who(ctx: KafkaErrorContext | undefined): string {
  if (!ctx?.principal) return ''
  return ` for principal "User:${ctx.principal}"${ctx.mechanism ? ` (SASL ${ctx.mechanism})` : ''}`
}

const at = (ctx: KafkaErrorContext | undefined): string => (ctx ? ` at ${ctx.brokers.join(',')}` : '')

function tlsError(text: string, ctx: KafkaErrorContext | undefined): ApiError | undefined {
  if (TLS_CLIENT_CERT.test(text)) {
    const fix = ctx?.tls?.certFile
      ? `the certificate in ${ctx.tls.certFile} is not accepted: it must be signed by a CA the broker trusts`
      : 'set a client certificate and key (--tls-cert, --tls-key)'
    return new ApiError(
      'UNAUTHORIZED',
      `TLS: the broker${at(ctx)} requires a client certificate (mTLS) and refused the handshake: ${fix}`,
      { kind: 'tls-client-certificate' },
    )
  }
  if (TLS_SERVER_TRUST.test(text)) {
    const ca = ctx?.tls?.caFile ? `the CA in ${ctx.tls.caFile}` : 'the system trust store'
    return new ApiError(
      'UNAVAILABLE',
      `TLS: the broker's certificate${at(ctx)} is not trusted by ${ca} (${text.replace(/^Connection error: /, '')}): set --tls-ca to the CA that signed it`,
      { kind: 'tls-server-certificate' },
    )
  }
  return undefined
}

/** An ACL refused a topic (kafkajs may wrap the broker's error). */
export function isTopicDenied(err: unknown): boolean {
  return err instanceof Error && chain(err).some((e) => (e as { type?: unknown }).type === 'TOPIC_AUTHORIZATION_FAILED')
}

/** A failure met while reading `topic`, so that its API error can name the topic (an ACL denial). */
export function onTopic(topic: string): (err: unknown) => never {
  return (err) => {
    throw namedForTopic(topic, err)
  }
}

/** `err` naming `topic` (what `onTopic` throws), for a caller that keeps the error instead. */
export function namedForTopic(topic: string, err: unknown): unknown {
  if (!(err instanceof Error) || err instanceof ApiError) return err
  return Object.assign(new Error(`Topic ${topic}: ${err.message}`, { cause: err }), { topic })
}

/**
 * What a kafkajs failure means for the person at the console, as the API error to show: bad
 * credentials and refused client certificates are UNAUTHORIZED, ACL denials FORBIDDEN, an
 * untrusted broker certificate or an unreachable broker UNAVAILABLE. Undefined for anything else.
 */
export function kafkaApiError(err: unknown, ctx?: KafkaErrorContext): ApiError | undefined {
  if (err instanceof ApiError || !(err instanceof Error)) return undefined
  const errors = chain(err)
  // Ours, thrown inside kafkajs (the OAuth token provider) and wrapped by it: already says what to fix.
  const ours = errors.find((e) => e instanceof ApiError)
  if (ours instanceof ApiError) return ours
  const sasl = errors.find((e) => e.name === 'KafkaJSSASLAuthenticationError')
  if (sasl) {
    const fix =
      ctx?.mechanism === 'OAUTHBEARER'
        ? `the broker did not accept the access token from ${ctx.tokenUrl ?? 'the token endpoint'}: check the token's audience, issuer and scope against the broker's OAuth settings`
        : 'Check the user name and the Kafka password of the profile'
    return new ApiError('UNAUTHORIZED', `Kafka${at(ctx)} refused the credentials${who(ctx)}: ${sasl.message}. ${fix}`, {
      principal: ctx?.principal,
      mechanism: ctx?.mechanism,
    })
  }
  const authz = errors.map((e) => (e as { type?: unknown }).type).find((t) => typeof t === 'string' && AUTHZ.test(t))
  if (typeof authz === 'string') {
    const resource = (AUTHZ.exec(authz)?.[1] ?? 'resource').toLowerCase().replace(/_/g, ' ')
    const topic = errors.map((e) => (e as { topic?: unknown }).topic).find((t) => typeof t === 'string')
    const what = typeof topic === 'string' ? `${resource} "${topic}"` : `a ${resource}`
    return new ApiError(
      'FORBIDDEN',
      `Kafka${at(ctx)} denied access to ${what}${who(ctx)} (${authz}): an ACL must allow it`,
      {
        principal: ctx?.principal,
        mechanism: ctx?.mechanism,
        error: authz,
        ...(typeof topic === 'string' ? { topic } : {}),
      },
    )
  }
  const text = errors.map((e) => e.message).join(' · ')
  const tls = tlsError(text, ctx)
  if (tls) return tls
  if (errors.some(unreachable)) {
    return new ApiError('UNAVAILABLE', `Kafka${at(ctx)} is unreachable: ${errors[errors.length - 1]?.message ?? text}`)
  }
  const busy = errors.map(recovering).find((t) => t !== undefined)
  if (busy) {
    return new ApiError(
      'UNAVAILABLE',
      `Kafka${at(ctx)} is recovering and asked to retry later (${busy}: ${errors[errors.length - 1]?.message ?? text})`,
      { error: busy },
    )
  }
  return undefined
}

/** Rethrows a kafkajs failure as its API error (with the profile's principal), anything else as it is. */
export function rethrowKafka(ctx: KafkaErrorContext): (err: unknown) => never {
  return (err) => {
    throw kafkaApiError(err, ctx) ?? err
  }
}
