// Events ingested per second by the sync handler at 50 concurrent clients (in-process Requests,
// batches of 100 events), on PGlite and on PostgreSQL (DATABASE_URL), with p50/p99 latency per batch.
// Each client is a device syncing a busy session of one user (5 batches = 500 events), then the
// next user's, so users are distinct and documents grow as in real use. Bar: ≥ 10,000 events/s on
// PostgreSQL. Loopback only; every loop is bounded.
import { randomUUID } from 'node:crypto'
import { createPgliteStore, createPostgresStore, createSyncHandler } from '../../dist/server.js'

const CLIENTS = 50
const BATCH = 100
const SESSION = 5
const BAR = 10_000
const run = randomUUID().slice(0, 8)

/**
 * Batch `b` of user `u`, as the runtime sends them: tracked events (8 names), page visits (30 pages),
 * clicks and sightings (10 selectors each), completions (40 steps), nudges shown.
 */
const eventsOf = (u, b, at) => Array.from({ length: BATCH }, (_, i) => {
  const base = { id: `${u}-b${b}-e${i}`, at: at + i }
  const k = (b * BATCH + i) * 7919 // spreads the picks without randomness
  if (i < 40) return { ...base, type: 'track', name: `event-${k % 8}`, props: { plan: 'pro', n: i } }
  if (i < 70) return { ...base, type: 'url', url: `/app/page-${k % 30}?tab=overview` }
  if (i < 80) return { ...base, type: 'click', selector: `#action-${k % 10}` }
  if (i < 90) return { ...base, type: 'visible', selector: `.panel-${k % 10}` }
  if (i < 95) return { ...base, type: 'complete', stepId: `step-${k % 40}` }
  return { ...base, type: 'nudge', nudgeId: `nudge-${k % 5}`, action: 'shown' }
})

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

const measure = async (name, store, batchesPerClient) => {
  const handler = createSyncHandler({ store, authorize: () => ({ userId: 'bench', role: 'admin' }), log: () => undefined })
  const journeyId = `bench-${name}-${run}`
  await store.getProgress(journeyId, 'warm-up') // opens the database and creates the tables
  const latencies = []
  let failed = 0
  const client = async (u) => {
    for (let b = 0; b < batchesPerClient; b++) {
      const userId = `user-${u}-${Math.floor(b / SESSION)}`
      const body = JSON.stringify({ protocol: 1, batchId: `${userId}-b${b}`, userId, journeyId, events: eventsOf(userId, b, Date.now()) })
      const started = performance.now()
      const response = await handler(new Request('http://127.0.0.1/api/milepost/sync', {
        method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body,
      }))
      const answer = await response.json()
      latencies.push(performance.now() - started)
      if (response.status !== 200 || answer.acked.length !== BATCH) failed++
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: CLIENTS }, (_, u) => client(u)))
  const seconds = (performance.now() - started) / 1000
  const events = CLIENTS * batchesPerClient * BATCH
  latencies.sort((a, b) => a - b)
  const rate = Math.round(events / seconds)
  console.log(`${name.padEnd(10)} ${events} events in ${seconds.toFixed(2)} s: ${rate.toLocaleString('en')} events/s; ` +
    `latency per batch p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; failed batches ${failed}`)
  await store.close()
  return { rate, failed }
}

console.log(`sync handler: ${CLIENTS} concurrent clients, distinct users, batches of ${BATCH} events`)
let ok = true
const pglite = await measure('pglite', createPgliteStore(), 4)
ok &&= pglite.failed === 0
if (process.env.DATABASE_URL) {
  const pg = await measure('postgres', createPostgresStore({ connectionString: process.env.DATABASE_URL, max: 10 }), 20)
  const pass = pg.failed === 0 && pg.rate >= BAR
  console.log(`postgres bar ≥ ${BAR.toLocaleString('en')} events/s: ${pass ? 'met' : 'NOT met'}`)
  ok &&= pass
} else {
  console.log('postgres   skipped: DATABASE_URL is not set (.ci/run shows how to start a local cluster)')
}
process.exit(ok ? 0 : 1)
