// The server watch at scale on PostgreSQL (DATABASE_URL): 100,000 users of one journey, 1,000 of them
// with a ladder level due. Bars: the tick that escalates the 1,000 ≤ 2 s; a tick with nobody due
// ≤ 50 ms (median of 20). Users are written with SQL (as 100,000 first syncs would leave them), then
// removed. Loopback only; every loop is bounded.
import { randomUUID } from 'node:crypto'
import { createPostgresStore, createWatcher } from '../../dist/server.js'
import { nextChange } from '../../dist/core.js'

const USERS = 100_000
const DUE = 1_000
const DAY = 86_400_000
const T0 = Date.UTC(2026, 10, 1, 9)
const NOW = T0 + 8 * DAY + 3_600_000 // day 8: level 1 of the early users is due
const journeyId = `bench-watch-${randomUUID().slice(0, 8)}`
const step = (id) => ({ id, title: id, completeWhen: { event: `${id}.done` } })
const journey = {
  version: 1, id: journeyId, title: 'Bench', start: { trait: 'signedUpAt' },
  milestones: [
    { id: 'connect', title: 'Connect', due: { day: 3 }, steps: [step('a'), step('b')] },
    { id: 'report', title: 'Report', due: { day: 7 }, steps: [step('c'), step('d'), step('e')] },
    { id: 'share', title: 'Share', due: { day: 14 }, dependsOn: ['report'], steps: [step('f'), step('g')] },
  ],
  nudges: [
    { id: 'late', when: { missed: { milestone: 'report' } }, card: { title: 'Late' },
      escalate: [{ afterDays: 1, notify: 'in-app' }, { afterDays: 3, notify: 'csm' }, { afterDays: 5, notify: 'leadership' }] },
    { id: 'stuck', when: { stalled: { milestone: 'share', days: 4 } }, card: { title: 'Stuck' }, escalate: [{ afterDays: 2, notify: 'csm' }] },
  ],
}
if (!process.env.DATABASE_URL) {
  console.log('watch      skipped: DATABASE_URL is not set (.ci/run shows how to start a local cluster)')
  process.exit(0)
}

const store = createPostgresStore({ connectionString: process.env.DATABASE_URL, max: 4 })
await store.getProgress(journeyId, 'warm-up') // creates the tables
// Two groups: signed up at T0 (due now) and 5 days later (due later); each user's watch_at is what a sync computes.
const early = T0
const late = T0 + 5 * DAY
const doc = { v: 1, userId: 'x', epoch: 0, firstSeen: T0, lastSeen: T0, steps: { a: { done: T0 + 1000 } }, tracks: { 'a.done': [{ id: 'h1', at: T0 + 1000 }] }, urls: { '/app': T0 }, clicks: {}, visible: {}, sessions: { s1: T0 }, nudges: {}, escalations: {} }
const watchOf = (start) => Math.ceil(nextChange(journey, { ...doc, firstSeen: start, lastSeen: start }, { now: start, traits: { signedUpAt: start }, seenAt: start }))
const started = performance.now()
await store.query(`INSERT INTO milepost_progress (journey_id, user_id, doc, updated_at, watch_at, seen_at)
  SELECT $1, 'u' || i, jsonb_set($2::jsonb, '{userId}', to_jsonb('u' || i)), $3, CASE WHEN i < $4 THEN $5::bigint ELSE $6::bigint END, $3
  FROM generate_series(0, $7 - 1) AS i`, [journeyId, JSON.stringify(doc), T0, DUE, watchOf(early), watchOf(late), USERS])
await store.query(`INSERT INTO milepost_users (journey_id, user_id, traits, updated_at)
  SELECT $1, 'u' || i, jsonb_build_object('signedUpAt', CASE WHEN i < $2 THEN $3::bigint ELSE $4::bigint END, 'plan', 'pro'), $5
  FROM generate_series(0, $6 - 1) AS i`, [journeyId, DUE, early, late, T0, USERS])
await store.query('ANALYZE milepost_progress')
await store.query('ANALYZE milepost_users')
console.log(`watch: ${USERS.toLocaleString('en')} users written in ${((performance.now() - started) / 1000).toFixed(1)} s, ${DUE.toLocaleString('en')} due`)

let notices = 0
const watcher = createWatcher({ store, journeys: [journey], now: () => NOW, onEscalation: () => void notices++, batchSize: Number(process.env.BATCH) || undefined })
const t1 = performance.now()
const first = await watcher.tick()
const busy = performance.now() - t1
const idle = []
for (let i = 0; i < 20; i++) {
  const t = performance.now()
  const none = await watcher.tick()
  idle.push(performance.now() - t)
  if (none.checked !== 0) throw new Error(`a tick with nobody due checked ${none.checked}`)
}
idle.sort((a, b) => a - b)
const median = idle[10]
const okBusy = first.checked === DUE && first.escalations >= DUE && notices === first.escalations && busy <= 2000
const okIdle = median <= 50
console.log(`watch      tick with ${DUE} due of ${USERS.toLocaleString('en')}: ${busy.toFixed(0)} ms (checked ${first.checked}, escalations ${first.escalations}, notices ${notices}); bar ≤ 2000 ms: ${okBusy ? 'met' : 'NOT met'}`)
console.log(`watch      tick with none due: median ${median.toFixed(1)} ms, max ${idle[19].toFixed(1)} ms of 20; bar ≤ 50 ms: ${okIdle ? 'met' : 'NOT met'}`)

for (const table of ['milepost_events', 'milepost_escalations', 'milepost_users', 'milepost_progress']) {
  await store.query(`DELETE FROM ${table} WHERE journey_id = $1`, [journeyId])
}
await store.close()
process.exit(okBusy && okIdle ? 0 : 1)
