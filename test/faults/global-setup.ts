import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { cliScript } from '../../src/main/cli/commands/stack'
import { hasFaultListener } from '../../src/main/stack/kafka-node'
import { defaultStackOptions } from '../../src/main/stack/stack-config'
import { loadStackOptions, stackStatus, stackUp } from '../../src/main/stack/stack-manager'

/**
 * The fault suite runs after the integration tests, on the stack they used (KEYTRAIL_STACK_DIR and
 * the KEYTRAIL_STACK_*_PORT variables, as there). It needs the broker's FAULT listener: a broker
 * started before it existed is restarted with it by `stackUp`. A stack that is not up is started
 * and left to the caller (scripts/test.mjs stops what it started).
 */
export default async function setup(project: TestProject): Promise<void> {
  const defaults = defaultStackOptions()
  const previous = loadStackOptions(defaults.dir)
  const options = { ...(previous ?? defaults), traffic: true, flink: true }
  const status = await stackStatus(options)
  const healthy =
    status.components.every((c) => c.healthy) && status.jobs.filter((j) => j.state === 'RUNNING').length >= 3
  if (!healthy || !hasFaultListener(options)) {
    console.log(`[faults] bringing the stack in ${options.dir} up with the FAULT listener`)
    await stackUp(options, cliScript(), (line) => console.log(`[faults] ${line}`))
  } else console.log(`[faults] reusing the running stack in ${options.dir}`)
  project.provide('stack', {
    dir: options.dir,
    kafkaPort: options.kafkaPort,
    flinkPort: options.flinkPort,
    kafkaVersion: options.kafkaVersion,
    flinkVersion: options.flinkVersion,
  })
  project.provide('repoRoot', path.resolve(import.meta.dirname, '../..'))
}
