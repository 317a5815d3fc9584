import type { TraceVerdict } from '../../shared/contract'
import { traceInputSchema } from '../../shared/contract/trace'
import type { TraceService } from './trace-service'

/**
 * The verdict of one entity's story, traced as `keytrail trace <id>` would. The one door through
 * which the health model reaches the trace engine: a change of the engine's shape changes only this.
 */
export async function traceVerdict(
  traces: Pick<TraceService, 'run'>,
  profileId: string,
  entityId: string,
  signal: AbortSignal,
): Promise<TraceVerdict> {
  let verdict: TraceVerdict | undefined
  const input = traceInputSchema.parse({ id: profileId, entityId })
  await traces.run(
    input,
    (u) => {
      if (u.kind === 'done') verdict = u.verdict
    },
    signal,
  )
  // A cut-short trace's verdict describes the part it read, not the story.
  if (signal.aborted) throw new Error(`the trace of ${entityId} did not finish in time`)
  if (!verdict) throw new Error(`the trace of ${entityId} ended without a verdict`)
  return verdict
}
