// A fake backend for the sync tests: the real handler on the memory store behind a fault script
// (Segment-style numbered table, Sentry-style scripted transport), with a ledger of what arrived.
import { createMemoryStore, createSyncHandler } from '../../src/server'
import type { SyncStore } from '../../src/server'
import type { Reply, Request as Sent, Transport } from '../../src/adapters/transport'
import type { ProgressEvent } from '../../src/core/types'

/** One scripted answer: a canned reply, or `drop` (the server commits, then the answer is lost). */
export type Fault = { status: number; text?: string; retryAfter?: string; date?: string } | 'drop' | 'hang'

export interface Arrival extends Sent {
  url: string
  /** When it arrived, on the test clock. */
  at: number
  /** The handler's status (not a scripted fault's), once it answered. */
  status?: number
  events: ProgressEvent[]
}

export const aBackend = (clock: () => number = Date.now, store: SyncStore = createMemoryStore()) => {
  let applied = 0
  let duplicates = 0
  const ingest = store.ingest
  store.ingest = async (input) => {
    const result = await ingest(input)
    applied += result.inserted.length
    duplicates += result.duplicates.length
    return result
  }
  const handler = createSyncHandler({
    store,
    authorize: (request) => {
      const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1]
      return token && token != 'expired' ? { userId: token } : null
    },
  })
  const faults: Fault[] = []
  const arrivals: Arrival[] = []
  let inflight = 0
  const transport: Transport = async (url, sent) => {
    inflight++
    try {
      return await answer(url, sent)
    } finally {
      inflight--
    }
  }
  const answer: Transport = async (url, sent) => {
    let events: ProgressEvent[] = []
    try {
      events = sent.body ? JSON.parse(sent.body).events ?? [] : []
    } catch {
      // not JSON: counted as it is
    }
    const arrival: Arrival = { ...sent, url, at: clock(), events }
    arrivals.push(arrival)
    const fault = faults.shift()
    if (fault == 'hang') return new Promise<Reply>(() => {})
    if (fault && fault != 'drop') return { status: fault.status, text: fault.text ?? '', headers: new Headers({ ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}), ...(fault.date ? { date: fault.date } : {}) }) }
    const response = await handler(new Request('http://127.0.0.1' + url, {
      method: sent.method, headers: sent.headers, ...(sent.body === undefined ? {} : { body: sent.body }),
    }))
    const reply = { status: response.status, text: await response.text(), headers: response.headers }
    arrival.status = response.status
    return fault == 'drop' ? { status: 0, text: '' } : reply
  }
  const posts = () => arrivals.filter((a) => a.method == 'POST')
  return {
    store, faults, arrivals, transport, posts,
    /** Requests not answered yet (a SQL store answers over real I/O, outside fake time). */
    inflight: () => inflight,
    /** Event ids applied for the first time, and deliveries the server recognised as seen. */
    ledger: () => ({ applied, duplicates }),
    progress: (journeyId: string, userId: string) => store.getProgress(journeyId, userId),
  }
}

export type Backend = ReturnType<typeof aBackend>
