// simulate(): the engine run once a day for one user, with shows and escalations fed back in.
import { describe, expect, it } from 'vitest'
import { simulate, withSessions } from '../../src/cli/simulation'
import type { SimulatedDay } from '../../src/cli/simulation'
import { evaluate, emptyProgress, foldEvents, validateJourney } from '../../src/core/index'
import type { Journey, ProgressEvent } from '../../src/core/index'
import { aJourney, aMilestone, aNudge, aStep, DAY_MS, dayAt, T0 } from '../builders'
import { recipe } from './helpers'

const load = (name: string): Journey => validateJourney(JSON.parse(recipe(name))).journey!
let seq = 0
const on = (day: number, e: Record<string, unknown>) => ({ id: `e${++seq}`, at: dayAt(day), ...e }) as ProgressEvent
const track = (day: number, name: string, props?: Record<string, unknown>) => on(day, { type: 'track', name, ...(props ? { props } : {}) })

/** Day → what fired that day, for the days something did. */
const cards = (days: SimulatedDay[]) => Object.fromEntries(days.filter((d) => d.card).map((d) => [d.day, d.card!.id]))
const fired = (days: SimulatedDay[]) =>
  days.flatMap((d) => d.escalations.map((e) => [d.day, e.nudge.id, e.level.level, e.level.notify] as const))
const status = (d: SimulatedDay, id: string) => d.state.milestones.find((m) => m.id == id)

describe('the stalled-recovery recipe', () => {
  const journey = load('stalled-recovery.json')
  // Setup done on days 1–2, a draft on day 3, then nothing: the first campaign stalls from day 5.
  const events = [
    track(1, 'domain.added'), track(1, 'domain.verified'), track(2, 'contacts.imported'),
    on(3, { type: 'url', url: '/campaigns/42/edit' }),
  ]
  const days = simulate(journey, { start: T0, days: 14, traits: { signedUpAt: new Date(T0).toISOString() }, events })

  it('climbs the ladder: day +1 in-app, day +3 the CSM, day +5 leadership, each once', () => {
    expect(fired(days)).toEqual([
      [6, 'campaign-stalled', 1, 'in-app'],
      [8, 'campaign-stalled', 2, 'csm'],
      [10, 'campaign-stalled', 3, 'leadership'],
    ])
  })

  it('shows the first card when the stall is seen, the second touch from day +1, within their caps', () => {
    // The second touch (priority 10) wins while it may show (maxShows 3); the first card then has one show left (maxShows 2).
    expect(cards(days)).toEqual({ 5: 'campaign-stalled', 6: 'campaign-stalled-second-touch', 7: 'campaign-stalled-second-touch',
      8: 'campaign-stalled-second-touch', 9: 'campaign-stalled' })
  })

  it('turns the milestone red the day after its due (day 7), with the reason', () => {
    expect(status(days[7]!, 'first-campaign')).toMatchObject({ status: 'at-risk', colour: 'amber' })
    expect(status(days[8]!, 'first-campaign')).toMatchObject({ status: 'overdue', colour: 'red', reason: '1 day overdue' })
    expect(status(days[2]!, 'connect-domain')).toMatchObject({ status: 'done', colour: 'green', reason: 'Done' })
  })

  it('computes each day exactly as evaluate does on the same events', () => {
    for (const d of [days[0]!, days[4]!, days[9]!]) {
      const p = foldEvents({ ...emptyProgress('simulated-user'), firstSeen: T0, lastSeen: T0 }, events.filter((e) => e.at <= d.at))
      const direct = evaluate(journey, p, { now: d.at, traits: { signedUpAt: new Date(T0).toISOString() } })
      expect(d.state.milestones).toEqual(direct.milestones)
      expect(d.state.nudges.map((n) => n.id)).toEqual(direct.nudges.map((n) => n.id))
    }
  })

  it('does not fire a level again when the milestone moves and stalls again', () => {
    const more = [...events, on(7, { type: 'track', name: 'campaign.test_sent' })]
    const again = simulate(journey, { start: T0, days: 20, traits: {}, events: more })
    // A step on day 7 ends the stall; stalled again from day 9. Level 1 fired on day 6 already,
    // so it is not sent again: level 2 comes at day 9 + 3, level 3 at day 9 + 5.
    expect(fired(again)).toEqual([[6, 'campaign-stalled', 1, 'in-app'], [12, 'campaign-stalled', 2, 'csm'], [14, 'campaign-stalled', 3, 'leadership']])
  })
})

describe('the implementation-project recipe', () => {
  const journey = load('implementation-project.json')
  const events = [
    track(2, 'project.admin_confirmed'), track(5, 'workspace.provisioned'), on(8, { type: 'url', url: '/admin/home' }),
    track(12, 'sso.configured'), track(20, 'data.imported'), on(28, { type: 'url', url: '/settings/roles' }),
  ]
  const days = simulate(journey, { start: T0, days: 50, traits: {}, events })

  it('reminds before each due: delivery 3 days, setup 5 days, training 7 days before', () => {
    expect(fired(days)).toEqual([
      [7, 'delivery-reminder', 1, 'implementation-manager'],
      [25, 'setup-reminder', 1, 'implementation-manager'],
      [38, 'training-reminder', 1, 'implementation-manager'],
      // A missed milestone's ladder counts from its due (day 45); it holds from the first moment after.
      [46, 'project-late', 1, 'implementation-manager'],
      [48, 'project-late', 2, 'csm'],
    ])
    // Each reminder card shows from its day until the milestone is done (delivery on day 8, setup on day 28).
    expect(cards(days)).toEqual({
      7: 'delivery-reminder', 25: 'setup-reminder', 26: 'setup-reminder', 27: 'setup-reminder',
      ...Object.fromEntries([38, 39, 40, 41, 42, 43, 44, 45].map((d) => [d, 'training-reminder'])),
      ...Object.fromEntries([46, 47, 48, 49, 50].map((d) => [d, 'project-late'])),
    })
  })

  it('finishes delivery and setup on time, and marks training late', () => {
    expect(status(days[8]!, 'workspace-delivered')?.status).toBe('done')
    expect(status(days[28]!, 'account-set-up')?.status).toBe('done')
    expect(status(days[46]!, 'team-trained')).toMatchObject({ status: 'overdue', reason: '1 day overdue' })
    expect(days[46]!.state.slipDays).toBe(1)
  })
})

describe('the segment-plans recipe', () => {
  const journey = load('segment-plans.json')
  const run = (traits: Record<string, string | number>) => simulate(journey, { start: T0, days: 5, traits, events: [] })

  it('gives each segment its own milestones', () => {
    const ids = (traits: Record<string, string | number>) => run(traits)[0]!.state.milestones.map((m) => m.id)
    expect(ids({ plan: 'free', role: 'member' })).toEqual(['first-project', 'personal-setup'])
    expect(ids({ plan: 'pro', role: 'admin' })).toEqual(['first-project', 'invite-team'])
    expect(ids({ plan: 'enterprise', role: 'owner', accountValue: 120000 })).toEqual(['first-project', 'invite-team', 'sso-rollout', 'onboarding-call'])
  })

  it('gives guest permissions only to paid plans', () => {
    const steps = (plan: string) => run({ plan, role: 'admin' })[0]!.state.milestones[1]!.steps.map((s) => s.id)
    expect(steps('free')).toEqual(['invite-members'])
    expect(steps('pro')).toEqual(['invite-members', 'set-permissions'])
  })

  it('sends strategic accounts to a person and the others to self-serve help', () => {
    const strategic = run({ plan: 'enterprise', role: 'admin', accountValue: 120000 })
    expect(cards(strategic)).toEqual({ 2: 'project-stalled-strategic', 3: 'project-stalled-strategic', 4: 'project-stalled-strategic', 5: 'project-stalled-strategic' })
    expect(fired(strategic)).toEqual([[3, 'project-stalled-strategic', 1, 'csm']])
    const small = run({ plan: 'pro', role: 'admin', accountValue: 800 })
    expect(cards(small)).toEqual({ 2: 'project-stalled-self-serve', 3: 'project-stalled-self-serve' })
    expect(fired(small)).toEqual([])
  })
})

describe('simulate', () => {
  const journey = aJourney({
    milestones: [aMilestone({ id: 'm1', due: { day: 4 }, steps: [aStep({ id: 's1', completeWhen: { event: 'done' } })] })],
    nudges: [aNudge({ id: 'n1', when: { day: { day: 1 } }, everyDays: 2, maxShows: 3 })],
  })

  it('evaluates day N at exactly N × 24 h after day 0, from day 0 to the last day', () => {
    const days = simulate(journey, { start: T0, days: 3, traits: {}, events: [] })
    expect(days.map((d) => [d.day, d.at, d.state.day])).toEqual([[0, T0, 0], [1, dayAt(1), 1], [2, dayAt(2), 2], [3, dayAt(3), 3]])
  })

  it('takes day 0 from the start trait when it is a date, else from the start given', () => {
    const nine = T0 + 9 * 3_600_000
    expect(simulate(journey, { start: T0, days: 0, traits: { signedUpAt: new Date(nine).toISOString() }, events: [] })[0]!.at).toBe(nine)
    expect(simulate(journey, { start: T0, days: 0, traits: { signedUpAt: 'soon' }, events: [] })[0]!.at).toBe(T0)
  })

  it('counts each card shown for everyDays and maxShows on later days', () => {
    expect(Object.keys(cards(simulate(journey, { start: T0, days: 10, traits: {}, events: [] })))).toEqual(['1', '3', '5'])
  })

  it('applies an event on the day it happens at or before the moment evaluated', () => {
    const days = simulate(journey, { start: T0, days: 3, traits: {}, events: [track(2, 'done'), track(2.5, 'other')] })
    expect(days.map((d) => d.state.milestones[0]!.done)).toEqual([false, false, true, true])
    const half = simulate(journey, { start: T0, days: 3, traits: {}, events: [track(1.5, 'done')] })
    expect(half.map((d) => d.state.milestones[0]!.done)).toEqual([false, false, true, true])
  })

  it('keeps a card away while the user snoozed or dismissed it', () => {
    const snoozed = on(1.2, { type: 'nudge', nudgeId: 'n1', action: 'snoozed', until: dayAt(4.5) })
    expect(Object.keys(cards(simulate(journey, { start: T0, days: 8, traits: {}, events: [snoozed] })))).toEqual(['1', '5', '7'])
    const dismissed = on(1.2, { type: 'nudge', nudgeId: 'n1', action: 'dismissed' })
    expect(Object.keys(cards(simulate(journey, { start: T0, days: 8, traits: {}, events: [dismissed] })))).toEqual(['1'])
  })

  it("does not count its own records as the user's activity", () => {
    const quiet = aJourney({ nudges: [aNudge({ id: 'away', when: { inactive: { days: 3 } }, escalate: [{ afterDays: 0, notify: 'csm' }] })] })
    const days = simulate(quiet, { start: T0, days: 6, traits: {}, events: [on(1, { type: 'session', sessionId: 'a' })] })
    expect(cards(days)).toEqual({ 4: 'away', 5: 'away', 6: 'away' })
    expect(fired(days)).toEqual([[4, 'away', 1, 'csm']])
  })

  it('starts a session for an action after 30 minutes idle, as the browser does', () => {
    const minutes = (m: number) => m * 60_000
    const events = [track(1, 'a'), on(1 + minutes(20) / DAY_MS, { type: 'track', name: 'b' }), on(1.5, { type: 'session', sessionId: 'visit' }),
      on(1.5 + minutes(10) / DAY_MS, { type: 'url', url: '/x' }), on(3, { type: 'escalation', nudgeId: 'n', level: 1 }), track(3, 'c')]
    expect(withSessions(events).filter((e) => e.type == 'session').map((e) => [e.at, 'sessionId' in e && e.sessionId]))
      .toEqual([[dayAt(1), `sim-${events[0]!.id}`], [dayAt(1.5), 'visit'], [dayAt(3), `sim-${events[5]!.id}`]])
  })

  it('so "repeated logins without progress" sees the sessions of a user who acts', () => {
    const logins = aJourney({ nudges: [aNudge({ id: 'logins', when: { sessionsWithoutProgress: { count: 2 } } })] })
    const days = simulate(logins, { start: T0, days: 3, traits: {}, events: [track(1, 'looked'), track(2, 'looked.again')] })
    expect(cards(days)).toEqual({ 2: 'logins', 3: 'logins' })
  })

  it('leaves events after the last day out', () => {
    const days = simulate(journey, { start: T0, days: 2, traits: {}, events: [track(2 + 1 / DAY_MS, 'done')] })
    expect(days.at(-1)!.state.milestones[0]!.done).toBe(false)
  })
})
