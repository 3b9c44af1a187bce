// The dashboard's statuses are the engine's: on the seed script's simulated population, at several
// moments after the last sync, the at-risk list holds exactly the milestones `evaluate` calls at
// risk, overdue or blocked, with the same status and reason, and the funnel and milestone figures
// count what `evaluate` says is done.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as core from '../../src/core'
import { createDashboardHandler, createSyncHandler } from '../../src/server'
import type { SyncStore } from '../../src/server'
import type { Journey, JourneyState, Traits } from '../../src/core/types'
import { DAY_MS } from '../builders'
import { STORES, journeyId } from './fixtures'

const NOW = Date.UTC(2026, 11, 1, 12)
const USERS = 80
type Simulated = Array<{ userId: string; traits: Traits; batches: Array<{ at: number; events: core.ProgressEvent[] }> }>
const population = async (journey: Journey): Promise<Simulated> => {
  // A plain .mjs module (the seed script's), so the path is not a literal TypeScript would type.
  const path = new URL('../../examples/demo-app/server/population.mjs', import.meta.url).href
  const { simulatePopulation } = await import(/* @vite-ignore */ path)
  return simulatePopulation(core, journey, { users: USERS, days: 30, now: NOW })
}

describe.each(STORES.filter((s) => s.name !== 'memory'))('dashboard statuses agree with evaluate on the $name store', ({ name, make }) => {
  let store: SyncStore
  const acme = JSON.parse(readFileSync(new URL('../../examples/journeys/acme-onboarding.json', import.meta.url), 'utf8'))
  const journey: Journey = { ...core.validateJourney(acme).journey!, id: journeyId(`agree-${name}`) }
  let users: Simulated
  let clock = NOW
  let api: (figure: string, query?: string) => Promise<any>
  beforeAll(async () => {
    store = make()
    users = await population(journey)
    const sync = createSyncHandler({ store, authorize: () => ({ userId: 'seed', role: 'admin' }), journeys: () => journey, now: () => clock })
    const visits = users.flatMap((u) => u.batches.map((b, n) => ({ ...b, n, u }))).sort((a, b) => a.at - b.at)
    for (const { at, n, events, u } of visits) {
      clock = at
      const response = await sync(new Request('http://h/api/milepost/sync', {
        method: 'POST', body: JSON.stringify({ protocol: 1, batchId: `${u.userId}-${n}`, userId: u.userId, journeyId: journey.id, events, traits: u.traits }),
      }))
      expect(response.status).toBe(200)
    }
    const dashboard = createDashboardHandler({ store, journeys: [journey], authorize: () => ({ userId: 'cs', role: 'admin' }), now: () => clock })
    api = async (figure, query = '') => (await dashboard(new Request(`http://h/dashboard/api/${figure}?journey=${journey.id}${query}`))).json()
  }, 120_000)
  afterAll(() => store.close())

  const states = async (now: number) => {
    const out = new Map<string, JourneyState>()
    for (const u of users) {
      const p = await store.getProgress(journey.id, u.userId)
      if (p) out.set(u.userId, core.evaluate(journey, p, { now, traits: u.traits }))
    }
    return out
  }

  it.each([0, 1, 3, 6, 15])('at now + %i days: the at-risk list is what evaluate says, status, reason and cause', async (later) => {
    clock = NOW + later * DAY_MS
    const all = [...(await states(clock))]
    // Each amber or red milestone is listed at its cause: the cause's line names what it blocks.
    const expected = all.flatMap(([userId, s]) => s.milestones.filter((m) => m.colour !== 'green' && m.cause === m.id).map((m) =>
      `${userId} ${m.id} ${m.status}: ${m.reason} [${s.milestones.filter((x) => x.cause === m.id && x !== m).map((x) => x.id).join(' ')}]`)).sort()
    expect(all.flatMap(([, s]) => s.milestones.filter((m) => m.colour !== 'green' && m.cause == null))).toEqual([])
    const { total, rows } = await api('at-risk', '&limit=500')
    const got = rows.flatMap((r: any) => r.milestones.map((m: any) => `${r.userId} ${m.id} ${m.status}: ${m.reason} [${m.blocks.join(' ')}]`)).sort()
    console.log(`${name}, now + ${later} d: ${got.length} amber or red milestones of ${total} users at risk, as evaluate says`)
    expect(expected.length).toBeGreaterThan(10)
    expect(total).toBe(new Set(expected.map((line) => line.split(' ')[0])).size)
    expect(got).toEqual(expected)
  })

  it('the figures count as done what evaluate says is done', async () => {
    clock = NOW
    const all = [...(await states(NOW)).values()]
    const { milestones } = await api('milestones')
    for (const m of milestones) {
      const mine = all.flatMap((s) => s.milestones.filter((x) => x.id === m.id))
      expect([m.id, m.users, m.done]).toEqual([m.id, mine.length, mine.filter((x) => x.done).length])
    }
    const summary = await api('summary')
    expect([summary.users, summary.done]).toEqual([all.length, all.filter((s) => s.done).length])
    // One funnel per audience: the first step's completions summed over them.
    const { segments: funnels } = await api('funnel')
    const first = journey.milestones[0]!.steps[0]!.id
    expect(funnels.reduce((n: number, f: any) => n + (f.steps.find((s: any) => s.id === first)?.completed ?? 0), 0))
      .toBe(all.filter((s) => s.milestones[0]!.steps[0]!.done || s.milestones[0]!.steps[0]!.skipped).length)
    console.log(`${name}: ${summary.users} users, ${summary.done} done, ${summary.atRisk.users} at risk; nudges shown ` +
      (await api('nudges')).nudges.map((n: any) => `${n.id} ${n.shown}`).join(', '))
  })
})
