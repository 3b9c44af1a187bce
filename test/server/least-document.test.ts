// The sync protocol's least document, `{ v, userId, epoch, steps }` (docs/sync-protocol.md), in a
// row a team wrote itself or one from before a section existed: the handler folds batches into it
// and the watch keeps watching its user (bb-r24: a 500 at every retry, and the user's watch_at
// NULL for good after one failed look).
import { describe, expect, it } from 'vitest'
import type { Journey, ProgressEvent } from '../../src/core/types'
import { createDashboardHandler, createSyncHandler, createWatcher } from '../../src/server'
import type { Notice, SyncStore } from '../../src/server'
import { T0, aJourney, aMilestone, aNudge, aStep, dayAt, traits } from '../builders'
import { STORES, authorize, batch, journeyId, openStore, syncRequest } from './fixtures'

const sql = STORES.filter((s) => s.name !== 'memory')

describe.each(sql)('a least document in a $name row', ({ make }) => {
  let store: SyncStore
  openStore(make, (s) => (store = s))

  it('takes the next batch (200, merged), and the watch evaluates its user and escalates on time', async () => {
    const j = journeyId('least')
    const journey: Journey = aJourney({
      id: j,
      milestones: [aMilestone({ id: 'm1', due: { day: 2 }, steps: [aStep({ id: 's1', completeWhen: { event: 'a' } }), aStep({ id: 's2', completeWhen: { event: 'b' } })] })],
      nudges: [aNudge({ id: 'late', when: { missed: { milestone: 'm1' } }, escalate: [{ afterDays: 1, notify: 'csm' }] })],
    })
    let clock = T0
    const told: Notice[] = []
    const handler = createSyncHandler({ store, authorize, journeys: (id) => (id === j ? journey : undefined), now: () => clock })
    const send = (events: ProgressEvent[]) => handler(syncRequest({ ...batch('legacy', j, events), traits: traits() }, 'legacy'))
    expect((await send([{ id: 'e0', type: 'session', sessionId: 's', at: T0 }])).status).toBe(200)
    // The team's own row: the least document the protocol allows, one step done.
    await store.query!('UPDATE milepost_progress SET doc = $3 WHERE journey_id = $1 AND user_id = $2',
      [j, 'legacy', JSON.stringify({ v: 1, userId: 'legacy', epoch: 0, steps: { s1: { done: T0 } } })])

    clock = dayAt(1)
    const response = await send([{ id: 'e1', type: 'track', name: 'a', at: dayAt(1) }])
    expect(response.status).toBe(200)
    expect((await store.getProgress(j, 'legacy'))!.steps).toEqual({ s1: { done: T0 } })

    const watcher = createWatcher({ store, journeys: [journey], now: () => clock, onEscalation: (n) => void told.push(n), log: (m) => void told.push({ failed: m } as never) })
    clock = dayAt(4)
    await watcher.tick()
    expect(told.map((n) => ('failed' in n ? n.failed : `${n.userId} ${n.event.type === 'escalation' ? n.event.notify : ''}`))).toEqual(['legacy csm'])
    // The dashboard's figures read the same rows, through the store's settings script on PostgreSQL
    // (bb-r24: that script's answer, not a list of rows, made every figure a 500 there).
    const dashboard = createDashboardHandler({ store, journeys: [journey], authorize, now: () => clock, log: (m, e) => void told.push({ failed: `${m} ${e}` } as never) })
    for (const figure of ['summary', 'at-risk', 'milestones', 'funnel', 'accounts', 'escalations']) {
      const answer = await dashboard(new Request(`http://h/dashboard/api/${figure}?journey=${encodeURIComponent(j)}`, { headers: { authorization: 'Bearer admin:cs' } }))
      expect([figure, answer.status]).toEqual([figure, 200])
    }
  })
})
