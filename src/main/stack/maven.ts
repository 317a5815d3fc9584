import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { flinkLine } from './stack-config'

function mvn(args: string[], what: string): void {
  const res = spawnSync('mvn', ['-q', '-B', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (res.error) throw new Error(`Maven could not run (${res.error.message}); install Maven (apt-get install maven)`)
  if (res.status !== 0) throw new Error(`Maven failed to ${what}:\n${(res.stdout + res.stderr).slice(-4000)}`)
}

/** Copies a pom's runtime classpath into dir once (a marker file says it is complete). */
function ensureClasspath(pom: string, dir: string, props: string[], what: string): string {
  const marker = path.join(dir, '.complete')
  if (existsSync(marker)) return dir
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  mvn(['-f', pom, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${dir}`, ...props], what)
  writeFileSync(marker, new Date().toISOString())
  return dir
}

export function ensureKafkaLib(stackSrc: string, version: string, dir: string): string {
  const props = [`-Dkafka.version=${version}`, ...(version.startsWith('3.') ? ['-Dkafka3'] : [])]
  return ensureClasspath(path.join(stackSrc, 'jars', 'kafka-pom.xml'), dir, props, `fetch Kafka ${version}`)
}

export function ensureFlinkLib(stackSrc: string, version: string, dir: string): string {
  return ensureClasspath(
    path.join(stackSrc, 'jars', 'flink-pom.xml'),
    dir,
    [`-Dflink.version=${version}`],
    `fetch Flink ${version}`,
  )
}

function newest(dir: string): number {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(full) : statSync(full).mtimeMs)
  }
  return t
}

/**
 * The demo pipeline jar for a Flink version, built when it is missing or older than its sources:
 * one source set, built for 1.20 into target/ and for 2.2 (pom profile flink-2.2) into target/flink-2.2/.
 */
export function ensurePipelineJar(stackSrc: string, flinkVersion: string): string {
  const project = path.join(stackSrc, 'pipeline')
  const line = flinkLine(flinkVersion)
  const profile = line === '1.20' ? [] : ['-P', `flink-${line}`]
  const jar = path.join(project, 'target', ...(profile.length ? [`flink-${line}`] : []), 'keytrail-pipeline.jar')
  const sources = Math.max(newest(path.join(project, 'src')), statSync(path.join(project, 'pom.xml')).mtimeMs)
  if (existsSync(jar) && statSync(jar).mtimeMs >= sources) return jar
  mvn(
    ['-f', path.join(project, 'pom.xml'), ...profile, 'package', '-DskipTests'],
    `build the demo pipeline for Flink ${line}`,
  )
  return jar
}

/**
 * The stack's Schema Registry (Apicurio, packaged by Quarkus in stack/registry), built when it is
 * missing or older than its pom and sources.
 */
export function ensureRegistryJar(stackSrc: string): string {
  const project = path.join(stackSrc, 'registry')
  const jar = path.join(project, 'target', 'keytrail-registry-runner.jar')
  const sources = Math.max(newest(path.join(project, 'src')), statSync(path.join(project, 'pom.xml')).mtimeMs)
  if (existsSync(jar) && statSync(jar).mtimeMs >= sources) return jar
  mvn(['-f', path.join(project, 'pom.xml'), 'package', '-DskipTests'], 'build the Schema Registry')
  return jar
}

/** Fetches everything the stack needs (CI warms the Maven cache with this). */
export function classpathOf(dir: string): string {
  return `${dir}${path.sep}*`
}
