// The `milepost` command: picks the subcommand, prints help, and turns user errors into one line
// on stderr and an exit code (never a stack trace).
import { HELP, SIMULATE_HELP, VALIDATE_HELP, WATCH_HELP } from './help'
import { type Io, isFailure } from './io'
import { didYouMean } from './nearest'
import { simulateCommand } from './simulate'
import { validateCommand } from './validate'

const COMMANDS = { validate: validateCommand, simulate: simulateCommand }
const HELPS: Record<string, string> = { validate: VALIDATE_HELP, simulate: SIMULATE_HELP, watch: WATCH_HELP }

/**
 * Runs `milepost <argv…>` against `io` and returns the exit code: 0 success, 1 the journey has
 * errors, 2 a usage or input error.
 * @example process.exitCode = run(process.argv.slice(2), nodeIo())
 */
export const run = (argv: readonly string[], io: Io): number => {
  const [name, ...rest] = argv
  if (name === undefined) return io.err(HELP), 2
  if (name == '--help' || name == '-h') return io.out(HELP), 0
  if (name == 'help') {
    const topic = rest[0]
    if (topic === undefined) return io.out(HELP), 0
    if (Object.hasOwn(HELPS, topic)) return io.out(HELPS[topic]!), 0
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name as keyof typeof COMMANDS] : undefined
  if (!command) {
    const what = name == 'help' ? `no help on ${JSON.stringify(rest[0])}` : name.startsWith('-') ? `unknown option ${name}` : `unknown command ${JSON.stringify(name)}`
    const typed = name == 'help' ? rest[0]! : name
    io.err(`milepost: ${what}${didYouMean(typed, [...Object.keys(COMMANDS), 'watch'])}\nRun milepost --help for usage.\n`)
    return 2
  }
  const result = command(rest, io)
  if (!isFailure(result)) return result
  io.err(`milepost ${name}: ${result.fail}\n`)
  if (result.usage) io.err(`Run milepost ${name} --help for usage.\n`)
  return result.code
}
