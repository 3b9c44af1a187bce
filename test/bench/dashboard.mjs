// Dashboard queries on 100,000 users of a 20-step journey (5 milestones × 4 steps, 3 nudges), on
// PGlite and on PostgreSQL (DATABASE_URL), with the median and the slowest of 7 runs per figure.
// Bar: every figure ≤ 200 ms (median) on PostgreSQL.
//
// Accounts (issue 17): the 100,000 users are 10,000 accounts of 10 members (consecutive user ids),
// each account with a `value` trait and a `name`; every user who did a milestone answered its
// survey (a score from a hash of the user and milestone), as `milestone:rated` events.
//
// The users: 2,000 lived through the journey by the engine (examples/demo-app/server/population.mjs)
// and synced through the handler, so their facts are the engine's; then copied 49 times in SQL,
// each copy shifted by some hours and given another account value, to reach 100,000. On PostgreSQL
// the run gets a database of its own, dropped at the end.
import { randomUUID } from 'node:crypto'
import * as core from '../../dist/core.js'
import { createDashboardHandler, createPgliteStore, createPostgresStore, createSyncHandler } from '../../dist/server.js'
import { simulatePopulation } from '../../examples/demo-app/server/population.mjs'

const BASE = Number(process.env.BENCH_BASE_USERS || 2000)
const COPIES = Number(process.env.BENCH_COPIES || 50)
const RUNS = 7
const BAR_MS = 200
const NOW = Date.UTC(2026, 11, 1, 12)
const DAY = 86_400_000

const step = (m, j, optional = false) => ({ id: `m${m}s${j}`, title: `Step ${j + 1} of milestone ${m + 1}`, completeWhen: { event: `m${m}.s${j}` }, ...(optional ? { optional } : {}) })
const { journey } = core.validateJourney({
  version: 1, id: `bench-${randomUUID().slice(0, 8)}`, title: 'Bench journey', start: { trait: 'signedUpAt' },
  milestones: [3, 7, 14, 21, 30].map((due, m) => ({
    id: `m${m}`, title: `Milestone ${m + 1}`, due: { day: due }, ...(m ? { dependsOn: [`m${m - 1}`] } : {}),
    ...(m === 2 ? { audience: { plan: { in: ['pro'] } } } : {}),
    steps: [0, 1, 2, 3].map((j) => step(m, j, j === 3 && m % 2 === 1)),
  })),
  nudges: [
    { id: 'stalled-1', when: { stalled: { milestone: 'm0', days: 2 } }, card: { title: 'Stuck on the first milestone?' },
      escalate: [{ afterDays: 2, notify: 'csm' }, { afterDays: 4, notify: 'leadership' }] },
    { id: 'stalled-3', when: { stalled: { milestone: 'm2', days: 3 } }, card: { title: 'Need a hand?' }, escalate: [{ afterDays: 3, notify: 'csm' }] },
    { id: 'day-5', when: { day: { day: 5 } }, card: { title: 'Five days in' }, maxShows: 1 },
  ],
})
if (!journey) throw new Error('the bench journey is not valid')

const SHIFT = `((k % 24) * 3600000)::bigint`
const MEMBERS = 10
/** Copy k of simulated user i (`sim-<i>`) is user number k × base + i; accounts are MEMBERS users in that order. */
const ACCOUNT_OF = (k, base) => `'acct-' || ((${k} * ${base} + substring(user_id from 5)::int) / ${MEMBERS})`
/** A time array shifted like the rest (nulls stay null, order kept). */
const shifted = (column) => `(SELECT array_agg(x + ${SHIFT} ORDER BY i) FROM unnest(${column}) WITH ORDINALITY AS t(x, i))`
/** Copies of the simulated users: user ids `<id>~<k>`, every time shifted by k mod 24 hours. */
const COPY = [
  `INSERT INTO milepost_users (journey_id, user_id, traits, first_seen, last_seen, updated_at, layout, started_at, done_at, first_value_at,
     open_step, steps_out, optional_done, risk_from, red_from, open_due, level, m_times, m_info, n_times, n_flags, account_id)
   SELECT journey_id, user_id || '~' || k, traits || jsonb_build_object('accountValue', ((traits ->> 'accountValue')::int + k * 1373) % 100000),
     first_seen + ${SHIFT}, last_seen + ${SHIFT}, updated_at, layout, started_at + ${SHIFT}, done_at + ${SHIFT}, first_value_at + ${SHIFT},
     open_step, steps_out, optional_done, risk_from + ${SHIFT}, red_from + ${SHIFT}, open_due + ${SHIFT}, level,
     ${shifted('m_times')}, m_info, ${shifted('n_times')}, n_flags, ${ACCOUNT_OF('k', '$3::int')}
   FROM milepost_users CROSS JOIN generate_series(1, $2::int - 1) AS k WHERE journey_id = $1`,
  `INSERT INTO milepost_escalations (journey_id, user_id, event_id, kind, body, created_at, next_at, attempts, delivered_at)
   SELECT journey_id, user_id || '~' || k, event_id, kind, body, created_at + ${SHIFT}, next_at, attempts, delivered_at
   FROM milepost_escalations CROSS JOIN generate_series(1, $2::int - 1) AS k WHERE journey_id = $1`,
]

/** The simulated users' accounts (their copies get theirs as they are copied), the accounts with a value and a name; a survey answer per milestone done. */
const ACCOUNTS = [
  `UPDATE milepost_users SET account_id = ${ACCOUNT_OF(0, 0)} WHERE journey_id = $1 AND user_id NOT LIKE '%~%'`,
  `INSERT INTO milepost_accounts (journey_id, account_id, traits, first_seen, last_seen, updated_at)
   SELECT $1, account_id, jsonb_build_object('name', 'Account ' || account_id, 'value', (abs(hashtext(account_id)) % 200) * 1000),
     min(first_seen), max(last_seen), $2::bigint
   FROM milepost_users WHERE journey_id = $1 GROUP BY account_id`,
  `INSERT INTO milepost_events (journey_id, user_id, event_id, type, at, received_at, body)
   SELECT u.journey_id, u.user_id, 'rated-' || k, 'track', u.m_times[4 * k - 3], u.m_times[4 * k - 3],
     jsonb_build_object('id', 'rated-' || k, 'type', 'track', 'name', 'milestone:rated', 'at', u.m_times[4 * k - 3],
       'props', jsonb_build_object('milestoneId', 'm' || (k - 1), 'score', 1 + abs(hashtext(u.user_id || k)) % 5))
   FROM milepost_users u CROSS JOIN generate_series(1, 5) AS k WHERE u.journey_id = $1 AND u.m_times[4 * k - 3] IS NOT NULL`,
]

/** Figure requests as the page makes them, with its filters and sorts; `false`: printed, not held to the bar. */
const QUERIES = [
  ['accounts', '&limit=20'], ['accounts', '&limit=20&colour=red'], ['accounts', '&limit=20&min=account.value:100000'],
  ['accounts', '&limit=20&segment=plan:pro'], ['survey', ''], ['outcomes', ''], ['outcomes', '&segment=plan:pro'],
  ['summary', ''], ['summary', '&segment=plan:pro'], ['segments', ''], ['funnel', ''], ['funnel', '&by=plan'], ['funnel', '&segment=plan:starter'],
  ['milestones', ''], ['milestones', '&segment=plan:pro'], ['nudges', ''], ['nudges', '&min=accountValue:50000'],
  ['at-risk', ''], ['at-risk', '&sort=trait:accountValue'], ['at-risk', '&segment=plan:pro&colour=red&sort=lastSeen'],
  // Page 201 of the list: its cost grows with the offset (a top-N sort of offset + limit rows).
  ['at-risk', '&offset=20000', false],
  ['escalations', ''], ['escalations', '&segment=plan:pro'],
]

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const measure = async (name, store) => {
  const t0 = performance.now()
  const population = simulatePopulation(core, journey, { users: BASE, days: 30, now: NOW })
  let clock = NOW
  const sync = createSyncHandler({ store, journeys: () => journey, authorize: () => ({ userId: 'bench', role: 'admin' }), now: () => clock, log: () => {} })
  // Each simulated user's visits in batches of ≤ 100 events, 16 users at a time.
  const queue = [...population]
  const worker = async () => {
    for (let u = queue.shift(); u; u = queue.shift()) {
      const events = u.batches.flatMap((b) => b.events)
      for (let i = 0; i < events.length; i += 100) {
        const response = await sync(new Request('http://127.0.0.1/api/milepost/sync', {
          method: 'POST', body: JSON.stringify({ protocol: 1, batchId: `${u.userId}-${i}`, userId: u.userId, journeyId: journey.id, events: events.slice(i, i + 100), traits: u.traits }),
        }))
        if (response.status !== 200) throw new Error(`sync failed: ${response.status} ${await response.text()}`)
      }
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker))
  const t1 = performance.now()
  await store.query(COPY[0], [journey.id, COPIES, BASE])
  await store.query(COPY[1], [journey.id, COPIES])
  await store.query(ACCOUNTS[0], [journey.id])
  await store.query(ACCOUNTS[1], [journey.id, NOW])
  await store.query(ACCOUNTS[2], [journey.id])
  // Bulk copies skip the statistics a real workload would have by now (autovacuum on PostgreSQL,
  // the store's own ANALYZE every 1,000 batches on PGlite).
  await store.query('ANALYZE')
  const [rows] = await store.query(`SELECT (SELECT count(*) FROM milepost_users WHERE journey_id = $1) AS users,
    (SELECT count(*) FROM milepost_users WHERE journey_id = $1 AND risk_from <= $2::bigint) AS risky,
    (SELECT count(*) FROM milepost_escalations WHERE journey_id = $1) AS escalations,
    (SELECT count(*) FROM milepost_accounts WHERE journey_id = $1) AS accounts,
    (SELECT count(*) FROM milepost_events WHERE journey_id = $1) AS events`, [journey.id, NOW + 3 * DAY])
  const n = (v) => Number(v).toLocaleString('en')
  console.log(`${name}: ${n(BASE)} simulated users synced in ${((t1 - t0) / 1000).toFixed(1)} s, copied to ${n(rows.users)} users ` +
    `(${n(rows.risky)} at risk at the moment measured) in ${n(rows.accounts)} accounts, ${n(rows.events)} events and ${n(rows.escalations)} escalations in ${((performance.now() - t1) / 1000).toFixed(1)} s`)

  const dashboard = createDashboardHandler({ store, journeys: [journey], segments: ['plan'], columns: ['plan', 'accountValue'], authorize: () => ({ userId: 'bench', role: 'admin' }), now: () => NOW + 3 * DAY, log: (m, e) => console.error(m, e) })
  let slowest = 0
  const only = process.env.BENCH_ONLY?.split(',') // e.g. BENCH_ONLY=accounts,survey: those figures alone
  for (const [figure, query, barred = true] of QUERIES.filter(([f]) => !only || only.includes(f))) {
    const times = []
    let answer
    for (let run = 0; run < RUNS + 1; run++) {
      const started = performance.now()
      const response = await dashboard(new Request(`http://127.0.0.1/dashboard/api/${figure}?journey=${journey.id}${query}`))
      answer = await response.json()
      if (response.status !== 200) throw new Error(`${figure}${query}: ${response.status} ${JSON.stringify(answer)}`)
      if (run > 0) times.push(performance.now() - started) // the first run warms caches
    }
    const m = median(times)
    if (barred) slowest = Math.max(slowest, m)
    const size = answer.total ?? answer.users ?? answer.segments?.length ?? answer.milestones?.length ?? answer.nudges?.length ??
      answer.survey?.reduce((a, s) => a + s.answers, 0) ?? answer.nudged?.users
    console.log(`  ${`${figure}${query}`.padEnd(52)} median ${m.toFixed(1).padStart(6)} ms, slowest ${Math.max(...times).toFixed(1).padStart(6)} ms  ` +
      `(${figure === 'at-risk' || figure === 'escalations' || figure === 'accounts' ? 'rows' : 'size'} ${size})${barred ? '' : ', not held to the bar'}`)
  }
  return slowest
}

console.log(`dashboard figures: ${(BASE * COPIES).toLocaleString('en')} users in accounts of ${MEMBERS}, 20 steps in 5 milestones, 3 nudges; median of ${RUNS} runs each`)
let ok = true
if (!process.env.BENCH_SKIP_PGLITE) {
  const pglite = createPgliteStore()
  try {
    const slowest = await measure('pglite', pglite)
    console.log(`pglite     slowest figure ${slowest.toFixed(1)} ms (no bar: one process, WASM)`)
  } finally {
    await pglite.close()
  }
}
if (process.env.DATABASE_URL) {
  const { default: pg } = await import('pg')
  const name = `milepost_bench_${randomUUID().slice(0, 8)}`
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(process.env.DATABASE_URL)
  url.pathname = `/${name}`
  const store = createPostgresStore({ connectionString: url.href, max: 16 })
  try {
    const slowest = await measure('postgres', store)
    const pass = slowest <= BAR_MS
    console.log(`postgres   slowest figure ${slowest.toFixed(1)} ms; bar ≤ ${BAR_MS} ms each: ${pass ? 'met' : 'NOT met'}`)
    ok &&= pass
  } finally {
    await store.close()
    if (process.env.BENCH_KEEP) console.log(`postgres   kept the database ${name} (BENCH_KEEP): drop it yourself`)
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
} else {
  console.log('postgres   skipped: DATABASE_URL is not set (.ci/run shows how to start a local cluster)')
}
process.exit(ok ? 0 : 1)
