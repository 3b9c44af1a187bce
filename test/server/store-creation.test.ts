// Stores check what they need when they are created, not at the first request.
import { describe, expect, it } from 'vitest'
import { createMemoryStore, createPgliteStore, createPostgresStore, createSyncHandler, createWatcher, createWebhookForwarder } from '../../src/server'
import { escalationEventId, escalationKey } from '../../src/core'
import type { ProgressEvent } from '../../src/core/types'
import { aJourney, aMilestone, aNudge, dayAt, traits } from '../builders'
import { authorize, batch, syncRequest } from './fixtures'
import { requireDriver } from '../../src/server/driver'

describe('creating a store', () => {
  it('throws at once, naming DATABASE_URL, when the PostgreSQL connection string is missing or empty', () => {
    for (const connectionString of [undefined, '', '  ']) {
      expect(() => createPostgresStore({ connectionString: connectionString as string }))
        .toThrow(/createPostgresStore needs `connectionString`.*DATABASE_URL/)
    }
  })

  it('throws at once, saying what to install, when the driver package is missing', () => {
    const missing = (specifier: string): string => {
      throw new Error(`Cannot find package '${specifier}'`)
    }
    expect(() => requireDriver('createPostgresStore', 'pg', missing))
      .toThrow('milepost: createPostgresStore needs the `pg` package, which is not installed: npm install pg')
  })

  it('resolves real packages with import.meta.resolve: installed ones pass, others throw', () => {
    expect(() => requireDriver('createPostgresStore', 'pg')).not.toThrow()
    expect(() => requireDriver('createPostgresStore', 'no-such-driver-for-milepost')).toThrow(/npm install no-such-driver-for-milepost/)
  })

  it('creates stores whose driver and options are there, without connecting', async () => {
    const pg = createPostgresStore({ connectionString: 'postgres://nobody@127.0.0.1:1/none' })
    const lite = createPgliteStore()
    await Promise.all([pg.close(), lite.close()])
  })

  it('refuses a watcher given two journeys of one id (each would compute its users\' ladders), naming the id', () => {
    const store = createMemoryStore()
    expect(() => createWatcher({ store, journeys: [aJourney({ id: 'a' }), aJourney({ id: 'b' })] })).not.toThrow()
    expect(() => createWatcher({ store, journeys: [aJourney({ id: 'a' }), aJourney({ id: 'b' }), aJourney({ id: 'a', title: 'Other' })] }))
      .toThrow('createWatcher: journeys: two journeys have the id "a"')
  })

  // bb-r24 (a backend of a team's own): a Map given as `journeys` was a 500 "journeys is not a function" at every sync.
  it('refuses a handler or forwarder whose journeys is neither the files nor a lookup function, at creation', () => {
    const store = createMemoryStore()
    const list = [aJourney()]
    const authorize = () => null
    for (const journeys of [new Map([['acme-onboarding', list[0]]]), list[0], 'acme-onboarding']) {
      expect(() => createSyncHandler({ store, authorize, journeys: journeys as never })).toThrow('createSyncHandler: journeys: expected the journey files (an array), or a function')
      expect(() => createWebhookForwarder({ url: 'https://hooks.test/', store, journeys: journeys as never })).toThrow('createWebhookForwarder: journeys: expected the journey files')
    }
    expect(() => createSyncHandler({ store, authorize, journeys: (id) => list.find((j) => j.id === id) })).not.toThrow()
    expect(() => createSyncHandler({ store, authorize })).not.toThrow()
    expect(() => createSyncHandler({ store, authorize, journeys: [aJourney({ id: 'a' }), aJourney({ id: 'a', title: 'Other' })] }))
      .toThrow('createSyncHandler: journeys: two journeys have the id "a"')
  })

  // bb-r28: the watcher and the dashboard take the files as an array; the handler and the forwarder took only a function.
  it('takes the journey files as an array in the handler and the forwarder, as the watcher and the dashboard do: escalations are checked against them', async () => {
    const journey = aJourney({
      milestones: [aMilestone({ id: 'm1', due: { day: 7 } })],
      nudges: [aNudge({ id: 'late', when: { missed: { milestone: 'm1' } }, escalate: [{ afterDays: 1, notify: 'csm' }] })],
    })
    const told: string[] = []
    const handler = createSyncHandler({ store: createMemoryStore(), authorize, journeys: [journey], now: () => dayAt(8.5), onEscalation: (n) => void told.push(n.event.notify!) })
    const level = { id: escalationEventId(0, escalationKey('late', 'm1', 1)), type: 'escalation', nudgeId: 'late', milestoneId: 'm1', level: 1, notify: 'ceo', at: dayAt(8.4) } as ProgressEvent
    const body = await (await handler(syncRequest({ ...batch('u1', journey.id, [level]), traits: traits() }, 'u1'))).json()
    expect(body.acked).toEqual([level.id])
    expect(told).toEqual(['csm'])
    expect(() => createWebhookForwarder({ url: 'https://hooks.test/', store: createMemoryStore(), journeys: [journey] })).not.toThrow()
  })
})
