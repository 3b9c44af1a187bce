// A host's clock may have fractions of a millisecond (performance.timeOrigin + performance.now()):
// the stores keep whole milliseconds, so the handler, the watch and the forwarder read it whole.
import { describe, expect, it } from 'vitest'
import { createSyncHandler, createWatcher } from '../../src/server'
import type { SyncStore } from '../../src/server'
import type { Journey } from '../../src/core/types'
import { T0 } from '../builders'
import { STORES, authorize, journeyId, openStore, syncRequest } from './fixtures'

describe.each(STORES)('a clock with fractions of a millisecond on the $name store', ({ make }) => {
  let store: SyncStore
  openStore(make, (s) => (store = s))
  const j = journeyId('fraction')
  const journey: Journey = {
    version: 1, id: j, title: 'Onboarding', start: { trait: 'signedUpAt' },
    milestones: [{ id: 'm', title: 'M', due: { day: 1 }, steps: [{ id: 's', title: 'S' }] }],
    nudges: [{ id: 'late', when: { missed: { milestone: 'm' } }, escalate: [{ afterDays: 0, notify: 'csm' }] }],
  }

  it('keeps every event and watches: a fraction made every event of every batch a rejection', async () => {
    let now = T0 + 0.5
    const told: string[] = []
    const handler = createSyncHandler({ store, authorize, journeys: (id) => (id === j ? journey : undefined), now: () => now })
    const body = { protocol: 1, batchId: 'b1', userId: 'u1', journeyId: j, events: [{ id: 't1', type: 'track', name: 'seen', at: T0 }], traits: { signedUpAt: new Date(T0).toISOString() } }
    const answer = await (await handler(syncRequest(body, 'u1'))).json()
    expect([answer.acked, answer.rejected]).toEqual([['t1'], []])
    now = T0 + 2 * 86_400_000 + 0.25
    const watcher = createWatcher({ store, journeys: [journey], now: () => now, onEscalation: (n) => void told.push(n.userId), log: () => {} })
    await watcher.tick()
    expect(told).toEqual(['u1'])
  })
})
