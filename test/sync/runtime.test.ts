// @vitest-environment happy-dom
// The runtime with an endpoint, through fetch intercepted by msw and answered by the real handler.
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryStore, createSyncHandler } from '../../src/server'
import type { SyncStore } from '../../src/server'
import type { MilepostError } from '../../src/runtime/emitter'
import { CAP_MS } from '../../src/sync/backoff'
import { T0 } from '../builders'
import { journey, saved, savedStep, savedTracks, start, warnings } from '../runtime/harness'
import { createMilepost } from '../../src/milepost'

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
afterEach(() => {
  vi.useRealTimers()
  server.resetHandlers()
})

/**
 * Waits real time for the IndexedDB and fetch work a fired fake timer started (those run on real
 * time), so a request a timer caused is counted; the window itself is passed with fake timers.
 */
const realTimeout = globalThis.setTimeout
const settle = () => new Promise((r) => realTimeout(r, 100))

const synced = { endpoint: '/api/milepost', headers: { authorization: 'Bearer u1' } }
const outbox = async () => [...(await saved()).keys()].filter((k) => k.includes('|out:'))
/** The outbox's events kept in localStorage (`storage: 'local'`). */
const outboxLocal = async () => Object.keys(localStorage).filter((k) => k.includes('|out:'))
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
    expect(await savedStep('invite')).toMatchObject({ done: T0 }) // kept locally too
  })

  it('a browser new to the user: the first state is the server\'s progress, with no state of this browser\'s alone before it', async () => {
    await store.ingest({ journeyId: 'acme-onboarding', userId: 'u1', events: [{ id: 'x', type: 'complete', stepId: 'invite', at: T0 }], now: T0 })
    const states: boolean[] = []
    const mp = await start(synced, (m) => m.subscribe((s) => void (s.ready && states.push(stepDone(m, 'invite')))))
    // Ready (init() resolved) with the other device's step done; never without it first.
    expect(states.length).toBeGreaterThan(0)
    expect(states.every(Boolean)).toBe(true)
    expect(stepDone(mp, 'invite')).toBe(true)
    mp.destroy()
    // A browser that holds the user's progress paints it at once, as before: it does not wait for the server.
    const held: Array<() => void> = []
    answer = () => new Promise<Response>((resolve) => held.push(() => resolve(new Response(null, { status: 503 }))))
    const states2: boolean[] = []
    const again = await start(synced, (m) => m.subscribe((s) => void (s.ready && states2.push(stepDone(m, 'invite')))))
    expect(states2.length).toBeGreaterThan(0)
    expect(states2.every(Boolean)).toBe(true)
    again.destroy()
    held.forEach((release) => release())
  })

  it('a browser new to the user: what the host tracks while it waits is stored at once (a page that leaves meanwhile loses nothing)', async () => {
    const held: Array<() => void> = []
    answer = () => new Promise<Response>((resolve) => held.push(() => resolve(new Response(null, { status: 503 }))))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }) // the 3 s pass when the test says
    const mp = createMilepost({ config: journey, user: { id: 'u1' }, ...synced })
    const starting = mp.init()
    const states: boolean[] = []
    mp.subscribe((s) => void states.push(s.ready))
    const tracked = mp.track('data.connected')
    for (let i = 0; i < 20 && !(await savedTracks('data.connected')).length; i++) {
      await vi.advanceTimersByTimeAsync(50) // the start's own tasks; 1 s at most of the 3 s
      await settle()
    }
    expect(await savedTracks('data.connected')).toHaveLength(1) // stored while waiting
    await tracked
    expect(mp.getState().ready).toBe(false)
    await vi.advanceTimersByTimeAsync(3000) // the server never answered
    await starting
    expect(states.at(-1)).toBe(true)
    expect(stepDone(mp, 'connect')).toBe(true)
    mp.destroy()
    held.forEach((release) => release())
  })

  it('a browser new to the user whose server answers with trouble (403) is ready at once, without its document: it does not wait out the 3 s', async () => {
    answer = () => HttpResponse.json({ error: 'userId: not the authorized user' }, { status: 403 })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }) // 1 s of the 3 s pass
    const errors: MilepostError[] = []
    let ready = false
    const starting = start(synced, (m) => m.on('sync:error', (e) => errors.push(e))).then((m) => ((ready = true), m))
    for (let i = 0; i < 10 && !ready; i++) {
      await vi.advanceTimersByTimeAsync(100)
      await settle()
    }
    expect(ready).toBe(true)
    const mp = await starting
    expect(mp.getState().ready).toBe(true)
    expect(errors.map((e) => e.status)).toContain(403)
  })

  it('a browser new to the user whose server does not answer shows its own state after 3 s', async () => {
    const held: Array<() => void> = []
    answer = () => new Promise<Response>((resolve) => held.push(() => resolve(new Response(null, { status: 503 }))))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    let ready = false
    const starting = start(synced).then((m) => (ready = true, m))
    await vi.advanceTimersByTimeAsync(2900)
    await settle()
    expect(ready).toBe(false)
    await vi.advanceTimersByTimeAsync(200)
    const mp = await starting
    expect(mp.getState().ready).toBe(true)
    expect(stepDone(mp, 'invite')).toBe(false)
    mp.destroy()
    held.forEach((release) => release())
  })

  it('keeps the events when a captive portal answers 200 with HTML, and sends them once the network is real', async () => {
    const mp = await start(synced)
    await mp.flush() // the start-up pass, which could otherwise drain the outbox while it is counted
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
    // The batch's refusal, then the document push's (sent again in 5 minutes), each told once.
    expect(errors.filter((e) => e.status == 400).map((e) => e.message)).toEqual([
      'the endpoint refused a batch (HTTP 400): its events are kept locally and not resent',
      'the endpoint refused the progress document (HTTP 400): sent again after the next batch or check',
    ])
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

  it('identify() back to a user without traits leaves the server the traits it has for them (their journey\'s start, which the watch reads)', async () => {
    const mp = await start({ endpoint: '/api/milepost', getHeaders: () => ({ authorization: 'Bearer ' + mp.getState().user.id }) })
    await mp.complete('invite')
    await mp.flush()
    const before = (await store.getUser!('acme-onboarding', 'u1'))?.traits
    expect(before).toHaveProperty('signedUpAt')
    await mp.identify('u2')
    await mp.identify('u1') // the host has no traits at hand this time
    await mp.complete('connect')
    await mp.flush()
    expect((await store.getProgress('acme-onboarding', 'u1'))?.steps).toHaveProperty('connect')
    expect((await store.getUser!('acme-onboarding', 'u1'))?.traits).toEqual(before)
  })

  it('an anonymous user reaches the server after a while: a host that names its user at once sends nothing for the anonymous one', async () => {
    /** Whose documents the requests were about (the pull's query, the batch's body). */
    const whose = async () => Promise.all(requests.map(async (r) => new URL(r.url).searchParams.get('userId') ?? (await r.clone().json()).userId))
    const anonymous = { ...synced, getHeaders: () => ({ authorization: 'Bearer ' + localStorage.getItem('milepost:anon') }) }
    // Named just after the start: only that user is ever heard of.
    const named = await start({ ...anonymous, user: {} })
    await named.identify('u1')
    await named.flush()
    named.destroy()
    await settle() // its last request: what waits (the session may) goes as u1's
    expect(new Set(await whose())).toEqual(new Set(['u1']))
    // Left anonymous: synced once the wait is over (fake timers, moving with real time otherwise).
    requests = []
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true })
    const left = await start({ ...anonymous, user: {} })
    const id = left.getProgress()!.userId
    expect(id).toMatch(/^anon-/)
    await vi.advanceTimersByTimeAsync(4000)
    await settle()
    expect(requests).toEqual([])
    await vi.advanceTimersByTimeAsync(1000)
    await vi.waitFor(async () => expect(await store.getProgress('acme-onboarding', id)).toBeTruthy())
    expect(new Set(await whose())).toEqual(new Set([id]))
    // flush() does not wait.
    left.destroy()
    requests = []
    vi.useRealTimers()
    const flushed = await start({ ...anonymous, user: {} })
    await flushed.complete('invite')
    await flushed.flush()
    expect((await store.getProgress('acme-onboarding', flushed.getProgress()!.userId))?.steps).toHaveProperty('invite')
  })

  it('traits too large for a request go without: the step reaches the server, which keeps the traits it had, and it is told once', async () => {
    const mp = await start(synced)
    await mp.complete('invite')
    await mp.flush()
    const before = (await store.getUser!('acme-onboarding', 'u1'))?.traits
    const said: string[] = []
    mp.on('sync:error', (e) => said.push(e.message))
    // A host that passes a document as a trait: 20,000 characters, 60,000 bytes of UTF-8, more than a request may carry (48 KB).
    await mp.identify('u1', { bio: '€'.repeat(20_000) })
    await mp.complete('connect')
    await mp.track('data.connected')
    await mp.flush()
    expect((await store.getProgress('acme-onboarding', 'u1'))?.steps).toHaveProperty('connect')
    expect((await store.getUser!('acme-onboarding', 'u1'))?.traits).toEqual(before)
    expect(said).toEqual(['traits over 24 KB are not sent'])
  })

  // Prototype.js 1.6 (old Rails apps) defines Array.prototype.toJSON, which writes every array as a string.
  it('on a page whose Array.prototype.toJSON makes lists strings (Prototype.js 1.6): requests and the local store keep their lists, and the page\'s toJSON stays', async () => {
    const prototypeJs = function (this: unknown[]) {
      return '[' + this.map((x) => JSON.stringify(x)).join(', ') + ']'
    }
    const arrays = Array.prototype as { toJSON?: unknown }
    arrays.toJSON = prototypeJs
    try {
      const bodies: Array<{ events: unknown }> = []
      // A server of its own realm: it reads the body as it came, and answers without this page's toJSON.
      answer = async (request) => {
        const empty = '{"v":1,"userId":"u1","epoch":0,"steps":{},"tracks":{},"urls":{},"clicks":{},"visible":{},"sessions":{},"nudges":{},"escalations":{}}'
        if (request.method !== 'POST') return new Response(`{"progress":${empty}}`, { headers: { 'content-type': 'application/json' } })
        const body = JSON.parse(await request.text()) as { batchId: string; events: unknown }
        bodies.push(body)
        const ids = Array.isArray(body.events) ? (body.events as Array<{ id: string }>).map((e) => `"${e.id}"`).join(',') : ''
        return new Response(`{"batchId":"${body.batchId}","acked":[${ids}],"rejected":[],"progress":${empty}}`, { headers: { 'content-type': 'application/json' } })
      }
      const mp = await start({ ...synced, storage: 'local' })
      await mp.complete('invite')
      await mp.flush()
      expect(bodies.length).toBeGreaterThan(0)
      expect(bodies.every((b) => Array.isArray(b.events))).toBe(true)
      expect(await outboxLocal()).toEqual([])
      // What the local store keeps is read back as it was written: the step is done after a reload.
      mp.destroy()
      const again = await start({ storage: 'local', config: journey })
      expect(stepDone(again, 'invite')).toBe(true)
      expect(Object.getOwnPropertyDescriptor(arrays, 'toJSON')).toEqual({ value: prototypeJs, writable: true, enumerable: true, configurable: true })
    } finally {
      delete arrays.toJSON
    }
  })

  it('sends nothing at all without an endpoint', async () => {
    const local = await start({ config: journey })
    await local.complete('invite')
    await local.flush()
    expect(requests).toEqual([])
  })

  it('destroy() sends what waits in one last request, and nothing after it', async () => {
    const mp = await start(synced)
    await mp.flush()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    await mp.track('data.connected') // a send is now due after the debounce
    const before = requests.length
    mp.destroy()
    await vi.waitFor(async () => expect((await store.getProgress('acme-onboarding', 'u1'))?.tracks['data.connected']).toHaveLength(1))
    const last = requests.length
    expect(last).toBeGreaterThan(before)
    // Longer than any timer sync sets (its longest wait is the 5-minute retry cap).
    await vi.advanceTimersByTimeAsync(2 * CAP_MS)
    await settle()
    expect(requests.length).toBe(last)
    vi.useRealTimers()
    // The answer was not stored (a destroyed instance writes nothing to the device): the user's next
    // session sends what it acknowledged again, and the server takes it once.
    const next = await start(synced)
    await next.flush()
    expect(await outbox()).toEqual([])
    expect((await store.getProgress('acme-onboarding', 'u1'))?.tracks['data.connected']).toHaveLength(1)
  })

  it('a user switched away from before any request of theirs went still sends what waits with their headers', async () => {
    // The host tracks, then names another user, before the first sync round of u1's session.
    await start({ ...synced, storage: 'local' }, (m) => void (m.track('data.connected'), m.identify('u2')))
    await vi.waitFor(async () => expect((await store.getProgress('acme-onboarding', 'u1'))?.tracks['data.connected']).toHaveLength(1))
    const theirs = await Promise.all(requests.filter((r) => r.method == 'POST').map(async (r) => [(await r.clone().json()).userId, r.headers.get('authorization')]))
    expect(theirs).toContainEqual(['u1', 'Bearer u1'])
  })

  it('a last request that fails is not retried: its events wait in the outbox for the user\'s next session, with no report', async () => {
    const mp = await start(synced)
    await mp.flush()
    const errors: MilepostError[] = []
    mp.on('sync:error', (e) => errors.push(e))
    answer = () => new HttpResponse(null, { status: 503 })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    await mp.track('data.connected')
    const before = requests.length
    mp.destroy()
    await vi.waitFor(() => expect(requests.length).toBe(before + 1))
    await vi.advanceTimersByTimeAsync(2 * CAP_MS)
    await settle()
    expect(requests.length).toBe(before + 1)
    expect(errors).toEqual([])
    expect((await outbox()).length).toBeGreaterThan(0)
    // The same user's next session sends it.
    answer = null
    vi.useRealTimers()
    const again = await start(synced)
    await again.flush()
    expect((await store.getProgress('acme-onboarding', 'u1'))?.tracks['data.connected']).toHaveLength(1)
  })

  it('identify() of another user sends what the first one did just before, as theirs (their id, their traits, their account\'s)', async () => {
    const mp = await start({ ...synced, user: { id: 'u1', traits: { plan: 'trial' } }, account: { id: 'acme', traits: { tier: 'gold' } } })
    await mp.flush()
    await mp.identify('u1', { plan: 'pro' }, { id: 'acme', traits: { tier: 'platinum' } }) // the same session, new traits
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    await mp.track('data.connected') // due after the debounce, which the switch cuts short
    // u2 is new to this browser: their first state waits for their server document (this server
    // refuses it: u2 is not the authorized user), 3 s at most.
    const switched = mp.identify('u2', { plan: 'free' })
    const posts = () => Promise.all(requests.filter((r) => r.method == 'POST').map((r) => r.clone().json()))
    const carrying = async () => (await posts()).filter((b) => b.events.some((e: { name?: string }) => e.name == 'data.connected'))
    await vi.waitFor(async () => expect(await carrying()).not.toEqual([]))
    const bodies = await posts()
    const sent = await carrying()
    expect(sent.map((b) => [b.userId, b.traits, b.accountTraits])).toEqual(sent.map(() => ['u1', { plan: 'pro' }, { tier: 'platinum' }]))
    expect(bodies.some((b) => b.userId == 'u2' && b.events.some((e: { name?: string }) => e.name == 'data.connected'))).toBe(false)
    await vi.advanceTimersByTimeAsync(3000)
    await switched
    expect(mp.getState()).toMatchObject({ ready: true, user: { id: 'u2' } })
  })
})

/** Scripted answers for the next sync POSTs, then the real handler; GETs always go to the handler. */
const script = (...replies: Array<() => Response>) => {
  const queue = [...replies]
  const posts: number[] = []
  answer = (request) => {
    if (request.method != 'POST') return real(request)
    posts.push(Date.now())
    return (queue.shift() ?? (() => real(request)))()
  }
  return posts
}
const real = (request: Request) => createSyncHandler({ store, authorize: () => ({ userId: 'u1' }) })(request)
const serverHas = async (stepId: string) => (await store.getProgress('acme-onboarding', 'u1'))?.steps[stepId]?.done !== undefined
const until = async (check: () => Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms
  while (!(await check()) && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
  return check()
}

describe('runtime sync: the status table through fetch (msw)', () => {
  beforeEach(() => void vi.spyOn(Math, 'random').mockReturnValue(0)) // full jitter at its floor: retries come at once

  it('500 × 3, then 200: delivered (lost = 0 of 1)', async () => {
    const mp = await start(synced)
    await mp.flush()
    const posts = script(...Array(3).fill(() => HttpResponse.json({ error: 'internal error' }, { status: 500 })))
    // The retries' backoff on a fake clock: each step moves it past the longest wait of the next attempt.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    await mp.complete('invite')
    for (let i = 0; i < 12 && !(await serverHas('invite')); i++) await vi.advanceTimersByTimeAsync(2000)
    expect(await serverHas('invite')).toBe(true)
    expect(posts.length).toBe(4)
  })

  it('429 with Retry-After: 1 waits a second before the retry', async () => {
    const mp = await start(synced)
    await mp.flush()
    const posts = script(() => new HttpResponse(null, { status: 429, headers: { 'retry-after': '1' } }))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    await mp.complete('invite')
    await mp.flush()
    expect(posts).toHaveLength(1) // the 429
    await vi.advanceTimersByTimeAsync(990)
    await settle()
    expect(posts).toHaveLength(1)
    expect(await serverHas('invite')).toBe(false)
    await vi.advanceTimersByTimeAsync(20)
    await vi.waitFor(async () => expect(await serverHas('invite')).toBe(true))
    expect(posts).toHaveLength(2)
  })

  it('413 halves the batch until the server takes it', async () => {
    const mp = await start(synced)
    await mp.flush()
    const sizes: number[] = []
    let refused = 0
    answer = async (request) => {
      if (request.method != 'POST') return real(request)
      const { events } = await request.clone().json()
      sizes.push(events.length)
      return events.length > 10 && ++refused ? HttpResponse.json({ error: 'body: larger than 65536 bytes' }, { status: 413 }) : real(request)
    }
    await Promise.all(Array.from({ length: 40 }, (_, i) => mp.track('data.connected', { i })))
    await mp.flush()
    expect(await until(async () => ((await store.getProgress('acme-onboarding', 'u1'))?.tracks['data.connected'] ?? []).length == 40)).toBe(true)
    expect(sizes.slice(0, 3)).toEqual([sizes[0], Math.ceil(sizes[0]! / 2), Math.ceil(Math.ceil(sizes[0]! / 2) / 2)])
    expect(Math.max(...sizes.slice(refused))).toBeLessThanOrEqual(10)
  })

  it('401 asks getHeaders() again and succeeds with the fresh token', async () => {
    let token = 'stale'
    const mp = await start({ endpoint: '/api/milepost', getHeaders: () => ({ authorization: 'Bearer ' + token }) })
    answer = (request) => (request.headers.get('authorization') == 'Bearer stale' ? HttpResponse.json({ error: 'not authorized' }, { status: 401 }) : real(request))
    const errors: MilepostError[] = []
    mp.on('sync:error', (e) => errors.push(e))
    await mp.complete('invite')
    await mp.flush()
    expect(errors.map((e) => e.status)).toContain(401)
    token = 'fresh'
    expect(await until(() => serverHas('invite'))).toBe(true)
  })

  it('404 is reported once and then left alone for 5 minutes (no retry storm)', async () => {
    const mp = await start(synced)
    answer = () => HttpResponse.json({ error: 'not found' }, { status: 404 })
    const errors: MilepostError[] = []
    mp.on('sync:error', (e) => errors.push(e))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    await mp.complete('invite')
    await mp.flush()
    const after = requests.length
    await vi.advanceTimersByTimeAsync(CAP_MS - 1000)
    await settle()
    expect(requests.length).toBe(after)
    expect(errors.filter((e) => e.status == 404)).toHaveLength(1)
    expect(await outbox()).not.toEqual([])
    await vi.advanceTimersByTimeAsync(2000) // the control: five minutes on, it does try again
    await vi.waitFor(() => expect(requests.length).toBeGreaterThan(after))
  })
})

