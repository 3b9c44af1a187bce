// How much the colours can be trusted, on the demo's simulated population (the users `npm run seed`
// writes): the share of unfinished users with an amber milestone, and of the users who end with an
// overdue milestone, the share that saw it amber (or red) at least a day before its due.
// docs/dashboard.md quotes its output.
//
//   npm run build && node examples/status-figures.mjs [path/to/core.js]
//   SEED_USERS (300), SEED_DAYS (30) as for the seed; NOW (ISO date, default: now)
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { simulatePopulation } from './demo-app/server/population.mjs'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const root = fileURLToPath(new URL('..', import.meta.url))
const core = await import(pathToFileURL(resolve(process.argv[2] ?? join(root, 'dist', 'core.js'))).href)
const { journey } = core.validateJourney(JSON.parse(readFileSync(join(root, 'examples', 'journeys', 'acme-onboarding.json'), 'utf8')))
const now = process.env.NOW ? Date.parse(process.env.NOW) : Date.now()
const population = simulatePopulation(core, journey, { users: Number(process.env.SEED_USERS || 300), days: Number(process.env.SEED_DAYS || 30), now })

const pct = (a, b) => `${a} of ${b} (${b ? Math.round((100 * a) / b) : 0} %)`
// A day before the due; and 23 h before, to show how much of the count sits on the boundary (the
// last third of a 3-day window begins exactly 24 h before its due).
const LEADS = [24, 23]
let unfinished = 0, amber = 0, amberOrRed = 0, ended = 0
const warned = LEADS.map(() => 0), pairsWarned = LEADS.map(() => 0)
let pairs = 0
// Does amber predict red? Milestones amber a week ago whose due has passed since: how many were missed.
const then = now - 7 * DAY
let amberThen = 0, missedSince = 0
for (const u of population) {
  const events = u.batches.flatMap((b) => b.events)
  const progressAt = (t) => core.foldEvents(core.emptyProgress(u.userId), events.filter((e) => e.at <= t))
  const s = core.evaluate(journey, progressAt(now), { now, traits: u.traits })
  for (const m of core.evaluate(journey, progressAt(then), { now: then, traits: u.traits }).milestones) {
    const later = s.milestones.find((x) => x.id === m.id)
    if (m.status !== 'at-risk' || later.dueAt > now) continue
    amberThen++
    if (!later.done || later.doneAt > later.dueAt) missedSince++
  }
  if (s.done) continue
  unfinished++
  if (s.milestones.some((m) => m.colour === 'amber')) amber++
  if (s.milestones.some((m) => m.colour !== 'green')) amberOrRed++
  const overdue = s.milestones.filter((m) => m.status === 'overdue')
  if (!overdue.length) continue
  ended++
  // Each overdue milestone, as the user saw it `lead` hours before its due, with what they had done by then.
  const seen = (m, lead) => {
    const t = m.dueAt - lead * HOUR
    return core.evaluate(journey, progressAt(t), { now: t, traits: u.traits }).milestones.find((x) => x.id === m.id).colour !== 'green'
  }
  const misses = overdue.filter((m) => m.dueAt - DAY >= s.startedAt)
  pairs += misses.length
  LEADS.forEach((lead, i) => {
    const w = misses.map((m) => seen(m, lead))
    pairsWarned[i] += w.filter(Boolean).length
    if (w[0]) warned[i]++ // the first of them in journey order
  })
}
console.log(`now ${new Date(now).toISOString()}, ${population.length} simulated users`)
console.log(`unfinished users with an amber milestone: ${pct(amber, unfinished)}; amber or red ("at risk" list): ${pct(amberOrRed, unfinished)}`)
console.log(`amber a week ago and due since: missed their due: ${pct(missedSince, amberThen)}`)
LEADS.forEach((lead, i) => {
  console.log(`${lead} h before the due: users who end overdue, warned (amber or red) about their first miss: ${pct(warned[i], ended)}; ` +
    `overdue milestones warned: ${pct(pairsWarned[i], pairs)}`)
})
