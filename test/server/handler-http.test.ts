// Routing, headers and failures of the handler itself (the store does not matter: memory).
import { describe, expect, it, vi } from 'vitest'
import { createMemoryStore, createSyncHandler } from '../../src/server'
import type { SyncStore } from '../../src/server'
import { T0 } from '../builders'
import { authorize, batch, completions, syncRequest } from './fixtures'

const make = (over: Partial<Parameters<typeof createSyncHandler>[0]> = {}) =>
  createSyncHandler({ store: createMemoryStore(), authorize, now: () => T0, log: () => undefined, ...over })

describe('sync handler: routes and headers', () => {
  it.each([
    ['an unknown path', new Request('http://h/api/milepost/other'), 404],
    ['GET on …/sync', new Request('http://h/api/milepost/sync'), 405],
    ['POST on …/progress', new Request('http://h/api/milepost/progress', { method: 'POST', body: '{}' }), 405],
    ['OPTIONS without allowOrigin', new Request('http://h/api/milepost/sync', { method: 'OPTIONS' }), 405],
  ])('answers %s with %i', async (_, request, status) => {
    const response = await make()(request)
    expect(response.status).toBe(status)
    expect(await response.json()).toHaveProperty('error')
  })

  it('routes by the path suffix, under any prefix and with a trailing slash', async () => {
    const response = await make()(new Request('http://h/v1/tenants/acme/milepost/sync/', {
      method: 'POST', headers: { authorization: 'Bearer u1' }, body: JSON.stringify(batch('u1', 'j', completions('p', 1), 'b-prefix')),
    }))
    expect(await response.json()).toMatchObject({ batchId: 'b-prefix', acked: ['p-e0'] })
  })

  it('answers 415 to a body type other than text/plain or JSON', async () => {
    const response = await make()(syncRequest(batch('u1', 'j', []), 'u1', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }))
    expect(response.status).toBe(415)
  })

  it('accepts application/json as well as text/plain', async () => {
    const response = await make()(syncRequest(batch('u1', 'j', completions('json', 1)), 'u1', { headers: { 'content-type': 'application/json' } }))
    expect(response.status).toBe(200)
  })

  it('answers a preflight from an allowed origin with 204 and CORS headers, and refuses others', async () => {
    const handler = make({ allowOrigin: ['https://app.acme.test'] })
    const preflight = (origin: string) => handler(new Request('http://h/api/milepost/sync', {
      method: 'OPTIONS', headers: { origin, 'access-control-request-headers': 'authorization, x-tenant' },
    }))
    const ok = await preflight('https://app.acme.test')
    expect(ok.status).toBe(204)
    expect(Object.fromEntries(ok.headers)).toMatchObject({
      'access-control-allow-origin': 'https://app.acme.test', 'access-control-allow-headers': 'authorization, x-tenant',
    })
    expect((await preflight('https://evil.test')).headers.get('access-control-allow-origin')).toBeNull()
  })

  it('lets a cross-origin client read Retry-After and Date on a 503 (exposed), with the CORS headers on the error too', async () => {
    const away: SyncStore = { ...createMemoryStore(), ingest: () => Promise.reject(Object.assign(new Error('gone'), { code: 'ECONNREFUSED' })) }
    const log = vi.fn()
    const response = await make({ store: away, log, allowOrigin: ['https://app.acme.test'] })(
      syncRequest(batch('u1', 'j', completions('away', 1)), 'u1', { headers: { origin: 'https://app.acme.test' } }))
    expect(response.status).toBe(503)
    expect([response.headers.get('retry-after'), response.headers.get('access-control-allow-origin'), response.headers.get('access-control-expose-headers')])
      .toEqual(['5', 'https://app.acme.test', 'Retry-After, Date'])
  })

  // bb-r24: the default log printed "milepost: the store answers again undefined".
  it('logs the outage once with its error and its end once without one, by default on stderr', async () => {
    let down = true
    const memory = createMemoryStore()
    const store: SyncStore = { ...memory, ingest: (input) => (down ? Promise.reject(Object.assign(new Error('gone'), { code: 'ECONNREFUSED' })) : memory.ingest(input)) }
    const err = vi.spyOn(console, 'error').mockImplementation(() => {})
    const handler = createSyncHandler({ store, authorize, now: () => T0 }) // the default log
    const send = (id: string) => handler(syncRequest(batch('u1', 'j', completions(id, 1)), 'u1'))
    expect((await send('a')).status).toBe(503)
    down = false
    expect((await send('b')).status).toBe(200)
    const calls = err.mock.calls.map((c) => c.map((a) => (a instanceof Error ? 'Error' : a)))
    err.mockRestore()
    expect(calls).toEqual([['milepost: the store is unreachable: answering 503 until it is back', 'Error'], ['milepost: the store answers again']])
  })

  it('refuses a write from another origin that is not allowed (a cross-site form with the user\'s cookie), and takes an allowed one', async () => {
    const handler = make({ allowOrigin: ['https://app.acme.test'] })
    const from = (origin: string, site: string, id: string) =>
      handler(syncRequest(batch('u1', 'j', completions(id, 1)), 'u1', { headers: { origin, 'sec-fetch-site': site } }))
    const forged = await from('https://evil.test', 'cross-site', 'csrf')
    expect([forged.status, await forged.json()]).toEqual([403, { error: 'origin: not allowed to write here (allowOrigin)' }])
    expect((await from('https://evil.acme.test', 'same-site', 'sub')).status).toBe(403)
    expect((await from('https://app.acme.test', 'cross-site', 'allowed')).status).toBe(200)
    expect((await from('http://h', 'same-origin', 'own')).status).toBe(200)
    expect((await handler(syncRequest(batch('u1', 'j', completions('server', 1)), 'u1'))).status).toBe(200) // no browser: no Sec-Fetch-Site
  })

  it('without Fetch Metadata (an older browser), refuses a write whose Origin names another host than the server\'s', async () => {
    const handler = make({ allowOrigin: ['https://app.acme.test'] })
    const from = (origin: string, id: string) => handler(syncRequest(batch('u1', 'j', completions(id, 1)), 'u1', { headers: { origin } }))
    expect((await from('https://evil.test', 'old-csrf')).status).toBe(403)
    expect((await from('null', 'old-sandboxed')).status).toBe(403)
    expect((await from('https://app.acme.test', 'old-allowed')).status).toBe(200)
    expect((await from('http://127.0.0.1', 'old-own')).status).toBe(200) // the page of the server's own host
  })

  it('marks every answer as not cacheable JSON', async () => {
    const response = await make()(syncRequest(batch('u1', 'j', []), 'u1'))
    expect([response.headers.get('content-type'), response.headers.get('cache-control')]).toEqual(['application/json; charset=utf-8', 'no-store'])
  })
})

describe('sync handler: failures', () => {
  it('answers 500 with JSON when the store throws, and logs it once', async () => {
    const broken: SyncStore = { ...createMemoryStore(), ingest: () => Promise.reject(new Error('connection refused')) }
    const log = vi.fn()
    const response = await make({ store: broken, log })(syncRequest(batch('u1', 'j', completions('f', 1)), 'u1'))
    expect([response.status, await response.json()]).toEqual([500, { error: 'internal error' }])
    expect(log).toHaveBeenCalledTimes(1)
    expect(log.mock.calls[0]?.[1]).toEqual(new Error('connection refused'))
  })

  it('still acks the batch when onEscalation throws: the events are stored', async () => {
    const log = vi.fn()
    const event = { id: 'x', type: 'escalation', nudgeId: 'n', level: 1, at: T0 }
    const handler = make({ log, onEscalation: () => Promise.reject(new Error('smtp down')) })
    const response = await handler(syncRequest(batch('u1', 'j', [event] as never), 'admin:u1'))
    expect(await response.json()).toMatchObject({ acked: ['x'] })
    expect(log).toHaveBeenCalledTimes(1)
  })

  it('answers 500 when authorize throws, rather than letting the error escape', async () => {
    const response = await make({ authorize: () => { throw new Error('jwks fetch failed') } })(syncRequest(batch('u1', 'j', []), 'u1'))
    expect(response.status).toBe(500)
  })
})
