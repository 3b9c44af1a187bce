import { describe, expect, it } from 'vitest'
import { evaluate } from '../../src/core/index'
import type { Journey, Milestone } from '../../src/core/types'
import { aJourney, aMilestone, anEvent, aStep, dayAt, T0 } from '../builders'
import { done, evalAt, progressOf } from './helpers'

const m = (id: string, over: Partial<Milestone> = {}) => aMilestone({ id, title: `Title ${id}`, steps: [aStep({ id: `${id}.1` }), aStep({ id: `${id}.2` })], ...over })

describe('journey start and day', () => {
  const j = aJourney()
  const seen = progressOf(anEvent({ type: 'url', url: '/', at: dayAt(2) }))
  const cases: [string, Record<string, string | number | boolean | null> | undefined, number][] = [
    ['an ISO start trait', { signedUpAt: new Date(dayAt(1)).toISOString() }, dayAt(1)],
    ['an epoch-ms start trait', { signedUpAt: dayAt(1) }, dayAt(1)],
    // Round 24: a backend's epoch seconds (`created_at.to_i`) read as ms was January 1970, every milestone overdue.
    ['an epoch-seconds start trait', { signedUpAt: dayAt(1) / 1000 }, dayAt(1)],
    ['an epoch-ms start trait as a string (a data attribute)', { signedUpAt: String(dayAt(1)) }, dayAt(1)],
    ['an epoch-seconds start trait as a string', { signedUpAt: ` ${dayAt(1) / 1000} ` }, dayAt(1)],
    ['a short number string is not a date', { signedUpAt: '2026' }, dayAt(2)],
    ['a number beyond a Date is not a date', { signedUpAt: 9e15 }, dayAt(2)],
    ['a start trait that is not a date falls back to first seen', { signedUpAt: 'soon' }, dayAt(2)],
    ['no traits falls back to first seen', undefined, dayAt(2)],
  ]
  it.each(cases)('%s', (_, traits, start) => {
    expect(evaluate(j, seen, { now: dayAt(5), ...(traits ? { traits } : {}) }).startedAt).toBe(start)
  })
  it('starts now without a trait or anything seen', () => {
    expect(evaluate(j, progressOf(), { now: dayAt(5) })).toMatchObject({ startedAt: dayAt(5), day: 0 })
  })
  it('counts whole days since the start, never below 0', () => {
    expect([evalAt(j, progressOf(), 3.9).day, evalAt(j, progressOf(), -2).day]).toEqual([3, 0])
  })
})

describe('journey totals', () => {
  const j = aJourney({
    stages: [{ id: 'setup', title: 'Setup' }, { id: 'use', title: 'Use' }, { id: 'later', title: 'Later' }],
    milestones: [m('a', { stage: 'setup', due: { day: 3 } }), m('b', { stage: 'use', due: { day: 7 }, dependsOn: ['a'] }), m('c', { stage: 'use' })],
  })
  it('percent is over all required steps of the milestones', () => {
    expect(evalAt(j, progressOf(done('a.1', 1), done('a.2', 1), done('b.1', 2)), 2).percent).toBe(50)
  })
  it('stages list their milestones and percent in journey order', () => {
    expect(evalAt(j, progressOf(done('a.1', 1), done('b.1', 2)), 2).stages).toEqual([
      { id: 'setup', title: 'Setup', percent: 50, milestones: ['a'] },
      { id: 'use', title: 'Use', percent: 25, milestones: ['b', 'c'] },
      { id: 'later', title: 'Later', percent: 100, milestones: [] },
    ])
  })
  it('plannedFinish is the latest due', () => {
    expect(evalAt(j, progressOf(), 1).plannedFinish).toBe(dayAt(7))
  })
  it('is done when every milestone is, at the latest doneAt', () => {
    const all = progressOf(...['a.1', 'a.2', 'b.1', 'b.2', 'c.1'].map((s, i) => done(s, i)), done('c.2', 2))
    expect(evalAt(j, all, 9)).toMatchObject({ done: true, percent: 100, doneAt: dayAt(4), projectedFinish: dayAt(4), slipDays: 0, next: null })
  })
  it('leaves out a milestone none of whose steps is for this user (it is not theirs), as one outside the audience', () => {
    const j2 = aJourney({ milestones: [
      m('sso', { due: { day: 3 }, steps: [aStep({ id: 'sso.1', audience: { plan: 'enterprise' } })] }),
      m('b', { due: { day: 7 }, dependsOn: ['sso'] }),
    ] })
    const pro = evaluate(j2, progressOf(), { now: dayAt(5), traits: { plan: 'pro', signedUpAt: T0 } })
    expect(pro.milestones.map((x) => x.id)).toEqual(['b'])
    expect(pro.milestones[0]!.dependsOn).toEqual([])
    const enterprise = evaluate(j2, progressOf(), { now: dayAt(5), traits: { plan: 'enterprise', signedUpAt: T0 } })
    expect(enterprise.milestones.map((x) => [x.id, x.status])).toEqual([['sso', 'overdue'], ['b', 'blocked']])
  })
  // bb-r25: a basic user's invoice read "On track, due in 5 days" while bank, which it comes after through crm
  // (pro only), was overdue: the chain was cut where the left-out milestone stood.
  it('has a dependant of a left-out milestone wait for what that one waits for: bank → crm (pro only) → invoice', () => {
    const chain = aJourney({ milestones: [
      m('bank', { due: { day: 3 } }),
      m('crm', { due: { day: 6 }, dependsOn: ['bank'], audience: { plan: 'pro' } }),
      m('sheet', { due: { day: 8 }, dependsOn: ['crm'], steps: [aStep({ id: 'sheet.1', audience: { plan: 'pro' } })] }),
      m('invoice', { due: { day: 10 }, dependsOn: ['crm', 'sheet'] }),
    ] })
    const basic = evalAt(chain, progressOf(), 5, { plan: 'basic' })
    expect(basic.milestones.map((x) => [x.id, x.status, x.dependsOn])).toEqual([['bank', 'overdue', []], ['invoice', 'blocked', ['bank']]])
    const pro = evalAt(chain, progressOf(), 5, { plan: 'pro' })
    expect(pro.milestones.map((x) => [x.id, x.dependsOn])).toEqual([['bank', []], ['crm', ['bank']], ['sheet', ['crm']], ['invoice', ['crm', 'sheet']]])
    // Left-out milestones in a cycle end the walk.
    const loop = aJourney({ milestones: [m('a', { dependsOn: ['x'], audience: { plan: 'pro' } }), m('x', { dependsOn: ['a'], audience: { plan: 'pro' } }), m('b', { dependsOn: ['a'] })] })
    expect(evalAt(loop, progressOf(), 1, { plan: 'basic' }).milestones.map((x) => [x.id, x.dependsOn])).toEqual([['b', []]])
  })
  it('reads 100 % only when done and 0 % only when nothing is: 199 of 200 steps is 99 %, 1 of 300 is 1 %', () => {
    const many = (n: number) => aJourney({ milestones: [aMilestone({ id: 'x', steps: Array.from({ length: n }, (_, i) => aStep({ id: `s${i}` })) })] })
    const r = evalAt(many(200), progressOf(...Array.from({ length: 199 }, (_, i) => done(`s${i}`, 1))), 2)
    expect([r.percent, r.milestones[0]!.percent, r.done]).toEqual([99, 99, false])
    expect(evalAt(many(300), progressOf(done('s0', 1)), 2).percent).toBe(1)
    expect(evalAt(many(2), progressOf(), 2).percent).toBe(0)
    expect(evalAt(many(2), progressOf(done('s0', 1), done('s1', 1)), 2).percent).toBe(100)
  })
  it('with no milestone in the audience it is done at 100%', () => {
    const r = evalAt(aJourney({ milestones: [m('a', { audience: { plan: 'pro' } })] }), progressOf(), 1)
    expect(r).toMatchObject({ milestones: [], done: true, percent: 100, doneAt: null, plannedFinish: null, projectedFinish: null, next: null })
  })
})

describe('projection and slip', () => {
  const j = aJourney({ milestones: [m('a', { due: { day: 3 } }), m('b', { due: { day: 7 }, dependsOn: ['a'] })] })
  it('on plan: each milestone is projected at its due', () => {
    const r = evalAt(j, progressOf(), 1)
    expect(r.milestones.map((x) => x.projectedAt)).toEqual([dayAt(3), dayAt(7)])
    expect([r.projectedFinish, r.slipDays]).toEqual([dayAt(7), 0])
  })
  it('a slipping milestone pushes its dependants by the planned gap', () => {
    const r = evalAt(j, progressOf(), 5)
    expect(r.milestones.map((x) => x.projectedAt)).toEqual([dayAt(5), dayAt(9)])
    expect([r.plannedFinish, r.projectedFinish, r.slipDays]).toEqual([dayAt(7), dayAt(9), 2])
  })
  it('slip days are calendar days (#11: were 24-hour periods rounded up)', () => {
    expect(evalAt(j, progressOf(), 5.5).slipDays).toBe(2)
  })
  it('a due at midnight finishes the day before: the slip counts days as "N days overdue" does (bb-r22 r1)', () => {
    // ISO-date dues are midnight UTC: a's last day is Nov 30, b's Dec 7.
    const jd = aJourney({ milestones: [m('a', { due: { date: '2026-12-01' } }), m('b', { due: { date: '2026-12-08' }, dependsOn: ['a'] })] })
    const at = (iso: string, timeZone?: string) => evaluate(jd, progressOf(), { now: Date.parse(iso), ...(timeZone ? { timeZone } : {}) })
    for (const [iso, overdue, slip] of [['2026-12-01T09:00:00Z', 1, 1], ['2026-12-02T09:00:00Z', 2, 2]] as const) {
      const r = at(iso)
      expect([r.milestones[0]!.daysLeft, r.slipDays], iso).toEqual([-overdue, slip])
      expect(r.headline, iso).toContain(`finish ${slip} day${slip > 1 ? 's' : ''} later than planned`)
    }
    // On time (the last day Nov 30): no slip; in Tokyo the same moments are 09:00 on Dec 1 and Dec 8.
    expect(at('2026-11-30T20:00:00Z').slipDays).toBe(0)
    expect(at('2026-12-02T09:00:00Z', 'Asia/Tokyo').slipDays).toBe(1)
  })
  it('a done milestone is projected at its doneAt, and early work does not pull the plan in', () => {
    const r = evalAt(j, progressOf(done('a.1', 1), done('a.2', 1)), 2)
    expect(r.milestones.map((x) => x.projectedAt)).toEqual([dayAt(1), dayAt(7)])
  })
  it('a milestone without a due inherits its dependency projection', () => {
    const r = evalAt(aJourney({ milestones: [m('a', { due: { day: 3 } }), m('b', { dependsOn: ['a'] }), m('c')] }), progressOf(), 4)
    expect(r.milestones.map((x) => x.projectedAt)).toEqual([dayAt(4), dayAt(4), null])
  })
  it('a dependency done late pushes nothing: its dependant, green with its window left, is projected at its due and the journey is on plan', () => {
    const late = progressOf(done('a.1', 5), done('a.2', 5)) // a was due on day 3
    const r = evalAt(aJourney({ milestones: [m('a', { due: { day: 3 } }), m('b', { due: { day: 12 }, dependsOn: ['a'] })] }), late, 6)
    expect(r.milestones.map((x) => [x.status, x.projectedAt])).toEqual([['done', dayAt(5)], ['on-track', dayAt(12)]])
    expect([r.projectedFinish, r.slipDays, r.status, r.headline]).toEqual([dayAt(12), 0, 'on-track', 'On track'])
    // The control: while a is open and late, b is projected after it by the planned gap (9 days).
    expect(evalAt(aJourney({ milestones: [m('a', { due: { day: 3 } }), m('b', { due: { day: 12 }, dependsOn: ['a'] })] }), progressOf(), 5).milestones[1]!.projectedAt).toBe(dayAt(14))
  })
  it('a milestone without a due never moves the finish past the plan: its pace is not a slip', () => {
    const slow = progressOf(done('a.1', 1), done('a.2', 1), done('n.1', 1))
    const r = evalAt(aJourney({ milestones: [m('a', { due: { day: 5 } }), m('n')] }), slow, 10)
    expect(r.milestones[1]!.projectedAt).toBeGreaterThan(dayAt(10)) // n's own pace, as before
    expect([r.slipDays, r.status, r.headline]).toEqual([0, 'on-track', 'On track'])
    // Without any due, the finish is where the pace puts it (no plan to slip against).
    expect(evalAt(aJourney({ milestones: [m('n')] }), slow, 10).projectedFinish).toBeGreaterThan(dayAt(10))
  })
  it('plans what is left: the finish is the open milestones\' latest due, so a milestone done (late or early) leaves no past date or slip behind', () => {
    const j2 = aJourney({ milestones: [m('a', { due: { day: 5 } }), m('b')] })
    // a done late on day 8, b without a due still open: nothing open has a due, so no plan to be behind.
    const late = evalAt(j2, progressOf(done('a.1', 8), done('a.2', 8), done('b.1', 8)), 10)
    expect([late.plannedFinish, late.slipDays, late.status]).toEqual([null, 0, 'on-track'])
    // Done early: no "on track to finish by" a date already passed.
    expect(evalAt(j2, progressOf(done('a.1', 2), done('a.2', 2)), 10).plannedFinish).toBe(null)
    // The open milestone's due is the plan, not the latest due of one already done.
    const j3 = aJourney({ milestones: [m('a', { due: { day: 10 } }), m('b', { due: { day: 5 } })] })
    expect(evalAt(j3, progressOf(done('a.1', 1), done('a.2', 1)), 2).plannedFinish).toBe(dayAt(5))
    // Once done, the plan is every due, and the finish its doneAt.
    expect(evalAt(j2, progressOf(done('a.1', 8), done('a.2', 8), done('b.1', 8), done('b.2', 9)), 10))
      .toMatchObject({ done: true, plannedFinish: dayAt(5), projectedFinish: dayAt(9), slipDays: 4 })
  })
  it('neither hangs nor throws on a cycle or a dangling id', () => {
    const broken: Journey = aJourney({ milestones: [m('a', { dependsOn: ['b'], due: { day: 2 } }), m('b', { dependsOn: ['a'] }), m('c', { dependsOn: ['nope'], due: { day: 4 } })] })
    const r = evalAt(broken, progressOf(), 3)
    expect(r.milestones.map((x) => [x.status, x.projectedAt])).toEqual([['blocked', null], ['blocked', null], ['at-risk', dayAt(4)]])
  })
})

describe('next step', () => {
  const j = aJourney({ milestones: [m('a', { dependsOn: ['b'] }), m('b'), m('c')] })
  it('is the first required open step of the first open milestone whose dependencies are done', () => {
    expect(evalAt(j, progressOf(done('b.1', 0)), 1).next).toEqual({ milestone: 'b', step: 'b.2' })
  })
  it('skips optional steps', () => {
    const k = aJourney({ milestones: [aMilestone({ id: 'x', steps: [aStep({ id: 'o', optional: true }), aStep({ id: 'r' })] })] })
    expect(evalAt(k, progressOf(), 1).next).toEqual({ milestone: 'x', step: 'r' })
  })
  it('falls back to the first open milestone when every one waits', () => {
    const k = aJourney({ milestones: [m('a', { dependsOn: ['b'] }), m('b', { dependsOn: ['a'] })] })
    expect(evalAt(k, progressOf(), 1).next).toEqual({ milestone: 'a', step: 'a.1' })
  })
})

describe('audience', () => {
  const j = aJourney({
    milestones: [
      m('all'),
      m('pro', { audience: { plan: { in: ['pro'] } } }),
      aMilestone({ id: 'mixed', steps: [aStep({ id: 'x' }), aStep({ id: 'admin', audience: { admin: true } })] }),
    ],
  })
  it('leaves out milestones and steps the user is not in', () => {
    const r = evalAt(j, progressOf(done('x', 0)), 1, { plan: 'free' })
    expect(r.milestones.map((x) => [x.id, x.steps.map((s) => s.id), x.done])).toEqual([['all', ['all.1', 'all.2'], false], ['mixed', ['x'], true]])
  })
  it('keeps them for users in the audience', () => {
    const r = evalAt(j, progressOf(done('x', 0)), 1, { plan: 'pro', admin: true })
    expect(r.milestones.map((x) => [x.id, x.done])).toEqual([['all', false], ['pro', false], ['mixed', false]])
  })
})

describe('evaluate output', () => {
  it('carries the journey, the source objects and the time', () => {
    const ms = m('a', { stage: 's' })
    const r = evaluate(aJourney({ milestones: [ms] }), progressOf(), { now: T0 + 5, traits: { signedUpAt: T0 } })
    expect(r).toMatchObject({ journeyId: 'acme-onboarding', title: 'Get started with Acme', now: T0 + 5, startedAt: T0 })
    expect(r.milestones[0]!.milestone).toBe(ms)
    expect(r.milestones[0]!.stage).toBe('s')
    expect(r.milestones[0]!.steps[0]!.step).toBe(ms.steps[0])
  })
})
