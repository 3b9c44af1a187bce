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

  // bb-r32 (own changes): a batch taken without its journey was taken for any journey id, a tenant's
  // endpoint writing another tenant's users while its lookup failed. It is answered 503 now: the
  // browser keeps it and sends it again once the lookup answers.
  it('the sync handler answers 503 for a journey whose lookup answers such a file, stores nothing, and tells it once', async () => {
    const logged: string[] = []
    const store = createMemoryStore()
    const handler = createSyncHandler({ store, authorize, journeys: (id) => broken(id), log: (m) => void logged.push(m), now: () => dayAt(1) })
    for (const n of [1, 2]) {
      const response = await handler(syncRequest({ ...batch('u1', 'bad', [session(`s${n}`, dayAt(1))]), traits: traits() }, 'u1'))
      expect([response.status, response.headers.get('retry-after')]).toEqual([503, '5'])
    }
    expect(await store.getProgress('bad', 'u1')).toBeNull()
    // A new object each time (a file read per request), with the same problem: told once, with where it is wrong.
    expect(logged).toEqual([
      'createSyncHandler: the journeys lookup answered "bad" with a file that is not valid: milestones: expected an array, got an object (and 1 more); check it with npx milepost validate',
    ])
  })

  // bb-r31 (own changes): the handler used a file of another id than the one asked for (an escalation
  // due only under that file was taken), and a lookup that threw or hung was silent, the request
  // hanging past the browser's 15 s timeout. Every server part now reads a lookup alike.
  it('the sync handler uses no file of another id, and a lookup that throws or hangs answers 503, told once', async () => {
    const logged: string[] = []
    const store = createMemoryStore()
    let answer: () => unknown = () => fixtureJourney('other')
    const handler = createSyncHandler({ store, authorize, journeys: () => answer() as Journey, log: (m) => void logged.push(m), now: () => dayAt(20), lookupTimeoutMs: 50 })
    // An escalation due only under the other id's file: never checked against it, nor taken.
    const late = { id: 'esc:x', type: 'escalation' as const, nudgeId: 'report-stalled', milestoneId: 'report', level: 1, notify: 'csm', at: dayAt(20) }
    const sync = async (n: number) =>
      (await handler(syncRequest({ ...batch('u1', 'acme', [session(`s${n}`, dayAt(20)), { ...late, id: `esc:${n}` }]), traits: traits() }, 'u1'))).status
    for (const n of [1, 2]) expect(await sync(n)).toBe(503)
    // Errors that name their connection (bb-r31, 2: 100 requests, 100 lines): one cause, told once until it answers again.
    let n = 0
    answer = () => { throw new Error(`the journeys table is away (connection ${++n})`) }
    for (const k of [3, 4, 5]) expect(await sync(k)).toBe(503)
    answer = () => fixtureJourney('acme')
    expect(await sync(6)).toBe(200)
    answer = () => new Promise(() => {})
    const started = Date.now()
    expect([await sync(7), await sync(8)]).toEqual([503, 503])
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(logged).toEqual([
      'createSyncHandler: the journeys lookup answered "acme" with a file of id "other": not used',
      'createSyncHandler: the journeys lookup failed for "acme" (Error: the journeys table is away (connection 1)); it is asked again the next time',
      'createSyncHandler: the journeys lookup failed for "acme" (Error: no answer in 50 ms); it is asked again the next time',
    ])
    // Only the batch whose lookup answered was taken; the others wait in the browser.
    expect(Object.keys((await store.getProgress('acme', 'u1'))!.sessions).sort()).toEqual(['s6'])
  })

  it.each([0, -1, Number.NaN, Infinity])('a lookupTimeoutMs of %s does not fail every lookup at once', async (lookupTimeoutMs) => {
    const logged: string[] = []
    const store = createMemoryStore()
    const slow = (id: string) => new Promise<Journey>((done) => setTimeout(() => done(fixtureJourney(id)), 20))
    const handler = createSyncHandler({ store, authorize, journeys: slow, log: (m) => void logged.push(m), now: () => dayAt(1), lookupTimeoutMs })
    const response = await handler(syncRequest({ ...batch('u1', 'acme', [session('s1', dayAt(1))]), traits: traits() }, 'u1'))
    expect(response.status).toBe(200)
    expect(logged).toEqual([])
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

  // bb-r31 (own changes): the TypeError pointed at the (id) => journey shape, which then failed every
  // request with a 500; a function giving one file, or two of one id, failed or listed it twice.
  it('the dashboard names its own journeys shape, and reads a function\'s answer that is not a list, or lists an id twice, without a 500', async () => {
    expect(() => createDashboardHandler({ store: sql, authorize, journeys: 'acme' as never }))
      .toThrow('createDashboardHandler: journeys: expected the journey files (an array), or a function of no arguments giving them, () => files')
    const logged: string[] = []
    let answer: unknown = undefined
    const dashboard = createDashboardHandler({ store: sql, authorize, journeys: () => answer as Journey[], log: (m) => void logged.push(m) })
    const get = async () => {
      const response = await dashboard(new Request('http://127.0.0.1/dashboard/api/journeys', { headers: { authorization: 'Bearer admin:cs' } }))
      return [response.status, await response.json()]
    }
    expect(await get()).toEqual([200, { journeys: [] }])
    answer = fixtureJourney('one')
    expect(await get()).toEqual([200, { journeys: [] }])
    answer = [fixtureJourney('one'), { ...fixtureJourney('one'), title: 'Another' }]
    expect(await get()).toEqual([200, { journeys: [{ id: 'one', title: 'Figures fixture' }] }])
    await get()
    expect(logged).toEqual([
      'createDashboardHandler: the journeys function answered undefined, not the journey files (an array): it is called with no arguments, () => files',
      'createDashboardHandler: the journeys function answered an object, not the journey files (an array): it is called with no arguments, () => files',
      'createDashboardHandler: the journeys function answered two files of the id "one": the first is used',
    ])
  })

  // bb-r31 (own changes, 2): a journeys function that threw answered 500 to every route, logged at
  // each request; one that hung left the request waiting.
  it('the dashboard shows the files its journeys function gave last while it throws or hangs, told once until it answers', async () => {
    const logged: string[] = []
    let answer: () => unknown = () => [fixtureJourney('one')]
    const dashboard = createDashboardHandler({ store: sql, authorize, journeys: () => answer() as Journey[], log: (m) => void logged.push(m), lookupTimeoutMs: 50 })
    const get = async () => {
      const response = await dashboard(new Request('http://127.0.0.1/dashboard/api/journeys', { headers: { authorization: 'Bearer admin:cs' } }))
      return [response.status, (await response.json()).journeys?.map((j: { id: string }) => j.id)]
    }
    expect(await get()).toEqual([200, ['one']])
    let n = 0
    answer = () => { throw new Error(`db down (connection ${++n})`) }
    expect([await get(), await get()]).toEqual([[200, ['one']], [200, ['one']]])
    answer = () => new Promise(() => {})
    expect(await get()).toEqual([200, ['one']])
    answer = () => [fixtureJourney('two')]
    expect(await get()).toEqual([200, ['two']])
    answer = () => new Promise(() => {})
    expect(await get()).toEqual([200, ['two']])
    expect(logged).toEqual([
      'createDashboardHandler: the journeys function failed (Error: db down (connection 1)); the files it gave last are shown',
      'createDashboardHandler: the journeys function failed (Error: no answer in 50 ms); the files it gave last are shown',
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
