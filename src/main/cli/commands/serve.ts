import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { startHost, type RunningHost } from '../../host/server'
import type { CoreRouter } from '../../core'
import { cliRouter } from '../context'
import { UsageError, type CliIo } from '../io'

export const SERVE_USAGE = `Usage:
  keytrail serve [--port N] [--host 127.0.0.1] [--open] [--read-only] [--webhook URL]
  Serves the console to a browser; prints the URL with this launch's token. --port 0 picks a free port.
  --read-only refuses every change: job actions, profile edits, alert rules (for a team host).
  --webhook posts every fired and resolved alert as JSON (with a Slack-compatible "text") to URL.`

const flagsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(7788),
  host: z.string().min(1).default('127.0.0.1'),
  open: z.boolean().default(false),
  webhook: z
    .url({ protocol: /^https?$/, error: 'an http(s) URL' })
    .refine((u) => !new URL(u).username && !new URL(u).password, 'no credentials in the URL')
    .optional(),
  'read-only': z.boolean().default(false),
})
type ServeFlags = z.infer<typeof flagsSchema>

/** The built renderer next to the built CLI (out/main → out/renderer). */
export function rendererDir(): string {
  return path.resolve(import.meta.dirname, '../renderer')
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open'
  spawn(cmd, [url], { detached: true, stdio: 'ignore' })
    .on('error', () => undefined)
    .unref()
}

/** The host and its core as `serve` runs them; the caller stops both. */
export async function startServe(
  flags: ServeFlags,
  io: CliIo,
  staticDir: string,
): Promise<{ host: RunningHost; router: CoreRouter }> {
  const router = cliRouter(io.env, 'browser', { readOnly: flags['read-only'], webhook: flags.webhook })
  const host = await startHost({
    router,
    staticDir,
    host: flags.host === 'localhost' ? '127.0.0.1' : flags.host,
    port: flags.port,
  }).catch(async (err: unknown) => {
    await router.close()
    throw err
  })
  return { host, router }
}

export async function serveCommand(args: string[], io: CliIo, staticDir = rendererDir()): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      open: { type: 'boolean' },
      webhook: { type: 'string' },
      'read-only': { type: 'boolean' },
    },
  })
  const parsed = flagsSchema.safeParse(values)
  if (!parsed.success)
    throw new UsageError(`serve: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const flags = parsed.data
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    io.err(`The console is not built (${staticDir} has no index.html): run \`npm run build\` first.`)
    return 1
  }
  if (!['127.0.0.1', '::1', 'localhost'].includes(flags.host)) {
    io.err(`warning: serving on ${flags.host}; anyone who can reach it and has the token can use your profiles`)
  }
  const { host, router } = await startServe(flags, io, staticDir)
  io.out(`Keytrail serving at ${host.tokenUrl}${flags['read-only'] ? ' (read-only)' : ''}`)
  if (flags.open) openBrowser(host.tokenUrl)
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      void host
        .close()
        .then(() => router.close())
        .then(resolve)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  return 0
}
