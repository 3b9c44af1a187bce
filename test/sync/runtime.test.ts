// @vitest-environment happy-dom
// The runtime with an endpoint, through fetch intercepted by msw and answered by the real handler.
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryStore, createSyncHandler } from '../../src/server'
import type { SyncStore } from '../../src/server'
import type { MilepostError } from '../../src/runtime/emitter'
import { T0 } from '../builders'
import { journey, saved, start, warnings } from '../runtime/harness'

let store: SyncStore
let requests: Request[] = []
let answer: ((request: Request) => Response | Promise<Response>) | null = null
const server = setupServer(
  http.all('*/api/milepost/*', async ({ request }) => {
    requests.push(request.clone())
    if (answer) return answer(request)
    const handler = createSyncHandler({
      store,
      authorize: (r) => {
        const token = /^Bearer (.+)$/.exec(r.headers.get('authorization') ?? '')?.[1]
        return token ? { userId: token } : null
      },
    })
    return handler(request)
  }),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => {
  store = createMemoryStore()
  requests = []
  answer = null
})
afterEach(() => server.resetHandlers())

const synced = { endpoint: '/api/milepost', headers: { authorization: 'Bearer u1' } }
const outbox = async () => [...(await saved()).keys()].filter((k) => k.includes('|out:'))
const stepDone = (mp: { getState(): { milestones: Array<{ steps: Array<{ id: string; done: boolean }> }> } }, id: string) =>
  mp.getState().milestones.flatMap((m) => m.steps).find((s) => s.id === id)!.done

describe('runtime sync', () => {
  it('sends a completion on flush(), and the outbox in IndexedDB empties once the server acknowledges it', async () => {
    const mp = await start(synced)
    await mp.complete('invite')
    expect((await outbox()).length).toBeGreaterThan(0) // the completion (and the session start)
    await mp.flush()
    expect((await store.getProgress('acme-onboarding', 'u1'))?.steps.invite?.done).toBe(T0)
    expect(await outbox()).toEqual([])
    const post = requests.find((r) => r.method == 'POST')!
    expect(post.headers.get('content-type')).toBe('text/plain;charset=UTF-8')
    expect(await post.json()).toMatchObject({ protocol: 1, userId: 'u1', journeyId: 'acme-onboarding', traits: { signedUpAt: new Date(T0).toISOString() } })
  })

  it('pulls the server\'s progress on start: progress made on another device shows here', async () => {
    await store.ingest({ journeyId: 'acme-onboarding', userId: 'u1', events: [{ id: 'x', type: 'complete', stepId: 'invite', at: T0 }], now: T0 })
    const mp = await start(synced)
    await mp.flush()
    expect(stepDone(mp, 'invite')).toBe(true)
    expect((await saved()).get('acme-onboarding|u1|step:invite')).toMatchObject({ steps: { invite: { done: T0 } } }) // kept locally too
  })

  it('keeps the events when a captive portal answers 200 with HTML, and sends them once the network is real', async () => {
    const mp = await start(synced)
    answer = () => new HttpResponse('<html><body>Log in to the hotel Wi-Fi</body></html>', { status: 200, headers: { 'content-type': 'text/html' } })
    const errors: MilepostError[] = []
    mp.on('sync:error', (e) => errors.push(e))
    const waiting = (await outbox()).length
    await mp.complete('invite')
    await mp.flush()
    expect(await outbox()).toHaveLength(waiting + 1)
    expect(errors[0]).toMatchObject({ kind: 'sync', status: 200 })
    answer = null
    await mp.flush()
    expect(await outbox()).toEqual([])
    expect((await store.getProgress('acme-onboarding', 'u1'))?.steps.invite?.done).toBe(T0)
  })

  it('reports a refused request (400) once on sync:error and with one warning, keeping the data local', async () => {
    const mp = await start(synced)
    await mp.flush()
    answer = () => HttpResponse.json({ error: 'protocol: expected 1' }, { status: 400 })
    const errors: MilepostError[] = []
    mp.on('sync:error', (e) => errors.push(e))
    await mp.complete('invite')
    await mp.flush()
    await mp.track('data.connected')
    await mp.flush()
    expect(errors.filter((e) => e.status == 400)).toHaveLength(1)
    expect(warnings.filter((w) => w.includes('refused a batch'))).toHaveLength(1)
    expect(stepDone(mp, 'invite')).toBe(true)
    expect([...(await saved()).keys()].filter((k) => k.includes('|quarantine:out:')).length).toBeGreaterThan(0)
  })

  it('asks getHeaders() for every request, so a fresh token goes with each', async () => {
    let n = 0
    const mp = await start({ endpoint: '/api/milepost', getHeaders: () => ({ authorization: 'Bearer u1', 'x-call': String(++n) }) })
    await mp.complete('invite')
    await mp.flush()
    expect(requests.map((r) => r.headers.get('x-call'))).toEqual(requests.map((_, i) => String(i + 1)))
    expect(requests.length).toBeGreaterThanOrEqual(2)
  })

  it('syncs the new user after identify(), never the old one\'s events under the new id', async () => {
    const mp = await start({ endpoint: '/api/milepost', getHeaders: () => ({ authorization: 'Bearer ' + mp.getState().user.id }) })
    await mp.complete('invite')
    await mp.flush()
    await mp.identify('u2')
    await mp.complete('connect')
    await mp.flush()
    expect((await store.getProgress('acme-onboarding', 'u1'))?.steps).toHaveProperty('invite')
    expect((await store.getProgress('acme-onboarding', 'u1'))?.steps).not.toHaveProperty('connect')
    expect(Object.keys((await store.getProgress('acme-onboarding', 'u2'))?.steps ?? {})).toEqual(['connect'])
  })

  it('sends nothing at all without an endpoint, and nothing after destroy()', async () => {
    const local = await start({ config: journey })
    await local.complete('invite')
    await local.flush()
    expect(requests).toEqual([])
    const mp = await start(synced)
    await mp.flush()
    const before = requests.length
    mp.destroy()
    await new Promise((r) => setTimeout(r, 1200))
    expect(requests.length).toBe(before)
  })
})
