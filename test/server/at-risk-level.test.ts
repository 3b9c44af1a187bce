// The at-risk list's user `level` is that of the milestones it lists (docs/dashboard.md: "for the
// user: for any of them"), not of a milestone done since: a user escalated to leadership on their
// first milestone, who then finished it and is now late on the next one, read "level 2" beside a
// milestone at level 0, and ranked among the truly escalated by `sort=level` (bb-r25).
import { describe, expect, it } from 'vitest'
import type { Journey, ProgressEvent } from '../../src/core/types'
import { createDashboardHandler, createSyncHandler, createWatcher } from '../../src/server'
import type { SyncStore } from '../../src/server'
import { T0, aJourney, aMilestone, aNudge, aStep, dayAt, traits } from '../builders'
import { STORES, authorize, batch, journeyId, openStore, syncRequest } from './fixtures'

describe.each(STORES.filter((s) => s.name !== 'memory'))('the at-risk level on the $name store', ({ make }) => {
  let store: SyncStore
  openStore(make, (s) => (store = s))

  it('is the highest level of the listed milestones, in the rows and in sort=level', async () => {
    const j = journeyId('risk-level')
    const journey: Journey = aJourney({
      id: j,
      milestones: [
        aMilestone({ id: 'm1', due: { day: 2 }, steps: [aStep({ id: 's1', completeWhen: { event: 'one' } })] }),
        aMilestone({ id: 'm2', due: { day: 6 }, steps: [aStep({ id: 's2', completeWhen: { event: 'two' } })] }),
      ],
      nudges: [aNudge({ id: 'late', when: { missed: { milestone: 'm1' } }, escalate: [{ afterDays: 1, notify: 'csm' }, { afterDays: 2, notify: 'leadership' }] })],
    })
    let clock = T0
    const handler = createSyncHandler({ store, authorize, journeys: (id) => (id === j ? journey : undefined), now: () => clock })
    const send = async (user: string, events: ProgressEvent[]) =>
      expect((await handler(syncRequest({ ...batch(user, j, events), traits: traits() }, user))).status).toBe(200)
    for (const user of ['a', 'b', 'c']) await send(user, [{ id: `${user}-0`, type: 'session', sessionId: 's', at: T0 }])
    await send('b', [{ id: 'b-1', type: 'track', name: 'one', at: dayAt(1) }])
    const watcher = createWatcher({ store, journeys: [journey], now: () => clock, log: () => {} })
    for (const day of [3, 4]) {
      clock = dayAt(day)
      await watcher.tick()
    }
    // a, escalated to leadership on m1, finishes it; c never does.
    clock = dayAt(4.5)
    await send('a', [{ id: 'a-1', type: 'track', name: 'one', at: clock }])

    clock = dayAt(7)
    const dashboard = createDashboardHandler({ store, journeys: [journey], authorize, now: () => clock })
    const atRisk = async (query = '') => {
      const answer = await dashboard(new Request(`http://h/dashboard/api/at-risk?journey=${encodeURIComponent(j)}${query}`, { headers: { authorization: 'Bearer admin:cs' } }))
      expect(answer.status).toBe(200)
      return (await answer.json()).rows as Array<{ userId: string; level: number; milestones: Array<{ id: string; level: number }> }>
    }
    const rows = await atRisk()
    // c: m1 overdue since day 2 (leadership), m2 overdue too (no dependency); a and b: m2 alone.
    expect(rows.map((r) => [r.userId, r.level, r.milestones.map((m) => `${m.id}:${m.level}`).join(' ')])).toEqual([
      ['c', 2, 'm1:2 m2:0'], ['a', 0, 'm2:0'], ['b', 0, 'm2:0'],
    ])
    // Least first: a and b (0; then by the default ties: red first, earliest open due, user id), then c.
    expect((await atRisk('&sort=level&dir=asc')).map((r) => [r.userId, r.level])).toEqual([['a', 0], ['b', 0], ['c', 2]])
    expect((await atRisk('&sort=level')).map((r) => r.userId)).toEqual(['c', 'a', 'b'])
  })
  // bb-r25: the engine reads a left-out milestone's dependant as waiting for what that one waits for;
  // the list names the cause the same way (a basic user's invoice, after bank through pro-only crm).
  it('lists a milestone blocked through one the user does not get under its cause', async () => {
    const j = journeyId('risk-chain')
    const step = (id: string, audience?: Record<string, string>) => aStep({ id, completeWhen: { event: id }, ...(audience ? { audience } : {}) })
    const journey: Journey = aJourney({
      id: j,
      milestones: [
        aMilestone({ id: 'bank', title: 'Bank', due: { day: 3 }, steps: [step('b1')] }),
        aMilestone({ id: 'crm', title: 'CRM', due: { day: 6 }, dependsOn: ['bank'], audience: { plan: 'pro' }, steps: [step('c1')] }),
        aMilestone({ id: 'invoice', title: 'Invoice', due: { day: 10 }, dependsOn: ['crm'], steps: [step('i1')] }),
      ],
    })
    const handler = createSyncHandler({ store, authorize, journeys: (id) => (id === j ? journey : undefined), now: () => dayAt(5) })
    const sent = await handler(syncRequest({ ...batch('basic', j, [{ id: 'x', type: 'session', sessionId: 's', at: T0 }]), traits: traits({ plan: 'basic' }) }, 'basic'))
    expect(sent.status).toBe(200)
    const dashboard = createDashboardHandler({ store, journeys: [journey], authorize, now: () => dayAt(5) })
    const answer = await dashboard(new Request(`http://h/dashboard/api/at-risk?journey=${encodeURIComponent(j)}`, { headers: { authorization: 'Bearer admin:cs' } }))
    const rows = (await answer.json()).rows as Array<{ userId: string; milestones: Array<{ id: string; status: string; blocks: string[] }> }>
    expect(rows.map((r) => [r.userId, r.milestones.map((m) => [m.id, m.status, m.blocks])])).toEqual([['basic', [['bank', 'overdue', ['invoice']]]]])
  })
})
