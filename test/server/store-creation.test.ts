// Stores check what they need when they are created, not at the first request.
import { describe, expect, it } from 'vitest'
import { createMemoryStore, createPgliteStore, createPostgresStore, createSyncHandler, createWatcher, createWebhookForwarder } from '../../src/server'
import { aJourney } from '../builders'
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
  it('refuses a handler or forwarder whose journeys is not a lookup function, at creation', () => {
    const store = createMemoryStore()
    const list = [aJourney()]
    const authorize = () => null
    for (const journeys of [list, new Map([['acme-onboarding', list[0]]])]) {
      expect(() => createSyncHandler({ store, authorize, journeys: journeys as never })).toThrow('createSyncHandler: journeys: expected a function from a journey id to its journey')
      expect(() => createWebhookForwarder({ url: 'https://hooks.test/', store, journeys: journeys as never })).toThrow('createWebhookForwarder: journeys: expected a function')
    }
    expect(() => createSyncHandler({ store, authorize, journeys: (id) => list.find((j) => j.id === id) })).not.toThrow()
    expect(() => createSyncHandler({ store, authorize })).not.toThrow()
  })
})
