// The demo's sync endpoint: the reference handler on PGlite, authorized by the demo cookie, with the
// example journeys (so notices name the late milestone), one console line per escalation or
// delegated step, the webhook forwarder when ESCALATION_WEBHOOK_URL is set, and the server watch.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

export const BASE_PATH = '/api/milepost'

/** Every valid journey in `dir`, by id; a broken file is reported and left out. */
const loadJourneys = async (core, dir, log) => {
  const journeys = new Map()
  for (const name of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    try {
      const { journey, issues } = core.validateJourney(JSON.parse(await readFile(join(dir, name), 'utf8')))
      if (journey) journeys.set(journey.id, journey)
      else log(`journeys/${name} left out: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`)
    } catch (error) {
      log(`journeys/${name} left out: ${error.message}`)
    }
  }
  return journeys
}

// Titles, colleagues and notes come from the browser: quoted, so a line stays one line.
const quote = (value) => JSON.stringify(String(value ?? '?'))
const word = (value) => String(value ?? '?').replace(/[^\w.@:+-]/g, '?')
const clock = () => new Date().toTimeString().slice(0, 8)

/**
 * `12:00:03 escalation demo-… · "Create your first report" (3 days overdue) · level 1 → notify csm`,
 * one line per level the notice covers (several fall due at once after a long absence). An
 * account's own ladder (a milestone with account scope) names the account: `escalation account acct-000 · …`.
 */
export const describeEscalation = ({ userId, account, event, milestone, levels }, by = '') =>
  (levels?.length ? levels : [{ level: event.level, notify: event.notify }]).map((l) =>
    `${clock()} escalation ${account?.id === userId ? 'account ' : ''}${word(userId)} · ${milestone ? `${quote(milestone.title)} (${milestone.reason})` : word(event.milestoneId)}` +
    ` · level ${word(l.level)} → notify ${word(l.notify ?? 'nobody')}${by}`).join('\n')

/** `12:00:03 delegated  demo-… · "Invite a teammate" → "sam@example.com" (note "…")` */
export const describeDelegate = ({ userId, step, milestone }) =>
  `${clock()} delegated  ${word(userId)} · ${quote(step?.title ?? step?.id)}` +
  `${milestone ? ` in ${quote(milestone.title)}` : ''} → ${quote(step?.to ?? 'a teammate')}` +
  `${step?.note ? ` (note ${quote(step.note)})` : ''}`

/**
 * Builds the endpoint. `server` and `core` are the built `dist/server.js` and `dist/core.js`.
 * Returns the Node listener for `/api/milepost/*`, `start()` and `close()`.
 */
export const createEndpoint = async ({ server, core, dataDir, journeysDir, webhookUrl, authorize, log, warn }) => {
  const journeys = await loadJourneys(core, journeysDir, warn)
  const lookup = (id) => journeys.get(id)
  const store = server.createPgliteStore({ dataDir })
  // whsec_…: posts are signed (Standard Webhooks); several, space-separated, while one is rotated.
  const raw = process.env.ESCALATION_WEBHOOK_SECRET || undefined
  const secrets = (raw ?? '').split(/\s+/).filter(Boolean)
  const secret = secrets.length > 1 ? secrets : secrets[0] ?? raw // blanks alone still refused
  const forwarder = webhookUrl ? server.createWebhookForwarder({ url: webhookUrl, store, journeys: lookup, ...(secret ? { secret } : {}) }) : null
  // A new notice is in the outbox already (same transaction as its event): send it now rather than
  // at the next tick, without holding up the client's answer.
  const kick = () => void forwarder?.flush().catch((error) => warn(`webhook flush failed: ${error.message}`))
  const handler = server.createSyncHandler({
    store,
    authorize,
    journeys: lookup,
    onEscalation: (notice) => (log(describeEscalation(notice)), kick()),
    onDelegate: (notice) => (log(describeDelegate(notice)), kick()),
  })
  let stopForwarder = () => {}
  // The server watch: users who stall and close the tab are still escalated on time (docs/watch.md).
  const watcher = server.createWatcher({
    store, journeys: [...journeys.values()],
    onEscalation: (notice) => (log(describeEscalation(notice, ' (server watch)')), kick()),
    log: (message, error) => warn(`${message}${error ? `: ${error.message ?? error}` : ''}`),
  })

  return {
    listener: server.toNodeListener(handler, { basePath: BASE_PATH }),
    journeys,
    /** The PGlite store, shared with the dashboard (one process per data folder). */
    store,
    /** Opens PGlite and creates its tables (so the first request does not wait), then starts the forwarder and the watch (every minute). */
    async start() {
      await store.getProgress('-', '-')
      if (forwarder) stopForwarder = forwarder.start()
      watcher.start(Number(process.env.MILEPOST_WATCH_MS) || 60_000)
    },
    async close() {
      await watcher.stop()
      stopForwarder()
      // A post in flight finishes (and is marked delivered) before the database closes, so it is
      // not posted again after a restart; a long retry wait is cut short.
      if (forwarder) await Promise.race([forwarder.flush().catch(() => {}), new Promise((r) => setTimeout(r, 5000))])
      await store.close()
    },
  }
}
