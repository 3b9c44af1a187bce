// A milestone's owner and collaborators are told once each (completed, due soon, overdue), per user for
// a user milestone, through the handler, the watch and the webhook, on every store with a fake clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDashboardHandler, createSyncHandler, createWatcher, createWebhookForwarder, verifyWebhook } from '../../src/server'
import type { Notice, SyncHandler, SyncStore, Watcher } from '../../src/server'
import type { Journey, ProgressEvent } from '../../src/core/types'
import { dayAt, T0 } from '../builders'
import { STORES, authorize, journeyId, syncRequest } from './fixtures'
import { MAX_OWNER_NOTICES_PER_DAY } from '../../src/server/owners'

const SECRET = 'whsec_' + Buffer.from('owner-notices-test-secret-32-bytes!').toString('base64')

const journeyOf = (id: string): Journey => ({
  version: 1, id, title: 'Onboarding', start: { trait: 'signedUpAt' },
  milestones: [
    { id: 'profile', title: 'Your profile', due: { day: 3 }, owner: 'csm', collaborators: ['success-lead'], steps: [{ id: 'photo', title: 'Add a photo' }] },
    { id: 'later', title: 'No owner', due: { day: 3 }, steps: [{ id: 'x', title: 'X' }] },
  ],
})

/**
 * A store with the sync handler and the watch of `journeyOf(j)` on a fake clock (`w.now`), every
 * notice they tell in `w.told`; u1 and u2 have synced once at T0. `send` posts a batch (`over`: more
 * fields of it; `as`: who authorizes it).
 */
const ownersWorld = (make: () => SyncStore, j: string) => {
  const journey = journeyOf(j)
  const w = { now: T0, told: [] as Notice[], journey, store: undefined as unknown as SyncStore, handler: undefined as unknown as SyncHandler, watcher: undefined as unknown as Watcher }
  let seq = 0
  const send = (userId: string, events: ProgressEvent[], over: Record<string, unknown> = {}, as = userId) =>
    w.handler(syncRequest({ protocol: 1, batchId: `${j}-${++seq}`, userId, journeyId: j, events, traits: { signedUpAt: new Date(T0).toISOString() }, ...over }, as))
  beforeAll(async () => {
    w.store = make()
    const tell = (n: Notice) => void w.told.push(n)
    w.handler = createSyncHandler({ store: w.store, authorize, journeys: (id) => (id === j ? journey : undefined), now: () => w.now, onOwner: tell, onDelegate: tell })
    w.watcher = createWatcher({ store: w.store, journeys: [journey], now: () => w.now, onEscalation: tell, onOwner: tell, log: () => {} })
    for (const u of ['u1', 'u2']) expect((await send(u, [{ id: `${u}-t`, type: 'track', name: 'seen', at: T0 }])).status).toBe(200)
  }, 60_000)
  afterAll(() => w.store.close())
  return { w, send }
}

describe.each(STORES)('owner notices on the $name store', ({ name, make }) => {
  const j = journeyId('owners')
  const { w, send } = ownersWorld(make, j)
  const { told } = w
  const post = async (userId: string, events: ProgressEvent[]) => (await send(userId, events)).status
  const reasons = () => told.map((n) => [n.userId, n.kind === 'owner' && n.owner!.reason])

  it('the batch that completes the milestone tells its owners once; sending it again tells nobody', async () => {
    w.now = dayAt(1)
    await post('u1', [{ id: 'c1', type: 'complete', stepId: 'photo', at: dayAt(1) }])
    await post('u1', [{ id: 'c1', type: 'complete', stepId: 'photo', at: dayAt(1) }])
    await post('u1', [{ id: 't2', type: 'track', name: 'again', at: dayAt(1) }])
    expect(reasons()).toEqual([['u1', 'completed']])
    expect(told[0]).toMatchObject({ kind: 'owner', owner: { reason: 'completed', notify: ['csm', 'success-lead'] }, event: { id: 'owner:0:profile:completed', milestoneId: 'profile' },
      milestone: { id: 'profile', status: 'done' } })
    expect(told[0]!.account).toBeUndefined()
  })

  it('the watch tells the owners of a user who has not done it: due soon (1 day before, no dueSoon signal), then overdue, once each', async () => {
    told.length = 0
    for (const day of [1.9, 2, 2.5, 3, 3.01, 4, 6]) {
      w.now = dayAt(day)
      await w.watcher.tick()
    }
    expect(reasons()).toEqual([['u2', 'due-soon'], ['u2', 'overdue']])
    expect(told[1]).toMatchObject({ milestone: { id: 'profile', status: 'overdue', daysOverdue: 0 } })
    expect(await w.store.countNotices!(j, 'u2', 'owner', 0)).toBe(2)
    expect(await w.store.countNotices!(j, 'u1', 'owner', 0)).toBe(1)
  })

  it('a batch after the watch makes no second notice', async () => {
    told.length = 0
    w.now = dayAt(7)
    await post('u2', [{ id: 'u2-late', type: 'track', name: 'back', at: dayAt(7) }])
    expect(told).toEqual([])
  })

  it('the webhook posts each owner notice once, signed, with its reason and who to tell', async () => {
    const posts: Array<{ headers: Record<string, string>; body: string }> = []
    const forwarder = createWebhookForwarder({
      url: 'http://127.0.0.1:9/hook', store: w.store, secret: SECRET, journeys: (id) => (id === j ? w.journey : undefined), now: () => w.now, log: () => {},
      fetch: (async (_: string, init: RequestInit) => {
        posts.push({ headers: init.headers as Record<string, string>, body: init.body as string })
        return new Response(null, { status: 204 })
      }) as typeof fetch,
    })
    // Other files share a PostgreSQL outbox: only this journey's posts count.
    await forwarder.flush()
    await forwarder.flush()
    const mine = posts.filter((p) => JSON.parse(p.body).journeyId === j)
    const bodies = mine.map((p) => JSON.parse(p.body) as Notice)
    expect(bodies.map((b) => [b.userId, b.kind, b.kind === 'owner' && b.owner!.reason]).sort()).toEqual([
      ['u1', 'owner', 'completed'], ['u2', 'owner', 'due-soon'], ['u2', 'owner', 'overdue'],
    ])
    for (const p of mine) expect(await verifyWebhook({ secret: SECRET, body: p.body, headers: p.headers })).toBe(true)
  })

  // The dashboard reads the SQL stores (the memory store keeps no outbox table to list).
  if (name !== 'memory') it('the dashboard\'s escalation log lists them, alone (kind=owner) or with every notice, with their reason and delivery', async () => {
    // bb-r27: the log listed escalations and delegated steps only; kind=owner was a 400.
    const dashboard = createDashboardHandler({ store: w.store, journeys: [w.journey], now: () => w.now, authorize: () => ({ userId: 'cs', role: 'admin' }) })
    const log = async (query: string) => {
      const response = await dashboard(new Request(`http://127.0.0.1/dashboard/api/escalations?journey=${j}${query}`))
      expect(response.status).toBe(200)
      return response.json() as Promise<{ total: number; rows: Array<Record<string, unknown>> }>
    }
    const owners = await log('&kind=owner')
    expect(owners.rows.map((r) => [r.userId, r.kind, r.milestone, r.reason, r.notify, r.delivery]).sort()).toEqual([
      ['u1', 'owner', 'profile', 'completed', 'csm, success-lead', 'delivered'],
      ['u2', 'owner', 'profile', 'due-soon', 'csm, success-lead', 'delivered'],
      ['u2', 'owner', 'profile', 'overdue', 'csm, success-lead', 'delivered'],
    ])
    const all = await log('&kind=all')
    const escalations = await log('&kind=escalation')
    expect(all.total).toBe(owners.total + escalations.total + (await log('&kind=delegate')).total)
    expect((await log('')).total).toBe(escalations.total) // escalations unless asked, as before
    expect(all.rows.filter((r) => r.kind === 'owner')).toHaveLength(3)
  })
})

describe.each(STORES)('an account milestone with a step of each member\'s own, on the $name store', ({ make }) => {
  let store: SyncStore
  afterAll(() => store.close())

  it('the account\'s owners hear "completed" once its account steps are done, whatever each member has left', async () => {
    store = make()
    const j = journeyId('owners-mixed')
    const journey: Journey = {
      version: 1, id: j, title: 'Team', start: { trait: 'signedUpAt' },
      milestones: [{ id: 'team', title: 'Team', scope: 'account', due: { day: 7 }, owner: 'csm',
        steps: [{ id: 'invite', title: 'Invite' }, { id: 'own-profile', title: 'Your profile', scope: 'user' }] }],
    }
    const told: Notice[] = []
    const handler = createSyncHandler({
      store, journeys: () => journey, now: () => dayAt(1), onOwner: (n) => void told.push(n),
      authorize: (r) => ({ userId: r.headers.get('authorization')!.slice(7), accountId: 'acme' }),
    })
    const post = (userId: string, events: ProgressEvent[], scope?: 'account') => handler(syncRequest({
      protocol: 1, batchId: `${userId}-${events[0]!.id}`, userId, journeyId: j, events, accountId: 'acme',
      traits: { signedUpAt: new Date(T0).toISOString() }, ...(scope ? { scope } : {}),
    }, userId))
    await post('u1', [{ id: 't1', type: 'track', name: 'seen', at: T0 }])
    await post('u1', [{ id: 'c1', type: 'complete', stepId: 'invite', at: dayAt(1) }], 'account')
    expect(told.map((n) => [n.userId, n.kind === 'owner' && n.owner!.reason])).toEqual([['acme', 'completed']])
  })
})

describe.each(STORES)('the owner notices cap on the $name store', ({ make }) => {
  it('caps owner notices per user per day: resets that make the milestone overdue again cannot flood its owners', async () => {
    const store = make()
    const j = journeyId('owners-cap')
    const journey = journeyOf(j)
    const told: Notice[] = []
    const now = dayAt(20)
    const handler = createSyncHandler({ store, authorize, journeys: () => journey, now: () => now, onOwner: (n) => void told.push(n) })
    for (let epoch = 1; epoch <= 40; epoch++) {
      const events = [{ id: `r${epoch}`, type: 'reset', epoch, at: now }, { id: `s${epoch}`, type: 'session', sessionId: `s${epoch}`, epoch, at: now }] as ProgressEvent[]
      const body = { protocol: 1, batchId: `f${epoch}`, userId: 'flood', journeyId: j, events, traits: { signedUpAt: new Date(T0).toISOString() } }
      expect((await handler(syncRequest(body, 'flood'))).status).toBe(200)
    }
    expect(told).toHaveLength(MAX_OWNER_NOTICES_PER_DAY)
    expect(await store.countNotices!(j, 'flood', 'owner', 0)).toBe(MAX_OWNER_NOTICES_PER_DAY)
    await store.close()
  })
})

// An owner notice's id is the server's (`owner:<epoch>:<milestone>:<reason>`) and the outbox keeps
// each id once: a client event taking it first (a delegated step goes to the outbox under its own id)
// would make the real notice a duplicate, never told (docs/sync-protocol.md "Escalations and delegated steps").
describe.each(STORES)('an owner notice\'s id on the $name store', ({ make }) => {
  const j = journeyId('owner-ids')
  const { w, send } = ownersWorld(make, j)
  const { told } = w
  const post = async (userId: string, events: ProgressEvent[], over: Record<string, unknown> = {}, as = userId) => (await send(userId, events, over, as)).json()
  const delegate = (id: string, at: number): ProgressEvent => ({ id, type: 'track', name: 'step:delegated', props: { stepId: 'photo', to: 'sam@example.com' }, at })
  const reason = 'id: "owner:" begins only an owner notice\'s id, which the server makes'
  const owners = () => told.filter((n) => n.kind === 'owner').map((n) => [n.userId, n.owner!.reason, n.event.id])

  it('refuses a client\'s event with an owner notice\'s id: the owners are still told when the milestone completes', async () => {
    w.now = dayAt(1)
    const squat = delegate('owner:0:profile:completed', w.now)
    const r = await post('u1', [squat, delegate('d1', w.now)])
    await post('u1', [{ id: 'c1', type: 'complete', stepId: 'photo', at: w.now }])
    // Had the delegation taken the id first, the owners' notice would be a duplicate: nobody told.
    expect(owners()).toEqual([['u1', 'completed', 'owner:0:profile:completed']])
    expect([r.acked, r.rejected]).toEqual([['d1'], [{ id: squat.id, reason }]])
    expect(told.filter((n) => n.kind === 'delegate').map((n) => n.event.id)).toEqual(['d1'])
  })

  it('refuses one for a reason the watch tells: the watch still tells due soon and overdue', async () => {
    told.length = 0
    const squats = [delegate('owner:0:profile:due-soon', w.now), { id: 'owner:0:profile:overdue', type: 'track', name: 'seen', at: w.now } as ProgressEvent]
    const r = await post('u2', squats)
    for (const day of [2.5, 4]) {
      w.now = dayAt(day)
      await w.watcher.tick()
    }
    expect(owners()).toEqual([['u2', 'due-soon', 'owner:0:profile:due-soon'], ['u2', 'overdue', 'owner:0:profile:overdue']])
    expect([r.acked, r.rejected]).toEqual([[], squats.map((e) => ({ id: e.id, reason }))])
  })

  it('refuses it in an account\'s batch, and from an admin (trusted with escalations, not with the server\'s ids)', async () => {
    const esc = { id: 'owner:0:profile:completed', type: 'escalation', nudgeId: 'n', milestoneId: 'profile', level: 1, at: w.now } as ProgressEvent
    const done = { id: 'owner:0:team:completed', type: 'complete', stepId: 'photo', at: w.now } as ProgressEvent
    const account = await post('u3', [esc, done], { accountId: 'acme', scope: 'account' }, 'admin:u3')
    expect([account.acked, account.rejected]).toEqual([[], [esc, done].map((e) => ({ id: e.id, reason }))])
    const user = await post('u3', [esc], {}, 'admin:u3')
    expect([user.acked, user.rejected]).toEqual([[], [{ id: esc.id, reason }]])
  })

  it('takes back the server\'s own document after an owner notice: nothing refused, nobody told twice', async () => {
    told.length = 0
    w.now = dayAt(5)
    // The client merges the answer's document and sends it back with its next batch (anti-entropy):
    // owner notices are not in it (not progress events), so nothing of the server's comes back to refuse.
    const first = await post('u1', [{ id: 'u1-t5', type: 'track', name: 'back', at: w.now }])
    expect(JSON.stringify(first.progress)).not.toContain('owner:')
    const again = await post('u1', [{ id: 'u1-t6', type: 'track', name: 'again', at: w.now }], { progress: first.progress })
    expect([again.acked, again.rejected]).toEqual([['u1-t6'], []])
    await w.watcher.tick()
    expect(owners()).toEqual([])
    expect(await w.store.countNotices!(j, 'u1', 'owner', 0)).toBe(1)
  })
})
