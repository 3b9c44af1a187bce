// The same suite against every store: memory, PGlite in memory, and PostgreSQL when DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHandler } from '../../src/server'
import type { Notice, SyncHandler, SyncStore } from '../../src/server'
import type { ProgressEvent } from '../../src/core/types'
import { T0 } from '../builders'
import { STORES, authorize, batch, completions, journeyId, progressRequest, syncRequest } from './fixtures'

it('runs against PostgreSQL whenever DATABASE_URL is set, and CI always sets it', () => {
  expect(STORES.some((s) => s.name === 'postgres')).toBe(Boolean(process.env.DATABASE_URL))
  if (/^(1|true)$/i.test(process.env.CI ?? '')) expect(process.env.DATABASE_URL, 'CI must start PostgreSQL (.ci/run)').toBeTruthy()
})

describe.each(STORES)('sync handler on the $name store', ({ name, make }) => {
  let store: SyncStore
  let handler: SyncHandler
  const escalations: Array<Notice<'escalation'>> = []
  const delegations: Array<Notice<'delegate'>> = []
  beforeAll(async () => {
    store = make()
    await store.getProgress('warm', 'up') // opens the database and creates the tables
    handler = createSyncHandler({
      store, authorize, now: () => T0,
      onEscalation: (n) => void escalations.push(n),
      onDelegate: (n) => void delegations.push(n),
    })
  }, 60_000)
  afterAll(() => store.close())
  const post = async (body: unknown, as: string) => {
    const response = await handler(syncRequest(body, as))
    return { status: response.status, body: await response.json() }
  }

  it('acks a batch and answers with the merged server document', async () => {
    const j = journeyId(`ack-${name}`)
    const { status, body } = await post(batch('u1', j, completions('a', 3), 'b-ack'), 'u1')
    expect(status).toBe(200)
    expect(body).toMatchObject({ batchId: 'b-ack', acked: ['a-e0', 'a-e1', 'a-e2'], rejected: [] })
    expect(Object.keys(body.progress.steps)).toEqual(['a-s0', 'a-s1', 'a-s2'])
    const read = await handler(progressRequest('u1', j, 'u1'))
    expect((await read.json()).progress).toEqual(body.progress)
  })

  it('applies a duplicated delivery once (dup applied = 0 of 20)', async () => {
    const j = journeyId(`dup-${name}`)
    const events = Array.from({ length: 20 }, (_, i): ProgressEvent => ({ id: `d${i}`, type: 'track', name: 'report.created', at: T0 + i }))
    const first = await post(batch('u1', j, events), 'u1')
    const again = await post(batch('u1', j, events), 'u1')
    expect(again.body.acked).toEqual(first.body.acked)
    expect(again.body.progress).toEqual(first.body.progress)
    expect(again.body.progress.tracks['report.created']).toHaveLength(20)
    const third = await store.ingest({ journeyId: j, userId: 'u1', events, now: T0 })
    console.log(`${name}: dup applied = ${third.inserted.length} of ${events.length}`)
    expect(third).toMatchObject({ inserted: [], duplicates: events.map((e) => e.id) })
  })

  it('loses nothing from 50 concurrent batches of one user (lost = 0 of 1000)', async () => {
    const j = journeyId(`race-${name}`)
    const batches = Array.from({ length: 50 }, (_, b) => batch('u1', j, completions(`c${b}`, 20)))
    const answers = await Promise.all(batches.map((body) => post(body, 'u1')))
    expect(answers.every((a) => a.status === 200 && a.body.acked.length === 20)).toBe(true)
    const { progress } = await (await handler(progressRequest('u1', j, 'u1'))).json()
    const lost = batches.flatMap((b) => b.events).filter((e) => !progress.steps[(e as { stepId: string }).stepId]?.done)
    console.log(`${name}: lost = ${lost.length} of 1000 across 50 concurrent batches`)
    expect(lost).toEqual([])
  }, 60_000)

  it('applies the same events sent at once in different orders by 10 tabs once each, without deadlock', async () => {
    const j = journeyId(`tabs-${name}`)
    await post(batch('u1', j, completions('seed', 1)), 'u1')
    const events = completions('tab', 20)
    const orders = Array.from({ length: 10 }, (_, t) => [...events.slice(t * 2), ...events.slice(0, t * 2)].reverse())
    const answers = await Promise.all(orders.map((order) => post(batch('u1', j, order), 'u1')))
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200))
    const again = await store.ingest({ journeyId: j, userId: 'u1', events, now: T0 })
    expect(again.inserted).toEqual([])
    expect(Object.keys(again.progress.steps)).toHaveLength(21)
  }, 60_000)

  it('acks 99 valid events and rejects the one malformed event with its reason (lost = 0 of 99)', async () => {
    const j = journeyId(`reject-${name}`)
    const events: unknown[] = completions('r', 100)
    events[42] = { id: 'r-e42', type: 'complete', at: T0 }
    const { status, body } = await post(batch('u1', j, events as ProgressEvent[]), 'u1')
    expect(status).toBe(200)
    expect(body.rejected).toEqual([{ id: 'r-e42', reason: 'stepId: expected a string of 1-100 characters' }])
    expect(body.acked).toHaveLength(99)
    expect(Object.keys(body.progress.steps)).toHaveLength(99)
  })

  it('merges the document a client sends for anti-entropy', async () => {
    const j = journeyId(`doc-${name}`)
    await post(batch('u1', j, completions('server', 1)), 'u1')
    const clientDoc = { v: 1, userId: 'u1', epoch: 0, steps: { 'from-client': { done: T0 - 5 } }, tracks: {}, urls: {}, clicks: {}, visible: {}, sessions: {}, nudges: {}, escalations: {} }
    const { body } = await post({ ...batch('u1', j, []), progress: clientDoc }, 'u1')
    expect(body.progress.steps).toEqual({ 'server-s0': { done: T0 }, 'from-client': { done: T0 - 5 } })
  })

  it('clamps event times to at most 5 minutes after the server clock', async () => {
    const j = journeyId(`clock-${name}`)
    const { body } = await post(batch('u1', j, [{ id: 'f1', type: 'complete', stepId: 'future', at: Date.UTC(2100, 0, 1) }]), 'u1')
    expect(body.progress.steps.future).toEqual({ done: T0 + 5 * 60_000 })
  })

  it('keeps a tour\'s place from events and from the client\'s document, times clamped', async () => {
    const j = journeyId(`tour-${name}`)
    await post(batch('u1', j, [{ id: 't1', type: 'tour', tourId: 'intro', action: 'started', step: 0, seq: 0, at: T0 }]), 'u1')
    const clientDoc = { v: 1, userId: 'u1', epoch: 0, steps: {}, tracks: {}, urls: {}, clicks: {}, visible: {}, sessions: {}, nudges: {}, escalations: {},
      tours: { intro: { last: [1, Date.UTC(2100, 0, 1), 'completed', 2], done: Date.UTC(2100, 0, 1) } } }
    const { body } = await post({ ...batch('u1', j, []), progress: clientDoc }, 'u1')
    const late = T0 + 5 * 60_000
    expect(body.progress.tours).toEqual({ intro: { last: [1, late, 'completed', 2], done: late } })
  })

  it('sends an escalation delivered 3 times to onEscalation once, with context', async () => {
    const j = journeyId(`esc-${name}`)
    const event: ProgressEvent = { id: 'x1', type: 'escalation', nudgeId: 'stalled', milestoneId: 'first-report', level: 1, notify: 'csm', at: T0 }
    // An admin's escalations pass unchecked (watcher.test.ts and verify.test.ts check a user's).
    for (let i = 0; i < 3; i++) expect((await post({ ...batch('u7', j, [event]), traits: { plan: 'pro' } }, 'admin:u7')).status).toBe(200)
    const mine = escalations.filter((n) => n.journeyId === j)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ kind: 'escalation', userId: 'u7', event, traits: { plan: 'pro' } })
    expect([mine[0]!.event.level, mine[0]!.event.notify]).toEqual([1, 'csm']) // the kind narrows the event's type
  })

  it('gives a notice from a batch without traits the traits the server keeps for that user', async () => {
    const j = journeyId(`esc-kept-${name}`)
    await post({ ...batch('u9', j, [{ id: 's9', type: 'session', sessionId: 's9', at: T0 }]), traits: { plan: 'pro' } }, 'admin:u9')
    const event: ProgressEvent = { id: 'x2', type: 'escalation', nudgeId: 'stalled', milestoneId: 'first-report', level: 1, notify: 'csm', at: T0 }
    expect((await post(batch('u9', j, [event]), 'admin:u9')).status).toBe(200) // a client whose host named the user without traits
    expect(escalations.filter((n) => n.journeyId === j)).toMatchObject([{ userId: 'u9', traits: { plan: 'pro' } }])
  })

  it('sends a step handed to a colleague to onDelegate once', async () => {
    const j = journeyId(`del-${name}`)
    const event: ProgressEvent = { id: 'g1', type: 'track', name: 'step:delegated', props: { stepId: 'invite', to: 'ana@acme.test', note: 'can you?' }, at: T0 }
    await post(batch('u8', j, [event]), 'u8')
    await post(batch('u8', j, [event]), 'u8')
    expect(delegations.filter((n) => n.journeyId === j)).toMatchObject([{ kind: 'delegate', step: { id: 'invite', to: 'ana@acme.test', note: 'can you?' } }])
  })

  it('answers an empty document for a user it has never seen', async () => {
    const { progress } = await (await handler(progressRequest('nobody', journeyId(`none-${name}`), 'nobody'))).json()
    expect(progress).toMatchObject({ v: 1, userId: 'nobody', steps: {} })
  })
})
