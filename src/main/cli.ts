// The `keytrail` CLI entry (plain Node, no Electron).
import { runCli } from './cli/main'

// A command that has returned is done: a socket or timer a library still holds must not keep
// the process (and whoever waits for it, e.g. a test runner stopping `serve`) alive.
function finish(code: number): void {
  process.exitCode = code
  setTimeout(
    () => {
      // Name what was still held, so that a leak is found rather than hidden by the exit.
      process.stderr.write(`keytrail: forced exit; still held: ${process.getActiveResourcesInfo().join(', ')}\n`)
      process.exit(code)
      // Short: a command that gave up on a silent cluster leaves that call behind, and the person
      // has the answer already; a healthy close takes milliseconds. A failed command has nothing
      // left to close cleanly that is worth making a script wait for.
    },
    code === 0 ? 1000 : 250,
  ).unref()
}

// A reader that stops early (`keytrail lag | head`) closes the pipe: the output is done, not failed.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw err
})

runCli(process.argv.slice(2)).then(finish, (err: unknown) => {
  process.stderr.write(`keytrail: ${String(err)}\n`)
  finish(1)
})
