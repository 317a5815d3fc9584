import { FLINK_USAGE, checkpointsCommand, jobsCommand } from './commands/flink'
import { MAP_USAGE, mapCommand } from './commands/map'
import { PROFILES_USAGE, profilesCommand } from './commands/profiles'
import { SERVE_USAGE, serveCommand } from './commands/serve'
import { STACK_USAGE, stackCommand } from './commands/stack'
import { LAG_USAGE, lagCommand } from './commands/lag'
import { STATUS_USAGE, statusCommand } from './commands/status'
import { ALERTS_USAGE, alertsCommand } from './commands/alerts'
import { TIMELINE_USAGE, timelineCommand } from './commands/timeline'
import { WATCH_USAGE, watchCommand } from './commands/watch'
import { TRACE_USAGE, findCommand, traceCommand } from './commands/trace'
import { packageVersion } from './context'
import { UsageError, describeError, processIo, type CliIo } from './io'

const USAGE = `keytrail — an operations console for Kafka and Flink

Commands:
  status      what is wrong now, per profile (exit 0 clear, 1 warning, 2 critical, 3 unreachable)
  alerts      active alerts and the last day's alert events
  watch       pin an order id: watched until its story completes or its stuck verdict resolves
  timeline    the incident timeline: problems appeared, changed, cleared; alert events (--markdown)
  serve       serve the console to a browser on 127.0.0.1 (token protected)
  profiles    list, add, edit and test connection profiles
  map         show, suggest or set a profile's trace map
  stack       run the local demo stack (Kafka, Flink, the demo pipeline, traffic)
  jobs        Flink jobs of a profile
  checkpoints a Flink job's checkpoints: history kept by Keytrail, detectors
  trace       one entity (an order id) end to end across topics, with a verdict
  find        recent records by type or text: ids to trace
  lag         consumer-group lag in messages and seconds, with a verdict
  version     print the version

${STATUS_USAGE}

${ALERTS_USAGE}

${WATCH_USAGE}

${TIMELINE_USAGE}

${SERVE_USAGE}

${PROFILES_USAGE}

${MAP_USAGE}

${STACK_USAGE}

${FLINK_USAGE}

${TRACE_USAGE}

${LAG_USAGE}

Every read command takes --json. Config: $KEYTRAIL_CONFIG_DIR or the platform's config directory.`

/** Each command's usage, printed by `keytrail <command> [subcommand] --help`. */
const COMMAND_USAGE: Record<string, string> = {
  status: STATUS_USAGE,
  alerts: ALERTS_USAGE,
  timeline: TIMELINE_USAGE,
  watch: WATCH_USAGE,
  serve: SERVE_USAGE,
  profiles: PROFILES_USAGE,
  map: MAP_USAGE,
  stack: STACK_USAGE,
  jobs: FLINK_USAGE,
  checkpoints: FLINK_USAGE,
  trace: TRACE_USAGE,
  find: TRACE_USAGE,
  lag: LAG_USAGE,
}

/** Runs one CLI invocation and returns its exit code: 0 ok, 1 failure, 2 usage error. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv
  const usage = command ? COMMAND_USAGE[command] : undefined
  if (usage && rest.some((a) => a === '--help' || a === '-h')) {
    io.out(usage)
    return 0
  }
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE)
        return command === undefined ? 2 : 0
      case 'version':
      case '--version':
        io.out(packageVersion())
        return 0
      case 'status':
        return await statusCommand(rest, io)
      case 'alerts':
        return await alertsCommand(rest, io)
      case 'timeline':
        return await timelineCommand(rest, io)
      case 'watch':
        return await watchCommand(rest, io)
      case 'serve':
        return await serveCommand(rest, io)
      case 'profiles':
        return await profilesCommand(rest, io)
      case 'map':
        return await mapCommand(rest, io)
      case 'stack':
        return await stackCommand(rest, io)
      case 'jobs':
        return await jobsCommand(rest, io)
      case 'checkpoints':
        return await checkpointsCommand(rest, io)
      case 'trace':
        return await traceCommand(rest, io)
      case 'lag':
        return await lagCommand(rest, io)
      case 'find':
        return await findCommand(rest, io)
      default:
        throw new UsageError(`Unknown command "${command}"`)
    }
  } catch (err) {
    if (err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`keytrail: ${err instanceof Error ? err.message : String(err)}\nRun \`keytrail help\` for usage.`)
      return 2
    }
    io.err(`keytrail: ${describeError(err)}`)
    return 1
  }
}
