import { parseArgs } from 'node:util'
import {
  environments,
  saslMechanisms,
  type ConnectionReport,
  type ProfileInput,
  type ProfileView,
} from '../../../shared/contract'
import { secretEnvName } from '../../profiles/secret-store'
import { cliRouter, invoke } from '../context'
import { UsageError, printJson, type CliIo } from '../io'

export const PROFILES_USAGE = `Usage:
  keytrail profiles list [--json]
  keytrail profiles test <id> [--json]          exit 1 when a configured component is unreachable
  keytrail profiles add <id> --brokers h:p[,h:p] [--name N] [--env ${environments.join('|')}]
        [--client-id ID] [--sasl ${saslMechanisms.join('|')} --sasl-username U]
        [--tls] [--tls-ca FILE] [--tls-cert FILE] [--tls-key FILE] [--tls-insecure]
        [--flink-url URL] [--flink-auth basic|bearer] [--flink-username U]
        [--registry-url URL] [--registry-username U] [--read-write] [--json]
  keytrail profiles read-only <id> on|off [--confirm NAME] [--json]
        off makes the profile writable, only when --confirm gives its name
  Secrets are never taken as flags: set them in the environment (the names are printed by add)
  or in secrets.json (mode 0600) in the config directory.`

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

function profileFromFlags(id: string, args: string[]): ProfileInput {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      json: { type: 'boolean' },
      name: { type: 'string' },
      env: { type: 'string' },
      brokers: { type: 'string' },
      'client-id': { type: 'string' },
      sasl: { type: 'string' },
      'sasl-username': { type: 'string' },
      tls: { type: 'boolean' },
      'tls-ca': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-insecure': { type: 'boolean' },
      'flink-url': { type: 'string' },
      'flink-auth': { type: 'string' },
      'flink-username': { type: 'string' },
      'registry-url': { type: 'string' },
      'registry-username': { type: 'string' },
      'read-write': { type: 'boolean' },
    },
  })
  if (!values.brokers) throw new UsageError('profiles add needs --brokers host:port[,host:port]')
  const tlsWanted = values.tls || values['tls-ca'] || values['tls-cert'] || values['tls-insecure']
  const flinkAuth = values['flink-auth']
  return {
    id,
    name: values.name ?? id,
    environment: (values.env ?? 'dev') as ProfileInput['environment'],
    readOnly: !values['read-write'],
    kafka: {
      brokers: values.brokers.split(',').map((b) => b.trim()),
      ...(values['client-id'] ? { clientId: values['client-id'] } : {}),
      ...(values.sasl ? { sasl: { mechanism: values.sasl as 'plain', username: values['sasl-username'] ?? '' } } : {}),
      ...(tlsWanted
        ? {
            tls: {
              enabled: true,
              caFile: values['tls-ca'],
              certFile: values['tls-cert'],
              keyFile: values['tls-key'],
              rejectUnauthorized: !values['tls-insecure'],
            },
          }
        : {}),
    },
    ...(values['flink-url']
      ? {
          flink: {
            url: values['flink-url'],
            ...(flinkAuth === 'basic'
              ? { auth: { type: 'basic' as const, username: values['flink-username'] ?? '' } }
              : flinkAuth === 'bearer'
                ? { auth: { type: 'bearer' as const } }
                : {}),
          },
        }
      : {}),
    ...(values['registry-url']
      ? {
          schemaRegistry: {
            url: values['registry-url'],
            ...(values['registry-username']
              ? { auth: { type: 'basic' as const, username: values['registry-username'] } }
              : {}),
          },
        }
      : {}),
  }
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
    case 'add': {
      const [id, ...flags] = rest
      if (!id || id.startsWith('--')) throw new UsageError('profiles add takes a profile id first')
      const saved = await invoke(router, 'profiles.save', { profile: profileFromFlags(id, flags) })
      if (json) printJson(io, saved)
      else {
        io.out(`Saved profile ${saved.id}`)
        const needs = [
          ...(saved.kafka.sasl ? (['kafkaPassword'] as const) : []),
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
