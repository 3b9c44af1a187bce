// `npm run seed`: fills the demo's database with a few hundred simulated users of the Acme journey
// over the last 30 days, members of customer accounts of 2 to 6 (acct-…, each with a name and a
// value), so `npm start` shows a living dashboard and a morning worklist. Each user's day-by-day life comes
// from the engine (demo-app/server/population.mjs); their events go through the sync handler, as
// a browser's would, so the store keeps their figures exactly as it does for real users.
//
//   MILEPOST_DATA_DIR  default .data/pglite (the demo's); stop `npm start` first
//   SEED_USERS         default 300
//   SEED_DAYS          default 30
//
// Seeding again replaces the simulated users (ids sim-…) and accounts (acct-…); real demo users are left alone.
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { demoRunning } from './demo-app/server/lock.mjs'
import { simulatePopulation } from './demo-app/server/population.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const fail = (message) => {
  console.error(`Milepost seed: ${message}`)
  process.exit(1)
}
const whole = (name, fallback, max) => {
  const n = Number(process.env[name] || fallback)
  if (!Number.isInteger(n) || n < 1 || n > max) fail(`${name}=${process.env[name]} is not a whole number from 1 to ${max}`)
  return n
}

const users = whole('SEED_USERS', 300, 100_000)
const days = whole('SEED_DAYS', 30, 365)
const dataDir = resolve(process.env.MILEPOST_DATA_DIR || join(root, '.data', 'pglite'))
if (!['server.js', 'core.js'].every((f) => existsSync(join(root, 'dist', f)))) fail('dist/ is missing: run npm run build first')
const running = demoRunning(dataDir)
if (running) fail(`the demo server (pid ${running}) has ${dataDir} open: stop it (Ctrl-C), seed, then npm start again`)

const built = (file) => import(pathToFileURL(join(root, 'dist', file)).href)
const [server, core] = await Promise.all([built('server.js'), built('core.js')])
const { journey, issues } = core.validateJourney(JSON.parse(readFileSync(join(root, 'examples', 'journeys', 'acme-onboarding.json'), 'utf8')))
if (!journey) fail(`acme-onboarding.json is not valid: ${issues.map((i) => i.message).join('; ')}`)

const started = Date.now()
if (!existsSync(join(dataDir, 'PG_VERSION'))) console.log(`Milepost seed: creating the database in ${dataDir}…`)
const store = server.createPgliteStore({ dataDir })
try {
  // The simulated users and accounts of an earlier seed go first: their timelines were relative to another now.
  // (An account's notices are kept under its id, so acct-… rows of the outbox go too.)
  for (const table of ['milepost_events', 'milepost_progress', 'milepost_escalations', 'milepost_users']) {
    await store.query(`DELETE FROM ${table} WHERE journey_id = $1 AND (user_id LIKE 'sim-%' OR user_id LIKE 'acct-%')`, [journey.id])
  }
  for (const table of ['milepost_account_events', 'milepost_account_progress', 'milepost_accounts']) {
    await store.query(`DELETE FROM ${table} WHERE journey_id = $1 AND account_id LIKE 'acct-%'`, [journey.id])
  }
  const population = simulatePopulation(core, journey, { users, days, now: started })
  let clock = started
  const handler = server.createSyncHandler({
    store, journeys: (id) => (id === journey.id ? journey : undefined), now: () => clock,
    authorize: () => ({ userId: 'seed', role: 'admin' }),
  })
  // Every visit in time order, as the server would have received them.
  const visits = population.flatMap((u) => u.batches.map((b, n) => ({ ...b, n, user: u }))).sort((a, b) => a.at - b.at)
  let events = 0
  for (const { at, n, events: batch, user } of visits) {
    clock = at
    const response = await handler(new Request('http://127.0.0.1/api/milepost/sync', {
      method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({
        protocol: 1, batchId: `${user.userId}-b${n}`, userId: user.userId, journeyId: journey.id, events: batch, traits: user.traits,
        accountId: user.account.id, accountTraits: user.account.traits,
      }),
    }))
    if (response.status !== 200) fail(`the server refused a batch of ${user.userId}: ${response.status} ${await response.text()}`)
    events += batch.length
  }
  const accounts = new Set(population.map((u) => u.account.id))
  await store.query('ANALYZE') // PGlite has no autovacuum: statistics for the dashboard's queries
  const [{ escalations }] = await store.query(
    "SELECT count(*) AS escalations FROM milepost_escalations WHERE journey_id = $1 AND user_id LIKE 'sim-%' AND kind = 'escalation'", [journey.id])
  console.log(`Milepost seed: ${users} simulated users in ${accounts.size} accounts over ${days} days, ${visits.length} visits, ${events} events, ` +
    `${escalations} escalations, in ${((Date.now() - started) / 1000).toFixed(1)} s (${dataDir})`)
  console.log('  next: npm start, then open the dashboard link it prints')
} finally {
  await store.close()
}
