// Electronegativity (Doyensec's Electron security linter) over src/, against the installed Electron
// version, compared with the triaged findings in scripts/electronegativity-baseline.json.
// Fails when a finding is not in the baseline: triage it (fix it, or add it with the reason it is
// a false positive or accepted). Baseline entries no longer found are listed so they can be dropped.
//   node scripts/electronegativity.mjs [--sarif <file>]   (--sarif: compare an existing report, no run)
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const TOOL = '@doyensec/electronegativity@1.10.3'
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const baselineFile = path.join(root, 'scripts/electronegativity-baseline.json')

function fail(message) {
  console.error(`electronegativity: ${message}`)
  process.exit(1)
}

/** Runs the tool; returns the SARIF report's path. */
function runTool(dir) {
  const electron = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version
  const out = path.join(dir, 'electronegativity.sarif')
  const args = ['--yes', TOOL, '-i', 'src', '-e', electron, '-r', '-o', out]
  console.log(`npx ${args.join(' ')}`)
  const res = spawnSync('npx', args, { cwd: root, encoding: 'utf8', timeout: 300_000 })
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim()
  if (output) console.log(output)
  if (res.error) fail(`could not run ${TOOL}: ${res.error.message}`)
  if (res.status !== 0) fail(`${TOOL} exited with ${res.status}`)
  return out
}

/** One finding per (file, check): line numbers move with every edit, the pair does not. */
function findingsOf(sarifFile) {
  let sarif
  try {
    sarif = JSON.parse(readFileSync(sarifFile, 'utf8'))
  } catch (err) {
    fail(`no readable report at ${sarifFile}: ${err.message}`)
  }
  const found = new Map()
  for (const run of sarif.runs ?? []) {
    for (const r of run.results ?? []) {
      const loc = r.locations?.[0]?.physicalLocation
      const file = (loc?.artifactLocation?.uri ?? '?').replaceAll('\\', '/')
      const key = `${file} ${r.ruleId}`
      if (!found.has(key)) {
        found.set(key, {
          file,
          check: r.ruleId,
          level: r.level,
          line: loc?.region?.startLine,
          message: r.message?.text ?? '',
        })
      }
    }
  }
  return found
}

function loadBaseline() {
  const entries = JSON.parse(readFileSync(baselineFile, 'utf8')).findings
  for (const e of entries) {
    if (!e.file || !e.check || !e.reason?.trim())
      fail(`baseline entry without file, check or reason: ${JSON.stringify(e)}`)
  }
  return new Map(entries.map((e) => [`${e.file} ${e.check}`, e]))
}

const sarifArg = process.argv.indexOf('--sarif')
const tmp = mkdtempSync(path.join(os.tmpdir(), 'keytrail-egn-'))
try {
  const report = sarifArg > 0 ? path.resolve(process.argv[sarifArg + 1]) : runTool(tmp)
  const found = findingsOf(report)
  const baseline = loadBaseline()
  const fresh = [...found.entries()].filter(([key]) => !baseline.has(key)).map(([, f]) => f)
  const gone = [...baseline.entries()].filter(([key]) => !found.has(key)).map(([, e]) => e)
  for (const [key, f] of found) {
    if (baseline.has(key)) console.log(`  triaged  ${f.check} ${f.file}:${f.line}: ${baseline.get(key).reason}`)
  }
  for (const e of gone) console.log(`  no longer reported (drop it from the baseline): ${e.check} ${e.file}`)
  for (const f of fresh) console.error(`  NEW      ${f.check} (${f.level}) ${f.file}:${f.line}: ${f.message}`)
  console.log(`electronegativity: ${found.size} findings, ${found.size - fresh.length} triaged, ${fresh.length} new`)
  if (fresh.length > 0) {
    fail(`${fresh.length} new finding(s): fix them or triage them in scripts/electronegativity-baseline.json`)
  }
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
