import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from '../util/atomic-write'
import { ensureStackCerts } from './secure-certs'

/**
 * The secure listeners sit right above the Kafka port (the controller takes +1), so that a stack
 * moved to another port range takes them along: 9094 SASL_PLAINTEXT, 9095 SSL, 9096 mTLS, 9097 SASL_SSL,
 * 9098 SASL_PLAINTEXT with OAUTHBEARER.
 */
export function securePorts(kafkaPort: number) {
  return {
    saslPlaintext: kafkaPort + 2,
    ssl: kafkaPort + 3,
    mtls: kafkaPort + 4,
    saslSsl: kafkaPort + 5,
    oauth: kafkaPort + 6,
  }
}

/** The stack's OAuth token endpoint and JWKS (a small Node process, `stack oauth-server`): 9099. */
export const oauthServerPort = (kafkaPort: number): number => kafkaPort + 7

export const STANDARD_AUTHORIZER = 'org.apache.kafka.metadata.authorizer.StandardAuthorizer'

/** JAAS option names are tokens: plain letters keep the broker's JAAS parser happy. */
export const STACK_USERS = { plain: 'plainuser', scram: 'scramuser' } as const
export const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const

const credential = z.object({ username: z.string().regex(/^[a-z]+$/), password: z.string().regex(/^[0-9a-f]{16,}$/) })

/** The stack's OAuth client and what its broker checks in a token. */
const oauthMaterial = z.object({
  tokenUrl: z.string().url(),
  jwksUrl: z.string().url(),
  issuer: z.string().min(1),
  audience: z.string().min(1),
  scope: z.string().min(1),
  clientId: z.string().regex(/^[a-z0-9-]+$/),
  clientSecret: z.string().regex(/^[0-9a-f]{16,}$/),
  /** RS256 signing key (PKCS#8 PEM, mode 0600); its public half is the JWKS. */
  signingKeyFile: z.string().min(1),
})
export type StackOAuth = z.infer<typeof oauthMaterial>

/** What a client of the secure stack needs, in $STACK_DIR/secure/clients.json (mode 0600). */
export const stackClientsSchema = z.object({
  version: z.literal(1),
  ports: z.object({
    saslPlaintext: z.number().int(),
    ssl: z.number().int(),
    mtls: z.number().int(),
    saslSsl: z.number().int(),
    /** Absent in a clients file written before the OAUTHBEARER listener existed. */
    oauth: z.number().int().optional(),
  }),
  caFile: z.string().min(1),
  certFile: z.string().min(1),
  keyFile: z.string().min(1),
  users: z.object({ plain: credential, scram: credential }),
  oauth: oauthMaterial.optional(),
})
export type StackClients = z.infer<typeof stackClientsSchema>

export const secureDirOf = (stackDir: string): string => path.join(stackDir, 'secure')
export const clientsFileOf = (stackDir: string): string => path.join(secureDirOf(stackDir), 'clients.json')

/** The clients file of a stack, or undefined when it has none (never started with --secure) or it is damaged. */
export function readStackClients(stackDir: string): StackClients | undefined {
  const file = clientsFileOf(stackDir)
  if (!existsSync(file)) return undefined
  try {
    const parsed = stackClientsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/**
 * Certificates and passwords, created at the first secure start and then kept: the SCRAM
 * credentials live in the formatted storage, so the passwords must not change under them.
 */
export async function ensureSecureMaterial(stackDir: string, kafkaPort: number): Promise<StackClients> {
  const certs = ensureStackCerts(secureDirOf(stackDir))
  const previous = readStackClients(stackDir)
  const password = (): string => randomBytes(12).toString('hex')
  const clients: StackClients = {
    version: 1,
    ports: securePorts(kafkaPort),
    caFile: certs.caCert,
    certFile: certs.clientCert,
    keyFile: certs.clientKey,
    users: previous?.users ?? {
      plain: { username: STACK_USERS.plain, password: password() },
      scram: { username: STACK_USERS.scram, password: password() },
    },
    oauth: ensureOAuthMaterial(stackDir, kafkaPort, previous?.oauth),
  }
  await writeFileAtomic(clientsFileOf(stackDir), `${JSON.stringify(clients, null, 2)}\n`, 0o600)
  return clients
}

/**
 * The OAuth client (id and secret made at the first start and then kept, like the passwords) and
 * the RS256 key the stack's token endpoint signs with. URLs follow the current Kafka port.
 */
function ensureOAuthMaterial(stackDir: string, kafkaPort: number, previous: StackOAuth | undefined): StackOAuth {
  const signingKeyFile = path.join(secureDirOf(stackDir), 'oauth-signing.key')
  if (!existsSync(signingKeyFile)) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    writeFileSync(signingKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
    chmodSync(signingKeyFile, 0o600)
  }
  const base = `http://127.0.0.1:${oauthServerPort(kafkaPort)}`
  return {
    tokenUrl: `${base}/token`,
    jwksUrl: `${base}/jwks`,
    issuer: base,
    audience: previous?.audience ?? 'keytrail-local-kafka',
    scope: previous?.scope ?? 'kafka',
    clientId: previous?.clientId ?? `keytrail-${randomBytes(4).toString('hex')}`,
    clientSecret: previous?.clientSecret ?? randomBytes(16).toString('hex'),
    signingKeyFile,
  }
}

/** `kafka-storage format` arguments that create the SCRAM user with both SHA variants. */
export function scramFormatArgs(c: StackClients): string[] {
  const { username, password } = c.users.scram
  return SCRAM_MECHANISMS.flatMap((m) => ['--add-scram', `${m}=[name=${username},password=${password}]`])
}

/**
 * The OAUTHBEARER listener: the broker validates each client's JWT itself (signature against the
 * stack's JWKS, expiry, issuer, audience) with Kafka's OAuthBearerValidatorCallbackHandler. Kafka 4
 * also needs the JWKS URL in the JVM's allow-list (`oauthJvmArgs`).
 */
function oauthListenerSettings(o: StackOAuth, port: number) {
  return {
    listeners: [`OAUTH://127.0.0.1:${port}`],
    protocols: ['OAUTH:SASL_PLAINTEXT'],
    properties: [
      'listener.name.oauth.sasl.enabled.mechanisms=OAUTHBEARER',
      'listener.name.oauth.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
      'listener.name.oauth.oauthbearer.sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
      `sasl.oauthbearer.jwks.endpoint.url=${o.jwksUrl}`,
      `sasl.oauthbearer.expected.audience=${o.audience}`,
      `sasl.oauthbearer.expected.issuer=${o.issuer}`,
    ],
  }
}

/** The JVM system property Kafka 4 requires before it fetches a JWKS URL (3.9.1+ allow all by default). */
export function oauthJvmArgs(c: StackClients | undefined): string[] {
  return c?.oauth ? [`-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${c.oauth.jwksUrl}`] : []
}

/** The broker settings of the secured listeners; PLAINTEXT and CONTROLLER stay as they are. */
export function secureListenerSettings(c: StackClients): {
  listeners: string[]
  protocols: string[]
  properties: string[]
} {
  const p = c.ports
  const plainJaas = `org.apache.kafka.common.security.plain.PlainLoginModule required user_${c.users.plain.username}="${c.users.plain.password}";`
  const scramJaas = 'org.apache.kafka.common.security.scram.ScramLoginModule required;'
  const jaas = (listener: string): string[] => [
    `listener.name.${listener}.plain.sasl.jaas.config=${plainJaas}`,
    ...SCRAM_MECHANISMS.map((m) => `listener.name.${listener}.${m.toLowerCase()}.sasl.jaas.config=${scramJaas}`),
  ]
  const oauth =
    c.oauth && p.oauth ? oauthListenerSettings(c.oauth, p.oauth) : { listeners: [], protocols: [], properties: [] }
  return {
    listeners: [
      `SASL_PLAINTEXT://127.0.0.1:${p.saslPlaintext}`,
      `SSL://127.0.0.1:${p.ssl}`,
      `MTLS://127.0.0.1:${p.mtls}`,
      `SASL_SSL://127.0.0.1:${p.saslSsl}`,
      ...oauth.listeners,
    ],
    protocols: ['SASL_PLAINTEXT:SASL_PLAINTEXT', 'SSL:SSL', 'MTLS:SSL', 'SASL_SSL:SASL_SSL', ...oauth.protocols],
    properties: [
      ...oauth.properties,
      `sasl.enabled.mechanisms=PLAIN,${SCRAM_MECHANISMS.join(',')}`,
      ...jaas('sasl_plaintext'),
      ...jaas('sasl_ssl'),
      'ssl.keystore.type=PEM',
      `ssl.keystore.location=${path.join(path.dirname(c.caFile), 'broker-keystore.pem')}`,
      'ssl.truststore.type=PEM',
      `ssl.truststore.location=${c.caFile}`,
      'ssl.client.auth=none',
      // Only this listener requires a client certificate: that is what makes it mTLS.
      'listener.name.mtls.ssl.client.auth=required',
      // ACLs are enforced, so that a denial is a real broker's denial. The PLAINTEXT listeners (the
      // demo's jobs, the controller, the fault proxy) are ANONYMOUS, a super user; every other
      // principal is allowed wherever no ACL names the resource.
      `authorizer.class.name=${STANDARD_AUTHORIZER}`,
      'super.users=User:ANONYMOUS',
      'allow.everyone.if.no.acl.found=true',
    ],
  }
}
