import { parseArgs } from 'node:util'
import {
  environments,
  saslMechanisms,
  type ConnectionReport,
  type Profile,
  type ProfileView,
} from '../../../shared/contract'
import { secretEnvName } from '../../profiles/secret-store'
import { profileFromFlags, secretsFromFlags } from './profile-flags'
import { cliRouter, invoke } from '../context'
import { UsageError, printJson, type CliIo } from '../io'

export const PROFILES_USAGE = `Usage:
  keytrail profiles list [--json]
  keytrail profiles test <id> [--json]          exit 1 when a configured component is unreachable
  keytrail profiles add <id> --brokers h:p[,h:p] [--name N] [--env ${environments.join('|')}]
        [--client-id ID] [--sasl ${saslMechanisms.filter((m) => m !== 'oauthbearer').join('|')} --sasl-username U]
        [--sasl oauthbearer --oauth-token-url URL --oauth-client-id ID [--oauth-client-secret S]
          [--oauth-scope S] [--oauth-audience A]]
        [--tls] [--tls-ca FILE] [--tls-cert FILE --tls-key FILE] [--tls-insecure]
        [--flink-url URL] [--flink-auth basic|bearer] [--flink-username U]
        [--registry-url URL] [--registry-username U] [--read-write] [--json]
  keytrail profiles edit <id> [the flags of add; --no-sasl, --no-tls remove them]
  --sasl is case-insensitive; certificate paths are saved absolute; --tls-cert and --tls-key go together.
  --oauth-token-url must be https (http only for 127.0.0.1 or localhost).
  keytrail profiles read-only <id> on|off [--confirm NAME] [--json]
        off makes the profile writable, only when --confirm gives its name
  Secrets are not taken as flags: set them in the environment (the names are printed by add)
  or in secrets.json (mode 0600) in the config directory. The one exception, --oauth-client-secret,
  is stored in the secret store (never in profiles.json) but is visible in the process list and
  the shell history while typed: prefer the environment variable add prints.`

function line(p: ProfileView, activeId: string): string {
  const flags = [p.environment, p.readOnly ? 'read-only' : 'read-write', ...(p.builtIn ? ['built-in'] : [])]
  return `${p.id === activeId ? '*' : ' '} ${p.id.padEnd(16)} ${p.name}  [${flags.join(', ')}]  kafka ${p.kafka.brokers.join(',')}${p.flink ? `  flink ${p.flink.url}` : ''}`
}

function reportText(r: ConnectionReport): string[] {
  const status = (ok: boolean): string => (ok ? 'reachable  ' : 'UNREACHABLE')
  const lines = [
    `Kafka            ${status(r.kafka.reachable)} ${
      r.kafka.reachable
        ? `cluster ${r.kafka.clusterId}, ${r.kafka.brokerCount} broker(s), controller ${r.kafka.controllerId ?? '?'} (${r.kafka.latencyMs} ms)`
        : (r.kafka.error ?? '')
    }`,
  ]
  lines.push(
    r.flink.configured
      ? `Flink            ${status(r.flink.reachable)} ${
          r.flink.reachable
            ? `version ${r.flink.version}, ${r.flink.taskManagers} task manager(s), ${r.flink.slotsAvailable}/${r.flink.slotsTotal} slots free, ${r.flink.jobsRunning} job(s) running`
            : (r.flink.error ?? '')
        }`
      : 'Flink            not configured',
  )
  lines.push(
    r.schemaRegistry.configured
      ? `Schema Registry  ${status(r.schemaRegistry.reachable)} ${r.schemaRegistry.error ?? ''}`
      : 'Schema Registry  not configured',
  )
  return lines
}

export function allReachable(r: ConnectionReport): boolean {
  return (
    r.kafka.reachable &&
    (!r.flink.configured || r.flink.reachable) &&
    (!r.schemaRegistry.configured || r.schemaRegistry.reachable)
  )
}

/** The stored profile inside a listed view (the view adds colour, secrets' names, built-in). */
function withoutView(v: ProfileView): Profile {
  const { color: _color, secrets: _secrets, builtIn: _builtIn, ...profile } = v
  return profile
}

async function setReadOnly(args: string[], router: ReturnType<typeof cliRouter>, io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { confirm: { type: 'string' }, json: { type: 'boolean' } },
  })
  const [id, state] = positionals
  if (!id || positionals.length !== 2 || (state !== 'on' && state !== 'off')) {
    throw new UsageError('profiles read-only takes a profile id and on or off')
  }
  const saved = await invoke(router, 'profiles.setReadOnly', {
    id,
    readOnly: state === 'on',
    ...(values.confirm !== undefined ? { confirm: values.confirm } : {}),
  })
  if (values.json) printJson(io, saved)
  else io.out(`Profile ${saved.id} is ${saved.readOnly ? 'read-only' : 'writable'}`)
  return 0
}

export async function profilesCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  const json = rest.includes('--json')
  const router = cliRouter(io.env, 'cli')
  switch (sub) {
    case 'list': {
      parseArgs({ args: rest, strict: true, options: { json: { type: 'boolean' } } })
      const list = await invoke(router, 'profiles.list', {})
      if (json) printJson(io, list)
      else {
        if (list.loadProblem) io.err(`warning: ${list.loadProblem}`)
        for (const p of list.profiles) io.out(line(p, list.activeId))
      }
      return 0
    }
    case 'test': {
      const { positionals } = parseArgs({
        args: rest,
        strict: true,
        allowPositionals: true,
        options: { json: { type: 'boolean' } },
      })
      const id = positionals[0]
      if (!id || positionals.length > 1) throw new UsageError('profiles test takes one profile id')
      const report = await invoke(router, 'profiles.test', { id })
      if (json) printJson(io, report)
      else for (const l of reportText(report)) io.out(l)
      return allReachable(report) ? 0 : 1
    }
    case 'add':
    case 'edit': {
      const [id, ...flags] = rest
      if (!id || id.startsWith('--')) throw new UsageError(`profiles ${sub} takes a profile id first`)
      const existing = sub === 'edit' ? await invoke(router, 'profiles.list', {}) : undefined
      const stored = existing?.profiles.find((p) => p.id === id)
      if (existing && !stored)
        throw new UsageError(`No profile "${id}" to edit; have ${existing.profiles.map((p) => p.id).join(', ')}`)
      const profile = profileFromFlags(id, flags, { existing: stored && withoutView(stored), cwd: process.cwd() })
      const secrets = secretsFromFlags(flags)
      if (secrets.oauthClientSecret)
        io.err(
          `warning: --oauth-client-secret is visible in the process list and the shell history; ${secretEnvName(id, 'oauthClientSecret')} keeps it out of both`,
        )
      const saved = await invoke(router, 'profiles.save', { profile, secrets })
      if (json) printJson(io, saved)
      else {
        io.out(`Saved profile ${saved.id}`)
        const needs = [
          ...(saved.kafka.sasl?.mechanism === 'oauthbearer'
            ? (['oauthClientSecret'] as const)
            : saved.kafka.sasl
              ? (['kafkaPassword'] as const)
              : []),
          ...(saved.flink?.auth?.type === 'basic' ? (['flinkPassword'] as const) : []),
          ...(saved.flink?.auth?.type === 'bearer' ? (['flinkToken'] as const) : []),
          ...(saved.schemaRegistry?.auth ? (['registryPassword'] as const) : []),
        ].filter((k) => !saved.secrets.includes(k))
        for (const k of needs) io.out(`  needs a secret: set ${secretEnvName(saved.id, k)} or add it to secrets.json`)
      }
      return 0
    }
    case 'read-only':
      return setReadOnly(rest, router, io)
    default:
      throw new UsageError(sub ? `Unknown profiles command "${sub}"` : 'profiles needs a command')
  }
}
