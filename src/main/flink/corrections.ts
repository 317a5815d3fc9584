import { z } from 'zod'

/**
 * Where Flink's generated spec is wrong or silent, corrected here (checked against a real 1.20.3
 * cluster and the 1.20 and 2.2 responses recorded in ./fixtures/):
 * - metric endpoints answer a bare array of {id, value} (aggregated: {id, min, max, avg, sum, skew}),
 *   values as strings;
 * - exceptions: 1.20 has root-exception/all-exceptions and `location`; 2.x only exceptionHistory
 *   with `endpoint`;
 * - the spec marks almost nothing as required and Flink leaves fields out, so every generated
 *   property is optional.
 */
export const metricsSchema = z.array(
  z.looseObject({
    id: z.string(),
    value: z.string().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    avg: z.number().optional(),
    sum: z.number().optional(),
    skew: z.number().optional(),
  }),
)

const exceptionEntry = z.looseObject({
  exceptionName: z.string().nullish(),
  stacktrace: z.string().nullish(),
  timestamp: z.number().nullish(),
  taskName: z.string().nullish(),
  location: z.string().nullish(),
  endpoint: z.string().nullish(),
  taskManagerId: z.string().nullish(),
  failureLabels: z.record(z.string(), z.string()).nullish(),
})

export const exceptionsSchema = z.looseObject({
  'root-exception': z.string().nullish(),
  timestamp: z.number().nullish(),
  exceptionHistory: z
    .looseObject({
      entries: z.array(exceptionEntry.extend({ concurrentExceptions: z.array(exceptionEntry).nullish() })).nullish(),
      truncated: z.boolean().nullish(),
    })
    .nullish(),
})

export interface FlinkException {
  name: string
  stacktrace: string
  timestamp: number | null
  taskName: string | null
  /** 1.20 `location`, 2.x `endpoint`. */
  endpoint: string | null
  concurrent: number
}

/** One exception shape for 1.20 and 2.x, newest first, root cause first within an entry. */
export function normalizeExceptions(raw: z.infer<typeof exceptionsSchema>): FlinkException[] {
  return (raw.exceptionHistory?.entries ?? []).map((e) => ({
    name: e.exceptionName ?? 'Exception',
    stacktrace: e.stacktrace ?? '',
    timestamp: e.timestamp ?? null,
    taskName: e.taskName ?? null,
    endpoint: e.endpoint ?? e.location ?? null,
    concurrent: e.concurrentExceptions?.length ?? 0,
  }))
}
