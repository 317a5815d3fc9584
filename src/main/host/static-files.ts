import { createReadStream, promises as fs } from 'node:fs'
import type { ServerResponse } from 'node:http'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
}

/** Resolves a URL path inside root; anything that would leave root resolves to undefined. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const full = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`)
  return full === root || full.startsWith(`${root}${path.sep}`) ? full : undefined
}

/** Serves the built renderer; unknown paths without an extension get index.html (client routing). */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  let file = resolveInside(root, urlPath === '/' ? '/index.html' : urlPath)
  let stat = file ? await fs.stat(file).catch(() => undefined) : undefined
  if ((!stat || !stat.isFile()) && !path.extname(urlPath)) {
    file = path.join(root, 'index.html')
    stat = await fs.stat(file).catch(() => undefined)
  }
  if (!file || !stat?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
    return
  }
  const ext = path.extname(file)
  res.writeHead(200, {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'content-length': stat.size,
    'cache-control': ext === '.html' ? 'no-store' : 'public, max-age=31536000, immutable',
  })
  // pipeline, not pipe: a client that goes away must close the file too.
  await pipeline(createReadStream(file), res).catch(() => undefined)
}
