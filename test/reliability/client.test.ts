// The client-side findings of issue 13 (3 the 48 KB push, 8 the outbox cap, 9 offline, and the
// wedge seen from the client), on fake time: the real writer and sync client on one memory
// storage, against the real handler behind a fault script.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { applyEvent, emptyProgress, mergeProgress } from '../../src/core/index'
import type { Progress, ProgressEvent } from '../../src/core/types'
import { memoryStore } from '../../src/adapters/storage-memory'
import { createSync, DEBOUNCE_MS } from '../../src/sync/client'
import { OUTBOX_CAP } from '../../src/sync/fold'
import { createWriter } from '../../src/runtime/writer'
import { MAX_BYTES } from '../../src/protocol'
import { T0 } from '../builders'
import { aBackend } from '../sync/backend'
import type { Backend } from '../sync/backend'
import { aTable } from './table'

const table = aTable('Reliability: the sync client (fake time, memory backend)')
const J = 'acme-onboarding'
const PREFIX = `${J}|u1|`
const MIN = 60_000

/** One tab of user u1: the runtime's writer (document and outbox in one transaction) and sync. */
const aTab = (backend: Backend, over: { offline?: () => boolean; cap?: number } = {}) => {
  const map = new Map<string, unknown>()
  const store = memoryStore(map)
  let doc: Progress = emptyProgress('u1')
  const reports: string[] = []
  let ids = 0
  const sync = createSync({
    endpoint: '/api/milepost', journeyId: J, userId: 'u1', store, prefix: PREFIX, transport: backend.transport,
    headers: async () => ({ authorization: 'Bearer u1' }), traits: () => ({}), local: () => doc,
    merge: (server) => void (doc = mergeProgress(doc, server)), leads: () => true,
    report: (message) => void reports.push(message), random: () => 1, wall: Date.now, monotonic: Date.now,
    newId: () => `batch-${++ids}`, ...(over.offline ? { offline: over.offline } : {}),
  })
  let folded = 0
  const writer = createWriter(store, (_, part) => void (doc = mergeProgress(doc, part)), (e) => reports.push(String(e)),
    (_, n) => ((folded += n), sync.folded()), over.cap)
  let seq = 0
  const save = async (events: ProgressEvent[]) => {
    await writer.write(PREFIX, 'u1', events, doc, events.reduce(applyEvent, doc))
    sync.changed(events)
  }
  const completions = (n: number) => Array.from({ length: n }, (): ProgressEvent => ({ id: `e${++seq}`, type: 'complete', stepId: `s${seq}`, at: T0 + seq }))
  const tracks = (n: number, names: number) => Array.from({ length: n }, (_, i): ProgressEvent =>
    ({ id: `t${++seq}`, type: 'track', name: `feature.used.${i % names}`, props: { plan: 'pro', seat: i, page: '/reports/2026/q4' }, at: T0 + seq }))
  const outbox = () => [...map.keys()].filter((k) => k.startsWith(PREFIX + 'out:'))
  return { sync, save, completions, tracks, outbox, reports, folded: () => folded, doc: () => doc }
}

const serverDoc = async (backend: Backend) => (await backend.progress(J, 'u1')) ?? emptyProgress('u1')
const lostSteps = async (backend: Backend, events: ProgressEvent[]) => {
  const steps = (await serverDoc(backend)).steps
  return events.filter((e) => e.type == 'complete' && !steps[e.stepId]).length
}
const lostHits = async (backend: Backend, events: ProgressEvent[]) => {
  const have = new Set(Object.values((await serverDoc(backend)).tracks).flat().map((h) => h.id))
  return events.filter((e) => e.type == 'track' && !have.has(e.id)).length
}
const fivexx = (backend: Backend) => backend.arrivals.filter((a) => a.status !== undefined && a.status >= 500).length

let backend: Backend
beforeEach(() => {
  vi.useFakeTimers({ now: T0 + 10 * MIN })
  backend = aBackend()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('sync client reliability', () => {
  it('3. events set aside by a 400 reach the server in the document push, even past 48 KB (1,200 tracked events)', async () => {
    const tab = aTab(backend)
    tab.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    // Twelve batches refused whole: the events are set aside, their effect kept in the document.
    for (let i = 0; i < 12; i++) backend.faults.push({ status: 400, text: '{"error":"refused"}' })
    const events = tab.tracks(1200, 12)
    for (let i = 0; i < events.length; i += 100) await tab.save(events.slice(i, i + 100))
    await vi.advanceTimersByTimeAsync(10 * MIN)
    const docBytes = new TextEncoder().encode(JSON.stringify(tab.doc())).length
    const pushes = backend.posts().filter((p) => JSON.parse(p.body!).progress)
    const sizes = pushes.map((p) => new TextEncoder().encode(p.body!).length)
    const lost = await lostHits(backend, events)
    table.add({ case: '3 1,200 events set aside, document over 48 KB', expected: 'pushed in chunks ≤ 48 KB; all arrive', observed: `document ${Math.round(docBytes / 1024)} KB in ${pushes.length} pushes, largest ${Math.round(Math.max(...sizes) / 1024)} KB`, lost, fivexx: fivexx(backend) })
    expect(docBytes).toBeGreaterThan(MAX_BYTES)
    expect(pushes.length).toBeGreaterThan(1)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_BYTES)
    expect(lost).toBe(0)
  })

  it('8. the outbox stays under its cap through an hour of 500s, and nothing is lost when the server is back', async () => {
    const tab = aTab(backend)
    tab.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    for (let i = 0; i < 400; i++) backend.faults.push({ status: 500 })
    const events: ProgressEvent[] = []
    let most = 0
    // An hour of use while the server fails: 10 events every 30 s (1,200 in all).
    for (let t = 0; t < 120; t++) {
      const batch = tab.completions(10)
      events.push(...batch)
      await tab.save(batch)
      await vi.advanceTimersByTimeAsync(30_000)
      most = Math.max(most, tab.outbox().length)
    }
    const during = backend.posts().length
    backend.faults.length = 0
    await vi.advanceTimersByTimeAsync(10 * MIN)
    const lost = await lostSteps(backend, events)
    table.add({ case: `8 an hour of 500s, 1,200 events (cap ${OUTBOX_CAP})`, expected: 'outbox ≤ cap (+ one check interval); lost 0', observed: `outbox at most ${most}; ${tab.folded()} folded into the document; ${during} requests during the hour`, lost, fivexx: 0 })
    expect(most).toBeLessThanOrEqual(OUTBOX_CAP + 25 * 10)
    expect(tab.folded()).toBeGreaterThan(0)
    expect(lost).toBe(0)
    expect(tab.outbox()).toEqual([])
  })

  it('9. offline: no request and one report while offline, then sent within 3 s of online', async () => {
    let offline = true
    const tab = aTab(backend, { offline: () => offline })
    tab.sync.start()
    const events = tab.completions(200)
    for (let i = 0; i < events.length; i += 20) {
      await tab.save(events.slice(i, i + 20))
      await vi.advanceTimersByTimeAsync(MIN)
    }
    const during = backend.arrivals.length
    const said = tab.reports.filter((r) => r.startsWith('offline')).length
    offline = false
    tab.sync.online()
    await vi.advanceTimersByTimeAsync(3000)
    const after = backend.posts().length
    const lost = await lostSteps(backend, events)
    table.add({ case: '9 offline 10 min, 200 events, then online', expected: '0 requests offline; 1 report; ≤ 3 s to converge', observed: `${during} requests offline; ${said} report; ${after} POSTs after online`, lost, fivexx: 0 })
    expect(during).toBe(0)
    expect(said).toBe(1)
    expect(tab.reports).toHaveLength(1)
    expect(after).toBe(2)
    expect(lost).toBe(0)
  })

  it('1. an event the server cleans (a NUL in a prop) does not block the 200 events after it', async () => {
    const tab = aTab(backend)
    tab.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    await tab.save([{ id: 'nul', type: 'track', name: 'pasted', props: { note: 'a\0b' }, at: T0 }])
    const events = tab.completions(200)
    await tab.save(events)
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS * 5)
    const lost = await lostSteps(backend, events)
    table.add({ case: '1 wedge: a NUL prop first in the outbox, 200 after', expected: 'all sent; outbox empty', observed: `${backend.posts().length} POSTs, outbox ${tab.outbox().length}`, lost, fivexx: fivexx(backend) })
    expect(lost).toBe(0)
    expect(tab.outbox()).toEqual([])
  })
})
