// bb-r33 (privacy): erasing a user with SQL did not hold: their browser pushed the whole old
// document back at its next sync (the notes of "Ask a teammate", tracked props, URLs), and the
// dashboard listed them again. `store.eraseUser` takes their events, their own notices and their
// row of traits, and leaves a tombstone: an empty document in the next epoch, which the browser
// takes at its next sync (a newer epoch wins whole) and which nothing of the old epoch changes.
import { describe, expect, it } from 'vitest'
import { createSyncHandler } from '../../src/server'
import type { SyncStore } from '../../src/server'
import { emptyProgress, foldEvents, mergeProgress } from '../../src/core'
import type { Progress, ProgressEvent } from '../../src/core/types'
import { aJourney, aMilestone, aStep, T0 } from '../builders'
import { RUN, STORES, authorize, batch, journeyId, openStore, syncRequest } from './fixtures'

for (const { name, make } of STORES) {
  describe(`eraseUser (${name})`, () => {
    let store: SyncStore
    openStore(make, (s) => (store = s))
    const J = journeyId('erase')
    const K = journeyId('erase-other')
    const journey = aJourney({ id: J, milestones: [aMilestone({ id: 'm', steps: [aStep({ id: 's1' }), aStep({ id: 's2' })] })] })
    const handler = () => createSyncHandler({ store, authorize, journeys: (id) => (id === J ? journey : { ...journey, id }) })
    const note: ProgressEvent = { id: 'n1', type: 'track', name: 'step:delegated', props: { stepId: 's1', to: 'alice@acme.test', note: 'my home number is +44 7700 900123' }, at: T0, epoch: 0 } as ProgressEvent
    const done: ProgressEvent = { id: 'c1', type: 'complete', stepId: 's1', at: T0 + 1, epoch: 0 } as ProgressEvent
    const send = async (userId: string, journey: string, events: ProgressEvent[], progress?: Progress) => {
      const response = await handler()(syncRequest({ ...batch(userId, journey, events), traits: { email: `${userId}@acme.test` }, ...(progress ? { progress } : {}) }, userId))
      return { status: response.status, body: await response.json() as { acked: string[]; progress: Progress } }
    }
    // Users of this run only: a real PostgreSQL is shared with other suites (and runs), and erasing
    // "bob" in every journey would take theirs too.
    const [bob, carol, dan] = ['bob', 'carol', 'dan'].map((u) => `${u}-${RUN}`) as [string, string, string]
    const rows = async (table: string, userId: string) =>
      store.query ? (await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [userId]))[0]!.n : undefined

    it('takes the user away in every journey, and a browser holding the old document cannot bring it back', async () => {
      // What the browser holds: the note, the step, a tracked event with props.
      const browser = foldEvents(emptyProgress(bob), [note, done])
      expect((await send(bob, J, [note, done], browser)).status).toBe(200)
      expect((await send(bob, K, [done])).status).toBe(200)
      expect((await send(carol, J, [done])).status).toBe(200) // another user: untouched
      const erased = await store.eraseUser!(bob)
      expect(erased).toMatchObject({ journeys: [J, K].sort(), notices: 1 }) // the delegation's notice
      expect(erased.events).toBeGreaterThanOrEqual(3)
      for (const j of [J, K]) expect(await store.getProgress(j, bob)).toMatchObject({ ...emptyProgress(bob, 1) })
      if (store.query) {
        expect(await rows('milepost_events', bob)).toBe(0)
        expect(await rows('milepost_users', bob)).toBe(0)
        expect(await rows('milepost_escalations', bob)).toBe(0)
        expect(await rows('milepost_events', carol)).toBe(1)
      }
      // The browser, not told yet, sends an event of the old epoch and pushes its old document.
      const late: ProgressEvent = { id: 'c2', type: 'complete', stepId: 's2', at: T0 + 2, epoch: 0 } as ProgressEvent
      const { status, body } = await send(bob, J, [late], foldEvents(browser, [late]))
      expect(status).toBe(200)
      expect(body.acked).toEqual(['c2']) // acknowledged, so the browser lets it go
      expect(body.progress).toMatchObject({ epoch: 1, steps: {}, tracks: {} })
      // …and takes the tombstone: its own document is empty in the new epoch.
      expect(mergeProgress(foldEvents(browser, [late]), body.progress)).toMatchObject({ epoch: 1, steps: {}, tracks: {} })
      if (store.query) expect(await rows('milepost_events', bob)).toBe(0)
      // A later batch of the new epoch is the user afresh (a user still signed in who goes on).
      expect((await send(bob, J, [{ ...done, id: 'c3', epoch: 1 } as ProgressEvent])).body.progress.steps).toHaveProperty('s1')
    })

    it('in one journey only when given it', async () => {
      expect((await send(dan, J, [done])).status).toBe(200)
      expect((await send(dan, K, [done])).status).toBe(200)
      expect(await store.eraseUser!(dan, K)).toMatchObject({ journeys: [K], events: 1, notices: 0 })
      expect((await store.getProgress(J, dan))!.steps).toHaveProperty('s1')
      expect((await store.getProgress(K, dan))!.steps).toEqual({})
    })
  })
}
