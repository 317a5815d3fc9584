import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliScript } from '../../src/main/cli/commands/stack'
import { setTrafficRate } from '../../src/main/stack/faults'
import { defaultStackOptions, type StackOptions } from '../../src/main/stack/stack-config'
import { loadStackOptions, stackDown, stackStatus, stackUp } from '../../src/main/stack/stack-manager'
import { checkStack } from './stack-checks'
import { stack } from './support'

/** A second stack, on Kafka 3.9 and other ports, must pass the same checks as the default one. */
describe('the local stack on Kafka 3.9', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keytrail-stack39-'))
  const options: StackOptions = {
    ...defaultStackOptions({}),
    dir,
    kafkaVersion: '3.9.2',
    kafkaPort: 19092,
    controllerPort: 19093,
    flinkPort: 18081,
  }
  const main = () => loadStackOptions(stack().dir)

  beforeAll(async () => {
    const m = main()
    if (m) await setTrafficRate(m, 2) // leave the two cores to the second stack
    await stackUp(options, cliScript(), (line) => console.log(`[kafka 3.9] ${line}`))
  }, 600_000)

  afterAll(async () => {
    await stackDown(options)
    const m = main()
    if (m) await setTrafficRate(m, m.trafficRate)
    rmSync(dir, { recursive: true, force: true })
  }, 120_000)

  it('runs Kafka 3.9 and passes the same checks', async () => {
    const status = await stackStatus(options)
    expect(status.components.every((c) => c.healthy)).toBe(true)
    await checkStack(options.kafkaPort, options.flinkPort)
  })
})
