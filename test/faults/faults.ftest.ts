import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localProfile } from '../../src/main/profiles/profile-store'
import { FaultProxy, type ProxyFault } from '../../src/main/stack/fault-proxy'
import { setFault, type FaultRequest } from '../../src/main/stack/faults'
import { faultListenerPorts } from '../../src/main/stack/kafka-node'
import { loadStackOptions } from '../../src/main/stack/stack-manager'
import { stack, until } from '../integration/support'
import { ServedHost, fdGrowth, steadyStats, watchOutputs, type ProcStats } from './host'
import { PROFILE, apiProbes, apiRound, cliProbes, cliRound, type Probe } from './probes'
import { runFault, summaryLine, type Context, type FaultCase, type FaultResult } from './run-fault'
import { type LiveMemory } from './inspector'
import { SecretWatch } from './secret-watch'
import { StateVolume } from './state-volume'

/**
 * The console while Kafka, Flink or its own state directory fail, on the real stack: one
 * `keytrail serve` whose profile "faulty" reaches Kafka and Flink REST through fault proxies
 * (Kafka's FAULT listener advertises the proxy's port, so every Kafka connection of that profile
 * crosses it), the stack's switches (pause, kill and restart the broker and the JobManager), and a
 * state directory on a tmpfs that is remounted read-only or filled up.
 * For each fault, answers of every API call and CLI command during it and after it, recovery of
 * sampling, polling and history recording, then descriptors, memory and history as a whole.
 */

const HOLD_MS = Number(process.env.KEYTRAIL_FAULT_HOLD_MS ?? 12_000)
/** The first faults, after each of which the warm host's descriptors are read. */
const WARM_FAULTS = 3
const REPORT = path.resolve(import.meta.dirname, '../../reports/faults-summary.txt')

const options = () => {
  const o = loadStackOptions(stack().dir)
  if (!o) throw new Error(`no stack options in ${stack().dir}`)
  return o
}
const stackFault = (fault: FaultRequest['fault'], on: boolean) =>
  setFault(options(), { fault, on }).then(() => undefined)

describe('the console while Kafka, Flink or its state directory fail', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'keytrail-faults-'))
  let host: ServedHost
  let kafkaProxy: FaultProxy
  let flinkProxy: FaultProxy
  let volume: StateVolume
  let configDir: string
  const secrets = new SecretWatch()
  let ctx: Context
  let base: ProcStats
  /**
   * Steady descriptors after the first faults (the fullest of WARM_FAULTS readings): what the host
   * holds for good once every connection it opens on demand is open (a profile's time-lag reader
   * connects when a group first lags, which a healthy baseline may not have seen). A leak grows with
   * each of the faults after them.
   */
  let warm: ProcStats | undefined
  /** How many faults' ends `warm` has seen (it is read after each of the first WARM_FAULTS). */
  let warmReadings = 0
  /** The heap after a forced full collection: healthy, once warm, and at the end. */
  const live: Record<'healthy' | 'warm' | 'end', LiveMemory | undefined> = {
    healthy: undefined,
    warm: undefined,
    end: undefined,
  }
  /**
   * KEYTRAIL_FAULT_HEAPSNAP=<dir> writes heap snapshots there when warm and at the end, to find what
   * grew (a snapshot costs the host tens of MiB of RSS itself: the memory check means nothing then).
   */
  const readLive = async (when: keyof typeof live) => {
    const insp = await host.inspector()
    const m = await insp.liveMemory()
    live[when] = m
    const dir = process.env.KEYTRAIL_FAULT_HEAPSNAP
    if (dir && when !== 'healthy') await insp.snapshot(path.join(dir, `host-${when}.heapsnapshot`))
    return m
  }
  let api: Probe[]
  const results: FaultResult[] = []
  /** The end checks' own lines (secrets, descriptors and memory), kept with the faults' in the summary. */
  const endLines: string[] = []
  const startedAt = Date.now()

  beforeAll(async () => {
    const s = stack()
    const fault = faultListenerPorts({ kafkaPort: s.kafkaPort })
    kafkaProxy = await FaultProxy.start({ port: fault.proxy, target: { host: '127.0.0.1', port: fault.listener } })
    flinkProxy = await FaultProxy.start({ port: 0, target: { host: '127.0.0.1', port: s.flinkPort } })
    configDir = path.join(tmp, 'config')
    mkdirSync(configDir, { recursive: true })
    volume = StateVolume.create(path.join(tmp, 'state'))
    const env = {
      KEYTRAIL_CONFIG_DIR: configDir,
      KEYTRAIL_STATE_DIR: volume.dir,
      KEYTRAIL_STACK_DIR: s.dir,
      KEYTRAIL_STACK_KAFKA_PORT: String(s.kafkaPort),
      KEYTRAIL_STACK_FLINK_PORT: String(s.flinkPort),
    }
    watchOutputs(secrets)
    host = await ServedHost.start(env)
    const local = localProfile(env)
    const saved = await host.call('profiles.save', {
      profile: {
        ...local,
        id: PROFILE,
        name: 'Through the fault proxies',
        readOnly: true,
        kafka: { ...local.kafka, brokers: [`127.0.0.1:${kafkaProxy.port}`] },
        // Flink's REST API ignores the header; the password travels on every request, through every fault.
        flink: {
          ...local.flink,
          url: `http://127.0.0.1:${flinkProxy.port}`,
          auth: { type: 'basic', username: secrets.user },
        },
      },
      secrets: { flinkPassword: secrets.password },
    })
    expect(saved.ok, JSON.stringify(saved)).toBe(true)
    const orderId = await until('an order id to trace', 60_000, async () => {
      const found = await host.call('trace.find', { id: PROFILE, type: 'OrderCreated', last: '2m', limit: 1 })
      return (
        (found.value as { hits?: Array<{ entityId: string | null }> } | undefined)?.hits?.[0]?.entityId ?? undefined
      )
    })
    api = apiProbes(orderId)
    ctx = { host, api, cli: cliProbes(orderId), cliEnv: env, holdMs: HOLD_MS, n: 0 }
    // A healthy baseline: sampling, polling and history under way, every answer ok.
    const warmFrom = Date.now()
    await until('lag samples and checkpoints recorded through the proxies', 90_000, async () => {
      const [groups, history, cps] = await Promise.all([
        host.call('lag.groups', { id: PROFILE }),
        host.call('lag.history', { id: PROFILE, group: 'order-service', rangeMs: 600_000 }),
        host.call('checkpoints.get', { id: PROFILE, job: 'order-service' }),
      ])
      const points = (history.value as { points?: Array<{ t: number }> } | undefined)?.points ?? []
      const recorded = (cps.value as { history?: unknown[] } | undefined)?.history ?? []
      return groups.ok && points.some((p) => p.t > warmFrom) && recorded.length > 0
    })
    const first = [...(await apiRound(host, api, true)), ...(await cliRound(ctx.cli, env, 2))]
    const failed = first
      .filter((j) => !j.answer.ok)
      .map((j) => `${j.answer.what}: ${j.answer.code} ${j.answer.message}`)
    expect(failed, 'every answer of a healthy stack').toEqual([])
    await host.inspector() // its socket is part of every count below
    base = await steadyStats(host.pid)
    await readLive('healthy')
  }, 600_000)

  afterAll(async () => {
    const lines = results.map((r) => summaryLine(r, base ?? r.stats))
    const wall = `fault suite: ${results.length} faults in ${Math.round((Date.now() - startedAt) / 1000)} s`
    console.log(['', ...lines, ...endLines, wall].join('\n'))
    mkdirSync(path.dirname(REPORT), { recursive: true })
    writeFileSync(REPORT, `${[...lines, ...endLines, wall].join('\n')}\n`)
    watchOutputs(undefined)
    await host?.stop()
    await kafkaProxy?.close()
    await flinkProxy?.close()
    volume?.dispose()
    rmSync(tmp, { recursive: true, force: true })
  })

  const proxyFault = (name: string, component: 'kafka' | 'flink', f: ProxyFault, shownDown = true): FaultCase => {
    const proxy = () => (component === 'kafka' ? kafkaProxy : flinkProxy)
    return {
      name,
      component,
      shownDown,
      on: async () => proxy().set(f),
      off: async () => proxy().set({ kind: 'pass' }),
    }
  }

  const cases = (): FaultCase[] => [
    proxyFault('kafka-latency-1s', 'kafka', { kind: 'latency', ms: 1000 }, false),
    proxyFault('kafka-blackhole', 'kafka', { kind: 'blackhole' }),
    proxyFault('kafka-reset', 'kafka', { kind: 'reset' }),
    ...['broker-pause', 'broker-pause-again'].map((name): FaultCase => ({
      name,
      component: 'kafka',
      shownDown: true,
      on: () => stackFault('broker-pause', true),
      off: () => stackFault('broker-pause', false),
    })),
    {
      name: 'broker-kill',
      component: 'kafka',
      shownDown: true,
      on: () => stackFault('broker-kill', true),
      off: () => stackFault('broker-kill', false),
    },
    proxyFault('flink-latency-2s', 'flink', { kind: 'latency', ms: 2000 }, false),
    proxyFault('flink-blackhole', 'flink', { kind: 'blackhole' }),
    proxyFault('flink-reset', 'flink', { kind: 'reset' }),
    proxyFault('flink-http-500', 'flink', { kind: 'http-500' }),
    proxyFault('flink-truncated', 'flink', { kind: 'truncated' }),
    proxyFault('flink-not-json', 'flink', { kind: 'not-json' }),
    {
      name: 'jobmanager-kill',
      component: 'flink',
      shownDown: true,
      on: () => stackFault('jobmanager-kill', true),
      off: () => stackFault('jobmanager-kill', false),
    },
    {
      name: 'state-read-only',
      component: 'state',
      shownDown: false,
      skip: volume.readOnlyReason,
      on: async () => volume.readOnly(true),
      off: async () => volume.readOnly(false),
    },
    {
      name: 'state-full',
      component: 'state',
      shownDown: false,
      skip: volume.fullReason,
      on: async () => void volume.fill(),
      off: async () => volume.unfill(),
    },
  ]

  // broker-pause first: it makes every profile lag (the proxied one and the direct one), so the
  // connections opened on demand are open before `warm` is read; and again last, so that what a
  // frozen broker itself might leak is counted too.
  const names = [
    'broker-pause',
    'kafka-latency-1s',
    'kafka-blackhole',
    'kafka-reset',
    'broker-kill',
    'flink-latency-2s',
    'flink-blackhole',
    'flink-reset',
    'flink-http-500',
    'flink-truncated',
    'flink-not-json',
    'jobmanager-kill',
    'state-read-only',
    'state-full',
    'broker-pause-again',
  ]
  // KEYTRAIL_FAULT_CASES=kafka-reset,broker-kill runs only those (a local re-run); CI runs every fault.
  const only = process.env.KEYTRAIL_FAULT_CASES?.split(',')
  for (const name of names.filter((n) => !only || only.includes(n))) {
    it(`${name}: answers within 10 s (stale or UNAVAILABLE, never INTERNAL), the other component unaffected, recovery within 30 s`, async (t) => {
      const fault = cases().find((c) => c.name === name)
      if (!fault) throw new Error(`no fault case ${name}`)
      if (fault.skip) {
        console.log(`fault ${name}: skipped — ${fault.skip}`)
        t.skip()
        return
      }
      const before = await (await host.inspector()).liveMemory()
      const result = await runFault({ ...ctx, n: names.indexOf(name) }, fault)
      const after = await (await host.inspector()).liveMemory()
      result.liveRssKb = { before: before.rssKb, after: after.rssKb }
      results.push(result)
      console.log(summaryLine(result, base))
      // Read after each of the first faults and the fullest kept: after one fault, the other
      // profiles' connections dropped by it may still be waiting for their next lag sample (one
      // reading was 4 under the healthy baseline, and the end then 17 over it, failing the suite).
      if (warmReadings < WARM_FAULTS) {
        warmReadings++
        const now = await steadyStats(host.pid, 5_000)
        if (!warm || now.fds > warm.fds) warm = now
        if (!live.warm) await readLive('warm')
      }
      expect(result.violations).toEqual([])
      // The issue's rule, per fault: memory back within 20 % of where it was before it.
      expect(after.rssKb, `RSS after a full collection, before and after ${name}`).toBeLessThanOrEqual(
        before.rssKb * 1.2,
      )
    }, 300_000)
  }

  it('history: no lag sample or checkpoint recorded twice, no gap in lag history but the faults', async () => {
    const groups = await host.call('lag.groups', { id: PROFILE })
    expect(groups.ok).toBe(true)
    const names = ((groups.value as { groups: Array<{ group: string }> }).groups ?? []).map((g) => g.group)
    expect(names.length).toBeGreaterThan(0)
    const rangeMs = Math.max(60_000, Date.now() - startedAt + 60_000)
    const windows = results.map((r) => [r.onAt - 15_000, (r.recoveredAt ?? Date.now()) + 5_000] as const)
    const problems: string[] = []
    for (const group of names) {
      const h = await host.call('lag.history', { id: PROFILE, group, rangeMs })
      const ts = ((h.value as { points: Array<{ t: number }> } | undefined)?.points ?? []).map((p) => p.t)
      if (new Set(ts).size !== ts.length)
        problems.push(`${group}: ${ts.length - new Set(ts).size} samples recorded twice`)
      for (let i = 1; i < ts.length; i++) {
        const [a, b] = [ts[i - 1] ?? 0, ts[i] ?? 0]
        if (b - a > 25_000 && a >= startedAt && !windows.some(([from, to]) => a < to && b > from))
          problems.push(
            `${group}: a ${Math.round((b - a) / 1000)} s gap outside every fault at ${new Date(a).toISOString()}`,
          )
      }
    }
    for (const job of ['order-service', 'inventory-service', 'shipping-service']) {
      const c = await host.call('checkpoints.get', { id: PROFILE, job, limit: 1000 })
      const ids = ((c.value as { history?: Array<{ jobId: string; id: number }> } | undefined)?.history ?? []).map(
        (x) => `${x.jobId}/${x.id}`,
      )
      if (new Set(ids).size !== ids.length)
        problems.push(`${job}: ${ids.length - new Set(ids).size} checkpoints recorded twice`)
    }
    expect(problems).toEqual([])
  })

  it('the planted Flink password is in no answer, CLI output, log or file but the secret store', async () => {
    // Planted where it belongs: the search would find it there.
    expect(readFileSync(path.join(configDir, 'secrets.json'), 'utf8')).toContain(secrets.password)
    secrets.check('the stdout of keytrail serve', host.stdout)
    secrets.check('the stderr of keytrail serve', host.stderr)
    secrets.checkFiles(configDir, [path.join(configDir, 'secrets.json')])
    secrets.checkFiles(volume.dir)
    endLines.push(
      `fault suite secrets: planted Flink password found in ${secrets.found.length} of ${secrets.searched} answers, outputs, logs and files`,
    )
    console.log(endLines.at(-1))
    // Every fault's answers were searched (about a hundred each), not only the logs and files.
    expect(secrets.searched).toBeGreaterThan(results.length * 50)
    expect(secrets.found).toEqual([])
  })

  it('no leaked descriptor or socket, no memory leak over the suite, no unhandled rejection', async () => {
    expect(host.alive).toBe(true)
    const ref = warm ?? base
    // Kafka and Flink connections are re-opened lazily: wait for the steady state, then compare.
    const settled = await until(
      'descriptors back to where they were after the first fault',
      60_000,
      async () => {
        const now = await steadyStats(host.pid, 5_000)
        return now.fds <= ref.fds + 2 && now.sockets <= ref.sockets + 2 ? now : undefined
      },
      1000,
    ).catch(() => steadyStats(host.pid))
    const mib = (kb: number) => Math.round(kb / 1024)
    endLines.push(
      `fault suite host: fds ${base.fds} healthy → ${ref.fds} warm (the fullest after the first ${WARM_FAULTS} faults) → ${settled.fds} at the end, ` +
        `sockets ${base.sockets} → ${ref.sockets} → ${settled.sockets}, rss ${mib(base.rssKb)} → ${mib(ref.rssKb)} → ${mib(settled.rssKb)} MiB; ` +
        `changed since warm: ${fdGrowth(ref, settled)}; since the healthy baseline: ${fdGrowth(base, settled)}`,
    )
    console.log(endLines.at(-1))
    expect(settled.fds, fdGrowth(ref, settled)).toBeLessThanOrEqual(ref.fds + 2)
    expect(settled.sockets, fdGrowth(ref, settled)).toBeLessThanOrEqual(ref.sockets + 2)
    // RSS read at a random moment says as much of the collector's phase as of a leak (one reading
    // after the first fault was 9 % under the healthy one, the end ones 19 to 31 % over it), so
    // memory is read after a forced full collection. Each fault is held to the issue's 20 % (in its
    // own test). Over the whole suite the host also records eight minutes of checkpoint and lag
    // history (bounded: 20,000 checkpoints a job, 30 min of lag windows), which grew the heap by
    // about 8 MiB in every run: the suite as a whole is held to 50 %, which a leak of the kind the
    // fault proxy once caused (a connection buffering 80 MB) still fails.
    const warmLive = live.warm ?? live.healthy
    if (!warmLive) throw new Error('the host’s memory was never read when warm')
    const limitKb = warmLive.rssKb * 1.5
    const end = await readLive('end')
    const mem = (m: LiveMemory | undefined) =>
      m ? `rss ${mib(m.rssKb)} MiB (heap ${mib(m.heapUsedKb)}, external ${mib(m.externalKb)})` : 'not read'
    const worst = results
      .filter((r) => r.liveRssKb)
      .map((r) => ({ name: r.name, pct: (r.liveRssKb!.after / r.liveRssKb!.before - 1) * 100 }))
      .sort((x, y) => y.pct - x.pct)[0]
    endLines.push(
      `fault suite memory after a forced full collection: healthy ${mem(live.healthy)} → warm ${mem(live.warm)} → ` +
        `end ${mem(end)} (limit ${mib(limitKb)} MiB, 50 % over warm); ` +
        `worst single fault ${worst ? `${worst.name} ${worst.pct >= 0 ? '+' : ''}${worst.pct.toFixed(1)} %` : 'none'} (limit 20 %)`,
    )
    console.log(endLines.at(-1))
    expect(end.rssKb).toBeLessThanOrEqual(limitKb)
    expect(host.stderr).not.toMatch(/Unhandled|UnhandledPromiseRejection/)
  })
})
