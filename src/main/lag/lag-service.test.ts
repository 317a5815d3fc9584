import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FlinkService } from '../flink/flink-service'
import { ProfileStore } from '../profiles/profile-store'
import { FileSecretStore } from '../profiles/secret-store'
import { CLOSED_PORT } from '../test-support/temp-core'
import { LagMonitor } from './lag-monitor'
import { LagService } from './lag-service'

describe('LagService', () => {
  let dir: string
  let profiles: ProfileStore
  let service: LagService
  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-lag-service-'))
    profiles = ProfileStore.inDir(dir)
    // Nothing listens: every sample fails at once with a refused connection.
    await profiles.save({
      ...(await profiles.get('local')),
      flink: undefined,
      kafka: {
        brokers: [`127.0.0.1:${CLOSED_PORT}`],
        clientId: 'keytrail',
        connectionTimeoutMs: 200,
        requestTimeoutMs: 500,
      },
    })
    service = new LagService(
      profiles,
      new FileSecretStore(path.join(dir, 'secrets.json')),
      {} as FlinkService,
      dir,
      60_000,
    )
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    await service.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('opens one monitor per profile however many first calls arrive together', async () => {
    const monitors = new Set<LagMonitor>()
    const sample = LagMonitor.prototype.sample
    vi.spyOn(LagMonitor.prototype, 'sample').mockImplementation(function (this: LagMonitor, ...args) {
      monitors.add(this)
      return sample.apply(this, args)
    })
    await Promise.allSettled(Array.from({ length: 10 }, () => service.groups('local')))
    await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        service.setRules('local', `g${i}`, { lagSecondsAbove: 5, forSeconds: 60, verdictNotOk: false }),
      ),
    )
    expect(monitors.size).toBe(1)
  })

  it('ends a watch of an unreachable cluster with UNAVAILABLE instead of staying silent', async () => {
    const started = Date.now()
    const events: unknown[] = []
    const outcome = await service
      .watch('local', (s) => events.push(s), AbortSignal.timeout(14_000))
      .then(
        () => 'ended quietly',
        (err: unknown) => err,
      )
    expect(outcome).toMatchObject({ code: 'UNAVAILABLE' })
    expect(String((outcome as Error).message)).toMatch(/Kafka/)
    expect(events).toEqual([])
    expect(Date.now() - started).toBeLessThan(12_000)
  })

  it('ends a watch with UNAVAILABLE when a frozen broker accepts connections and answers nothing', async () => {
    const held: net.Socket[] = []
    const frozen = net.createServer((socket) => held.push(socket))
    await new Promise<void>((r) => frozen.listen(0, '127.0.0.1', r))
    try {
      const port = (frozen.address() as net.AddressInfo).port
      const local = await profiles.get('local')
      await profiles.save({
        ...local,
        kafka: { ...local.kafka, brokers: [`127.0.0.1:${port}`], requestTimeoutMs: 60_000 },
      })
      const quick = new LagService(
        profiles,
        new FileSecretStore(path.join(dir, 's.json')),
        {} as FlinkService,
        dir,
        60_000,
        1_000,
      )
      const started = Date.now()
      const outcome = await quick
        .watch('local', () => undefined, AbortSignal.timeout(10_000))
        .then(
          () => 'ended quietly',
          (err: unknown) => err,
        )
      const answeredMs = Date.now() - started
      // Closing must not wait for a connect the frozen broker never finishes (a host could not stop).
      await quick.close()
      const closedMs = Date.now() - started - answeredMs
      expect(outcome).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/no lag sample/) })
      expect(answeredMs).toBeLessThan(3_000)
      expect(closedMs).toBeLessThan(4_000)
    } finally {
      for (const s of held) s.destroy()
      await new Promise<void>((r) => frozen.close(() => r()))
    }
  })
})
