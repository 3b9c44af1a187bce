// The sync client's status table (docs/sync-protocol.md "Status codes") against the real handler
// behind a fault script, on fake time. Each row checks what the client does and that nothing is lost.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { emptyProgress, foldEvents, mergeProgress } from '../../src/core/index'
import type { Progress, ProgressEvent } from '../../src/core/types'
import { memoryStore } from '../../src/adapters/storage-memory'
import type { KeyStore } from '../../src/adapters/storage'
import { createSync, DEBOUNCE_MS } from '../../src/sync/client'
import { MAX_BYTES } from '../../src/protocol'
import { T0 } from '../builders'
import { aBackend } from './backend'
import type { Backend } from './backend'

const J = 'acme-onboarding'
const PREFIX = `${J}|u1|`
const MIN = 60_000

/** A client of user u1 whose outbox and document live in memory, like the runtime's. */
const aClient = (backend: Backend, over: { random?: () => number; token?: () => string; leads?: () => boolean; store?: (inner: KeyStore) => KeyStore; busy?: () => boolean } = {}) => {
  const map = new Map<string, unknown>()
  const store = (over.store ?? ((s) => s))(memoryStore(map))
  let doc: Progress = emptyProgress('u1')
  const reports: Array<[number, string]> = []
  let ids = 0
  const sync = createSync({
    endpoint: '/api/milepost/', journeyId: J, userId: 'u1', store, prefix: PREFIX, transport: backend.transport,
    headers: async () => ({ authorization: 'Bearer ' + (over.token?.() ?? 'u1') }),
    traits: () => ({ plan: 'pro' }), local: () => doc,
    merge: (server) => void (doc = mergeProgress(doc, server)),
    leads: over.leads ?? (() => true), report: (message, status) => void reports.push([status, message]),
    random: over.random ?? (() => 1), wall: Date.now, monotonic: Date.now, newId: () => `batch-${++ids}`,
    ...(over.busy ? { busy: over.busy } : {}),
  })
  let seq = 0
  /** Saves events the way the runtime's writer does (state and outbox together), then tells sync. */
  const save = async (events: ProgressEvent[], urgent?: boolean) => {
    await store.update(events.map((e) => PREFIX + 'out:' + e.id), (key) => events.find((e) => PREFIX + 'out:' + e.id === key))
    doc = foldEvents(doc, events)
    sync.changed(events, urgent)
  }
  const complete = (n: number, props?: Record<string, string>) =>
    Array.from({ length: n }, (): ProgressEvent => {
      const i = ++seq
      return props ? { id: `e${i}`, type: 'track', name: 'big', props, at: T0 + i } : { id: `e${i}`, type: 'complete', stepId: `s${i}`, at: T0 + i }
    })
  const outbox = () => [...map.keys()].filter((k) => k.startsWith(PREFIX + 'out:'))
  const aside = () => [...map.keys()].filter((k) => k.startsWith(PREFIX + 'quarantine:'))
  return { sync, save, complete, outbox, aside, reports, doc: () => doc, merge: (other: Progress) => void (doc = mergeProgress(doc, other)), map }
}

/** Steps the server has for u1: what "not lost" is measured against. */
const serverSteps = async (backend: Backend) => Object.keys((await backend.progress(J, 'u1'))?.steps ?? {})
const lost = async (backend: Backend, events: ProgressEvent[]) => {
  const have = new Set(await serverSteps(backend))
  const missing = events.filter((e) => e.type == 'complete' && !have.has(e.stepId)).length
  console.log(`lost = ${missing} of ${events.length}`)
  return missing
}
const waitsBetween = (backend: Backend) => backend.posts().slice(1).map((p, i) => p.at - backend.posts()[i]!.at)

let backend: Backend
beforeEach(() => {
  vi.useFakeTimers({ now: T0 + 10 * MIN })
  backend = aBackend()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('sync client: a healthy server', () => {
  it('pulls the server document first, then sends the outbox after the debounce and empties it once acked', async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    const events = c.complete(3)
    await c.save(events)
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS - 10)
    expect(backend.arrivals.map((a) => a.method)).toEqual(['GET'])
    await vi.advanceTimersByTimeAsync(20)
    expect(backend.posts()).toHaveLength(1)
    // A string body: fetch sends it as text/plain;charset=UTF-8 (sync/runtime.test.ts reads it off the wire).
    expect(backend.posts()[0]!.headers).toMatchObject({ authorization: 'Bearer u1' })
    expect(typeof backend.posts()[0]!.body).toBe('string')
    expect(await lost(backend, events)).toBe(0)
    expect(c.outbox()).toEqual([])
    expect(JSON.parse(backend.posts()[0]!.body!)).toMatchObject({ protocol: 1, batchId: 'batch-2', userId: 'u1', journeyId: J, traits: { plan: 'pro' } })
  })

  it('an event applied but still being written when the pull answers goes once, in a batch: the document is not pushed for it', async () => {
    let writing = true
    const c = aClient(backend, { busy: () => writing })
    const [event] = c.complete(1)
    // The runtime applies an event to the document at once; its write (outbox included) is under way.
    const applied = foldEvents(c.doc(), [event!])
    c.merge(applied)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0) // the pull answers: the outbox is empty, the document is ahead of the server
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS - 10)
    expect(backend.posts()).toEqual([])
    writing = false
    await c.save([event!])
    await vi.advanceTimersByTimeAsync(10 * DEBOUNCE_MS)
    const bodies = backend.posts().map((p) => JSON.parse(p.body!) as { events: ProgressEvent[]; progress?: unknown })
    expect(bodies.map((b) => [b.events.map((e) => e.id), 'progress' in b])).toEqual([[[event!.id], false]])
    expect(await lost(backend, [event!])).toBe(0)
  })

  it('an event whose write ends while the check reads its storage goes once, in a batch: the document is not pushed for it', async () => {
    let writing = true
    let finish: (() => Promise<void>) | undefined
    // The check's first storage read (the folded marker) is when the write under way ends.
    const c = aClient(backend, {
      busy: () => writing,
      store: (inner) => ({ ...inner, read: async (prefix) => (prefix.endsWith('folded') && finish && (await finish(), (finish = undefined)), inner.read(prefix)) }),
    })
    const [event] = c.complete(1)
    c.merge(foldEvents(c.doc(), [event!]))
    finish = async () => {
      writing = false
      await c.save([event!])
    }
    c.sync.start()
    await vi.advanceTimersByTimeAsync(10 * DEBOUNCE_MS)
    const bodies = backend.posts().map((p) => JSON.parse(p.body!) as { events: ProgressEvent[]; progress?: unknown })
    expect(bodies.map((b) => [b.events.map((e) => e.id), 'progress' in b])).toEqual([[[event!.id], false]])
    expect(await lost(backend, [event!])).toBe(0)
  })

  it('a device whose clock runs 10 minutes fast: the server clamps its times, and the next page does not push the document for a later lastSeen', async () => {
    const page1 = aClient(backend)
    page1.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    const fast: ProgressEvent = { id: 'fast', type: 'complete', stepId: 's1', at: Date.now() + 10 * MIN }
    await page1.save([fast], true)
    await vi.advanceTimersByTimeAsync(10 * DEBOUNCE_MS)
    page1.sync.stop()
    const server = (await backend.progress(J, 'u1'))!
    expect(server.steps.s1!.done).toBeLessThan(fast.at) // clamped to the server's now + 5 minutes
    // The next page starts from what this device holds: its own lastSeen, ahead of the server's.
    const page2 = aClient(backend)
    page2.merge(page1.doc())
    expect(page2.doc().lastSeen).toBe(fast.at)
    page2.sync.start()
    await vi.advanceTimersByTimeAsync(10 * DEBOUNCE_MS) // the pull, then the anti-entropy check
    const bodies = backend.posts().map((p) => JSON.parse(p.body!) as { events: ProgressEvent[]; progress?: unknown })
    expect(bodies.map((b) => [b.events.map((e) => e.id), 'progress' in b])).toEqual([[['fast'], false]])
    expect(page2.doc().steps.s1!.done).toBe(server.steps.s1!.done) // the earliest time, as the merge keeps it
  })

  it('a device whose clock runs hours fast, with a tour moved and a card snoozed: the next page does not push the document for their later write times', async () => {
    const page1 = aClient(backend)
    page1.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    const at = Date.now() + 3 * 60 * MIN
    const moves: ProgressEvent[] = [
      { id: 'tour', type: 'tour', tourId: 'welcome', action: 'started', step: 0, seq: 1, at },
      { id: 'snooze', type: 'nudge', nudgeId: 'stalled', action: 'snoozed', until: at + 24 * 60 * MIN, at },
    ]
    await page1.save(moves, true)
    await vi.advanceTimersByTimeAsync(10 * DEBOUNCE_MS)
    page1.sync.stop()
    const server = (await backend.progress(J, 'u1'))!
    expect(server.tours!.welcome!.last[1]).toBeLessThan(at) // clamped to the server's now + 5 minutes
    const page2 = aClient(backend)
    page2.merge(page1.doc())
    page2.sync.start()
    await vi.advanceTimersByTimeAsync(10 * DEBOUNCE_MS) // the pull, then the anti-entropy check
    // The batch of page 1 only: before, page 2 (and every page after it) pushed the document.
    expect(backend.posts().map((p) => 'progress' in JSON.parse(p.body!))).toEqual([false])
    // A later move still goes.
    await page2.save([{ id: 'next', type: 'tour', tourId: 'welcome', action: 'step', step: 1, seq: 2, at }], true)
    await vi.advanceTimersByTimeAsync(10 * DEBOUNCE_MS)
    expect((await backend.progress(J, 'u1'))!.tours!.welcome!.last.slice(2)).toEqual(['step', 1])
  })

  // bb-r33 (a Python endpoint, then the reference handler): a server ignores a document's escalations
  // (sync-protocol.md), so one it refused stayed missing there, and every page pushed the document.
  it('a level the server refused: the next page does not push the document for it', async () => {
    const page1 = aClient(backend)
    page1.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    const level: ProgressEvent = { id: 'esc:0:stalled:m1:1', type: 'escalation', nudgeId: 'stalled', milestoneId: 'm1', level: 1, notify: 'csm', at: Date.now() }
    await page1.save([level, ...page1.complete(1)], true)
    await vi.advanceTimersByTimeAsync(10 * DEBOUNCE_MS)
    page1.sync.stop()
    const pushed = () => backend.posts().map((p) => 'progress' in JSON.parse(p.body!))
    expect((await backend.progress(J, 'u1'))!.escalations ?? {}).toEqual({}) // refused: no journey to check it by
    const before = pushed()
    expect(before).toEqual([false]) // nor did this page push it after the refusal
    const page2 = aClient(backend)
    page2.merge(page1.doc())
    expect(Object.keys(page2.doc().escalations ?? {})).toHaveLength(1)
    page2.sync.start()
    await vi.advanceTimersByTimeAsync(10 * DEBOUNCE_MS) // the pull, then the anti-entropy check
    expect(pushed()).toEqual(before)
  })

  it('sends at once when a milestone completes (urgent), without waiting for the debounce', async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    await c.save(c.complete(1), true)
    await vi.advanceTimersByTimeAsync(0)
    expect(backend.posts()).toHaveLength(1)
  })

  it('coalesces a burst: 1,000 events saved over 10 s go in at most 15 requests, batches of at most 100', async () => {
    const c = aClient(backend)
    c.sync.start()
    const all: ProgressEvent[] = []
    for (let i = 0; i < 100; i++) {
      const events = c.complete(10)
      all.push(...events)
      await c.save(events)
      await vi.advanceTimersByTimeAsync(100)
    }
    await vi.advanceTimersByTimeAsync(5000)
    console.log(`requests per 1,000 events = ${backend.posts().length}`)
    expect(backend.posts().length).toBeLessThanOrEqual(15)
    expect(Math.max(...backend.posts().map((p) => p.events.length))).toBeLessThanOrEqual(100)
    expect(await lost(backend, all)).toBe(0)
  })

  it('keeps every body under 48 KB, splitting by size as well as by count', async () => {
    const c = aClient(backend)
    c.sync.start()
    const big = c.complete(60, { note: 'x'.repeat(2000) })
    await c.save(big)
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
    const sizes = backend.posts().map((p) => new TextEncoder().encode(p.body!).length)
    expect(sizes.length).toBeGreaterThan(2)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_BYTES)
    expect(backend.ledger().applied).toBe(60)
    expect(c.outbox()).toEqual([])
  })

  it('merges the server document on start: progress made on another device shows here', async () => {
    await backend.store.ingest({ journeyId: J, userId: 'u1', events: [{ id: 'other', type: 'complete', stepId: 'from-laptop', at: T0 }], now: T0 })
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(c.doc().steps['from-laptop']).toEqual({ done: T0 })
  })

  it('sends its whole document once when the server lacks what it has (a server restored from backup)', async () => {
    const c = aClient(backend)
    c.sync.start()
    const events = c.complete(2)
    await c.save(events)
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
    const restored = aBackend()
    const e = createSync({
      endpoint: '/api/milepost', journeyId: J, userId: 'u1', store: memoryStore(), prefix: PREFIX, transport: restored.transport,
      headers: async () => ({ authorization: 'Bearer u1' }), traits: () => ({}), local: () => c.doc(), merge: () => {},
      leads: () => true, report: () => {}, random: () => 1, wall: Date.now, monotonic: Date.now, newId: () => 'b',
    })
    e.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(restored.posts()).toHaveLength(1)
    expect(JSON.parse(restored.posts()[0]!.body!).progress.steps).toMatchObject({ s1: { done: T0 + 1 }, s2: { done: T0 + 2 } })
    expect(await lost(restored, events)).toBe(0)
    e.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(restored.posts()).toHaveLength(1) // once a page
  })

  it('an open page gives a server wiped or restored from a backup what it lacks: back online, seen again, and every 10 minutes while it leads (bb-r26)', async () => {
    let current = backend
    const c = aClient({ ...backend, transport: (url, request) => current.transport(url, request) })
    c.sync.start()
    const before = c.complete(2)
    await c.save(before)
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS * 2)
    expect(await lost(current, before)).toBe(0)
    const pushes = (b: Backend) => b.posts().filter((p) => JSON.parse(p.body!).progress).length
    // Wiped: the next batch's answer lacks what came before, and nothing is sent for it by itself.
    current = aBackend()
    const after = c.complete(1)
    await c.save(after)
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS * 2)
    expect(await lost(current, after)).toBe(0)
    expect(await lost(current, before)).toBe(2)
    c.sync.online()
    await vi.advanceTimersByTimeAsync(2_000)
    expect(await lost(current, [...before, ...after])).toBe(0)
    expect(pushes(current)).toBe(1)
    // Restored from a backup again while the tab was hidden: seen again, it pulls and pushes.
    current = aBackend()
    c.sync.refresh()
    await vi.advanceTimersByTimeAsync(0)
    expect(await lost(current, [...before, ...after])).toBe(0)
    // And again with the tab left open and idle: within 10 minutes, one pull and one push.
    current = aBackend()
    await vi.advanceTimersByTimeAsync(10 * MIN)
    expect(await lost(current, [...before, ...after])).toBe(0)
    expect(current.arrivals.map((a) => a.method)).toEqual(['GET', 'POST'])
    // Nothing missing: the next checks pull and send nothing more.
    await vi.advanceTimersByTimeAsync(20 * MIN)
    expect(current.arrivals.map((a) => a.method)).toEqual(['GET', 'POST', 'GET', 'GET'])
    c.sync.stop()
    await vi.advanceTimersByTimeAsync(20 * MIN)
    expect(current.arrivals).toHaveLength(4)
  })
})

describe('sync client: faults', () => {
  it('T01 retries 500s with growing full-jitter waits, then delivers (lost = 0)', async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    backend.faults.push(...Array(5).fill({ status: 500 }))
    const events = c.complete(5)
    await c.save(events)
    await vi.advanceTimersByTimeAsync(2 * MIN)
    expect(backend.posts()).toHaveLength(6)
    expect(waitsBetween(backend)).toEqual([1000, 2000, 4000, 8000, 16000]) // random() = 1: the top of each window
    expect(await lost(backend, events)).toBe(0)
    expect(c.reports).toContainEqual([500, 'the sync endpoint answered HTTP 500: retrying'])
  })

  // bb-r32 (own changes): a journey id the endpoint does not serve read as a sign-in problem only.
  it('says the server\'s own reason for a refusal it retries, and delivers once it is taken', async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    const error = 'journeyId: "j" is not one of this endpoint\'s journeys (the journeys option)'
    backend.faults.push({ status: 403, text: JSON.stringify({ error }) }, { status: 503, text: '<html>busy</html>' })
    const events = c.complete(2)
    await c.save(events)
    await vi.advanceTimersByTimeAsync(2 * MIN)
    expect(c.reports).toContainEqual([403, `the sync endpoint answered HTTP 403 (${error}): retrying (with fresh headers from getHeaders(), when given)`])
    expect(c.reports).toContainEqual([503, 'the sync endpoint answered HTTP 503: retrying'])
    expect(await lost(backend, events)).toBe(0)
  })

  it('T02 never waits more than 5 minutes and never gives up while offline (status 0), 30 failures', async () => {
    const c = aClient(backend)
    backend.faults.push(...Array(30).fill({ status: 0 }))
    const events = c.complete(3)
    await c.save(events)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(3 * 60 * MIN)
    // The 30 failures and the success after them (then the 10-minute checks: an arrival each).
    const tries = backend.arrivals.slice(0, 31)
    const waits = tries.slice(1).map((a, i) => a.at - tries[i]!.at)
    expect(Math.max(...waits)).toBe(5 * MIN)
    expect(await lost(backend, events)).toBe(0)
  })

  it('T03 honours 429 Retry-After in seconds: nothing before it, then the retry', async () => {
    const c = aClient(backend, { random: () => 0 })
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    backend.faults.push({ status: 429, retryAfter: '7' })
    await c.save(c.complete(1), true)
    await vi.advanceTimersByTimeAsync(6999)
    await c.sync.flush() // even flush() waits for the server's Retry-After
    expect(backend.posts()).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(backend.posts()).toHaveLength(2)
    expect(waitsBetween(backend)).toEqual([7000])
  })

  it('T04 honours 503 Retry-After as an HTTP date, clamped to an hour', async () => {
    const c = aClient(backend, { random: () => 0 })
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    backend.faults.push({ status: 503, retryAfter: new Date(Date.now() + 30_000).toUTCString() }, { status: 503, retryAfter: '86400' })
    await c.save(c.complete(1), true)
    await vi.advanceTimersByTimeAsync(2 * 60 * MIN)
    expect(waitsBetween(backend)).toEqual([30_000, 60 * MIN])
  })

  it('T04b reads a Retry-After date against the server\'s own Date, not a device clock hours off', async () => {
    const c = aClient(backend, { random: () => 0 })
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    // The server's clock: 3 hours ahead of this device's (the device is slow), then 3 hours behind it.
    const server = (skew: number) => {
      const now = Date.now() + skew
      return { date: new Date(now).toUTCString(), retryAfter: new Date(now + 10_000).toUTCString() }
    }
    backend.faults.push({ status: 503, ...server(3 * 60 * MIN) })
    await c.save(c.complete(1), true)
    await vi.advanceTimersByTimeAsync(0)
    backend.faults.push({ status: 503, ...server(-3 * 60 * MIN) })
    await vi.advanceTimersByTimeAsync(2 * 60 * MIN)
    // 10 s each time: not the clamp's hour (a slow device), nor at once (a fast one).
    expect(waitsBetween(backend)).toEqual([10_000, 10_000])
  })

  it('T05 does not take a 200 HTML page (captive portal) or another batch\'s answer for an acknowledgement', async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    backend.faults.push({ status: 200, text: '<html>Sign in to the Wi-Fi</html>' },
      { status: 200, text: JSON.stringify({ batchId: 'someone-else', acked: ['e1'], rejected: [], progress: emptyProgress('u1') }) })
    const events = c.complete(1)
    await c.save(events, true)
    await vi.advanceTimersByTimeAsync(0)
    expect(c.outbox()).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(MIN)
    expect(backend.posts()).toHaveLength(3)
    expect(c.outbox()).toEqual([])
    expect(await lost(backend, events)).toBe(0)
    expect(c.reports.map(([s]) => s)).toContain(200)
  })

  it('T06 retries after the server committed but the answer was lost, and the server applies it once', async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    backend.faults.push('drop')
    const events = c.complete(20)
    await c.save(events, true)
    await vi.advanceTimersByTimeAsync(MIN)
    expect(backend.posts()).toHaveLength(2)
    const { applied, duplicates } = backend.ledger()
    console.log(`dup delivered = ${duplicates}, dup applied = ${applied - events.length}`)
    expect(applied).toBe(20)
    expect(duplicates).toBe(20)
    expect(c.outbox()).toEqual([])
  })

  it('T07 halves a batch the server finds too large (413), down to what it takes', async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    backend.faults.push({ status: 413 }, { status: 413 })
    const events = c.complete(100)
    await c.save(events, true)
    await vi.advanceTimersByTimeAsync(0)
    expect(backend.posts().map((p) => p.events.length)).toEqual([100, 50, 25, 25, 25, 25])
    expect(await lost(backend, events)).toBe(0)
  })

  it('T08 sets aside one event the server refuses even alone (413), reports it, and sends the rest; the progress still reaches the server in the document', async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    const [huge, ...rest] = c.complete(3)
    await c.save([huge!])
    backend.faults.push({ status: 413 })
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
    await c.save(rest, true)
    await vi.advanceTimersByTimeAsync(0)
    expect(c.aside()).toEqual([PREFIX + 'quarantine:out:' + huge!.id])
    expect(c.reports.some(([s, m]) => s == 413 && m.includes('kept locally'))).toBe(true)
    const bodies = backend.posts().map((p) => JSON.parse(p.body!))
    expect(bodies.map((b) => b.events.map((e: ProgressEvent) => e.id))).toEqual([[huge!.id], [], rest.map((e) => e.id)])
    expect(bodies[1]).toMatchObject({ progress: { steps: { s1: { done: huge!.at } } } })
    expect((await serverSteps(backend)).sort()).toEqual(['s1', 's2', 's3'])
  })

  it('T09 sets a batch aside on 400 (kept locally, never resent) and goes on with the next; a refused document push goes again after the next batch', async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    // A proxy refusing everything for a while (three answers).
    backend.faults.push({ status: 400, text: '{"error":"protocol: expected 1"}' }, { status: 400 }, { status: 400 })
    const first = c.complete(2)
    await c.save(first, true)
    await vi.advanceTimersByTimeAsync(MIN)
    // The batch, then the document (anti-entropy), refused too, once more after the batch's
    // debounce; then nothing more on its own.
    expect(backend.posts().map((p) => p.events.length)).toEqual([2, 0, 0])
    expect(c.aside()).toEqual(first.map((e) => PREFIX + 'quarantine:out:' + e.id))
    expect(c.outbox()).toEqual([])
    expect(c.doc().steps).toHaveProperty('s1') // the progress itself stays
    // (The runtime tells each distinct message once.)
    expect([...new Set(c.reports.filter(([s]) => s == 400).map(([, m]) => m))]).toEqual([
      'the endpoint refused a batch (HTTP 400): its events are kept locally and not resent',
      'the endpoint refused the progress document (HTTP 400): sent again after the next batch or check',
    ])
    // The next batch goes, then the document again: what was set aside reaches the server.
    await c.save(c.complete(1), true)
    await vi.advanceTimersByTimeAsync(MIN)
    expect(backend.posts().map((p) => p.events.length)).toEqual([2, 0, 0, 1, 0])
    expect((await serverSteps(backend)).sort()).toEqual(['s1', 's2', 's3'])
    await vi.advanceTimersByTimeAsync(30 * MIN)
    expect(backend.posts()).toHaveLength(5) // delivered: not sent again
  })

  it('does not take a 200 that accounts for none of its batch (an endpoint leaving duplicates out of acked): reported, backed off, then every event delivered', async () => {
    // The endpoint applies the batch but answers with empty lists, for its first 5 answers.
    let bad = 5
    const transport: Backend['transport'] = async (url, request) => {
      const reply = await backend.transport(url, request)
      if (request.method != 'POST' || bad-- <= 0) return reply
      const sent = JSON.parse(request.body!)
      return { ...reply, text: JSON.stringify({ batchId: sent.batchId, acked: [], rejected: [], progress: JSON.parse(reply.text).progress }) }
    }
    const c = aClient({ ...backend, transport })
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    const events = c.complete(150)
    await c.save(events, true)
    await vi.advanceTimersByTimeAsync(10_000)
    // Backed off (1 s, 2 s, 4 s…), not resent at once: hundreds of requests a second before.
    expect(backend.posts().length).toBeLessThanOrEqual(5)
    // One message (the runtime tells each distinct one once).
    expect(new Set(c.reports.map(([s, m]) => s + m))).toEqual(new Set(['200the sync endpoint answered HTTP 200: not an acknowledgement, retrying']))
    await vi.advanceTimersByTimeAsync(5 * MIN)
    expect(c.outbox()).toEqual([])
    expect(await lost(backend, events)).toBe(0)
  })

  it('T10 sets aside the events a 200 rejects, acks the rest', async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    const bad = { id: 'bad', type: 'complete', stepId: '__proto__', at: T0 } as ProgressEvent
    const events = c.complete(2)
    await c.save([...events, bad], true)
    await vi.advanceTimersByTimeAsync(0)
    expect(c.outbox()).toEqual([])
    expect(c.aside()).toEqual([PREFIX + 'quarantine:out:bad'])
    expect(c.reports.some(([, m]) => m.includes('refused an event'))).toBe(true)
    expect(await lost(backend, events)).toBe(0)
  })

  it('T11 asks for fresh headers after a 401 and delivers once the token is good', async () => {
    let token = 'expired'
    const asked: string[] = []
    const c = aClient(backend, { token: () => (asked.push(token), token) })
    const events = c.complete(1)
    await c.save(events)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(backend.arrivals.at(-1)!.headers.authorization).toBe('Bearer expired')
    token = 'u1'
    await vi.advanceTimersByTimeAsync(MIN)
    expect(asked.length).toBeGreaterThanOrEqual(3) // once per request
    expect(await lost(backend, events)).toBe(0)
    expect(c.reports.map(([s]) => s)).toContain(401)
  })

  it('T12 keeps retrying after a 403 (another user\'s token), reporting it once', async () => {
    const c = aClient(backend, { token: () => 'u2' })
    await c.save(c.complete(1))
    c.sync.start()
    await vi.advanceTimersByTimeAsync(10 * MIN)
    expect(backend.arrivals.length).toBeGreaterThan(3) // it keeps trying
    expect(backend.arrivals.every((a) => a.url == '/api/milepost/progress?userId=u1&journeyId=acme-onboarding')).toBe(true)
    expect(new Set(c.reports.filter(([s]) => s == 403).map(([, m]) => m)).size).toBe(1)
    expect(c.outbox()).toHaveLength(1)
  })

  it('T13 pauses on 404 (a wrong endpoint): at most one request per 5 minutes, nothing dropped', async () => {
    const c = aClient(backend, { random: () => 0 })
    backend.faults.push(...Array(10).fill({ status: 404 }))
    await c.save(c.complete(1))
    c.sync.start()
    await vi.advanceTimersByTimeAsync(20 * MIN)
    expect(backend.arrivals.length).toBeLessThanOrEqual(5)
    const waits = backend.arrivals.slice(1).map((a, i) => a.at - backend.arrivals[i]!.at)
    expect(waits.length).toBeGreaterThan(1)
    expect(waits.every((w) => w >= 5 * MIN)).toBe(true)
    expect(c.outbox()).toHaveLength(1)
  })

  /** A client 40 s into a backoff after 6 failures (the next try is up to 64 s away), the server back. */
  const backingOff = async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    backend.faults.push(...Array(6).fill({ status: 500 }))
    await c.save(c.complete(1), true)
    await vi.advanceTimersByTimeAsync(40_000)
    backend.faults.length = 0
    return c
  }

  it('T14 flush() sends at once during an ordinary backoff', async () => {
    const c = await backingOff()
    await c.sync.flush()
    expect(c.outbox()).toEqual([])
  })

  it('T14b a tab seen again pulls and sends at once during an ordinary backoff; a server\'s Retry-After still holds', async () => {
    const c = await backingOff() // the server came back while the tab slept
    const from = backend.arrivals.length
    c.sync.refresh() // the tab is seen again
    await vi.advanceTimersByTimeAsync(10)
    expect(backend.arrivals.slice(from).map((a) => a.method)).toEqual(['GET', 'POST'])
    expect(c.outbox()).toEqual([])
    // A server that asked for a pause is given it, seen again or not.
    backend.faults.push({ status: 503, retryAfter: '60' })
    await c.save(c.complete(2), true)
    await vi.advanceTimersByTimeAsync(10)
    const asked = backend.arrivals.length
    c.sync.refresh()
    await vi.advanceTimersByTimeAsync(59_000)
    expect(backend.arrivals.length).toBe(asked)
    await vi.advanceTimersByTimeAsync(2000)
    expect(c.outbox()).toEqual([])
  })

  it('T15 times nothing out of the user\'s view: a request that hangs is given up by the transport, not the data', async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    backend.faults.push({ status: 0 }) // what createTransport answers after its 15 s abort
    const events = c.complete(1)
    await c.save(events, true)
    await vi.advanceTimersByTimeAsync(MIN)
    expect(await lost(backend, events)).toBe(0)
  })
})

describe('sync client: page hide and tabs', () => {
  it('sends the unsent events with keepalive when the page hides, and deletes nothing unless acknowledged', async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    const events = c.complete(2)
    await c.save(events)
    backend.faults.push({ status: 0 }) // the keepalive request is queued, its answer never comes
    c.sync.hidden()
    c.sync.hidden() // visibilitychange and pagehide both fire: one request
    await vi.advanceTimersByTimeAsync(0)
    expect(backend.posts()).toHaveLength(1)
    expect(backend.posts()[0]).toMatchObject({ keepalive: true })
    expect(c.outbox()).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
    expect(c.outbox()).toEqual([])
    expect(await lost(backend, events)).toBe(0)
  })

  it('a tab that does not lead pulls the server\'s document as it starts and when seen again, but sends nothing on its own; flush() still does', async () => {
    // A step done on another device.
    await backend.store.ingest({ journeyId: J, userId: 'u1', now: T0, events: [{ id: 'elsewhere', type: 'complete', stepId: 'far', at: T0 }] })
    const c = aClient(backend, { leads: () => false })
    c.sync.start()
    await c.save(c.complete(1))
    c.sync.hidden()
    await vi.advanceTimersByTimeAsync(10 * MIN)
    expect(backend.arrivals.map((a) => a.method)).toEqual(['GET'])
    expect(c.doc().steps.far?.done).toBe(T0) // shown in this tab, though another leads
    c.sync.refresh() // the tab is seen again
    await vi.advanceTimersByTimeAsync(10 * MIN)
    expect(backend.arrivals.map((a) => a.method)).toEqual(['GET', 'GET'])
    await c.sync.flush()
    expect(c.outbox()).toEqual([])
  })

  it('sends what changed() gave even when its outbox entry never reached storage (a failed write)', async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    // The runtime applied these to the document, but their outbox entries could not be stored.
    const unstored = (events: ProgressEvent[]) => {
      c.sync.changed(events)
      return events
    }
    const first = unstored(c.complete(1))
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
    const second = unstored(c.complete(2))
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
    expect(await lost(backend, [...first, ...second])).toBe(0)
    expect(c.outbox()).toEqual([])
  })

  it('sends what another tab stored once it pokes, and what an earlier leader left when this tab starts leading', async () => {
    const c = aClient(backend)
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    const store = (events: ProgressEvent[]) => {
      for (const e of events) c.map.set(PREFIX + 'out:' + e.id, e)
      return events
    }
    const theirs = store(c.complete(2)) // another tab's writer
    c.sync.poke()
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
    expect(await lost(backend, theirs)).toBe(0)
    const left = store(c.complete(1)) // saved while another tab led, never sent
    c.sync.start() // this tab leads now
    await vi.advanceTimersByTimeAsync(0)
    expect(await lost(backend, left)).toBe(0)
    expect(c.outbox()).toEqual([])
  })

  it('sends what this tab saved while it was reading the stored outbox', async () => {
    let hold: (() => void) | undefined
    const c = aClient(backend, {
      store: (inner) => ({ ...inner, read: (prefix) => inner.read(prefix).then((found) => hold ? new Promise((r) => (hold = () => r(found))) : found) }),
    })
    hold = () => {}
    c.sync.start() // stale: the first round reads what is stored, and is held there
    await vi.advanceTimersByTimeAsync(0)
    const events = c.complete(1)
    await c.save(events) // saved after the held read began
    const release = hold
    hold = undefined
    release()
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
    expect(await lost(backend, events)).toBe(0)
    expect(c.outbox()).toEqual([])
  })

  it('stops for good: no request after stop()', async () => {
    const c = aClient(backend)
    await c.save(c.complete(1))
    c.sync.start()
    c.sync.stop()
    await vi.advanceTimersByTimeAsync(10 * MIN)
    expect(backend.arrivals).toEqual([])
  })
})
