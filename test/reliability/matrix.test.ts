// The fault matrix's status-code rows (docs/sync-protocol.md "Status codes") on every store: the
// runtime's writer and sync client against the real handler behind a fault script, on fake time
// (a SQL store answers over real I/O: `settle` lets it finish between timer steps).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { applyEvent, emptyProgress, mergeProgress } from '../../src/core/index'
import type { Progress, ProgressEvent } from '../../src/core/types'
import { memoryStore } from '../../src/adapters/storage-memory'
import { createSync } from '../../src/sync/client'
import { createWriter } from '../../src/runtime/writer'
import type { SyncStore } from '../../src/server'
import { T0 } from '../builders'
import { STORES, journeyId } from '../server/fixtures'
import { aBackend } from '../sync/backend'
import type { Backend, Fault } from '../sync/backend'
import { aTable } from './table'

const table = aTable('Reliability: the status-code rows of the fault matrix (every store)')
const MIN = 60_000
// Real time, taken before the timers are faked: a SQL store's I/O (and pg's connect timeout, on
// the faked clock) must finish before fake time moves on.
const realSetTimeout = globalThis.setTimeout
const realWait = (ms: number) => new Promise((r) => realSetTimeout(r, ms))

interface Row {
  name: string
  expected: string
  faults: Fault[]
  /** What else the row checks, given the posts it made. */
  check?: (posts: Backend['arrivals'], reports: string[]) => string
}

const ROWS: Row[] = [
  { name: 'T01 500 × 3, then 200', expected: 'retried with backoff; delivered once', faults: [{ status: 500 }, { status: 500 }, { status: 500 }] },
  { name: 'T02 no answer (status 0) × 10', expected: 'retried, never dropped', faults: Array(10).fill({ status: 0 }) },
  {
    name: 'T03 429 Retry-After: 30', expected: 'nothing sent for 30 s', faults: [{ status: 429, retryAfter: '30' }],
    check: (posts) => {
      const gap = posts[1]!.at - posts[0]!.at
      expect(gap).toBeGreaterThanOrEqual(30_000)
      return `next try after ${gap / 1000} s`
    },
  },
  { name: 'T04 503 with an HTML body (a proxy)', expected: 'retried; the body is not an ack', faults: [{ status: 503, text: '<html>Bad gateway</html>' }] },
  { name: 'T05 200 text/html (captive portal)', expected: 'not an ack; retried', faults: [{ status: 200, text: '<html>Sign in to Wi-Fi</html>' }] },
  { name: 'T06 committed, answer lost', expected: 'retried; applied once', faults: ['drop'] },
  {
    name: 'T07 413', expected: 'batch halved; all delivered', faults: [{ status: 413 }],
    check: (posts) => `batch sizes ${posts.map((p) => p.events.length).join(', ')}`,
  },
  { name: 'T09 400 for a batch', expected: 'set aside; arrives in the document push', faults: [{ status: 400, text: '{"error":"refused"}' }] },
  { name: 'T11 401 once', expected: 'fresh headers; delivered', faults: [{ status: 401 }] },
  {
    name: 'T13 404 (wrong endpoint), twice', expected: '≤ 1 request per 5 min; delivered after', faults: [{ status: 404 }, { status: 404 }],
    check: (posts) => {
      const gap = posts[1]!.at - posts[0]!.at
      expect(gap).toBeGreaterThanOrEqual(5 * MIN)
      return `next try after ${gap / MIN} min`
    },
  },
]

describe.each(STORES)('the fault matrix on the $name store', ({ name, make }) => {
  let store: SyncStore
  let backend: Backend
  const j = journeyId(`matrix-${name}`)
  beforeAll(async () => {
    store = make()
    await store.getProgress(j, 'warm') // a SQL store starts with real timers
    vi.useFakeTimers({ now: T0 + 10 * MIN, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    backend = aBackend(Date.now, store)
  }, 60_000)
  afterAll(async () => {
    vi.useRealTimers()
    await store.close()
  })
  /** Advances fake time by `ms` in 1 s steps, letting real I/O finish at each. */
  const settle = async (ms: number) => {
    for (let t = 0; t < ms; t += 1000) {
      await vi.advanceTimersByTimeAsync(1000)
      for (let i = 0; i < 2000 && backend.inflight() > 0; i++) await realWait(5)
    }
  }

  it.each(ROWS)('$name', async (row) => {
    const user = `${row.name.split(' ')[0]}-${name}`
    const prefix = `${j}|${user}|`
    const local = memoryStore()
    let doc: Progress = emptyProgress(user)
    const reports: string[] = []
    let ids = 0
    const sync = createSync({
      endpoint: '/api/milepost', journeyId: j, userId: user, store: local, prefix, transport: backend.transport,
      headers: async () => ({ authorization: 'Bearer ' + user }), traits: () => ({}), local: () => doc,
      merge: (server) => void (doc = mergeProgress(doc, server)), leads: () => true,
      report: (m) => void reports.push(m), random: () => 1, wall: Date.now, monotonic: Date.now, newId: () => `${user}-b${++ids}`,
    })
    const writer = createWriter(local, (_, part) => void (doc = mergeProgress(doc, part)), (e) => reports.push(String(e)))
    const start = backend.arrivals.length
    const before = backend.ledger()
    sync.start()
    await settle(1000)
    const events = Array.from({ length: 20 }, (_, i): ProgressEvent => ({ id: `${user}-e${i}`, type: 'complete', stepId: `s${i}`, at: T0 + i }))
    backend.faults.push(...row.faults)
    await writer.write(prefix, user, events, doc, events.reduce(applyEvent, doc))
    sync.changed(events)
    await settle(30 * MIN)
    sync.stop()
    const posts = backend.arrivals.slice(start).filter((a) => a.method == 'POST')
    const steps = (await store.getProgress(j, user))?.steps ?? {}
    const lost = events.filter((e) => e.type == 'complete' && !steps[e.stepId]).length
    const after = backend.ledger()
    const applied = after.applied - before.applied
    const extra = row.check?.(posts, reports)
    table.add({
      case: `${row.name} (${name})`, expected: row.expected,
      observed: `${posts.length} POSTs; applied ${applied}, duplicates seen ${after.duplicates - before.duplicates}${extra ? '; ' + extra : ''}`,
      lost, fivexx: posts.filter((p) => (p.status ?? 0) >= 500).length,
    })
    expect(lost).toBe(0)
    expect(applied).toBeLessThanOrEqual(20) // each event applied at most once
    expect(posts.filter((p) => (p.status ?? 0) >= 500)).toEqual([]) // the handler's own answers, not the scripted faults
  }, 120_000)
})
