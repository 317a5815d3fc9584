// The `keytrail` CLI entry (plain Node, no Electron).
import { runCli } from './cli/main'

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`keytrail: ${String(err)}\n`)
    process.exitCode = 1
  },
)
