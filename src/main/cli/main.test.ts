import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CLOSED_PORT } from '../test-support/temp-core'
import type { CliIo } from './io'
import { runCli } from './main'

function capture(env: NodeJS.ProcessEnv): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = []
  const stderr: string[] = []
  return { stdout, stderr, env, out: (t) => stdout.push(t), err: (t) => stderr.push(t) }
}

describe('keytrail CLI', () => {
  let dir: string
  let env: NodeJS.ProcessEnv
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-cli-'))
    env = { KEYTRAIL_CONFIG_DIR: dir }
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('answers --help for every command and subcommand with its usage, exit 0', async () => {
    const cases = [
      ['find', '--help'],
      ['trace', '--help'],
      ['stack', 'up', '--help'],
      ['profiles', 'add', '-h'],
      ['map', 'set', '--help'],
      ['status', '--help'],
      ['alerts', '--help'],
      ['timeline', '--help'],
      ['lag', '--help'],
      ['jobs', '--help'],
      ['checkpoints', '--help'],
      ['serve', '--help'],
    ]
    for (const args of cases) {
      const io = capture(env)
      expect(await runCli(args, io), args.join(' ')).toBe(0)
      expect(io.stdout.join('\n'), args.join(' ')).toMatch(new RegExp(`keytrail ${args[0]}`))
    }
  })

  it('reports the health of a profile whose Kafka is closed as unreachable, exit 3, within seconds', async () => {
    const io = capture({ ...env, KEYTRAIL_STATE_DIR: path.join(dir, 'state') })
    expect(
      await runCli(['profiles', 'add', 'gone', '--brokers', `127.0.0.1:${CLOSED_PORT}`, '--env', 'prod'], capture(env)),
    ).toBe(0)
    const started = Date.now()
    expect(await runCli(['status', '--profile', 'gone', '--json'], io)).toBe(3)
    expect(Date.now() - started).toBeLessThan(10_000)
    const out = JSON.parse(io.stdout.join('\n')) as {
      profiles: Array<{
        id: string
        problems: Array<{ kind: string; severity: string; summary: string; link: string }>
      }>
    }
    expect(out.profiles[0]?.problems[0]).toMatchObject({
      kind: 'kafka-unreachable',
      severity: 'critical',
      link: '#/connections?profile=gone',
    })
    expect(out.profiles[0]?.problems[0]?.summary).toMatch(/^Kafka unreachable since \d\d:\d\d:\d\d UTC/)
  })

  it('lists the built-in profile as JSON', async () => {
    const io = capture(env)
    expect(await runCli(['profiles', 'list', '--json'], io)).toBe(0)
    const out = JSON.parse(io.stdout.join('\n')) as { activeId: string; profiles: Array<{ id: string; color: string }> }
    expect(out.activeId).toBe('local')
    expect(out.profiles[0]).toMatchObject({ id: 'local', builtIn: true, environment: 'local' })
  })

  it('adds a SASL/TLS profile, never takes a password flag, and names the env variable', async () => {
    const io = capture(env)
    const code = await runCli(
      [
        'profiles',
        'add',
        'prod-eu',
        '--brokers',
        'b1:9093,b2:9093',
        '--env',
        'prod',
        '--sasl',
        'scram-sha-512',
        '--sasl-username',
        'ops',
        '--tls',
        '--flink-url',
        'https://flink:8081',
        '--flink-auth',
        'bearer',
      ],
      io,
    )
    expect(code).toBe(0)
    expect(io.stdout.join('\n')).toContain('KEYTRAIL_SECRET_PROD_EU_KAFKA_PASSWORD')
    expect(io.stdout.join('\n')).toContain('KEYTRAIL_SECRET_PROD_EU_FLINK_TOKEN')
    const file = JSON.parse(readFileSync(path.join(dir, 'profiles.json'), 'utf8')) as {
      profiles: Array<{ id: string; readOnly: boolean }>
    }
    expect(file.profiles.find((p) => p.id === 'prod-eu')).toMatchObject({
      readOnly: true,
      kafka: { sasl: { mechanism: 'scram-sha-512' }, tls: { enabled: true } },
    })
    expect(await runCli(['profiles', 'add', 'x', '--brokers', 'b:1', '--password', 'nope'], capture(env))).toBe(2)
  })

  it('makes a read-only profile writable only with --confirm naming it', async () => {
    await runCli(
      ['profiles', 'add', 'prod', '--brokers', 'b1:9093', '--name', 'Prod EU', '--env', 'prod'],
      capture(env),
    )
    const refused = capture(env)
    expect(await runCli(['profiles', 'read-only', 'prod', 'off'], refused)).toBe(1)
    expect(refused.stderr.join('\n')).toContain('confirm with its name')
    const wrong = capture(env)
    expect(await runCli(['profiles', 'read-only', 'prod', 'off', '--confirm', 'Prod'], wrong)).toBe(1)
    const io = capture(env)
    expect(await runCli(['profiles', 'read-only', 'prod', 'off', '--confirm', 'Prod EU'], io)).toBe(0)
    expect(io.stdout.join('\n')).toBe('Profile prod is writable')
    expect(await runCli(['profiles', 'read-only', 'prod', 'maybe'], capture(env))).toBe(2)
  })

  it('rejects bad input with exit 2 and a clear message', async () => {
    const io = capture(env)
    expect(await runCli(['profiles', 'add', 'Bad Id', '--brokers', 'b1:9092'], io)).toBe(1)
    expect(io.stderr.join('\n')).toMatch(/INVALID_INPUT/)
    const io2 = capture(env)
    expect(await runCli(['profiles', 'add', 'ok', '--brokers', 'not a broker'], io2)).toBe(2)
    expect(io2.stderr.join('\n')).toContain('--brokers: "not a broker" is not host:port')
    const io3 = capture(env)
    expect(await runCli(['nonsense'], io3)).toBe(2)
    expect(io3.stderr.join('\n')).toContain('Unknown command')
    expect(await runCli(['profiles', 'list', '--bogus'], capture(env))).toBe(2)
  })

  it('shows, sets and validates a trace map from a file', async () => {
    const shown = capture(env)
    expect(await runCli(['map', 'show', 'local', '--json'], shown)).toBe(0)
    const map = JSON.parse(shown.stdout.join('\n')) as { topics: unknown[] }
    expect(map.topics.length).toBeGreaterThan(0)
    expect(await runCli(['profiles', 'add', 'other', '--brokers', 'b:1'], capture(env))).toBe(0)
    const none = capture(env)
    expect(await runCli(['map', 'show', 'other'], none)).toBe(1)
    expect(none.stderr.join('\n')).toContain('keytrail map suggest other --save')
    writeFileSync(path.join(dir, 'map.json'), JSON.stringify(map))
    expect(await runCli(['map', 'set', 'other', '--file', path.join(dir, 'map.json')], capture(env))).toBe(0)
    const after = capture(env)
    expect(await runCli(['map', 'show', 'other', '--json'], after)).toBe(0)
    expect(JSON.parse(after.stdout.join('\n'))).toEqual(map)
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ rootKind: 'orderId', topics: [] }))
    const bad = capture(env)
    expect(await runCli(['map', 'set', 'other', '--file', path.join(dir, 'bad.json')], bad)).toBe(2)
    expect(bad.stderr.join('\n')).toMatch(/not a valid trace map:\n {2}topics: /)
  })

  it('reports an unreachable cluster honestly, exit 1', async () => {
    await runCli(
      [
        'profiles',
        'add',
        'nowhere',
        '--brokers',
        `127.0.0.1:${CLOSED_PORT}`,
        '--flink-url',
        `http://127.0.0.1:${CLOSED_PORT}`,
      ],
      capture(env),
    )
    const io = capture(env)
    expect(await runCli(['profiles', 'test', 'nowhere', '--json'], io)).toBe(1)
    const report = JSON.parse(io.stdout.join('\n')) as Record<string, { reachable: boolean; error?: string }>
    expect(report.kafka?.reachable).toBe(false)
    expect(report.kafka?.error).toMatch(/ECONNREFUSED/)
    expect(report.flink?.reachable).toBe(false)
    expect(report.flink?.error).toMatch(/ECONNREFUSED/)
  })

  it('reports an unknown profile as an error', async () => {
    const io = capture(env)
    expect(await runCli(['profiles', 'test', 'ghost'], io)).toBe(1)
    expect(io.stderr.join('\n')).toContain('NOT_FOUND')
  })
})
