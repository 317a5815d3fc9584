import { z } from 'zod'
import { profileIdSchema } from './profiles'

const jobId = z.string().regex(/^[0-9a-f]{32}$/, 'a 32-character Flink job id')

export const jobSummarySchema = z.object({
  jid: z.string(),
  name: z.string(),
  state: z.string(),
  startTime: z.number().nullable(),
  durationMs: z.number().nullable(),
  tasksTotal: z.number().nullable(),
  tasksRunning: z.number().nullable(),
})
export type JobSummary = z.infer<typeof jobSummarySchema>

export const clusterViewSchema = z.object({
  version: z.string(),
  slotsTotal: z.number(),
  slotsAvailable: z.number(),
  taskManagers: z.array(
    z.object({
      id: z.string(),
      slots: z.number().nullable(),
      freeSlots: z.number().nullable(),
      heapBytes: z.number().nullable(),
      lastHeartbeat: z.number().nullable(),
    }),
  ),
  jobs: z.array(jobSummarySchema),
})
export type ClusterView = z.infer<typeof clusterViewSchema>

export const checkpointRecordViewSchema = z.object({
  jobId: z.string(),
  jobName: z.string(),
  id: z.number(),
  status: z.enum(['COMPLETED', 'FAILED']),
  isSavepoint: z.boolean(),
  type: z.string().nullable(),
  triggerTimestamp: z.number(),
  latestAckTimestamp: z.number().nullable(),
  durationMs: z.number().nullable(),
  stateSize: z.number().nullable(),
  checkpointedSize: z.number().nullable(),
  processedData: z.number().nullable(),
  persistedData: z.number().nullable(),
  alignmentBuffered: z.number().nullable(),
  numSubtasks: z.number().nullable(),
  numAcknowledgedSubtasks: z.number().nullable(),
  externalPath: z.string().nullable(),
  failureTimestamp: z.number().nullable(),
  failureMessage: z.string().nullable(),
  /** Per operator (job vertex), for completed checkpoints recorded while Flink still had their details. */
  operators: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        stateSize: z.number().nullable(),
        durationMs: z.number().nullable(),
      }),
    )
    .optional(),
  /** For a checkpoint much slower than usual: the slowest operator's alignment and backpressure then. */
  spike: z
    .object({
      vertexId: z.string(),
      vertexName: z.string(),
      alignmentMs: z.number().nullable(),
      backpressureRatio: z.number().nullable(),
    })
    .optional(),
})

export const detectorSchema = z.object({
  id: z.string(),
  title: z.string(),
  firing: z.boolean(),
  severity: z.enum(['warning', 'critical']),
  evidence: z.string(),
})

export const checkpointConfigViewSchema = z.object({
  mode: z.string().nullable(),
  intervalMs: z.number().nullable(),
  timeoutMs: z.number().nullable(),
  minPauseMs: z.number().nullable(),
  maxConcurrent: z.number().nullable(),
  unaligned: z.boolean().nullable(),
  tolerableFailures: z.number().nullable(),
  retention: z.string().nullable(),
  stateBackend: z.string().nullable(),
  storage: z.string().nullable(),
})

export const checkpointsViewSchema = z.object({
  job: jobSummarySchema,
  counts: z.object({
    total: z.number(),
    inProgress: z.number(),
    completed: z.number(),
    failed: z.number(),
    restored: z.number(),
  }),
  latest: z.object({
    completed: checkpointRecordViewSchema.nullable(),
    failed: checkpointRecordViewSchema.nullable(),
    savepoint: checkpointRecordViewSchema.nullable(),
    restored: z
      .object({
        id: z.number(),
        restoreTimestamp: z.number().nullable(),
        externalPath: z.string().nullable(),
        isSavepoint: z.boolean(),
      })
      .nullable(),
  }),
  /** null when the job runs without checkpointing. */
  config: checkpointConfigViewSchema.nullable(),
  /** Everything Keytrail has stored for this job name, oldest first (bounded by `limit`). */
  history: z.array(checkpointRecordViewSchema),
  historyTotal: z.number(),
  /** Why new checkpoints could not be stored (a full or read-only state directory); null when they were. */
  historyUnsaved: z.string().nullable().optional(),
  /** Full state size and duration per operator over the stored history (bucketed), for the per-operator charts. */
  operatorTrend: z.object({
    operators: z.array(z.object({ id: z.string(), name: z.string() })),
    points: z.array(
      z.object({ t: z.number(), sizes: z.record(z.string(), z.number()), durations: z.record(z.string(), z.number()) }),
    ),
  }),
  /** All stored history bucketed to a few hundred points, for the trend charts. */
  trend: z.array(
    z.object({
      t: z.number(),
      durationMaxMs: z.number().nullable(),
      durationAvgMs: z.number().nullable(),
      stateSize: z.number().nullable(),
      checkpointedSize: z.number().nullable(),
      failed: z.number(),
      completed: z.number(),
    }),
  ),
  detectors: z.array(detectorSchema),
})
export type CheckpointsView = z.infer<typeof checkpointsViewSchema>

const subtaskCheckpointSchema = z.object({
  index: z.number(),
  status: z.string(),
  ackTimestamp: z.number().nullable(),
  endToEndMs: z.number().nullable(),
  syncMs: z.number().nullable(),
  asyncMs: z.number().nullable(),
  alignmentMs: z.number().nullable(),
  startDelayMs: z.number().nullable(),
  unaligned: z.boolean().nullable(),
  stateSize: z.number().nullable(),
  checkpointedSize: z.number().nullable(),
})

export const checkpointDetailViewSchema = z.object({
  jobId: z.string(),
  id: z.number(),
  status: z.string(),
  vertices: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.string().nullable(),
      numSubtasks: z.number().nullable(),
      numAcknowledged: z.number().nullable(),
      endToEndMs: z.number().nullable(),
      stateSize: z.number().nullable(),
      checkpointedSize: z.number().nullable(),
      subtasks: z.array(subtaskCheckpointSchema),
      /** The subtask that acknowledged last, and what took its time. */
      slowest: z.object({ index: z.number(), reason: z.string() }).nullable(),
    }),
  ),
})
export type CheckpointDetailView = z.infer<typeof checkpointDetailViewSchema>

export const flinkInputs = {
  byProfile: z.object({ id: profileIdSchema }),
  byJob: z.object({ id: profileIdSchema, job: z.string().min(1).max(200) }),
  checkpointDetail: z.object({ id: profileIdSchema, jid: jobId, checkpointId: z.number().int().nonnegative() }),
}
export const checkpointsInputSchema = flinkInputs.byJob.extend({
  limit: z.number().int().min(1).max(100_000).default(2_000),
})

export const jobDetailViewSchema = z.object({
  job: jobSummarySchema,
  restarts: z.number().nullable(),
  /** When the job entered each status (Flink's `timestamps`), oldest first. */
  timeline: z.array(z.object({ status: z.string(), at: z.number() })),
  vertices: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      parallelism: z.number().nullable(),
      status: z.string().nullable(),
      recordsIn: z.number().nullable(),
      recordsOut: z.number().nullable(),
      busyRatio: z.number().nullable(),
      backpressuredRatio: z.number().nullable(),
      idleRatio: z.number().nullable(),
      backpressureLevel: z.string().nullable(),
      watermark: z.number().nullable(),
    }),
  ),
  /** The job graph's edges (from the plan): upstream vertex → downstream vertex. */
  edges: z.array(z.object({ from: z.string(), to: z.string(), shipStrategy: z.string().nullable() })),
  exceptions: z.array(
    z.object({
      name: z.string(),
      message: z.string(),
      stacktrace: z.string(),
      timestamp: z.number().nullable(),
      taskName: z.string().nullable(),
      endpoint: z.string().nullable(),
    }),
  ),
  config: z.record(z.string(), z.string()),
  kafka: z.object({
    sourceTopics: z.array(z.string()),
    sinkTopics: z.array(z.string()),
    consumerGroups: z.array(z.string()),
  }),
})
export type JobDetailView = z.infer<typeof jobDetailViewSchema>

export const jobActions = ['savepoint', 'stop', 'cancel'] as const
export const jobActionInputSchema = z.object({
  id: profileIdSchema,
  jid: jobId,
  action: z.enum(jobActions),
  /** Where the savepoint goes; without it the cluster's state.savepoints.dir. */
  targetDirectory: z.string().min(1).max(4096).optional(),
})
export const jobActionResultSchema = z.object({
  action: z.enum(jobActions),
  status: z.enum(['COMPLETED', 'FAILED']),
  location: z.string().nullable(),
  failure: z.string().nullable(),
  durationMs: z.number(),
})
export type JobActionResult = z.infer<typeof jobActionResultSchema>
