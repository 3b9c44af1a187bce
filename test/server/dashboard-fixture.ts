// A small data set whose figures are worked out by hand (docs/dashboard.md explains each rule):
// six users of a three-milestone journey seen at NOW = day 9 + 3 h, plus one user synced before the
// server knew the journey. Every time is a whole day or hour after T0, so the answers are round.
import { createSyncHandler } from '../../src/server'
import type { SyncStore } from '../../src/server'
import type { Journey, ProgressEvent } from '../../src/core/types'
import { T0, dayAt } from '../builders'

const H = 3_600_000
export const NOW = dayAt(9) + 3 * H

export const fixtureJourney = (id: string): Journey => ({
  version: 1, id, title: 'Figures fixture', start: { trait: 'signedUpAt' },
  milestones: [
    { id: 'connect', title: 'Connect your data', due: { day: 3 }, steps: [
      { id: 'c1', title: 'Open sources', completeWhen: { manual: true } },
      { id: 'c2', title: 'Add a source', completeWhen: { event: 'source.connected' } },
    ] },
    { id: 'report', title: 'First report', due: { day: 7 }, dependsOn: ['connect'], audience: { plan: { in: ['pro'] } }, steps: [
      { id: 'r1', title: 'Create a report', completeWhen: { event: 'report.created' } },
      { id: 'r2', title: 'Add a logo', optional: true },
    ] },
    { id: 'share', title: 'Share with the team', due: { day: 10 }, dependsOn: ['report'], steps: [
      { id: 's1', title: 'Invite a teammate', completeWhen: { event: 'user.invited' } },
    ] },
  ],
  nudges: [
    { id: 'report-stalled', when: { stalled: { milestone: 'report', days: 2 } }, card: { title: 'Need a hand with your report?' },
      escalate: [{ afterDays: 3, notify: 'csm' }, { afterDays: 5, notify: 'leadership' }] },
    { id: 'welcome', when: { day: { day: 1 } }, card: { title: 'Welcome aboard' } },
  ],
})

type Draft = { type: string; at: number } & Record<string, unknown>
const done = (stepId: string, at: number): Draft => ({ type: 'complete', stepId, at })
const track = (name: string, at: number, props?: Record<string, unknown>): Draft => ({ type: 'track', name, at, ...(props ? { props } : {}) })
const nudge = (nudgeId: string, action: string, at: number): Draft => ({ type: 'nudge', nudgeId, action, at })
/** The celebration's 1–5 answer (ui/controller.ts). */
const rate = (milestoneId: string, score: unknown, at: number): Draft => track('milestone:rated', at, { milestoneId, score })

/** The users: traits and what each did, by day after their own start. */
export const USERS: Array<{ id: string; plan: string; accountValue: number; start: number; events: (s: number) => Draft[] }> = [
  { id: 'u1', plan: 'pro', accountValue: 5000, start: T0, events: (s) => [
    done('c1', s + H), track('source.connected', dayAt(1, s)), track('report.created', dayAt(2, s)), done('r2', dayAt(2, s)),
    track('user.invited', dayAt(4, s)),
    track('step:delegated', dayAt(3, s), { stepId: 's1', to: 'sam@example.com', note: '=HYPERLINK("http://evil.test","click"), please' }),
    rate('connect', 5, dayAt(1, s) + H), rate('share', 4, dayAt(8, s)),
  ] },
  { id: 'u2', plan: 'pro', accountValue: 20000, start: T0, events: (s) => [
    { type: 'skip', stepId: 'c1', at: s }, track('source.connected', dayAt(2, s)), nudge('report-stalled', 'shown', dayAt(5, s)),
    track('report.created', dayAt(6, s)), rate('connect', 2, dayAt(2, s) + H), rate('connect', 4, dayAt(3, s)),
  ] },
  { id: 'u3', plan: 'pro', accountValue: 1000, start: T0, events: (s) => [
    done('c1', s), nudge('welcome', 'shown', dayAt(1, s)), nudge('report-stalled', 'shown', dayAt(3, s)),
    nudge('report-stalled', 'clicked', dayAt(3, s)),
    { type: 'escalation', nudgeId: 'report-stalled', milestoneId: 'report', level: 1, notify: 'csm', at: dayAt(5, s) },
    { type: 'escalation', nudgeId: 'report-stalled', milestoneId: 'report', level: 2, notify: 'leadership', at: dayAt(7, s) },
  ] },
  { id: 'u4', plan: 'starter', accountValue: 3000, start: dayAt(2), events: (s) => [
    done('c1', s), track('source.connected', dayAt(1, s)), nudge('welcome', 'shown', s + 36 * H), track('user.invited', dayAt(3, s)),
    rate('connect', 3, dayAt(1, s) + H), rate('report', 9, dayAt(1, s) + H),
  ] },
  { id: 'u5', plan: 'pro', accountValue: 8000, start: T0, events: (s) => [{ type: 'session', sessionId: 'u5-s1', at: s }] },
  { id: 'u6', plan: 'starter', accountValue: 50000, start: dayAt(5), events: (s) => [
    done('c1', s + 12 * H), nudge('welcome', 'shown', dayAt(1, s)), nudge('welcome', 'dismissed', dayAt(1, s)), rate('connect', '5', dayAt(1, s)),
  ] },
]

export const traitsOf = (u: (typeof USERS)[number]) => ({ signedUpAt: new Date(u.start).toISOString(), plan: u.plan, accountValue: u.accountValue })

export const eventsOf = (u: (typeof USERS)[number]): ProgressEvent[] =>
  u.events(u.start).map((e, i) => ({ id: `${u.id}-e${i}`, ...e }) as unknown as ProgressEvent)

/** Sends every user's events through the sync handler at NOW (so the store writes their facts), and u7 without the journey. */
export const seedFixture = async (store: SyncStore, journey: Journey): Promise<void> => {
  const admin = () => ({ userId: 'seed', role: 'admin' })
  const handler = createSyncHandler({ store, authorize: admin, journeys: (id) => (id === journey.id ? journey : undefined), now: () => NOW, log: (m, e) => console.error(m, e) })
  const blind = createSyncHandler({ store, authorize: admin, now: () => NOW, log: () => {} })
  const post = async (h: typeof handler, userId: string, events: ProgressEvent[], traits: object) => {
    const response = await h(new Request('http://127.0.0.1/api/milepost/sync', {
      method: 'POST', headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ protocol: 1, batchId: `${userId}-b`, userId, journeyId: journey.id, events, traits }),
    }))
    if (response.status !== 200) throw new Error(`seeding ${userId}: ${response.status} ${await response.text()}`)
  }
  for (const u of USERS) await post(handler, u.id, eventsOf(u), traitsOf(u))
  await post(blind, 'u7', [{ id: 'u7-e0', type: 'complete', stepId: 'c1', at: T0 }], { plan: 'pro', signedUpAt: new Date(T0).toISOString() })
}

// acme: u1 (done) and u3 (connect 6 days overdue, escalated to level 2); globex: u5 (connect 6 days overdue) and
// u6 (connect 1 day overdue); hooli: u2 (share amber); initech: u4 (nothing at risk). Values 20,000, 1,000,
// 500,000 and 99,999. Rank = value × days late: acme 120,000, globex 6,000; hooli is amber (0), initech not listed.
export const ACCOUNTS: Record<string, { members: string[]; traits: Record<string, unknown> }> = {
  acme: { members: ['u1', 'u3'], traits: { name: 'Acme', value: 20000, plan: 'pro' } },
  globex: { members: ['u5', 'u6'], traits: { name: 'Globex', value: 1000, plan: 'starter' } },
  hooli: { members: ['u2'], traits: { name: 'Hooli', value: 500000, plan: 'pro' } },
  initech: { members: ['u4'], traits: { value: 99999 } },
}

/**
 * Puts the fixture's users in ACCOUNTS as the server stores accounts (milepost_users.account_id,
 * milepost_accounts), after seedFixture: the figures' hand-worked answers stay those of the users alone.
 */
export const seedAccounts = async (store: SyncStore, journey: Journey): Promise<void> => {
  const q = store.query!
  for (const [id, a] of Object.entries(ACCOUNTS)) {
    await q('UPDATE milepost_users SET account_id = $3 WHERE journey_id = $1 AND user_id = ANY ($2::text[])', [journey.id, a.members, id])
    await q('INSERT INTO milepost_accounts (journey_id, account_id, traits, updated_at) VALUES ($1, $2, $3::jsonb, $4)',
      [journey.id, id, JSON.stringify(a.traits), NOW])
  }
}
