// A journey file the server is given that is not valid (a file read from a database, raw JSON never
// run through validateJourney, a half-edited deploy): a listed one is refused when the server part
// is made, naming the file and the JSON path; a lookup's or a dashboard function's is told once on
// the log and left out, as a lookup that failed. Before, it reached the engine: the sync answered
// 500, the watch's looks failed, and the dashboard answered 500 for every figure.
import { afterAll, describe, expect, it } from 'vitest'
import type { Journey, ProgressEvent } from '../../src/core/types'
import { createDashboardHandler, createMemoryStore, createPgliteStore, createSyncHandler, createWatcher, createWebhookForwarder } from '../../src/server'
import type { Notice } from '../../src/server'
import { T0, aJourney, aMilestone, aNudge, dayAt, traits } from '../builders'
import { fixtureJourney, NOW, seedFixture } from './dashboard-fixture'
import { authorize, batch, syncRequest } from './fixtures'

/** A file whose milestones are not a list: structurally invalid, as a hand edit or a bad export leaves it. */
const broken = (id: string): Journey => ({ ...fixtureJourney(id), milestones: { connect: 'soon' } } as unknown as Journey)
const session = (id: string, at = T0): ProgressEvent => ({ id, type: 'session', sessionId: id, at })

describe('journey files that are not valid, given to the server', () => {
  const sql = createPgliteStore() // the dashboard takes only a SQL store; this one is never opened
  afterAll(() => sql.close())

  it.each([
    ['createSyncHandler', () => createSyncHandler({ store: createMemoryStore(), authorize, journeys: [fixtureJourney('ok'), broken('bad')] })],
    ['createWatcher', () => createWatcher({ store: createMemoryStore(), journeys: [fixtureJourney('ok'), broken('bad')] })],
    ['createWebhookForwarder', () => createWebhookForwarder({ url: 'http://127.0.0.1:9/hook', store: createMemoryStore(), journeys: [fixtureJourney('ok'), broken('bad')] })],
    ['createDashboardHandler', () => createDashboardHandler({ store: sql, authorize, journeys: [fixtureJourney('ok'), broken('bad')] })],
  ])('%s refuses a listed one when it is made, naming the file and the JSON path', (owner, make) => {
    expect(make).toThrow(new RegExp(`^${owner}: journeys\\[1\\] \\("bad"\\) is not a valid journey file: milestones: expected`))
  })

  it('the sync handler keeps the batch of a journey whose lookup answers such a file, and tells it once', async () => {
    const logged: string[] = []
    const store = createMemoryStore()
    const handler = createSyncHandler({ store, authorize, journeys: (id) => broken(id), log: (m) => void logged.push(m), now: () => dayAt(1) })
    for (const n of [1, 2]) {
      const response = await handler(syncRequest({ ...batch('u1', 'bad', [session(`s${n}`, dayAt(1))]), traits: traits() }, 'u1'))
      expect(response.status).toBe(200)
    }
    expect(Object.keys((await store.getProgress('bad', 'u1'))!.sessions ?? {}).sort()).toEqual(['s1', 's2'])
    // A new object each time (a file read per request), with the same problem: told once, with where it is wrong.
    expect(logged).toEqual([
      'createSyncHandler: the journeys lookup answered "bad" with a file that is not valid: milestones: expected an array, got an object (and 1 more); check it with npx milepost validate',
    ])
  })

  it('a watcher whose lookup starts answering such a file keeps the file before, and tells it once', async () => {
    const store = createMemoryStore()
    const good = aJourney({
      id: 'ladder',
      milestones: [aMilestone({ id: 'm1', due: { day: 2 } })],
      nudges: [aNudge({ id: 'late', when: { missed: { milestone: 'm1' } }, escalate: [{ afterDays: 1, notify: 'csm' }, { afterDays: 3, notify: 'leadership' }] })],
    })
    const bad = { ...good, milestones: 'm1' } as unknown as Journey
    let clock = T0
    const handler = createSyncHandler({ store, authorize, journeys: [good], now: () => clock })
    expect((await handler(syncRequest({ ...batch('u1', 'ladder', [session('s1')]), traits: traits() }, 'u1'))).status).toBe(200)
    let answer = good
    const told: Notice[] = []
    const logged: string[] = []
    const watcher = createWatcher({ store, journeys: () => answer, now: () => clock, onEscalation: (n) => void told.push(n), log: (m) => void logged.push(m) })
    clock = dayAt(3.5)
    await watcher.tick()
    expect(told.map((n) => n.event.type === 'escalation' && n.event.notify)).toEqual(['csm'])
    answer = bad
    for (const day of [4, 5, 5.5, 6]) clock = dayAt(day), await watcher.tick()
    // The ladder's next level came from the file before: the user never came back, and still nobody is missed.
    expect(told.map((n) => n.event.type === 'escalation' && n.event.notify)).toEqual(['csm', 'leadership'])
    expect(logged.filter((m) => m.includes('not valid'))).toEqual([
      'createWatcher: the journeys lookup answered "ladder" with a file that is not valid: milestones: expected an array, got a string (\"m1\") (and 1 more); check it with npx milepost validate',
    ])
  })

  it('the dashboard leaves out a file its journeys function answers that is not valid, tells it once, and shows the others', async () => {
    const store = createPgliteStore()
    try {
      const ok = fixtureJourney('figures-ok')
      await seedFixture(store, ok)
      const logged: string[] = []
      const bad = broken('figures-bad')
      const dashboard = createDashboardHandler({ store, authorize, journeys: () => [bad, ok], now: () => NOW, log: (m) => void logged.push(m) })
      const get = async (path: string) => {
        const response = await dashboard(new Request(`http://127.0.0.1/dashboard/api/${path}`, { headers: { authorization: 'Bearer admin:cs' } }))
        return { status: response.status, body: await response.json() }
      }
      expect(await get('journeys')).toEqual({ status: 200, body: { journeys: [{ id: 'figures-ok', title: 'Figures fixture' }] } })
      const summary = await get('summary')
      expect(summary.status).toBe(200)
      expect(summary.body).toMatchObject({ journey: 'figures-ok', users: 6 })
      expect((await get('at-risk?journey=figures-bad')).status).toBe(404)
      expect(logged).toEqual([
        'createDashboardHandler: the journeys function answered a file that is not valid ("figures-bad"): milestones: expected an array, got an object (and 1 more); it is left out; check it with npx milepost validate',
      ])
    } finally {
      await store.close()
    }
  }, 60_000)
})
