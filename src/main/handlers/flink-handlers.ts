import { runJobAction } from '../flink/job-actions'
import type { HandlersOf } from './handlers-of'
import type { Services } from './services'

export function flinkHandlers({ flink }: Services): HandlersOf<'flink' | 'jobs' | 'checkpoints'> {
  return {
    'flink.cluster': async ({ id }) => flink.cluster(id),
    'jobs.detail': async ({ id, job }) => flink.jobDetail(id, job),
    'jobs.action': async ({ id, jid, action, targetDirectory }) => {
      try {
        return await runJobAction(await flink.connection(id), jid, action, targetDirectory)
      } finally {
        flink.forgetAnswers(id)
      }
    },
    'checkpoints.get': async ({ id, job, limit }) => flink.checkpoints(id, job, limit),
    'checkpoints.detail': async ({ id, jid, checkpointId }) => flink.checkpointDetail(id, jid, checkpointId),
  }
}
