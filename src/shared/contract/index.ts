import { z } from 'zod'
import { call, subscription } from './define'
import {
  checkpointDetailViewSchema,
  checkpointsInputSchema,
  checkpointsViewSchema,
  clusterViewSchema,
  flinkInputs,
  jobActionInputSchema,
  jobActionResultSchema,
  jobDetailViewSchema,
} from './flink'
import { healthInputs, healthReportSchema } from './health'
import { timelineInputSchema, timelineSchema } from './timeline'
import { watchInputs, watchListSchema } from './watch'
import { alertEventSchema, alertInputs, alertOverrideSchema, alertSchema, alertsViewSchema } from './alerts'
import { alertRuleSchema, groupDetailSchema, lagHistorySchema, lagInputs, lagSnapshotSchema } from './lag'
import { findInputSchema, findResultSchema, suggestResultSchema, traceInputSchema, traceUpdateSchema } from './trace'
import {
  connectionReportSchema,
  profileIdSchema,
  profileSchema,
  profileSecretsSchema,
  profileSetReadOnlyInputSchema,
  profileViewSchema,
  profilesListSchema,
} from './profiles'

export * from './define'
export * from './errors'
export * from './profiles'
export * from './flink'
export * from './trace'
export * from './lag'
export * from './health'
export * from './alerts'
export * from './timeline'
export * from './watch'

const byProfile = z.object({ id: profileIdSchema })

/**
 * The Keytrail API: every call and subscription, once. The router validates inputs against it;
 * the renderer, the preload bridge and the CLI are typed from it.
 */
export const contract = {
  'app.info': call(
    z.object({}),
    z.object({
      name: z.literal('Keytrail'),
      version: z.string(),
      host: z.enum(['electron', 'browser', 'cli', 'test']),
      platform: z.string(),
    }),
  ),
  'profiles.list': call(z.object({}), profilesListSchema),
  'profiles.save': call(
    z.object({ profile: profileSchema, secrets: profileSecretsSchema.optional() }),
    profileViewSchema,
  ),
  'profiles.remove': call(byProfile, z.object({ removed: z.boolean() })),
  /** The only way to make a read-only profile writable (confirmed by its name); a save keeps the flag on. */
  'profiles.setReadOnly': call(profileSetReadOnlyInputSchema, profileViewSchema),
  'profiles.setActive': call(byProfile, z.object({ activeId: profileIdSchema })),
  'profiles.test': call(byProfile, connectionReportSchema),
  /** Connection health of one profile, pushed every `intervalMs` until unsubscribed. */
  'health.watch': subscription(
    z.object({ id: profileIdSchema, intervalMs: z.number().int().min(1000).max(600_000).default(15_000) }),
    connectionReportSchema,
  ),
  /** What is wrong now, per profile: problems (severity, subject, since, evidence, freshness, link) and tiles. */
  'health.status': call(healthInputs.status, healthReportSchema),
  /** The health report of every profile, pushed after each evaluation (every 10 s in long-running hosts). */
  'health.overview': subscription(z.object({}), healthReportSchema),
  /** Problems that appeared, changed or cleared and alert events, oldest first (the incident timeline). */
  'timeline.get': call(timelineInputSchema, timelineSchema),
  /** Pin or unpin an order id: it stays watched (traced again with every health round) until its story completes or its stuck verdict resolves. */
  'watch.set': call(watchInputs.set, watchListSchema),
  /** The pinned ids with their last verdict. */
  'watch.list': call(watchInputs.list, watchListSchema),
  /** Active alerts, the last day's alert events, the rules and their overrides. */
  'alerts.list': call(alertInputs.list, alertsViewSchema),
  /** Acknowledge a firing alert: it stays listed until it resolves, and pages no more. */
  'alerts.ack': call(alertInputs.ack, alertSchema),
  /** Silence an alert for 15 min, 1 h, or until it resolves. */
  'alerts.snooze': call(alertInputs.snooze, alertSchema),
  /** Turn a rule on or off, or change how long a problem must last, for a profile or one subject. */
  'alerts.override': call(alertInputs.override, z.array(alertOverrideSchema)),
  /** Alert events as they happen: fired, resolved, acknowledged, snoozed (notifications). */
  'alerts.events': subscription(z.object({}), alertEventSchema),
  /** The Flink cluster of a profile: version, task managers, jobs. */
  'flink.cluster': call(flinkInputs.byProfile, clusterViewSchema),
  /** A job's checkpoints: Flink's counts and config, Keytrail's stored history, detectors. */
  'checkpoints.get': call(checkpointsInputSchema, checkpointsViewSchema),
  /** A job: status timeline, restarts, graph with live figures, exceptions, configuration, Kafka links. */
  'jobs.detail': call(flinkInputs.byJob, jobDetailViewSchema),
  /** Savepoint, stop with savepoint, or cancel a job; waits for the outcome. Refused in read-only profiles. */
  'jobs.action': call(jobActionInputSchema, jobActionResultSchema, { mutates: true }),
  /** One checkpoint per operator and per subtask. */
  'checkpoints.detail': call(flinkInputs.checkpointDetail, checkpointDetailViewSchema),
  /**
   * One entity across the topics of the profile's trace map: events as found, progress, then the
   * verdict. A subscription `stop` ends it early and it still reports its verdict on what it read.
   */
  'trace.run': subscription(traceInputSchema, traceUpdateSchema),
  /** Recent records by type, field value or text, each with its entity id: ids to trace. */
  'trace.find': call(findInputSchema, findResultSchema),
  /** A trace map proposed from recent records of the named topics (or the current map's). */
  'trace.suggest': call(
    z.object({ id: profileIdSchema, topics: z.array(z.string().trim().min(1).max(249)).max(100).optional() }),
    suggestResultSchema,
  ),
  /** Every consumer group: lag in messages and seconds, verdict (the monitor's latest sample). */
  'lag.groups': call(lagInputs.byProfile, lagSnapshotSchema),
  /** One group, freshly sampled: per partition lag, owner, rates, verdict, and its Flink job's own figures. */
  'lag.group': call(lagInputs.byGroup, groupDetailSchema),
  /** A fresh sample with partitions, of one group or all (the CLI's `lag`). */
  'lag.describe': call(
    z.object({ id: profileIdSchema, group: z.string().trim().min(1).max(255).optional() }),
    z.object({ sampledAt: z.number(), groups: z.array(groupDetailSchema) }),
  ),
  /** Stored samples of a group over a range (kept across restarts). */
  'lag.history': call(lagInputs.history, lagHistorySchema),
  /** The snapshot of every group, pushed after each sample. */
  'lag.watch': subscription(lagInputs.watch, lagSnapshotSchema),
  /** Alert rules of a group (null removes them); kept locally, not in the cluster. */
  'lag.setRules': call(lagInputs.rules, z.object({ group: z.string(), rules: alertRuleSchema.nullable() })),
} as const

export type Contract = typeof contract
export type MethodName = keyof Contract & string
export const methodNames = Object.keys(contract) as MethodName[]

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name)
}
