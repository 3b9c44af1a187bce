// `milepost watch`: the server watch (milepost/server createWatcher) against the documented tables on
// PostgreSQL, for teams whose own backend implements the sync endpoint. Long-running, so it lives
// beside `run` (which is synchronous) and is loaded only for this command.
import { readFileSync } from 'node:fs'
import { checkJourneyText, formatIssue } from './check'
import type { Journey } from '../core/types'
import { createPostgresStore, createWatcher, createWebhookForwarder } from '../server/index'
import { WATCH_HELP } from './help'
import { didYouMean } from './nearest'


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
    else if (arg.startsWith('-')) return `unknown option ${arg}` + didYouMean(arg.replace(/^-+|=.*/g, ''), ['database-url', 'every', 'once', 'webhook', 'help'], (n) => '--' + n)
    else a.files.push(arg)
  }
  if (a.files.length === 0) return 'name at least one journey file'
  if (!(a.every >= 1)) return '--every: expected a number of seconds, at least 1'
  const webhook = a.webhook ?? process.env.ESCALATION_WEBHOOK_URL
  if (webhook !== undefined && !/^https?:\/\/[^/]/i.test(webhook)) return `--webhook: expected an http(s) URL, got ${JSON.stringify(webhook)}`
  return a
}

/**
 * A journey file checked as `milepost validate` checks it: its errors (a JSON syntax error too) as
 * `file:line:column path: message` lines, else the journey, its warnings written to stderr first.
 */
const readJourney = (file: string): Journey | string => {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    return `${file}: ${e instanceof Error ? e.message : String(e)}`
  }
  const { journey, issues } = checkJourneyText(text)
  const lines = (severity: string) => issues.filter((i) => i.severity == severity).map((i) => formatIssue(file, i))
  if (!journey) return lines('error').join('\nmilepost watch: ')
  for (const line of lines('warning')) process.stderr.write(`milepost watch: ${line}\n`)
  return journey
}

/** A connection string `pg` reads as PostgreSQL's: a postgres(ql):// or socket: URL, or a socket folder. */
const isPostgresUrl = (value: string): boolean => {
  if (value.startsWith('/')) return true
  try {
    return ['postgres:', 'postgresql:', 'socket:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

/** Runs `milepost watch`; resolves with the exit code once stopped. */
export const watchCommand = async (argv: readonly string[]): Promise<number> => {
  // The pointer to --help for a command line that is wrong; a journey file's errors are the file's.
  const fail = (message: string, usage = true) => (process.stderr.write(`milepost watch: ${message}\n${usage ? 'Run milepost watch --help for usage.\n' : ''}`), 2)
  if (argv.includes('--help') || argv.includes('-h')) return process.stdout.write(WATCH_HELP), 0
  const args = parse(argv)
  if (typeof args === 'string') return fail(args)
  const journeys: Journey[] = []
  const fileOf = new Map<string, string>()
  for (const file of args.files) {
    const j = readJourney(file)
    if (typeof j === 'string') return fail(j, false)
    // One journey, one file: two files of one id would each compute that journey's users' next
    // looks and ladders, the last one read silently winning (a watch left running on both).
    const before = fileOf.get(j.id)
    if (before !== undefined) {
      return fail(before === file ? `${file} is named twice` : `${before} and ${file} both hold the journey ${JSON.stringify(j.id)}: name one file per journey`)
    }
    fileOf.set(j.id, file)
    journeys.push(j)
  }
  const connectionString = args.databaseUrl ?? process.env.DATABASE_URL
  if (!connectionString) return fail('set DATABASE_URL or --database-url')
  // `pg` reads anything as a connection string ("notaurl" is the database "notaurl" on the host
  // "base"): said here as what it is, not as a host not found. The value is not echoed (it may hold a password).
  if (!isPostgresUrl(connectionString)) {
    return fail(`${args.databaseUrl !== undefined ? '--database-url' : 'DATABASE_URL'}: not a PostgreSQL URL: expected postgres://user:password@host:5432/database`)
  }
  const log = (message: string, error?: unknown) =>
    void process.stderr.write(`milepost watch: ${message}${error ? `: ${error instanceof Error ? error.message : String(error)}` : ''}\n`)
  let store: ReturnType<typeof createPostgresStore>
  try {
    store = createPostgresStore({ connectionString, max: 4 })
  } catch (error) {
    // `pg` is an optional peer of milepost: the store says so when it is not installed.
    if (error instanceof Error && /needs the `pg` package/.test(error.message)) {
      return process.stderr.write('milepost watch: needs the `pg` package, which is not installed: npm install pg\n'), 2
    }
    throw error
  }
  const url = args.webhook ?? process.env.ESCALATION_WEBHOOK_URL
  // Several secrets, space-separated, while one is rotated: each post is signed with each (watch.md).
  // Blanks alone are still a secret that cannot sign (exit 2), not none.
  const raw = process.env.ESCALATION_WEBHOOK_SECRET || undefined
  const secrets = (raw ?? '').split(/\s+/).filter(Boolean)
  const secret = secrets.length > 1 ? secrets : secrets[0] ?? raw
  let forwarder: ReturnType<typeof createWebhookForwarder> | null
  try {
    forwarder = url ? createWebhookForwarder({ url, store, journeys: (id) => journeys.find((j) => j.id === id), log, ...(secret ? { secret } : {}) }) : null
  } catch (error) {
    // A URL or secret the forwarder refuses is a wrong setting (exit 2), said as such, not a crash.
    await store.close().catch(() => {})
    return fail(`${args.webhook !== undefined ? '--webhook' : 'ESCALATION_WEBHOOK_URL'} or ESCALATION_WEBHOOK_SECRET: ${error instanceof Error ? error.message : String(error)}`)
  }
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
  // The watcher's timer does not hold a process open (a server's watch must not keep it from
  // exiting); this command's process lives until a signal, even while the database is down and no
  // socket is open (it exited with 13, an unsettled await, at the first failed look).
  const alive = setInterval(() => {}, 2 ** 30)
  watcher.start(args.every * 1000)
  log(`watching ${journeys.map((j) => j.id).join(', ')} every ${args.every} s`)
  await new Promise<void>((stopped) => {
    process.once('SIGINT', () => stopped())
    process.once('SIGTERM', () => stopped())
  })
  await watcher.stop()
  stopForwarder()
  // A flush under way ends after its current try: the notices it had not delivered wait for the next process.
  await forwarder?.flush().catch(() => undefined)
  clearInterval(alive)
  await store.close()
  return 0
}
