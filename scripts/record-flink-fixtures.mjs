// Records real Flink REST responses for the client's contract tests:
// node scripts/record-flink-fixtures.mjs [http://127.0.0.1:8081]  → src/main/flink/fixtures/<major.minor>/
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const base = process.argv[2] ?? 'http://127.0.0.1:8081'
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const get = async (p) => {
  const res = await fetch(`${base}${p}`)
  if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`)
  return res.json()
}
const config = await get('/config')
const version = config['flink-version'].split('.').slice(0, 2).join('.')
const dir = path.join(root, 'src/main/flink/fixtures', version)
mkdirSync(dir, { recursive: true })
const save = (name, body) => writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(body, null, 1)}\n`)
const jobs = await get('/jobs/overview')
const job = jobs.jobs.find((j) => j.state === 'RUNNING')
const checkpoints = await get(`/jobs/${job.jid}/checkpoints`)
const chk = checkpoints.latest.completed.id
const details = await get(`/jobs/${job.jid}/checkpoints/details/${chk}`)
const vertex = Object.keys(details.tasks)[0]
const recorded = {
  config,
  overview: await get('/overview'),
  taskmanagers: await get('/taskmanagers'),
  'jobs-overview': jobs,
  job: await get(`/jobs/${job.jid}`),
  'job-config': await get(`/jobs/${job.jid}/config`),
  exceptions: await get(`/jobs/${job.jid}/exceptions?maxExceptions=20`),
  checkpoints,
  'checkpoint-config': await get(`/jobs/${job.jid}/checkpoints/config`),
  'checkpoint-details': details,
  'checkpoint-subtasks': await get(`/jobs/${job.jid}/checkpoints/details/${chk}/subtasks/${vertex}`),
  metrics: await get(`/jobs/${job.jid}/metrics?get=numRestarts,uptime`),
}
for (const [name, body] of Object.entries(recorded)) save(name, body)
writeFileSync(
  path.join(dir, 'index.json'),
  `${JSON.stringify({ version: config['flink-version'], jid: job.jid, jobName: job.name, checkpointId: chk, vertexId: vertex, recordedAt: new Date().toISOString() }, null, 1)}\n`,
)
console.log(`recorded Flink ${config['flink-version']} responses of ${job.name} into ${dir}`)
