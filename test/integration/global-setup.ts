import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { cliScript } from '../../src/main/cli/commands/stack'
import { defaultStackOptions } from '../../src/main/stack/stack-config'
import { loadStackOptions, stackDown, stackStatus, stackUp } from '../../src/main/stack/stack-manager'

/**
 * One real stack for the whole integration run: reuses a healthy one (KEYTRAIL_STACK_DIR or the
 * default dir), else starts it and stops it at the end. It runs with the secure listeners
 * (secure.itest.ts) unless KEYTRAIL_STACK_SECURE=0: a reused stack without them has its Kafka
 * restarted with them before any test runs. Likewise the Schema Registry (registry.itest.ts) unless
 * KEYTRAIL_STACK_REGISTRY=0. A running stack started with --no-flink is reused without
 * Flink (KEYTRAIL_STACK_FLINK=1 adds it, =0 never starts it): the secure tests need Kafka only.
 * KEYTRAIL_STACK_FLINK_VERSION=2.2 starts a new stack on
 * Flink 2.2 (a reused stack keeps the version it runs).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const defaults = defaultStackOptions()
  const previous = loadStackOptions(defaults.dir)
  const secure = process.env.KEYTRAIL_STACK_SECURE !== '0' || previous?.secure === true
  const registry = process.env.KEYTRAIL_STACK_REGISTRY !== '0' || previous?.registry === true
  const wantFlink = process.env.KEYTRAIL_STACK_FLINK
  const flink = wantFlink === '0' ? false : wantFlink === '1' ? true : (previous?.flink ?? true)
  const options = { ...(previous ?? defaults), traffic: true, flink, secure, registry }
  if (!flink) console.log('[integration] without Flink (the stack runs --no-flink): Flink tests will fail')
  const status = await stackStatus(options)
  const healthy =
    status.components.every((c) => c.healthy) &&
    (!flink || status.jobs.filter((j) => j.state === 'RUNNING').length >= 3)
  // A stack someone else started (npm test starts it for the e2e tests too) is completed here, never
  // stopped here: only one that was not running at all is this run's to stop.
  const wasRunning = status.components.some((c) => c.name === 'kafka' && c.pid !== null)
  let startedHere = false
  if (!healthy) {
    console.log(`[integration] ${wasRunning ? 'completing' : 'starting'} the stack in ${options.dir}`)
    await stackUp(options, cliScript(), (line) => console.log(`[integration] ${line}`))
    startedHere = !wasRunning
  } else if ((secure && !previous?.secure) || (registry && !previous?.registry)) {
    console.log(`[integration] adding the secure listeners or the registry to the running stack in ${options.dir}`)
    await stackUp(options, cliScript(), (line) => console.log(`[integration] ${line}`))
  } else console.log(`[integration] reusing the running stack in ${options.dir}`)
  project.provide('stack', {
    dir: options.dir,
    kafkaPort: options.kafkaPort,
    flinkPort: options.flinkPort,
    kafkaVersion: options.kafkaVersion,
    flinkVersion: options.flinkVersion,
  })
  project.provide('repoRoot', path.resolve(import.meta.dirname, '../..'))
  return async () => {
    if (startedHere) {
      console.log('[integration] stopping the stack it started')
      await stackDown(options)
    }
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: { dir: string; kafkaPort: number; flinkPort: number; kafkaVersion: string; flinkVersion: string }
    repoRoot: string
  }
}
