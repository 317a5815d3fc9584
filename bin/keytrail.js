#!/usr/bin/env node
// Runs the built CLI (out/main/cli.js); `npm run build` produces it.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('keytrail: not built yet — run `npm run build` (or `npm start`) first.\n')
  process.exit(1)
}
await import(pathToFileURL(cli).href)
