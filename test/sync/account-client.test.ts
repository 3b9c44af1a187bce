// The sync client of an account's document: what it sends and reads (docs/sync-protocol.md "Accounts").
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { emptyProgress, foldEvents, mergeProgress } from '../../src/core/index'
import type { Progress, ProgressEvent } from '../../src/core/types'
import { memoryStore } from '../../src/adapters/storage-memory'
import type { Reply, Request as Sent } from '../../src/adapters/transport'
import { createSync, DEBOUNCE_MS } from '../../src/sync/client'
import { createMemoryStore, createSyncHandler } from '../../src/server'
import { T0 } from '../builders'

/** The reference handler on a memory store: `Bearer u1@acme` is user u1 of account acme. */
const aRealServer = () => {
  const store = createMemoryStore()
  const handler = createSyncHandler({
    store, now: () => Date.now(),
    authorize: (request) => {
      const [userId, accountId] = (/^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '').split('@') as [string, string?]
      return userId ? { userId, ...(accountId ? { accountId } : {}) } : null
    },
  })
  const statuses: number[] = []
  const transport = async (url: string, r: Sent): Promise<Reply> => {
    const response = await handler(new Request('http://127.0.0.1' + url, { method: r.method, headers: r.headers, ...(r.body ? { body: r.body } : {}) }))
    statuses.push(response.status)
    return { status: response.status, text: await response.text(), headers: response.headers }
  }
  return { store, transport, statuses, sent: [] }
}

const J = 'acme-onboarding'

/** A transport that answers like a server holding `docs` by owner id, recording each request. */
const aServer = (docs: Map<string, Progress>) => {
  const sent: Array<{ url: string; body: Record<string, any> | null }> = []
  const transport = async (url: string, r: Sent): Promise<Reply> => {
    const body = r.body ? JSON.parse(r.body) : null
    sent.push({ url, body })
    if (r.method == 'GET') {
      const q = new URL('http://x' + url).searchParams
      const id = q.get('accountId') ?? q.get('userId')!
      return { status: 200, text: JSON.stringify({ progress: docs.get(id) ?? emptyProgress(id) }) }
    }
    const id = body.scope == 'account' ? body.accountId : body.userId
    const doc = foldEvents(docs.get(id) ?? emptyProgress(id), body.events)
    docs.set(id, doc)
    return { status: 200, text: JSON.stringify({ batchId: body.batchId, acked: body.events.map((e: ProgressEvent) => e.id), rejected: [], progress: doc }) }
  }
  return { sent, transport }
}

/** A client of member `userId`, syncing the account `acme`'s document (or the user's own with `scope` unset). */
const aClient = (server: { transport: (url: string, r: Sent) => Promise<Reply> }, userId: string, scope?: 'account', token = userId, accountId = 'acme') => {
  const store = memoryStore()
  const prefix = scope ? `${J}|account:acme|` : `${J}|${userId}|`
  let doc = emptyProgress(scope ? 'acme' : userId)
  let ids = 0
  const sync = createSync({
    endpoint: '/api/milepost', journeyId: J, userId, store, prefix, transport: server.transport,
    headers: async () => ({ authorization: 'Bearer ' + token }), traits: () => ({ role: 'admin' }),
    local: () => doc, merge: (s) => void (doc = mergeProgress(doc, s)), leads: () => true, report: () => {},
    random: () => 1, wall: Date.now, monotonic: Date.now, newId: () => `${userId}-batch-${++ids}`,
    accountId, accountTraits: () => ({ tier: 'enterprise' }), ...(scope ? { scope } : {}),
  })
  const reports: string[] = []
  const save = async (events: ProgressEvent[]) => {
    await store.update(events.map((e) => prefix + 'out:' + e.id), (key) => events.find((e) => prefix + 'out:' + e.id === key))
    doc = foldEvents(doc, events)
    sync.changed(events)
  }
  return { sync, save, doc: () => doc, reports }
}

beforeEach(() => void vi.useFakeTimers({ now: T0 }))
afterEach(() => void vi.useRealTimers())

describe('sync client: the account document', () => {
  it('pulls the account document by accountId and sends its events with scope "account"', async () => {
    const server = aServer(new Map())
    const c = aClient(server, 'u1', 'account')
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    await c.save([{ id: 'e1', type: 'complete', stepId: 'invite', at: T0 }])
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
    expect(server.sent[0]!.url).toBe('/api/milepost/progress?accountId=acme&journeyId=acme-onboarding')
    expect(server.sent[1]!.body).toMatchObject({ userId: 'u1', accountId: 'acme', accountTraits: { tier: 'enterprise' }, scope: 'account', events: [{ id: 'e1' }] })
  })

  it('the user\'s own client names the account without a scope, so the server records the membership', async () => {
    const server = aServer(new Map())
    const c = aClient(server, 'u1')
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    await c.save([{ id: 'e1', type: 'track', name: 'x', at: T0 }])
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
    expect(server.sent[0]!.url).toBe('/api/milepost/progress?userId=u1&journeyId=acme-onboarding')
    expect(server.sent[1]!.body).toMatchObject({ userId: 'u1', accountId: 'acme', accountTraits: { tier: 'enterprise' } })
    expect(server.sent[1]!.body!.scope).toBeUndefined()
  })

  it('a second member sees what the first did after one round: refresh() pulls the account document again', async () => {
    const server = aServer(new Map())
    const a = aClient(server, 'u1', 'account')
    const b = aClient(server, 'u2', 'account')
    a.sync.start()
    b.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    await a.save([{ id: 'e1', type: 'complete', stepId: 'invite', at: T0 }])
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
    expect(b.doc().steps.invite).toBeUndefined()
    b.sync.refresh()
    await vi.advanceTimersByTimeAsync(0)
    expect(b.doc().steps.invite).toEqual({ done: T0 })
  })

  it('refuses a server document of another owner (the user\'s, where the account\'s is expected)', async () => {
    const docs = new Map([['acme', { ...emptyProgress('u1'), steps: { invite: { done: T0 } } }]])
    const server = aServer(docs)
    const c = aClient(server, 'u1', 'account')
    c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(c.doc().steps.invite).toBeUndefined()
  })
})

describe('sync client: two members of one account against the reference handler', () => {
  it('one member completes an account step; the other has it after one pull; a member of another account is refused', async () => {
    const server = aRealServer()
    const a = aClient(server, 'u1', 'account', 'u1@acme')
    const b = aClient(server, 'u2', 'account', 'u2@acme')
    const outsider = aClient(server, 'u3', 'account', 'u3@globex')
    for (const c of [a, b, outsider]) c.sync.start()
    await vi.advanceTimersByTimeAsync(0)
    await a.save([{ id: 'e1', type: 'complete', stepId: 'invite', at: T0 }])
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
    expect((await server.store.getProgress(J, 'acme', 'account'))!.steps.invite).toEqual({ done: T0 })
    b.sync.refresh()
    await vi.advanceTimersByTimeAsync(0)
    expect(b.doc().steps.invite).toEqual({ done: T0 })
    // u3 of globex asked for acme's document: 403, and never got it.
    expect(server.statuses.filter((s) => s == 403).length).toBeGreaterThan(0)
    expect(outsider.doc().steps.invite).toBeUndefined()
  })
})
