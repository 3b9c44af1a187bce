// Accounts on every store (memory, PGlite, PostgreSQL when DATABASE_URL is set), on a fake clock:
// the account's document is shared by its members, closed to other accounts, and its ladder and its
// owners' notices are sent once per account (docs/sync-protocol.md "Accounts", docs/watch.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHandler, createWatcher } from '../../src/server'
import type { Notice, SyncHandler, SyncStore, Watcher } from '../../src/server'
import type { Journey, ProgressEvent } from '../../src/core/types'
import { dayAt, T0 } from '../builders'
import { STORES, journeyId, memberAuthorize, syncRequest } from './fixtures'

const authorize = memberAuthorize

const journeyOf = (id: string): Journey => ({
  version: 1, id, title: 'Team onboarding', start: { trait: 'signedUpAt' },
  milestones: [
    { id: 'team', title: 'Your team is set up', scope: 'account', due: { day: 7 }, owner: 'csm', collaborators: ['account-admin'],
      steps: [{ id: 'invite', title: 'Invite your team' }, { id: 'sso', title: 'Connect SSO' }] },
    { id: 'profile', title: 'Your profile', due: { day: 3 }, steps: [{ id: 'photo', title: 'Add a photo' }] },
  ],
  nudges: [
    { id: 'team-late', when: { missed: { milestone: 'team' } }, escalate: [{ afterDays: 0, notify: 'csm' }, { afterDays: 2, notify: 'leadership' }] },
    { id: 'team-soon', when: { dueSoon: { milestone: 'team', days: 2 } }, card: { title: 'Your team is due soon' } },
  ],
})

const signedUp = { signedUpAt: new Date(T0).toISOString() }
let seq = 0
const body = (userId: string, j: string, events: ProgressEvent[], over: Record<string, unknown> = {}) =>
  ({ protocol: 1, batchId: `b${++seq}`, userId, journeyId: j, events, traits: signedUp, accountId: 'acme', accountTraits: { tier: 'pro' }, ...over })
const complete = (id: string, stepId: string, at: number): ProgressEvent => ({ id, type: 'complete', stepId, at })
const track = (id: string, at: number): ProgressEvent => ({ id, type: 'track', name: 'seen', at })
const read = (query: string, as: string) =>
  new Request(`http://127.0.0.1/api/milepost/progress?${query}`, { headers: { authorization: `Bearer ${as}` } })

describe.each(STORES)('accounts on the $name store', ({ make }) => {
  let store: SyncStore
  let handler: SyncHandler
  let watcher: Watcher
  let now = T0
  const told: Notice[] = []
  const j = journeyId('accounts')
  const journey = journeyOf(j)
  const answer = async (request: Request) => {
    const response = await handler(request)
    return { status: response.status, body: await response.json() }
  }
  const post = (as: string, b: unknown) => answer(syncRequest(b, as))

  beforeAll(async () => {
    store = make()
    const journeys = (id: string) => (id === j ? journey : undefined)
    handler = createSyncHandler({ store, authorize, journeys, now: () => now, onOwner: (n) => void told.push(n), onEscalation: (n) => void told.push(n) })
    watcher = createWatcher({ store, journeys: [journey], now: () => now, onEscalation: (n) => void told.push(n), onOwner: (n) => void told.push(n), log: () => {} })
    // Three members of acme start on day 0; u4 of globex too.
    for (const u of ['u1', 'u2', 'u3']) expect((await post(`${u}@acme`, body(u, j, [track(`${u}-t`, T0)]))).status).toBe(200)
    expect((await post('u4@globex', body('u4', j, [track('u4-t', T0)], { accountId: 'globex' }))).status).toBe(200)
  }, 60_000)
  afterAll(() => store.close())

  it('a member completes an account step; another member gets it with their next sync of the account document', async () => {
    now = dayAt(1)
    const a = await post('u1@acme', body('u1', j, [complete('c1', 'invite', dayAt(1))], { scope: 'account' }))
    expect(a).toMatchObject({ status: 200, body: { acked: ['c1'], rejected: [], progress: { userId: 'acme', steps: { invite: { done: dayAt(1) } } } } })
    const b = await answer(read(`accountId=acme&journeyId=${j}`, 'u2@acme'))
    expect(b).toMatchObject({ status: 200, body: { progress: { userId: 'acme', steps: { invite: { done: dayAt(1) } } } } })
    // The account's document starts with its first member, so due days count from day 0.
    expect(b.body.progress.firstSeen).toBe(T0)
    // The user's own document is untouched by it.
    expect(await store.getProgress(j, 'u1')).toMatchObject({ steps: {} })
  })

  it('each member\'s dashboard row reads the account\'s document (SQL stores)', async () => {
    if (!store.query) return
    const rows = await store.query<{ user_id: string; account_id: string; m_info: number[] }>(
      'SELECT user_id, account_id, m_info FROM milepost_users WHERE journey_id = $1 ORDER BY user_id', [j])
    // m_info: [percent, level] per milestone; "team" is half done (invite) for every acme member.
    expect(rows.map((r) => [r.user_id, r.account_id, r.m_info[0]])).toEqual([['u1', 'acme', 50], ['u2', 'acme', 50], ['u3', 'acme', 50], ['u4', 'globex', 0]])
    const [account] = await store.query<{ traits: unknown; first_seen: string }>('SELECT traits, first_seen FROM milepost_accounts WHERE journey_id = $1 AND account_id = $2', [j, 'acme'])
    expect([account!.traits, Number(account!.first_seen)]).toEqual([{ tier: 'pro' }, T0])
  })

  it('applies an account event once per account, whichever member sends it', async () => {
    const again = await post('u3@acme', body('u3', j, [complete('c1', 'invite', dayAt(1))], { scope: 'account' }))
    expect(again).toMatchObject({ status: 200, body: { acked: ['c1'] } })
    expect(Object.keys((await store.getProgress(j, 'acme', 'account'))!.steps)).toEqual(['invite'])
  })

  it.each([
    ['a member of another account writing it', () => post('u4@globex', body('u4', j, [complete('x1', 'sso', dayAt(1))], { scope: 'account' })), 'accountId: you may not act for this account'],
    ['a member of another account naming it in their own batch', () => post('u4@globex', body('u4', j, [track('x2', dayAt(1))])), 'accountId: you may not act for this account'],
    ['a member of another account reading it', () => answer(read(`accountId=acme&journeyId=${j}`, 'u4@globex')), 'accountId: you may not read this account\'s progress'],
    ['a caller without an account reading it', () => answer(read(`accountId=acme&journeyId=${j}`, 'u9')), 'accountId: you may not read this account\'s progress'],
    ['a caller without an account writing it', () => post('u9', body('u9', j, [complete('x3', 'sso', dayAt(1))], { scope: 'account' })), 'accountId: you may not act for this account'],
  ])('answers 403 to %s, and leaves the account untouched', async (_, call, error) => {
    expect(await call()).toEqual({ status: 403, body: { error } })
    expect(Object.keys((await store.getProgress(j, 'acme', 'account'))!.steps)).toEqual(['invite'])
  })

  it('keeps a member\'s own events and resets out of the account\'s document: refused each, and a document in another epoch is not taken', async () => {
    const k = journeyId('account-reset')
    const jk = { ...journey, id: k }
    const h = createSyncHandler({ store, authorize, journeys: (id) => (id === k ? jk : undefined), now: () => now })
    const send = async (b: unknown) => (await h(syncRequest(b, 'u1@acme'))).json()
    now = dayAt(1)
    expect((await send(body('u1', k, [complete('ok', 'invite', dayAt(1))], { scope: 'account' }))).acked).toEqual(['ok'])
    const wipe = await send(body('u1', k, [
      { id: 'r', type: 'reset', epoch: 1_000_000, at: dayAt(1) } as ProgressEvent, track('t', dayAt(1)),
    ], { scope: 'account' }))
    expect([wipe.acked, wipe.rejected.map((r: { id: string }) => r.id)]).toEqual([[], ['r', 't']])
    const doc = { v: 1, userId: 'acme', epoch: 1_000_000, steps: {}, tracks: {}, urls: {}, clicks: {}, visible: {}, sessions: {}, nudges: {}, escalations: {} }
    const pushed = await send(body('u1', k, [], { scope: 'account', progress: doc }))
    expect([pushed.progress.epoch, Object.keys(pushed.progress.steps)]).toEqual([0, ['invite']])
  })

  it('lets an admin read any account', async () => {
    expect(await answer(read(`accountId=acme&journeyId=${j}`, 'admin:support'))).toMatchObject({ status: 200, body: { progress: { steps: { invite: {} } } } })
  })

  it('refuses a member\'s escalation of an account ladder sent as their own: the account runs it', async () => {
    // (The clock stays: the next test walks the ladder from day 6, and a batch moves the account's next look.)
    const esc: ProgressEvent = { id: 'esc:0:team-late:team:1', type: 'escalation', nudgeId: 'team-late', milestoneId: 'team', level: 1, notify: 'csm', at: now, epoch: 0 }
    const r = await post('u2@acme', body('u2', j, [esc]))
    expect(r.body.rejected).toEqual([{ id: esc.id, reason: 'escalation: about an account milestone: send it with scope "account"' }])
  })

  it('the watch sends each level of an account milestone\'s ladder once per account, not once per member, and its owners once each', async () => {
    told.length = 0
    // Day 6: the owner's due-soon reminder (2 days before the day-7 due, from the journey's dueSoon signal).
    now = dayAt(6)
    await watcher.tick()
    // Day 8: overdue; level 1 of the ladder. Day 10: level 2. Later ticks find nothing new.
    now = dayAt(8)
    await watcher.tick()
    await watcher.tick()
    now = dayAt(10) + 1
    await watcher.tick()
    now = dayAt(12)
    await watcher.tick()
    const summary = (account: string) => told.filter((n) => n.userId === account).map((n) => [n.kind, n.account?.id,
      n.kind === 'owner' ? n.owner!.reason : n.event.type === 'escalation' && n.event.level])
    const expected = (account: string) => [
      ['owner', account, 'due-soon'], ['escalation', account, 1], ['owner', account, 'overdue'], ['escalation', account, 2],
    ]
    // One ladder per account: acme's three members share one; globex's one member has its own.
    expect([summary('acme'), summary('globex')]).toEqual([expected('acme'), expected('globex')])
    expect(told.filter((n) => !['acme', 'globex'].includes(n.userId))).toEqual([])
    const overdue = told.find((n) => n.kind === 'owner' && n.owner!.reason === 'overdue' && n.userId === 'acme')!
    expect(overdue).toMatchObject({ owner: { notify: ['csm', 'account-admin'] }, members: ['u1', 'u2', 'u3'], account: { id: 'acme', traits: { tier: 'pro' } },
      milestone: { id: 'team', status: 'overdue', dueAt: dayAt(7), daysOverdue: 1 } })
    // Recorded once each in the outbox too (what the webhook sends).
    expect(await store.countNotices!(j, 'acme', 'escalation', 0)).toBe(2)
    expect(await store.countNotices!(j, 'acme', 'owner', 0)).toBe(2)
    for (const u of ['u1', 'u2', 'u3']) expect(await store.countNotices!(j, u, 'escalation', 0)).toBe(0)
    if (store.query) {
      // The account's ladder level is in each member's row; its outbox rows name the account.
      const levels = await store.query<{ m_info: number[] }>('SELECT m_info FROM milepost_users WHERE journey_id = $1 AND account_id = $2', [j, 'acme'])
      expect(levels.map((r) => r.m_info[1])).toEqual([2, 2, 2])
      const rows = await store.query<{ user_id: string; account_id: string; kind: string }>(
        'SELECT user_id, account_id, kind FROM milepost_escalations WHERE journey_id = $1 AND account_id IS NOT NULL ORDER BY created_at, event_id', [j])
      expect(rows.filter((r) => r.user_id === 'acme').map((r) => [r.account_id, r.kind])).toEqual([
        ['acme', 'owner'], ['acme', 'escalation'], ['acme', 'owner'], ['acme', 'escalation']])
    }
  })

  it('a member\'s escalation of the account ladder, sent with scope "account", is the same level: acked once, told never again', async () => {
    told.length = 0
    const esc: ProgressEvent = { id: 'esc:0:team-late:team:2', type: 'escalation', nudgeId: 'team-late', milestoneId: 'team', level: 2, notify: 'leadership', at: now, epoch: 0 }
    const r = await post('u3@acme', body('u3', j, [esc], { scope: 'account' }))
    expect(r.body).toMatchObject({ acked: [esc.id], rejected: [] })
    expect(told).toEqual([])
  })

  it('a batch that completes an account milestone tells its owners once', async () => {
    told.length = 0
    now = dayAt(13)
    await post('u2@acme', body('u2', j, [complete('c2', 'sso', dayAt(13))], { scope: 'account' }))
    await post('u3@acme', body('u3', j, [], { scope: 'account', progress: (await store.getProgress(j, 'acme', 'account'))! }))
    expect(told.map((n) => [n.kind, n.userId, n.kind === 'owner' && n.owner!.reason])).toEqual([['owner', 'acme', 'completed']])
    expect(await store.countNotices!(j, 'acme', 'owner', 0)).toBe(3)
  })
})

describe.each(STORES.filter((s) => s.name != 'memory'))('accounts under concurrency on the $name store', ({ make }) => {
  let store: SyncStore
  afterAll(() => store.close())

  it('members\' own batches, account batches and watch ticks at once: no 5xx but a retried 503, every step kept', async () => {
    store = make()
    const j = journeyId('accounts-race')
    const journey = journeyOf(j)
    let now = dayAt(8)
    const handler = createSyncHandler({ store, authorize, journeys: () => journey, now: () => now, log: () => {} })
    const watcher = createWatcher({ store, journeys: [journey], now: () => now, log: () => {} })
    const statuses: number[] = []
    /** Sends until it is not a 503 (what the client does), recording every answer. */
    const send = async (as: string, b: unknown) => {
      for (;;) {
        const status = (await handler(syncRequest(b, as))).status
        statuses.push(status)
        if (status != 503) return status
      }
    }
    /**
     * Ticks until a tick is not refused a connection by the saturated pool (`connectionTimeoutMillis`):
     * what `start()`'s loop does at its next interval (it logs the failed tick). Anything else fails.
     */
    const tick = async (): Promise<unknown> => {
      for (;;) {
        try {
          return await watcher.tick()
        } catch (error) {
          if (!/timeout exceeded when trying to connect/.test(String(error))) throw error
        }
      }
    }
    const members = ['m1', 'm2', 'm3']
    await Promise.all([
      ...members.flatMap((u) => Array.from({ length: 5 }, (_, i) => [
        send(`${u}@acme`, body(u, j, [track(`${u}-t${i}`, T0 + i)])),
        send(`${u}@acme`, body(u, j, [complete(`${u}-c${i}`, `${u}-s${i}`, T0 + i)], { scope: 'account' })),
      ]).flat()),
      tick(), tick().then(() => ((now = dayAt(10)), tick())),
    ])
    expect(statuses.filter((s) => s != 200 && s != 503)).toEqual([])
    const steps = Object.keys((await store.getProgress(j, 'acme', 'account'))!.steps).sort()
    expect(steps).toEqual(members.flatMap((u) => Array.from({ length: 5 }, (_, i) => `${u}-s${i}`)).sort())
    // One ladder for the account whatever the interleaving: at most levels 1 and 2, once each.
    expect(await store.countNotices!(j, 'acme', 'escalation', 0)).toBeLessThanOrEqual(2)
    for (const u of members) expect(await store.countNotices!(j, u, 'escalation', 0)).toBe(0)
  }, 60_000)
})

describe.each(STORES)('an account whose start moves, on the $name store', ({ make }) => {
  it('looks at the account again when a later member started earlier: its overdue ladder fires on the next tick', async () => {
    const store = make()
    const j = journeyId('accounts-start')
    // No start trait: the account starts with its earliest member.
    const journey: Journey = {
      version: 1, id: j, title: 'Team onboarding',
      milestones: [{ id: 'team', title: 'Your team is set up', scope: 'account', due: { day: 7 }, steps: [{ id: 'invite', title: 'Invite your team' }] }],
      nudges: [{ id: 'team-late', when: { missed: { milestone: 'team' } }, escalate: [{ afterDays: 0, notify: 'csm' }] }],
    }
    let now = dayAt(20)
    const told: Notice[] = []
    const handler = createSyncHandler({ store, authorize, journeys: () => journey, now: () => now, log: () => {} })
    const watcher = createWatcher({ store, journeys: [journey], now: () => now, onEscalation: (n) => void told.push(n), log: () => {} })
    const send = (as: string, userId: string, at: number) => handler(syncRequest(
      { protocol: 1, batchId: `b-${userId}-${at}`, userId, journeyId: j, events: [track(`${userId}-${at}`, at)], traits: {}, accountId: 'zeta' }, as))
    // The first member arrives on day 20: the account's team milestone is due on day 27.
    expect((await send('n1@zeta', 'n1', dayAt(20))).status).toBe(200)
    now = dayAt(20) + 60_000
    await watcher.tick()
    expect(told).toEqual([])
    // A teammate's device syncs what it did on day 0: the account started then, so the milestone
    // was due on day 7 and is overdue now.
    expect((await send('n2@zeta', 'n2', dayAt(0))).status).toBe(200)
    now += 60_000
    await watcher.tick()
    expect(told.map((n) => [n.userId, n.kind, n.event.type === 'escalation' && n.event.level])).toEqual([['zeta', 'escalation', 1]])
    await store.close()
  }, 60_000)
})

describe.each(STORES)('an account\'s traits on the $name store', ({ make }) => {
  it('are kept when a member\'s batch sends none, or `{}` (a teammate named with `account: { id }` alone)', async () => {
    const store = make()
    const j = journeyId('accounts-traits')
    const handler = createSyncHandler({ store, authorize, journeys: () => journeyOf(j), now: () => T0, log: () => {} })
    const post = async (as: string, b: unknown) => (await handler(syncRequest(b, as))).status
    const initech = { accountId: 'initech', accountTraits: { tier: 'pro' } }
    expect(await post('u5@initech', body('u5', j, [track('u5-t', T0)], initech))).toBe(200)
    expect(await post('u6@initech', body('u6', j, [track('u6-t', T0)], { ...initech, accountTraits: {} }))).toBe(200)
    expect((await store.getUser!(j, 'initech', 'account'))?.traits).toEqual({ tier: 'pro' })
    const { accountTraits: _, ...without } = body('u6', j, [track('u6-t2', T0)], initech)
    expect(await post('u6@initech', without)).toBe(200)
    expect((await store.getUser!(j, 'initech', 'account'))?.traits).toEqual({ tier: 'pro' })
    await store.close()
  }, 60_000)
})
