import { spawnSync } from 'node:child_process'

export interface Prerequisite {
  name: string
  ok: boolean
  detail: string
}

// eslint-disable-next-line no-control-regex -- strips Maven's colour codes
const ANSI = /\u001b\[[0-9;]*m/g

function probe(cmd: string, args: string[]): { ok: boolean; out: string } {
  const res = spawnSync(cmd, args, { encoding: 'utf8' })
  return { ok: res.status === 0, out: `${res.stdout ?? ''}${res.stderr ?? ''}` }
}

/** Java 17+ and Maven: what the local stack needs, with what to install when missing. */
export function checkPrerequisites(): Prerequisite[] {
  const java = probe('java', ['-version'])
  const version = /version "(\d+)/.exec(java.out)?.[1]
  const javaOk = java.ok && Number(version) >= 17
  const mvn = probe('mvn', ['-v'])
  return [
    {
      name: 'java',
      ok: javaOk,
      detail: javaOk
        ? `Java ${version}`
        : 'Java 17 or newer is needed (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless)',
    },
    {
      name: 'maven',
      ok: mvn.ok,
      detail: mvn.ok
        ? (mvn.out.split('\n')[0] ?? 'Maven').replace(ANSI, '')
        : 'Maven is needed to fetch Kafka and Flink from Maven Central (apt-get install maven)',
    },
  ]
}
