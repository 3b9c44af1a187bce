// `milepost watch`: the server watch (milepost/server createWatcher) against the documented tables on
// PostgreSQL, for teams whose own backend implements the sync endpoint. Long-running, so it lives
// beside `run` (which is synchronous) and is loaded only for this command.
import { readFileSync } from 'node:fs'
import { validateJourney } from '../core/index'
import type { Journey } from '../core/types'
import { createPostgresStore, createWatcher, createWebhookForwarder } from '../server/index'

export const WATCH_HELP = `Usage: milepost watch <journey.json>... [options]

Escalates users whose ladder levels fall due, on time and once each, on the PostgreSQL database your
sync endpoint writes (the tables in docs/sync-protocol.md). Several processes may watch one database.
Each notice is written to the outbox and printed to standard output as one JSON line.

Options:
  --database-url URL   default: $DATABASE_URL
  --every SECONDS      how often to look, default 60
  --once               look once, print "checked N, escalations M" to stderr, and exit
  --webhook URL        also post the outbox there (default: $ESCALATION_WEBHOOK_URL; signed with
                       $ESCALATION_WEBHOOK_SECRET, a whsec_… secret, when set)
  -h, --help           this help

Exit codes: 0 stopped (SIGINT/SIGTERM) or --once done, 1 --once could not use the database (unreachable,
refused, no tables), 2 the command line or a journey file is wrong.
More: docs/watch.md in the Milepost repository.
`

interface WatchArgs {
  files: string[]
  databaseUrl?: string
  every: number
  once: boolean
  webhook?: string
}

const parse = (argv: readonly string[]): WatchArgs | string => {
  const a: WatchArgs = { files: [], every: 60, once: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const value = () => argv[++i] ?? ''
    if (arg === '--database-url') a.databaseUrl = value()
    else if (arg === '--every') a.every = Number(value())
    else if (arg === '--webhook') a.webhook = value()
    else if (arg === '--once') a.once = true
    else if (arg.startsWith('-')) return `unknown option ${arg}`
    else a.files.push(arg)
  }
  if (a.files.length === 0) return 'name at least one journey file'
  if (!(a.every >= 1)) return '--every: expected a number of seconds, at least 1'
  const webhook = a.webhook ?? process.env.ESCALATION_WEBHOOK_URL
  if (webhook !== undefined && !/^https?:\/\/[^/]/i.test(webhook)) return `--webhook: expected an http(s) URL, got ${JSON.stringify(webhook)}`
  return a
}

const readJourney = (file: string): Journey | string => {
  try {
    const { journey, issues } = validateJourney(JSON.parse(readFileSync(file, 'utf8')))
    return journey ?? `${file}: ${issues.filter((i) => i.severity === 'error').map((i) => `${i.path}: ${i.message}`).join('; ')}`
  } catch (e) {
    return `${file}: ${e instanceof Error ? e.message : String(e)}`
  }
}

/** Runs `milepost watch`; resolves with the exit code once stopped. */
export const watchCommand = async (argv: readonly string[]): Promise<number> => {
  const fail = (message: string) => (process.stderr.write(`milepost watch: ${message}\nRun milepost watch --help for usage.\n`), 2)
  if (argv.includes('--help') || argv.includes('-h')) return process.stdout.write(WATCH_HELP), 0
  const args = parse(argv)
  if (typeof args === 'string') return fail(args)
  const journeys: Journey[] = []
  for (const file of args.files) {
    const j = readJourney(file)
    if (typeof j === 'string') return fail(j)
    journeys.push(j)
  }
  const connectionString = args.databaseUrl ?? process.env.DATABASE_URL
  if (!connectionString) return fail('set DATABASE_URL or --database-url')
  const log = (message: string, error?: unknown) =>
    void process.stderr.write(`milepost watch: ${message}${error ? `: ${error instanceof Error ? error.message : String(error)}` : ''}\n`)
  const store = createPostgresStore({ connectionString, max: 4 })
  const url = args.webhook ?? process.env.ESCALATION_WEBHOOK_URL
  const secret = process.env.ESCALATION_WEBHOOK_SECRET
  const forwarder = url ? createWebhookForwarder({ url, store, journeys: (id) => journeys.find((j) => j.id === id), log, ...(secret ? { secret } : {}) }) : null
  const told = (notice: object) => {
    process.stdout.write(JSON.stringify(notice) + '\n')
    void forwarder?.flush().catch((error: unknown) => log('webhook flush failed', error))
  }
  const watcher = createWatcher({
    store, journeys, log,
    onEscalation: (notice) => told(notice),
    onOwner: (notice) => told(notice),
  })
  if (args.once) {
    try {
      const { checked, escalations } = await watcher.tick()
      await forwarder?.flush()
      process.stderr.write(`checked ${checked}, escalations ${escalations}\n`)
      return 0
    } catch (error) {
      log('the database could not be used', error)
      return 1
    } finally {
      await store.close().catch(() => {})
    }
  }
  const stopForwarder = forwarder?.start() ?? (() => {})
  watcher.start(args.every * 1000)
  log(`watching ${journeys.map((j) => j.id).join(', ')} every ${args.every} s`)
  await new Promise<void>((stopped) => {
    process.once('SIGINT', () => stopped())
    process.once('SIGTERM', () => stopped())
  })
  await watcher.stop()
  stopForwarder()
  await store.close()
  return 0
}
