import path from 'node:path'
import { startDetached, waitFor } from './processes'
import { type StackOptions, stackPaths } from './stack-config'

/** The Schema Registry sits above the OAuth token endpoint: Kafka port +8 (9100). */
export const registryPort = (kafkaPort: number): number => kafkaPort + 8

/** The registry's Confluent-compatible API (what a profile's registry URL names). */
export const registryUrl = (o: Pick<StackOptions, 'kafkaPort'>): string =>
  `http://127.0.0.1:${registryPort(o.kafkaPort)}/apis/ccompat/v7`

/**
 * Starts Apicurio with its H2 database in a file of the stack directory, so that schema ids survive
 * a restart (the records in Kafka name them).
 */
export function startRegistry(o: StackOptions, jar: string, pidFile: string): void {
  const dir = path.join(o.dir, 'registry')
  startDetached(
    'java',
    [
      '-Xmx256m',
      '-XX:+UseSerialGC',
      // Apicurio's production defaults keep 20 database connections open; one user needs two.
      '-D%prod.quarkus.datasource.jdbc.initial-size=2',
      '-D%prod.quarkus.datasource.jdbc.min-size=2',
      '-Dquarkus.http.host=127.0.0.1',
      '-jar',
      jar,
    ],
    {
      log: path.join(stackPaths(o).logs, 'registry.log'),
      pidFile,
      env: {
        ...process.env,
        HTTP_PORT: String(registryPort(o.kafkaPort)),
        REGISTRY_DATASOURCE_URL: `jdbc:h2:file:${path.join(dir, 'registry')};DB_CLOSE_ON_EXIT=FALSE`,
      },
    },
  )
}

/** Waits until the registry answers its Confluent API (Quarkus starts in seconds; H2 creates its tables first). */
export async function waitRegistryReady(o: StackOptions, timeoutMs = 120_000): Promise<void> {
  await waitFor(`the Schema Registry on ${registryUrl(o)}`, timeoutMs, async () => {
    const res = await fetch(`${registryUrl(o)}/subjects`, { signal: AbortSignal.timeout(3000) }).catch(() => undefined)
    return res?.ok ? true : undefined
  })
}
