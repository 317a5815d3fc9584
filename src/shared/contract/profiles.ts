import { z } from 'zod'
import { traceMapSchema } from './trace-map'

export const environments = ['local', 'dev', 'staging', 'prod'] as const
export type Environment = (typeof environments)[number]

/** The colour that marks a profile's environment everywhere it is active. */
export const environmentColors: Record<Environment, string> = {
  local: '#3b82f6',
  dev: '#16a34a',
  staging: '#d97706',
  prod: '#dc2626',
}

const hostPort = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, 'expected host:port')

const filePath = z.string().trim().min(1).max(4096)

export const profileIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, up to 63')

/** Mechanisms that authenticate with a user name and a password (the Kafka password secret). */
export const passwordSaslMechanisms = ['plain', 'scram-sha-256', 'scram-sha-512'] as const
export const saslMechanisms = [...passwordSaslMechanisms, 'oauthbearer'] as const
export type SaslMechanism = (typeof saslMechanisms)[number]

/**
 * Where an OAuth client may send its client secret: https anywhere, plain http only to this
 * machine (a local identity provider, the stack's own token endpoint).
 */
export function isAllowedTokenUrl(value: string): boolean {
  let u: URL
  try {
    u = new URL(value)
  } catch {
    return false
  }
  if (u.username || u.password) return false
  if (u.protocol === 'https:') return true
  return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)
}

export const oauthTokenUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine(isAllowedTokenUrl, 'expected an https URL without credentials (http only for 127.0.0.1 or localhost)')

/**
 * SASL/OAUTHBEARER with the client-credentials grant: Keytrail posts the client id and secret (the
 * secret from the secret store) to the token URL and hands the access token to the broker.
 */
export const oauthSettingsSchema = z.object({
  tokenUrl: oauthTokenUrlSchema,
  clientId: z.string().trim().min(1).max(500),
  scope: z.string().trim().min(1).max(1000).optional(),
  audience: z.string().trim().min(1).max(1000).optional(),
})
export type OAuthSettings = z.infer<typeof oauthSettingsSchema>

export const saslSettingsSchema = z.discriminatedUnion('mechanism', [
  z.object({ mechanism: z.enum(passwordSaslMechanisms), username: z.string().min(1).max(500) }),
  z.object({ mechanism: z.literal('oauthbearer'), oauth: oauthSettingsSchema }),
])
export type SaslSettings = z.infer<typeof saslSettingsSchema>

export const tlsSchema = z.object({
  enabled: z.boolean().default(false),
  /** PEM files; none means the system trust store. */
  caFile: filePath.optional(),
  certFile: filePath.optional(),
  keyFile: filePath.optional(),
  rejectUnauthorized: z.boolean().default(true),
})

export const kafkaSettingsSchema = z.object({
  brokers: z.array(hostPort).min(1).max(64),
  clientId: z.string().trim().min(1).max(200).default('keytrail'),
  sasl: saslSettingsSchema.optional(),
  tls: tlsSchema.optional(),
  connectionTimeoutMs: z.number().int().min(100).max(120_000).default(3_000),
  requestTimeoutMs: z.number().int().min(100).max(300_000).default(30_000),
})

const httpUrl = z
  .string()
  .trim()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'expected an http(s) URL')

export const flinkSettingsSchema = z.object({
  url: httpUrl,
  auth: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('basic'), username: z.string().min(1).max(500) }),
      z.object({ type: z.literal('bearer') }),
    ])
    .optional(),
  tls: tlsSchema.optional(),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
})

export const registrySettingsSchema = z.object({
  url: httpUrl,
  auth: z.object({ type: z.literal('basic'), username: z.string().min(1).max(500) }).optional(),
})

/** A connection profile as stored on disk: never holds a secret. */
export const profileSchema = z.object({
  id: profileIdSchema,
  name: z.string().trim().min(1).max(100),
  environment: z.enum(environments),
  readOnly: z.boolean().default(true),
  kafka: kafkaSettingsSchema,
  flink: flinkSettingsSchema.optional(),
  schemaRegistry: registrySettingsSchema.optional(),
  /** How to follow one entity across this cluster's topics. */
  trace: traceMapSchema.optional(),
})
export type Profile = z.infer<typeof profileSchema>
export type ProfileInput = z.input<typeof profileSchema>

/**
 * Switches a profile between read-only and writable. Making it writable must be confirmed with the
 * profile's name (the UI asks for it), so that no plain save can lift the protection.
 */
export const profileSetReadOnlyInputSchema = z.object({
  id: profileIdSchema,
  readOnly: z.boolean(),
  /** The profile's name, required when `readOnly` is false. */
  confirm: z.string().max(100).optional(),
})

/** Secrets a profile may need; they go to the secret store, never to the profile file. */
export const secretKeys = [
  'kafkaPassword',
  'oauthClientSecret',
  'flinkPassword',
  'flinkToken',
  'registryPassword',
] as const
export type SecretKey = (typeof secretKeys)[number]
export const profileSecretsSchema = z
  .object({
    kafkaPassword: z.string().min(1).max(10_000),
    /** The OAUTHBEARER client secret (client-credentials grant). */
    oauthClientSecret: z.string().min(1).max(10_000),
    flinkPassword: z.string().min(1).max(10_000),
    flinkToken: z.string().min(1).max(10_000),
    registryPassword: z.string().min(1).max(10_000),
  })
  .partial()
export type ProfileSecrets = z.infer<typeof profileSecretsSchema>

/** What the UI and the CLI see of a profile: which secrets exist, not their values. */
export const profileViewSchema = profileSchema.extend({
  color: z.string(),
  secrets: z.array(z.enum(secretKeys)),
  builtIn: z.boolean(),
})
export type ProfileView = z.infer<typeof profileViewSchema>

export const profilesListSchema = z.object({
  profiles: z.array(profileViewSchema),
  activeId: profileIdSchema,
  /** Set when the profile file could not be read and was backed up. */
  loadProblem: z.string().optional(),
})

const componentStatus = z.object({
  reachable: z.boolean(),
  latencyMs: z.number().nonnegative().optional(),
  error: z.string().optional(),
})

export const connectionReportSchema = z.object({
  profileId: profileIdSchema,
  checkedAt: z.number(),
  kafka: componentStatus.extend({
    clusterId: z.string().optional(),
    brokerCount: z.number().int().optional(),
    controllerId: z.number().int().nullable().optional(),
    brokers: z.array(z.object({ nodeId: z.number(), host: z.string(), port: z.number() })).optional(),
  }),
  flink: componentStatus.extend({
    configured: z.boolean(),
    version: z.string().optional(),
    taskManagers: z.number().int().optional(),
    slotsTotal: z.number().int().optional(),
    slotsAvailable: z.number().int().optional(),
    jobsRunning: z.number().int().optional(),
  }),
  schemaRegistry: componentStatus.extend({ configured: z.boolean() }),
})
export type ConnectionReport = z.infer<typeof connectionReportSchema>
