// Tenants on one store (bb-r32, a white-label SaaS: every tenant has a user "u1" and an account
// "a1"). A handler given its tenant's journeys read and wrote any other journey id, so Globex's u1
// read and completed Acme's u1's steps through Globex's own endpoint; and each tenant's webhook
// forwarder posted every tenant's notices to its own receiver, whichever flushed first.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProgressEvent } from '../../src/core/types'
import { createMemoryStore, createSyncHandler, createWebhookForwarder } from '../../src/server'
import type { SyncStore } from '../../src/server'
import { T0 } from '../builders'
import { fixtureJourney } from './dashboard-fixture'
import { STORES, batch, journeyId, memberAuthorize, progressRequest, syncRequest } from './fixtures'

// Far past other files' clocks: their forwarders, which claim every journey's notices, never see these.
const LATER = T0 + 5e12
const done = (id: string, stepId: string): ProgressEvent => ({ id, type: 'complete', stepId, at: T0 })
const accountRead = (accountId: string, journey: string, as: string) =>
  new Request(`http://127.0.0.1/api/milepost/progress?accountId=${accountId}&journeyId=${journey}`, { headers: { authorization: `Bearer ${as}` } })

describe('a sync handler reads and writes only its own journeys', () => {
  const acme = fixtureJourney('acme-onboarding')
  const globex = fixtureJourney('globex-onboarding')

  it('a listed handler refuses another journey id, to read or to write, 403 naming it; its own go on', async () => {
    const store = createMemoryStore()
    const acmeHandler = createSyncHandler({ store, authorize: memberAuthorize, journeys: [acme], now: () => T0 })
    const globexHandler = createSyncHandler({ store, authorize: memberAuthorize, journeys: [globex], now: () => T0 })
    expect((await acmeHandler(syncRequest(batch('u1', 'acme-onboarding', [done('e1', 'connect')]), 'u1@a1'))).status).toBe(200)

    const write = await globexHandler(syncRequest(batch('u1', 'acme-onboarding', [done('evil', 'report')]), 'u1@a1'))
    expect(write.status).toBe(403)
    expect(await write.json()).toEqual({ error: 'journeyId: "acme-onboarding" is not one of this endpoint\'s journeys (the journeys option)' })
    for (const read of [progressRequest('u1', 'acme-onboarding', 'u1@a1'), accountRead('a1', 'acme-onboarding', 'u1@a1')]) {
      const answer = await globexHandler(read)
      expect([answer.status, (await answer.json()).progress]).toEqual([403, undefined])
    }
    // An admin of one tenant is no admin of another's journeys either.
    expect((await globexHandler(syncRequest(batch('u1', 'acme-onboarding', [done('evil2', 'report')]), 'admin:ops'))).status).toBe(403)
    expect(Object.keys((await store.getProgress('acme-onboarding', 'u1'))!.steps)).toEqual(['connect'])

    const own = await globexHandler(progressRequest('u1', 'globex-onboarding', 'u1@a1'))
    expect([own.status, (await own.json()).progress.userId]).toEqual([200, 'u1'])
  })

  it('a function that answers nothing refuses the id too; one that fails answers 503 and takes nothing, for any id', async () => {
    const store = createMemoryStore()
    let fail = false
    const logged: string[] = []
    const handler = createSyncHandler({
      store, authorize: memberAuthorize, now: () => T0, log: (m) => void logged.push(m),
      journeys: (id) => {
        if (fail) throw new Error('database down')
        return id == 'globex-onboarding' ? globex : undefined
      },
    })
    expect((await handler(syncRequest(batch('u1', 'acme-onboarding', [done('e1', 'connect')]), 'u1'))).status).toBe(403)
    expect((await handler(progressRequest('u1', 'acme-onboarding', 'u1'))).status).toBe(403)
    // Told once to the operator (a browser only sees a 403).
    expect(logged).toEqual(['createSyncHandler: journeyId "acme-onboarding" is not one of this endpoint\'s journeys: its requests are answered 403'])
    expect((await handler(syncRequest(batch('u1', 'globex-onboarding', [done('e2', 'connect')]), 'u1'))).status).toBe(200)
    // The lookup away (the tenant's journey database down): no id is known to be this endpoint's,
    // so none is read or written (bb-r32 own changes: another tenant's journey id went through).
    fail = true
    for (const request of [syncRequest(batch('u1', 'acme-onboarding', [done('e3', 'connect')]), 'u1'), progressRequest('u1', 'acme-onboarding', 'u1'),
      syncRequest(batch('u1', 'globex-onboarding', [done('e4', 'report')]), 'u1')]) {
      expect((await handler(request)).status).toBe(503)
    }
    expect(Object.keys((await store.getProgress('globex-onboarding', 'u1'))!.steps)).toEqual(['connect'])
    expect(await store.getProgress('acme-onboarding', 'u1')).toBeNull()
  })

  it('a handler without journeys takes any journey id, as before', async () => {
    const handler = createSyncHandler({ store: createMemoryStore(), authorize: memberAuthorize, now: () => T0 })
    expect((await handler(syncRequest(batch('u1', 'anything', [done('e1', 'connect')]), 'u1'))).status).toBe(200)
  })
})

describe.each(STORES)('webhook forwarders of tenants on one $name store', ({ make }) => {
  let store: SyncStore
  const posts: Array<{ hook: string; journeyId: string; userId: string }> = []
  let base = ''
  const server = createServer((req, res) => {
    let text = ''
    req.on('data', (c: Buffer) => (text += c))
    req.on('end', () => {
      const { journeyId: j, userId } = JSON.parse(text)
      posts.push({ hook: req.url!.slice(1), journeyId: j, userId })
      res.writeHead(200).end()
    })
  })
  beforeAll(async () => {
    store = make()
    await store.getProgress('warm', 'up')
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  }, 60_000)
  afterAll(async () => {
    await new Promise((r) => server.close(r))
    await store.close()
  })

  it('each forwarder given its tenant\'s journeys posts only their notices, in either order', async () => {
    const ids = ['acme', 'globex', 'initech'].map((t) => journeyId(`tenant-${t}`))
    for (const j of ids) {
      await store.ingest({
        journeyId: j, userId: 'u1', now: LATER,
        events: [{ id: `esc-${j}`, type: 'escalation', nudgeId: 'stalled', milestoneId: 'connect', level: 1, notify: 'csm', at: LATER }],
      })
    }
    const forwarders = ids.map((j, i) => createWebhookForwarder({ url: base + i, store, journeys: [fixtureJourney(j)], now: () => LATER + 1, log: () => undefined }))
    // The last tenant flushes first: the order that gave one receiver every tenant's notices.
    for (const f of [...forwarders].reverse()) await f.flush()
    const ours = posts.filter((p) => ids.includes(p.journeyId))
    expect(ours.map((p) => `${p.hook}:${p.journeyId}`).sort()).toEqual(ids.map((j, i) => `${i}:${j}`).sort())
  })
})
