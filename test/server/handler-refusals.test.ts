// Requests the handler refuses, on every store: the answer is a 4xx with a reason, the store untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '../../src/protocol'
import { createSyncHandler } from '../../src/server'
import type { SyncHandler, SyncStore } from '../../src/server'
import { T0 } from '../builders'
import { STORES, authorize, batch, completions, journeyId, progressRequest, syncRequest } from './fixtures'

describe.each(STORES)('sync handler refusals on the $name store', ({ name, make }) => {
  let store: SyncStore
  let handler: SyncHandler
  const j = journeyId(`refuse-${name}`)
  beforeAll(async () => {
    store = make()
    handler = createSyncHandler({ store, authorize, now: () => T0 })
    await handler(syncRequest(batch('owner', j, completions('own', 2)), 'owner'))
  }, 60_000)
  afterAll(() => store.close())
  const answer = async (request: Request) => {
    const response = await handler(request)
    return { status: response.status, body: await response.json() }
  }
  const ownerSteps = async () => Object.keys((await store.getProgress(j, 'owner'))?.steps ?? {})

  it('answers 401 to a request without credentials, for writes and reads', async () => {
    expect(await answer(syncRequest(batch('owner', j, completions('anon', 1))))).toEqual({ status: 401, body: { error: 'not authorized' } })
    expect((await answer(progressRequest('owner', j))).status).toBe(401)
    expect(await ownerSteps()).toEqual(['own-s0', 'own-s1'])
  })

  it("answers 403 to writing another user's progress, and leaves it untouched", async () => {
    const { status, body } = await answer(syncRequest(batch('owner', j, completions('intruder', 1)), 'mallory'))
    expect(status).toBe(403)
    expect(body.error).toMatch(/may not write/)
    expect(await ownerSteps()).toEqual(['own-s0', 'own-s1'])
  })

  it("answers 403 to reading another user's progress", async () => {
    const { status, body } = await answer(progressRequest('owner', j, 'mallory'))
    expect(status).toBe(403)
    expect(body).toEqual({ error: "userId: you may not read this user's progress" })
  })

  it("lets an admin read any user's progress", async () => {
    const { status, body } = await answer(progressRequest('owner', j, 'admin:support'))
    expect(status).toBe(200)
    expect(Object.keys(body.progress.steps)).toEqual(['own-s0', 'own-s1'])
  })

  it('answers 400 with the reason to a body that is not JSON', async () => {
    expect(await answer(syncRequest('{"protocol":1,"events":[', 'owner'))).toEqual({ status: 400, body: { error: 'body: not valid JSON' } })
  })

  it('answers 400 to a progress read without its query', async () => {
    const response = await answer(new Request('http://127.0.0.1/api/milepost/progress?userId=owner', { headers: { authorization: 'Bearer owner' } }))
    expect(response).toEqual({ status: 400, body: { error: 'query: userId (or accountId) and journeyId are required' } })
  })

  it('answers 413 to a body over the cap, without storing any of it', async () => {
    const events = completions('huge', 50).map((e) => ({ ...e, padding: 'x'.repeat(2_000) }))
    const { status, body } = await answer(syncRequest(batch('owner', j, events), 'owner'))
    expect({ status, body }).toEqual({ status: 413, body: { error: `body: larger than ${MAX_BODY_BYTES} bytes` } })
    expect(await ownerSteps()).toEqual(['own-s0', 'own-s1'])
  })

  it('answers 413 to 101 events, so the client splits the batch', async () => {
    const { status, body } = await answer(syncRequest(batch('owner', j, completions('many', 101)), 'owner'))
    expect({ status, body }).toEqual({ status: 413, body: { error: 'events: at most 100 per batch' } })
  })
})
