// A Flink REST stand-in for the scale part of bench/flink only: N jobs built from responses recorded
// on a real Flink 1.20 cluster (src/main/flink/fixtures), each completing a checkpoint every 5 s.
// Usage: node bench/flink/recorded-server.mjs <jobs> → prints "listening <port>"
import { readFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/main/flink/fixtures/1.20')
const load = (n) => JSON.parse(readFileSync(path.join(dir, `${n}.json`), 'utf8'))
const jobsCount = Number(process.argv[2] ?? 50)
const started = Date.now()
const base = {
  config: load('config'),
  overview: load('overview'),
  taskmanagers: load('taskmanagers'),
  checkpoints: load('checkpoints'),
  cpConfig: load('checkpoint-config'),
  job: load('job'),
}
const template = base.checkpoints.history[0]
const jobs = Array.from({ length: jobsCount }, (_, i) => ({
  jid: i.toString(16).padStart(32, '0'),
  name: i === 0 ? 'order-service' : `bench-job-${i}`,
}))

function checkpoints() {
  const n = Math.floor((Date.now() - started) / 5000) + 10
  const history = Array.from({ length: 10 }, (_, k) => {
    const id = n - k
    return {
      ...template,
      id,
      trigger_timestamp: started + id * 5000,
      latest_ack_timestamp: started + id * 5000 + 80,
      end_to_end_duration: 80 + (id % 7) * 10,
    }
  })
  return {
    ...base.checkpoints,
    counts: { ...base.checkpoints.counts, completed: n, total: n },
    history,
    latest: { ...base.checkpoints.latest, completed: history[0] },
  }
}

const server = http.createServer((req, res) => {
  const p = new URL(req.url, 'http://x').pathname
  let body
  if (p === '/config') body = base.config
  else if (p === '/overview') body = { ...base.overview, 'jobs-running': jobsCount }
  else if (p === '/taskmanagers') body = base.taskmanagers
  else if (p === '/jobs/overview')
    body = {
      jobs: jobs.map((j) => ({
        jid: j.jid,
        name: j.name,
        state: 'RUNNING',
        'start-time': started,
        'end-time': -1,
        duration: Date.now() - started,
        'last-modification': started,
        tasks: { total: 4, running: 4 },
      })),
    }
  else {
    const m = /^\/jobs\/([0-9a-f]{32})(\/.*)?$/.exec(p)
    const job = m && jobs.find((j) => j.jid === m[1])
    if (job && !m[2]) body = { ...base.job, jid: job.jid, name: job.name }
    else if (job && m[2] === '/checkpoints') body = checkpoints()
    else if (job && m[2] === '/checkpoints/config') body = base.cpConfig
    else if (job && m[2] === '/exceptions') body = { exceptionHistory: { entries: [], truncated: false } }
  }
  if (!body) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":["Not found."]}')
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
})
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`))
