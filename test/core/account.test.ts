import { describe, expect, it } from 'vitest'
import { accountScoped, applyEvent, emptyProgress, evaluate, nextChange, validateJourney, withAccountTraits } from '../../src/core/index'
import type { Journey, Progress, ProgressEvent } from '../../src/core/types'
import { aJourney, aMilestone, aNudge, anEvent, aStep, dayAt, T0, traits } from '../builders'

// "team" is shared by the account (due day 7 from the account's start); "profile" is each person's.
const journey: Journey = aJourney({
  milestones: [
    aMilestone({ id: 'team', scope: 'account', due: { day: 7 }, steps: [aStep({ id: 'invite' }), aStep({ id: 'own-avatar', scope: 'user' })] }),
    aMilestone({ id: 'profile', due: { day: 3 }, steps: [aStep({ id: 'photo' }), aStep({ id: 'billing', scope: 'account' })] }),
  ],
  nudges: [
    aNudge({ id: 'team-late', when: { missed: { milestone: 'team' } }, escalate: [{ afterDays: 0, notify: 'csm' }, { afterDays: 2, notify: 'leadership' }] }),
    aNudge({ id: 'profile-late', when: { missed: { milestone: 'profile' } }, escalate: [{ afterDays: 0, notify: 'csm' }] }),
  ],
})
const docOf = (id: string, ...events: ProgressEvent[]): Progress => events.reduce(applyEvent, emptyProgress(id))
const done = (stepId: string, day: number) => anEvent({ type: 'complete', stepId, at: dayAt(day) })
const account = (progress: Progress, t: Record<string, string> = {}) => ({ id: 'acme', progress, traits: t })
/** A member who signed up on `signedUp` (a day number). */
const member = (signedUp: number) => traits({ signedUpAt: new Date(dayAt(signedUp)).toISOString() })
const step = (s: ReturnType<typeof evaluate>, id: string) => s.milestones.flatMap((m) => m.steps).find((x) => x.id == id)!

describe('accountScoped: which document an event belongs in', () => {
  it.each([
    ['a complete of a step of an account milestone', { type: 'complete', stepId: 'invite' }, true],
    ['a skip of it', { type: 'skip', stepId: 'invite' }, true],
    ['a user-scope step inside an account milestone', { type: 'complete', stepId: 'own-avatar' }, false],
    ['an account-scope step inside a user milestone', { type: 'complete', stepId: 'billing' }, true],
    ['a user step', { type: 'complete', stepId: 'photo' }, false],
    ['an unknown step', { type: 'complete', stepId: 'nope' }, false],
    ['a show of a nudge about an account milestone', { type: 'nudge', nudgeId: 'team-late' }, true],
    ['a show of a nudge about a user milestone', { type: 'nudge', nudgeId: 'profile-late' }, false],
    ['an escalation about an account milestone', { type: 'escalation', nudgeId: 'team-late', milestoneId: 'team' }, true],
    ['an escalation without its milestone reads it from the nudge', { type: 'escalation', nudgeId: 'team-late' }, true],
    ['an escalation about a user milestone', { type: 'escalation', nudgeId: 'profile-late', milestoneId: 'profile' }, false],
    ['a track (the "Ask a teammate" record stays the asker\'s)', { type: 'track', stepId: 'invite' }, false],
    ['a url visit', { type: 'url' }, false],
    ['a reset', { type: 'reset' }, false],
  ])('%s → %s', (_, event, expected) => {
    expect(accountScoped(journey, event)).toBe(expected)
  })
})

describe('evaluate with an account', () => {
  it('an account step another member did is done for this member; a user step is not', () => {
    const shared = docOf('acme', done('invite', 1), done('own-avatar', 1), done('photo', 1))
    const s = evaluate(journey, docOf('u2'), { now: dayAt(2), traits: member(0), account: account(shared) })
    expect([step(s, 'invite').done, step(s, 'invite').doneAt, step(s, 'own-avatar').done, step(s, 'photo').done]).toEqual([true, dayAt(1), false, false])
    expect(s.account).toEqual({ id: 'acme' })
  })

  it('the union of both documents: done by this user before the step was shared still counts, at the earlier time', () => {
    const s = evaluate(journey, docOf('u2', done('invite', 1)), { now: dayAt(4), traits: member(0), account: account(docOf('acme', done('invite', 3))) })
    expect(step(s, 'invite').doneAt).toBe(dayAt(1))
  })

  it('the whole milestone is done for every member once the account has done its account steps and each did their own', () => {
    const shared = docOf('acme', done('invite', 1))
    const a = evaluate(journey, docOf('u1', done('own-avatar', 1)), { now: dayAt(2), traits: member(0), account: account(shared) })
    const b = evaluate(journey, docOf('u2'), { now: dayAt(2), traits: member(0), account: account(shared) })
    expect([a.milestones[0]!.done, b.milestones[0]!.done]).toEqual([true, false])
  })

  it('"Ask a teammate": a step the requester handed over is done for them once the teammate does it', () => {
    const asked = docOf('u1', anEvent({ type: 'track', name: 'step:delegated', props: { stepId: 'invite', to: 'sam@acme.test' }, at: dayAt(1) }))
    const before = evaluate(journey, asked, { now: dayAt(2), traits: member(0), account: account(docOf('acme')) })
    // Sam (another member) completes it: the complete goes to the account's document.
    const after = evaluate(journey, asked, { now: dayAt(3), traits: member(0), account: account(docOf('acme', done('invite', 2))) })
    expect([step(before, 'invite').handedTo, step(before, 'invite').done]).toEqual(['sam@acme.test', false])
    expect([step(after, 'invite').handedTo, step(after, 'invite').done, step(after, 'invite').doneAt]).toEqual(['sam@acme.test', true, dayAt(2)])
  })

  it('a skip in the account document skips the step for every member', () => {
    const s = evaluate(journey, docOf('u2'), { now: dayAt(2), traits: member(0), account: account(docOf('acme', anEvent({ type: 'skip', stepId: 'billing', at: dayAt(1) }))) })
    expect([step(s, 'billing').skipped, step(s, 'billing').done]).toEqual([true, false])
  })

  it('an account milestone is due from the account trait named by the journey start, a user milestone from the user\'s', () => {
    // The member signed up on day 5; the account was created on day 0.
    const s = evaluate(journey, docOf('u2'), { now: dayAt(6), traits: member(5), account: account(docOf('acme'), { signedUpAt: new Date(T0).toISOString() }) })
    expect([s.milestones[0]!.dueAt, s.milestones[1]!.dueAt, s.startedAt]).toEqual([dayAt(7), dayAt(8), dayAt(5)])
  })

  it('without the trait, an account milestone is due from the account document\'s first activity', () => {
    const shared = { ...docOf('acme'), firstSeen: dayAt(2) }
    const s = evaluate(journey, docOf('u2'), { now: dayAt(6), traits: member(5), account: account(shared) })
    expect(s.milestones[0]!.dueAt).toBe(dayAt(9))
  })

  it('the same day for every member, whatever their own start: one account milestone is due once', () => {
    const shared = { ...docOf('acme'), firstSeen: dayAt(3) }
    const due = (u: string, start: number) => evaluate(journey, docOf(u), { now: dayAt(6), traits: member(start), account: account(shared) }).milestones[0]!.dueAt
    expect([due('u1', 1), due('u2', 5)]).toEqual([dayAt(10), dayAt(10)])
  })

  it('with an empty account document (an account the server has not seen yet), from the user\'s first activity, as the server stamps the account with its first member\'s', () => {
    // Signed up on day 0 (the start trait), first seen by Milepost on day 10, with an account new
    // today: its milestone is due on day 17 on the server, so not "3 days overdue" here.
    const s = evaluate(journey, { ...docOf('u2'), firstSeen: dayAt(10) }, { now: dayAt(10), traits: member(0), account: account(docOf('acme')) })
    expect([s.milestones[0]!.dueAt, s.milestones[0]!.status]).toEqual([dayAt(17), 'on-track'])
  })

  it('and with an empty account document and no activity of the user\'s, from the user\'s own start', () => {
    const s = evaluate(journey, docOf('u2'), { now: dayAt(6), traits: member(5), account: account(docOf('acme')) })
    expect(s.milestones[0]!.dueAt).toBe(dayAt(12))
  })

  it('without an account, account scope reads as the user\'s own', () => {
    const s = evaluate(journey, docOf('u2', done('invite', 1)), { now: dayAt(2), traits: member(0) })
    expect([step(s, 'invite').done, s.milestones[0]!.dueAt, s.account]).toEqual([true, dayAt(7), undefined])
  })

  it('a nudge about an account milestone reads its ladder from the account document: recorded once, pending for nobody', () => {
    const late = { now: dayAt(8.5), traits: member(0) }
    const esc = anEvent({ id: 'esc:0:team-late:team:1', type: 'escalation', nudgeId: 'team-late', milestoneId: 'team', level: 1, at: dayAt(8) })
    const before = evaluate(journey, docOf('u2'), { ...late, account: account(docOf('acme')) })
    const after = evaluate(journey, docOf('u2'), { ...late, account: account(docOf('acme', esc)) })
    const ladder = (s: ReturnType<typeof evaluate>) => s.nudges.find((n) => n.id == 'team-late')!.escalations.map((e) => e.pending)
    expect([ladder(before), ladder(after)]).toEqual([[true, false], [false, false]])
  })

  it('a nudge dismissed by one member is dismissed for the account', () => {
    const j = aJourney({ milestones: journey.milestones, nudges: [aNudge({ id: 'team-help', when: { stalled: { milestone: 'team', days: 1 } } })] })
    const dismissed = anEvent({ type: 'nudge', nudgeId: 'team-help', action: 'dismissed', at: dayAt(2) })
    const show = (p: Progress) => evaluate(j, docOf('u2'), { now: dayAt(3), traits: member(0), account: account(p) }).nudges[0]!.show
    expect([show(docOf('acme')), show(docOf('acme', dismissed))]).toEqual([true, false])
  })
})

describe('audiences read account traits as account.<name>', () => {
  const j = aJourney({ milestones: [aMilestone({ id: 'sso', audience: { 'account.tier': 'enterprise' } }), aMilestone({ id: 'm2', steps: [aStep({ id: 's2' })] })] })
  it.each([
    ['enterprise', ['sso', 'm2']],
    ['startup', ['m2']],
  ])('an account on %s gets %j', (tier, ids) => {
    const s = evaluate(j, docOf('u1'), { now: T0, traits: traits(), account: { id: 'a', progress: docOf('a'), traits: { tier } } })
    expect(s.milestones.map((m) => m.id)).toEqual(ids)
  })
  it('withAccountTraits prefixes each account trait', () => {
    expect(withAccountTraits({ role: 'admin' }, { tier: 'pro' })).toEqual({ role: 'admin', 'account.tier': 'pro' })
  })
})

describe('nextChange by scope', () => {
  it('a user\'s watch skips the ladders of account milestones, and an account\'s watch keeps only those', () => {
    // Day 8.5: both milestones are late; profile's ladder is due (now), team's level 2 falls due on day 9.
    const o = { now: dayAt(8.5), traits: member(0) }
    const esc = anEvent({ type: 'escalation', nudgeId: 'team-late', milestoneId: 'team', level: 1, at: dayAt(8) })
    const shared = { ...docOf('acme', esc), firstSeen: dayAt(0) } // as the server stamps it: its first member's first activity
    const profileDone = docOf('u2', done('photo', 1), done('billing', 1))
    expect(nextChange(journey, profileDone, { ...o, scope: 'user', account: account(shared) })).toBeNull()
    expect(nextChange(journey, profileDone, { ...o, scope: 'account', account: account(shared) })).toBe(dayAt(9))
    expect(nextChange(journey, docOf('u2'), { ...o, scope: 'user', account: account(shared) })).toBe(o.now)
  })
})

describe('validateJourney: scope, owner, collaborators', () => {
  const check = (m: Record<string, unknown>) => validateJourney({ ...aJourney(), milestones: [{ ...aMilestone(), ...m }] }).issues
  it('accepts them', () => {
    expect(check({ scope: 'account', owner: 'csm', collaborators: ['se', 'admin'], steps: [aStep({ scope: 'user' })] })).toEqual([])
  })
  it.each([
    [{ scope: 'team' }, 'milestones[0].scope', 'expected one of user, account, got a string ("team")'],
    [{ steps: [aStep({ scope: 'org' as never })] }, 'milestones[0].steps[0].scope', 'expected one of user, account, got a string ("org")'],
    [{ owner: 7 }, 'milestones[0].owner', 'expected a string of 1 to 1000 characters, got 7'],
    [{ collaborators: 'csm' }, 'milestones[0].collaborators', 'expected an array, got a string ("csm")'],
    [{ collaborators: [''] }, 'milestones[0].collaborators[0]', 'expected a string of 1 to 1000 characters, got a string ("")'],
  ])('%j is refused at its path', (m, path, message) => {
    expect(check(m)).toContainEqual({ path, message, severity: 'error' })
  })
})
