import { existsSync, openAsBlob, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { httpJson } from '../util/http-json'
import { flinkUrl } from './flink-cluster'
import { waitFor } from './processes'
import { JOBS, type StackOptions, stackPaths } from './stack-config'

const jobsOverviewSchema = z.object({
  jobs: z.array(z.looseObject({ jid: z.string(), name: z.string(), state: z.string() })),
})
const uploadSchema = z.looseObject({ filename: z.string(), status: z.string() })
const runSchema = z.looseObject({ jobid: z.string() })
const checkpointsSchema = z.looseObject({ counts: z.looseObject({ completed: z.number() }) })

const ALIVE = new Set(['CREATED', 'RUNNING', 'RESTARTING', 'INITIALIZING', 'RECONCILING'])

export async function listJobs(
  o: Pick<StackOptions, 'flinkPort'>,
): Promise<Array<{ jid: string; name: string; state: string }>> {
  return (await httpJson(`${flinkUrl(o)}/jobs/overview`, jobsOverviewSchema, { timeoutMs: 5000 })).jobs
}

async function uploadJar(o: StackOptions, jar: string): Promise<string> {
  const form = new FormData()
  form.append('jarfile', await openAsBlob(jar, { type: 'application/java-archive' }), path.basename(jar))
  const res = await fetch(`${flinkUrl(o)}/jars/upload`, { method: 'POST', body: form })
  const body = uploadSchema.parse(await res.json())
  if (!res.ok || body.status !== 'success') throw new Error(`Uploading ${jar} to Flink failed: ${JSON.stringify(body)}`)
  return path.basename(body.filename)
}

/** The newest retained checkpoint of a job (checkpoints/<job>/<job-id>/chk-N/_metadata), to resume its state. */
export function latestRetainedCheckpoint(checkpointsDir: string, job: string): string | undefined {
  const jobDir = path.join(checkpointsDir, job)
  if (!existsSync(jobDir)) return undefined
  let best: { dir: string; mtime: number } | undefined
  for (const run of readdirSync(jobDir)) {
    const runDir = path.join(jobDir, run)
    if (!statSync(runDir).isDirectory()) continue
    for (const chk of readdirSync(runDir)) {
      const meta = path.join(runDir, chk, '_metadata')
      if (!chk.startsWith('chk-') || !existsSync(meta)) continue
      const mtime = statSync(meta).mtimeMs
      if (!best || mtime > best.mtime) best = { dir: path.join(runDir, chk), mtime }
    }
  }
  return best?.dir
}

/** Submits each demo job that is not already alive, resuming its retained state; returns their ids by name. */
export async function submitJobs(o: StackOptions, jar: string): Promise<Record<string, string>> {
  const alive = new Map((await listJobs(o)).filter((j) => ALIVE.has(j.state)).map((j) => [j.name, j.jid]))
  const missing = JOBS.filter((j) => !alive.has(j.name))
  if (missing.length) {
    const jarId = await uploadJar(o, jar)
    for (const job of missing) {
      const programArgsList = [
        '--brokers',
        `127.0.0.1:${o.kafkaPort}`,
        '--checkpoint-dir',
        `file://${stackPaths(o).checkpoints}`,
        '--checkpoint-interval',
        String(o.checkpointIntervalMs),
        '--parallelism',
        String(o.parallelism),
      ]
      const savepointPath = latestRetainedCheckpoint(stackPaths(o).checkpoints, job.name)
      const run = await httpJson(`${flinkUrl(o)}/jars/${encodeURIComponent(jarId)}/run`, runSchema, {
        method: 'POST',
        body: {
          entryClass: job.entryClass,
          programArgsList,
          parallelism: o.parallelism,
          ...(savepointPath ? { savepointPath: `file://${savepointPath}`, allowNonRestoredState: true } : {}),
        },
        timeoutMs: 120_000,
      })
      alive.set(job.name, run.jobid)
    }
  }
  return Object.fromEntries(alive)
}

/** Waits until every job runs and has completed at least one checkpoint. */
export async function waitJobsHealthy(
  o: StackOptions,
  ids: Record<string, string>,
  timeoutMs = 180_000,
): Promise<void> {
  await waitFor(
    'every demo job RUNNING with a completed checkpoint',
    timeoutMs,
    async () => {
      const jobs = await listJobs(o)
      for (const jid of Object.values(ids)) {
        if (jobs.find((j) => j.jid === jid)?.state !== 'RUNNING') return undefined
        const cp = await httpJson(`${flinkUrl(o)}/jobs/${jid}/checkpoints`, checkpointsSchema, { timeoutMs: 5000 })
        if (cp.counts.completed < 1) return undefined
      }
      return true
    },
    1000,
  )
}
