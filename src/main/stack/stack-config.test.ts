import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { childTraceparent, envelope, newTraceparent } from './demo-events'
import { faultRequestSchema } from './faults'
import { latestRetainedCheckpoint } from './flink-jobs'
import { seededRandom } from './seeded-random'
import { flinkConf } from './flink-cluster'
import { defaultStackOptions, stackOptionsSchema, stackPaths } from './stack-config'

describe('stack options', () => {
  it('defaults to the newest Kafka 4 and the usual ports', () => {
    const o = defaultStackOptions({ KEYTRAIL_STATE_DIR: '/tmp/x' })
    expect(o).toMatchObject({
      kafkaVersion: '4.4.0',
      kafkaPort: 9092,
      flinkPort: 8081,
      dir: '/tmp/x/stack',
      checkpointIntervalMs: 5000,
    })
  })

  it('maps short Kafka versions and refuses unknown ones', () => {
    const base = defaultStackOptions({})
    expect(stackOptionsSchema.parse({ ...base, kafkaVersion: '3.9' }).kafkaVersion).toBe('3.9.2')
    expect(stackOptionsSchema.parse({ ...base, kafkaVersion: '4.1.1' }).kafkaVersion).toBe('4.1.1')
    expect(stackOptionsSchema.safeParse({ ...base, kafkaVersion: '2.8' }).success).toBe(false)
    expect(stackOptionsSchema.safeParse({ ...base, kafkaPort: 70000 }).success).toBe(false)
  })
})

describe('Flink versions', () => {
  it('defaults to 1.20, maps 2.2, refuses others, and reads an old stack.json as 1.20', () => {
    const base = defaultStackOptions({})
    expect(base.flinkVersion).toBe('1.20.3')
    expect(defaultStackOptions({ KEYTRAIL_STACK_FLINK_VERSION: '2.2' }).flinkVersion).toBe('2.2.1')
    expect(stackOptionsSchema.safeParse({ ...base, flinkVersion: '1.19' }).success).toBe(false)
    const { flinkVersion: _v, ...old } = base
    expect(stackOptionsSchema.parse(old).flinkVersion).toBe('1.20.3')
  })

  it('keeps each Flink line in its own directory, 1.20 where it always was', () => {
    const base = defaultStackOptions({ KEYTRAIL_STACK_DIR: '/s' })
    expect(stackPaths(base)).toMatchObject({ flinkHome: '/s/flink', flinkLib: '/s/lib/flink-1.20.3' })
    expect(stackPaths({ ...base, flinkVersion: '2.2.1' })).toMatchObject({
      flinkHome: '/s/flink-2.2',
      checkpoints: '/s/flink-2.2/checkpoints',
      flinkLib: '/s/lib/flink-2.2.1',
    })
  })

  it('writes flink-conf.yaml for 1.20 and config.yaml with the renamed keys for 2.2', () => {
    const base = defaultStackOptions({})
    const v1 = flinkConf(base, '/h', '/h/checkpoints')
    expect(v1.file).toBe('flink-conf.yaml')
    expect(v1.text).toContain('state.checkpoints.dir: file:///h/checkpoints\n')
    const v2 = flinkConf({ ...base, flinkVersion: '2.2.1' }, '/h', '/h/checkpoints')
    expect(v2.file).toBe('config.yaml')
    expect(v2.text).toContain('execution.checkpointing.dir: "file:///h/checkpoints"\n')
    expect(v2.text).toContain('execution.checkpointing.savepoint-dir: "file:///h/savepoints"\n')
    expect(v2.text).not.toMatch(/^state\.(checkpoints|savepoints)\.dir/m)
  })
})

describe('fault requests', () => {
  it('needs a known job for pause-consumer', () => {
    expect(faultRequestSchema.safeParse({ fault: 'pause-consumer', on: true }).success).toBe(false)
    expect(faultRequestSchema.safeParse({ fault: 'pause-consumer', on: true, job: 'nope' }).success).toBe(false)
    expect(faultRequestSchema.safeParse({ fault: 'pause-consumer', on: true, job: 'order-service' }).success).toBe(true)
    expect(faultRequestSchema.safeParse({ fault: 'meltdown', on: true }).success).toBe(false)
  })
})

describe('demo events', () => {
  it('are reproducible from a seed', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    expect(envelope('OrderCreated', 'o1', null, a, {}).eventId).toBe(
      envelope('OrderCreated', 'o1', null, b, {}).eventId,
    )
    expect(envelope('OrderCreated', 'o1', null, seededRandom(43), {}).eventId).not.toBe(
      envelope('OrderCreated', 'o1', null, seededRandom(42), {}).eventId,
    )
  })

  it('keep the trace id across hops and make a new span', () => {
    const rand = seededRandom(1)
    const parent = newTraceparent(rand)
    expect(parent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
    const child = childTraceparent(parent, rand)
    expect(child.slice(0, 35)).toBe(parent.slice(0, 35))
    expect(child).not.toBe(parent)
    expect(childTraceparent('garbage', rand)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
  })

  it('carry the envelope fields', () => {
    const e = envelope('PaymentReceived', 'ord-1', 'cause-1', seededRandom(7), { paymentId: 'pay-1' })
    expect(e).toMatchObject({ type: 'PaymentReceived', orderId: 'ord-1', causationId: 'cause-1', paymentId: 'pay-1' })
    expect(e.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(Number.isNaN(Date.parse(e.occurredAt))).toBe(false)
  })
})

describe('retained checkpoints', () => {
  it('finds the newest completed checkpoint of a job across its runs', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-chk-'))
    try {
      const make = (run: string, chk: string, ageS: number, meta = true): string => {
        const d = path.join(dir, 'order-service', run, chk)
        mkdirSync(d, { recursive: true })
        if (meta) {
          writeFileSync(path.join(d, '_metadata'), 'x')
          const t = Date.now() / 1000 - ageS
          utimesSync(path.join(d, '_metadata'), t, t)
        }
        return d
      }
      make('run-a', 'chk-10', 300)
      const newest = make('run-b', 'chk-3', 10)
      make('run-b', 'chk-4', 0, false) // in progress: no _metadata yet
      mkdirSync(path.join(dir, 'order-service', 'run-b', 'shared'), { recursive: true })
      expect(latestRetainedCheckpoint(dir, 'order-service')).toBe(newest)
      expect(latestRetainedCheckpoint(dir, 'shipping-service')).toBeUndefined()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
