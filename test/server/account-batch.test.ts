// An account's batch (`scope: "account"`) on every store: it holds only what is the account's by
// `accountScoped` (docs/sync-protocol.md "Accounts"), and the notices it makes are told with the
// account's kept traits, as the watch tells them (docs/watch.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHandler } from '../../src/server'
import type { Notice, SyncHandler, SyncStore } from '../../src/server'
import type { Journey, ProgressEvent } from '../../src/core/types'
import { dayAt, T0 } from '../builders'
import { STORES, journeyId, memberAuthorize, syncRequest } from './fixtures'

const authorize = memberAuthorize

const journeyOf = (id: string): Journey => ({
  version: 1, id, title: 'Team onboarding', start: { trait: 'signedUpAt' },
  milestones: [
    { id: 'team', title: 'Your team is set up', scope: 'account', due: { day: 7 },
      steps: [{ id: 'invite', title: 'Invite your team' }, { id: 'own-profile', title: 'Fill in your profile', scope: 'user' }] },
    { id: 'profile', title: 'Your profile', due: { day: 3 }, steps: [{ id: 'photo', title: 'Add a photo' }] },
    // Enterprise accounts only: its audience reads the account's traits.
    { id: 'sso', title: 'SSO for enterprise', scope: 'account', due: { day: 5 }, owner: 'csm', audience: { 'account.tier': 'enterprise' },
      steps: [{ id: 'sso-on', title: 'Turn on SSO' }] },
  ],
  nudges: [
    { id: 'profile-late', when: { missed: { milestone: 'profile' } }, card: { title: 'Add your photo' },
      escalate: [{ afterDays: 0, notify: 'manager' }] },
    { id: 'sso-late', when: { missed: { milestone: 'sso' } }, audience: { 'account.tier': 'enterprise' },
      escalate: [{ afterDays: 0, notify: 'csm' }] },
  ],
})

const signedUp = { signedUpAt: new Date(T0).toISOString() }
let seq = 0
const body = (userId: string, j: string, events: ProgressEvent[], over: Record<string, unknown> = {}) =>
  ({ protocol: 1, batchId: `ab${++seq}`, userId, journeyId: j, events, traits: signedUp, accountId: 'acme', ...over })
const complete = (id: string, stepId: string, at: number): ProgressEvent => ({ id, type: 'complete', stepId, at })
const skip = (id: string, stepId: string, at: number): ProgressEvent => ({ id, type: 'skip', stepId, at })
const track = (id: string, at: number): ProgressEvent => ({ id, type: 'track', name: 'seen', at })

describe.each(STORES)('an account batch on the $name store', ({ make }) => {
  let store: SyncStore
  let handler: SyncHandler
  let now = T0
  const told: Notice[] = []
  const j = journeyId('account-batch')
  const journey = journeyOf(j)
  const post = async (as: string, b: unknown) => {
    const response = await handler(syncRequest(b, as))
    return { status: response.status, body: await response.json() }
  }

  beforeAll(async () => {
    store = make()
    handler = createSyncHandler({
      store, authorize, journeys: (id) => (id === j ? journey : undefined), now: () => now, log: () => {},
      onOwner: (n) => void told.push(n), onEscalation: (n) => void told.push(n),
    })
    // u1 names the account's traits; u2 joins without them (the server keeps u1's).
    expect((await post('u1@acme', body('u1', j, [track('u1-t', T0)], { accountTraits: { tier: 'enterprise', value: 7 } }))).status).toBe(200)
    expect((await post('u2@acme', body('u2', j, [track('u2-t', T0)]))).status).toBe(200)
  }, 60_000)
  afterAll(() => store.close())

  it('refuses a member\'s own steps and ladders in the account\'s document, each with its reason, and keeps the account\'s', async () => {
    now = dayAt(1)
    const nudge: ProgressEvent = { id: 'n1', type: 'nudge', nudgeId: 'profile-late', action: 'shown', at: now }
    const esc: ProgressEvent = { id: 'esc:0:profile-late:profile:1', type: 'escalation', nudgeId: 'profile-late', milestoneId: 'profile', level: 1, notify: 'manager', at: now, epoch: 0 }
    const r = await post('u1@acme', body('u1', j, [
      complete('c-own', 'own-profile', now), complete('c-photo', 'photo', now), skip('s-photo', 'photo', now),
      complete('c-gone', 'no-such-step', now), nudge, esc, complete('c-invite', 'invite', now),
    ], { scope: 'account' }))
    expect(r.status).toBe(200)
    // A step the server's journey does not know (a client on a newer journey file) is taken, as in a user's batch.
    expect(r.body.acked).toEqual(['c-gone', 'c-invite'])
    expect(r.body.rejected).toEqual([
      { id: 'c-own', reason: 'complete: step "own-profile" is not an account-scope step of this journey: send it in the user\'s batches' },
      { id: 'c-photo', reason: 'complete: step "photo" is not an account-scope step of this journey: send it in the user\'s batches' },
      { id: 's-photo', reason: 'skip: step "photo" is not an account-scope step of this journey: send it in the user\'s batches' },
      { id: 'n1', reason: 'nudge: not about an account milestone: send it in the user\'s batches' },
      { id: esc.id, reason: 'escalation: not about an account milestone: send it in the user\'s batches' },
    ])
    expect(Object.keys(r.body.progress.steps).sort()).toEqual(['invite', 'no-such-step'])
    const account = (await store.getProgress(j, 'acme', 'account'))!
    expect([Object.keys(account.steps).sort(), Object.keys(account.nudges), Object.keys(account.escalations)]).toEqual([['invite', 'no-such-step'], [], []])
    // The member's own step stays open for the other member.
    expect((await store.getProgress(j, 'u2'))?.steps ?? {}).toEqual({})
  })

  it('refuses them from an admin too: it is about which document, not who may write', async () => {
    const r = await post('admin:support', body('support', j, [complete('a-photo', 'photo', now)], { scope: 'account' }))
    expect([r.body.acked, r.body.rejected.map((x: { id: string }) => x.id)]).toEqual([[], ['a-photo']])
    expect(Object.keys((await store.getProgress(j, 'acme', 'account'))!.steps).sort()).toEqual(['invite', 'no-such-step'])
  })

  it('still takes them in the member\'s own batch', async () => {
    const r = await post('u2@acme', body('u2', j, [complete('u2-photo', 'photo', now), complete('u2-own', 'own-profile', now)]))
    expect([r.body.acked, r.body.rejected]).toEqual([['u2-photo', 'u2-own'], []])
  })

  it('checks an account batch\'s escalation against the account\'s kept traits, not traits the batch brings', async () => {
    now = dayAt(1)
    const esc: ProgressEvent = { id: 'esc:0:sso-late:sso:1', type: 'escalation', nudgeId: 'sso-late', milestoneId: 'sso', level: 1, notify: 'csm', at: now, epoch: 0 }
    const r = await post('u2@acme', body('u2', j, [esc], { scope: 'account', accountTraits: { tier: 'enterprise', signedUpAt: '2000-01-01T00:00:00Z' } }))
    expect([r.body.acked, r.body.rejected]).toEqual([[], [{ id: esc.id, reason: 'escalation: level 1 of sso-late is not due for this user by the server\'s evaluation' }]])
  })

  it('refuses another event that takes an escalation\'s id, which would make the level a duplicate never told', async () => {
    // Ids no batch sent before (an id seen once is a duplicate, whatever it carries).
    const squat = { id: 'esc:0:sso-late:sso:2', type: 'skip', stepId: 'no-such-step', at: now } as ProgressEvent
    const own = { id: 'esc:0:profile-late:profile:2', type: 'track', name: 'seen', at: now } as ProgressEvent
    const reason = 'id: "esc:" begins only an escalation\'s id'
    expect((await post('u1@acme', body('u1', j, [squat], { scope: 'account' }))).body.rejected).toEqual([{ id: squat.id, reason }])
    expect((await post('u1@acme', body('u1', j, [own]))).body.rejected).toEqual([{ id: own.id, reason }])
  })

  it('tells an account batch\'s escalation with the account\'s kept traits, its members and its milestone (audience on account.*)', async () => {
    told.length = 0
    now = dayAt(6)
    // Stamped by a clock far behind: kept no earlier than the level fell due (the webhook describes it as of then).
    const esc: ProgressEvent = { id: 'esc:0:sso-late:sso:1', type: 'escalation', nudgeId: 'sso-late', milestoneId: 'sso', level: 1, notify: 'csm', at: 1, epoch: 0 }
    const r = await post('u2@acme', body('u2', j, [esc], { scope: 'account' }))
    expect([r.body.acked, r.body.rejected]).toEqual([[esc.id], []])
    expect(Object.values((await store.getProgress(j, 'acme', 'account'))!.escalations)[0]).toBeGreaterThanOrEqual(dayAt(5))
    // The batch also finds the milestone overdue: its owner is told too, with the same context.
    expect(told.map((n) => [n.kind, n.userId, n.account, n.members, n.milestone?.id, n.milestone?.status])).toEqual([
      ['escalation', 'acme', { id: 'acme', traits: { tier: 'enterprise', value: 7 } }, ['u1', 'u2'], 'sso', 'overdue'],
      ['owner', 'acme', { id: 'acme', traits: { tier: 'enterprise', value: 7 } }, ['u1', 'u2'], 'sso', 'overdue'],
    ])
  })

  it('tells the owner of an account milestone (audience on account.*) completed by an account batch, with that milestone', async () => {
    told.length = 0
    const r = await post('u1@acme', body('u1', j, [complete('c-sso', 'sso-on', now)], { scope: 'account' }))
    expect(r.body.acked).toEqual(['c-sso'])
    const owners = told.filter((n) => n.kind === 'owner')
    expect(owners.map((n) => [n.userId, n.owner?.reason, n.account, n.milestone?.id, n.milestone?.status])).toEqual([
      ['acme', 'completed', { id: 'acme', traits: { tier: 'enterprise', value: 7 } }, 'sso', 'done'],
    ])
  })

  it('takes from an account batch\'s document only what the account\'s events may hold', async () => {
    const pushed = { v: 1, userId: 'acme', epoch: 0, firstSeen: T0, lastSeen: now,
      steps: { photo: { done: now }, 'own-profile': { done: now }, 'sso-on': { skipped: now } },
      tracks: { seen: [{ id: 'p-t', at: now }] }, urls: { '/x': now }, clicks: {}, visible: {}, sessions: { s9: now },
      nudges: { 'profile-late': { shown: {}, dismissed: now }, 'sso-late': { shown: {}, clicked: now } }, escalations: {} }
    expect((await post('u1@acme', body('u1', j, [], { scope: 'account', progress: pushed }))).status).toBe(200)
    const account = (await store.getProgress(j, 'acme', 'account'))!
    // The account's own step and nudge are taken; the member's own, and their hits, pages and sessions, are not.
    expect([account.steps['sso-on']?.skipped, account.nudges['sso-late']?.clicked]).toEqual([now, now])
    expect([account.steps.photo, account.steps['own-profile'], account.nudges['profile-late'], account.tracks, account.urls, account.sessions])
      .toEqual([undefined, undefined, undefined, {}, {}, {}])
  })
})
