import { describe, expect, it } from 'vitest'
import type { Milestone } from '../../src/core/types'
import { evaluate } from '../../src/core/index'
import { aJourney, aMilestone, aNudge, aStep, dayAt, T0, traits } from '../builders'
import { done, evalAt, progressOf } from './helpers'

const steps = (n: number) => Array.from({ length: n }, (_, i) => aStep({ id: `s${i}` }))
const doneSteps = (n: number) => Array.from({ length: n }, (_, i) => done(`s${i}`, 0))
const one = (m: Partial<Milestone>, doneCount: number, day: number) =>
  evalAt(aJourney({ milestones: [aMilestone({ title: 'Create your first report', ...m })] }), progressOf(...doneSteps(doneCount)), day).milestones[0]!

describe('milestone status, colour and reason', () => {
  // Rewritten for #11: amber predicts red (pace, the last part of the window, or a stall), and days are calendar days.
  const cases: [string, Partial<Milestone>, number, number, string, string, string][] = [
    // name, milestone, steps done (at day 0), day, status, colour, reason
    ['all required steps done', { steps: steps(2) }, 2, 1, 'done', 'green', 'Done'],
    ['no due and not done', { steps: steps(2) }, 0, 30, 'on-track', 'green', 'On track'],
    ['due later, nothing used yet', { steps: steps(2), due: { day: 7 } }, 0, 0, 'on-track', 'green', 'On track: due in 7 days'],
    ['untouched, a month to go: on track on day 1', { steps: steps(2), due: { day: 30 } }, 0, 1, 'on-track', 'green', 'On track: due in 29 days'],
    ['untouched, more than a third of the window left', { steps: steps(2), due: { day: 7 } }, 0, 4.6, 'on-track', 'green', 'On track: due in 3 days'],
    ['untouched, in the last third of the window', { steps: steps(2), due: { day: 7 } }, 0, 4.7, 'at-risk', 'amber', 'At risk: not started, due in 2 days'],
    // The last third begins when exactly a third is left: for a 3-day window, 24 h before the due.
    ['window boundary: a millisecond before the last third', { steps: steps(2), due: { day: 3 } }, 0, 2 - 1 / 86_400_000, 'on-track', 'green', 'Due tomorrow'],
    ['window boundary: the last third has begun', { steps: steps(2), due: { day: 3 } }, 0, 2, 'at-risk', 'amber', 'At risk: not started, due tomorrow'],
    ['untouched, due tomorrow', { steps: steps(2), due: { day: 7 } }, 0, 6, 'at-risk', 'amber', 'At risk: not started, due tomorrow'],
    ['started, on pace', { steps: steps(4), due: { day: 10 } }, 1, 2.5, 'on-track', 'green', 'On track: due in 8 days'],
    ['started, the pace projects past the due', { steps: steps(4), due: { day: 10 } }, 1, 3, 'at-risk', 'amber', 'At risk: 25% done, due in 7 days'],
    ['pace boundary: a finish exactly at the due is on track', { steps: steps(4), due: { day: 10 } }, 2, 5, 'on-track', 'green', 'On track: due in 5 days'],
    ['pace boundary: a millisecond later it is not', { steps: steps(4), due: { day: 10 } }, 2, 5 + 1 / 86_400_000, 'at-risk', 'amber', 'At risk: 50% done, due in 5 days'],
    ['due tomorrow, on pace', { steps: steps(7), due: { day: 7 } }, 6, 6, 'on-track', 'green', 'Due tomorrow'],
    ['past the due', { steps: steps(2), due: { day: 7 } }, 1, 9, 'overdue', 'red', '2 days overdue'],
    ['hours past the due on the same date', { steps: steps(2), due: { day: 7 } }, 1, 7.5, 'overdue', 'red', 'Overdue since today'],
    ['7 × 24 hours late is 7 days overdue', { steps: steps(2), due: { day: 7 } }, 1, 14, 'overdue', 'red', '7 days overdue'],
    ['a due date', { steps: steps(1), due: { date: new Date(dayAt(3)).toISOString() } }, 0, 4, 'overdue', 'red', '1 day overdue'],
  ]
  it.each(cases)('%s', (_, m, n, day, status, colour, reason) => {
    expect(one(m, n, day)).toMatchObject({ status, colour, reason })
  })

  it('a due at midnight belongs to the day it ends: "due today" that day, as its amber says, and "1 day overdue" the next', () => {
    const midnight = Date.UTC(2026, 10, 11) // a date-only due, "2026-11-11"
    const j = aJourney({ atRiskShare: 0.01, milestones: [aMilestone({ steps: steps(2), due: { date: '2026-11-11' } })] })
    const at = (t: number) => evaluate(j, progressOf(), { now: t, traits: { signedUpAt: T0 } }).milestones[0]!
    expect(at(midnight - 12 * 3_600_000)).toMatchObject({ status: 'at-risk', daysLeft: 0, reason: 'At risk: not started, due today' })
    expect(at(midnight - 36 * 3_600_000)).toMatchObject({ status: 'on-track', daysLeft: 1, reason: 'Due tomorrow' })
    expect(at(midnight + 5 * 60_000)).toMatchObject({ status: 'overdue', daysLeft: -1, reason: '1 day overdue' })
    // At the due itself it is not yet past (overdue is after it): still due today, 0 days left (bb-r25: -1,
    // the dashboard's "1 day overdue" beside an amber "due today" for an export run at 00:00 UTC).
    expect(at(midnight)).toMatchObject({ status: 'at-risk', daysLeft: 0, reason: 'At risk: not started, due today' })
    // The control: a due one minute past midnight is that day's, as before.
    const later = aJourney({ atRiskShare: 0.01, milestones: [aMilestone({ steps: steps(2), due: { date: '2026-11-11T00:01Z' } })] })
    expect(evaluate(later, progressOf(), { now: midnight - 12 * 3_600_000, traits: { signedUpAt: T0 } }).milestones[0]).toMatchObject({ status: 'on-track', daysLeft: 1 })
  })

  it('percent, counts and daysLeft in calendar days', () => {
    expect(one({ steps: steps(3), due: { day: 7 } }, 1, 2)).toMatchObject({ percent: 33, requiredSteps: 3, resolvedSteps: 1, daysLeft: 5, dueAt: dayAt(7) })
    expect(one({ steps: steps(3), due: { day: 7 } }, 1, 9)).toMatchObject({ daysLeft: -2 })
    // Due in 23 hours, on tomorrow's date (T0 is 09:00 UTC: day 6.7 is 01:48, the due 09:00 the next day).
    expect(one({ steps: steps(3), due: { day: 7 } }, 1, 6 + 1 / 24 * 10)).toMatchObject({ daysLeft: 1 })
  })

  it('the pace projects the finish: time since it could start per resolved required step', () => {
    // 1 of 4 steps on day 0; on day 3 the pace is 3 days a step: 12 days for 4, 2 past the due.
    expect(one({ steps: steps(4), due: { day: 10 } }, 1, 3)).toMatchObject({ projectedAt: dayAt(12), colourTimes: { amberFrom: dayAt(2.5) + 1 } })
  })

  it('"Due today" while on pace on the due date', () => {
    const due = { date: '2026-11-08T23:00:00Z' }
    expect(one({ steps: steps(10), due }, 9, 6.67)).toMatchObject({ status: 'on-track', reason: 'Due today', daysLeft: 0 })
  })

  it('counts calendar days in the user\'s time zone', () => {
    // Due 2026-11-08T09:00Z; at 2026-11-07T20:00Z it is already Nov 8 in Tokyo, still Nov 7 in New York.
    const j = aJourney({ milestones: [aMilestone({ steps: steps(10), due: { day: 7 } })] })
    const p = progressOf(...doneSteps(9))
    const at = (timeZone: string) => evaluate(j, p, { now: dayAt(6) + 11 * 3_600_000, traits: traits(), timeZone }).milestones[0]!
    expect([at('Asia/Tokyo').daysLeft, at('America/New_York').daysLeft, at('UTC').daysLeft]).toEqual([0, 1, 1])
  })

  it('the last calendar day is at risk even when the share left is smaller', () => {
    const m = (day: number) => one({ steps: steps(2), due: { day: 7 }, atRiskShare: 0 }, 0, day)
    // The due is 09:00 on Nov 8: from midnight that day on.
    expect([m(6.6).status, m(6.63).status]).toEqual(['on-track', 'at-risk'])
  })

  it('the at-risk share is set per journey and per milestone', () => {
    const j = (over: Partial<Milestone>, share?: number) => aJourney({ ...(share == null ? {} : { atRiskShare: share }), milestones: [aMilestone({ steps: steps(2), due: { day: 10 }, ...over })] })
    const at = (jj: ReturnType<typeof j>, day: number) => evalAt(jj, progressOf(), day).milestones[0]!.status
    expect(at(j({}), 6)).toBe('on-track')
    expect(at(j({}, 0.5), 6)).toBe('at-risk')
    expect(at(j({ atRiskShare: 0.1 }, 0.5), 6)).toBe('on-track')
  })

  it('a stalled signal on it makes it amber, and nothing else does', () => {
    const j = aJourney({
      milestones: [aMilestone({ id: 'm', steps: steps(3), due: { day: 30 } })],
      nudges: [aNudge({ id: 'n', when: { any: [{ day: { day: 99 } }, { stalled: { milestone: 'm', days: 3 } }] } })],
    })
    const at = (day: number) => evalAt(j, progressOf(done('s0', 1)), day).milestones[0]!
    expect(at(3.9)).toMatchObject({ status: 'on-track' })
    expect(at(4)).toMatchObject({ status: 'at-risk', reason: 'At risk: 33% done, due in 26 days' })
  })

  it('a stalled signal on a milestone without a due leaves it green: amber predicts red, and it never turns red', () => {
    const j = (due?: { day: number }) => aJourney({
      milestones: [aMilestone({ id: 'm', steps: steps(3), ...(due ? { due } : {}) })],
      nudges: [aNudge({ id: 'n', when: { stalled: { milestone: 'm', days: 3 } } })],
    })
    const at = (jj: ReturnType<typeof j>, day: number) => evalAt(jj, progressOf(done('s0', 1)), day)
    expect(at(j(), 5)).toMatchObject({ status: 'on-track', headline: 'On track', milestones: [{ status: 'on-track' }] })
    expect(at(j(), 5).nudges.map((n) => n.id)).toEqual(['n']) // the nudge itself still fires
    expect(at(j({ day: 30 }), 5).milestones[0]!.status).toBe('at-risk') // the control: with a due it is amber
  })

  it('optional steps do not hold a milestone back', () => {
    const m = one({ steps: [aStep({ id: 's0' }), aStep({ id: 'opt', optional: true })] }, 1, 1)
    expect(m).toMatchObject({ done: true, percent: 100, doneAt: T0 })
  })

  it('when every step is optional, none is required: 0 of 0, done from day 0 (#11: was "all count")', () => {
    expect(one({ steps: [aStep({ id: 's0', optional: true }), aStep({ id: 's1', optional: true })], due: { day: 7 } }, 0, 1))
      .toMatchObject({ done: true, doneAt: T0, percent: 100, requiredSteps: 0, resolvedSteps: 0, status: 'done' })
  })

  it('skipped steps count as resolved, and doneAt is the latest resolution', () => {
    const j = aJourney({ milestones: [aMilestone({ steps: steps(2) })] })
    const p = progressOf(done('s0', 1), { id: 'k', type: 'skip', stepId: 's1', at: dayAt(3) })
    expect(evalAt(j, p, 4).milestones[0]).toMatchObject({ done: true, doneAt: dayAt(3), percent: 100 })
  })
})

describe('blocked', () => {
  const connect = aMilestone({ id: 'connect', title: 'Connect your data', steps: [aStep({ id: 'c' })] })
  const report = (over: Partial<Milestone> = {}) => aMilestone({ id: 'report', dependsOn: ['connect'], steps: [aStep({ id: 'r' })], ...over })
  const status = (ms: Milestone[], day: number, ...ev: ReturnType<typeof done>[]) =>
    evalAt(aJourney({ milestones: ms }), progressOf(...ev), day).milestones.map((m) => [m.status, m.reason])

  it('waits for a dependency that is overdue', () => {
    expect(status([{ ...connect, due: { day: 3 } }, report({ due: { day: 10 } })], 5)[1])
      .toEqual(['blocked', 'Waits for “Connect your data”, which is overdue'])
  })
  it('waits for a dependency that is not done when its own due has passed', () => {
    expect(status([connect, report({ due: { day: 3 } })], 5)[1]).toEqual(['blocked', 'Waits for “Connect your data”'])
  })
  it('waits for a dependency that is blocked itself', () => {
    const third = aMilestone({ id: 'share', title: 'Share it', dependsOn: ['report'], steps: [aStep({ id: 'x' })], due: { day: 20 } })
    expect(status([{ ...connect, due: { day: 3 } }, report({ due: { day: 10 } }), third], 5)[2])
      .toEqual(['blocked', 'Waits for “A milestone”, which is blocked'])
  })
  it('waits, neither amber nor red, while the dependency is open and on time', () => {
    const r = evalAt(aJourney({ milestones: [{ ...connect, due: { day: 10 } }, report({ due: { day: 12 } })] }), progressOf(), 9).milestones[1]!
    expect(r).toMatchObject({ status: 'on-track', colour: 'green', waitingFor: 'connect', reason: 'Starts after “Connect your data”', startsAt: null })
  })
  it('its window starts when the dependency is done', () => {
    // Done on day 1, due on day 10: the last third of 9 days starts on day 7.
    expect(status([{ ...connect, due: { day: 3 } }, report({ due: { day: 10 } })], 5, done('c', 1))[1]).toEqual(['on-track', 'On track: due in 5 days'])
    expect(status([{ ...connect, due: { day: 3 } }, report({ due: { day: 10 } })], 7.1, done('c', 1))[1]![0]).toBe('at-risk')
  })
  it('a blocked milestone names the milestone that caused it', () => {
    const third = aMilestone({ id: 'share', title: 'Share it', dependsOn: ['report'], steps: [aStep({ id: 'x' })], due: { day: 20 } })
    const r = evalAt(aJourney({ milestones: [{ ...connect, due: { day: 3 } }, report({ due: { day: 10 } }), third] }), progressOf(), 5)
    expect(r.milestones.map((m) => [m.status, m.cause, m.waitingFor])).toEqual([['overdue', 'connect', null], ['blocked', 'connect', null], ['blocked', 'connect', null]])
    expect(r).toMatchObject({ status: 'behind', colour: 'red', behind: ['connect'] })
    expect(r.headline).toMatch(/^Behind: “Connect your data” is 2 days overdue; finish \d+ days later than planned$/)
  })
  it('the headline names the milestone the slip comes from, then red before amber, not the first in the file', () => {
    const invite = aMilestone({ id: 'invite', title: 'Invite team', due: { day: 30 }, steps: [aStep({ id: 'i' })] })
    const r = evalAt(aJourney({ milestones: [invite, { ...connect, due: { day: 3 } }, report({ due: { day: 31 } })] }), progressOf(), 25)
    expect(r.milestones.map((m) => [m.id, m.colour, m.cause])).toEqual([['invite', 'amber', 'invite'], ['connect', 'red', 'connect'], ['report', 'red', 'connect']])
    expect(r.slipDays).toBeGreaterThan(0)
    expect(r.behind).toEqual(['connect', 'invite'])
    expect(r.headline).toBe(`Behind: “Connect your data” is 22 days overdue and 1 more; finish ${r.slipDays} days later than planned`)
    // No slip yet: the red one still comes before the amber one.
    const late = aMilestone({ id: 'late', title: 'Late one', due: { day: 2 }, steps: [aStep({ id: 'l' })] })
    const q = evalAt(aJourney({ milestones: [aMilestone({ id: 'amber', title: 'Amber one', due: { day: 10 }, steps: [aStep({ id: 'a' })] }), late, aMilestone({ id: 'last', due: { day: 40 }, steps: [aStep({ id: 'z' })] })] }), progressOf(), 8)
    expect([q.slipDays, q.behind]).toEqual([0, ['late', 'amber']])
    expect(q.headline).toBe('Behind: “Late one” is 6 days overdue and 1 more')
  })
  it('ignores a dependency outside the audience', () => {
    const r = evalAt(aJourney({ milestones: [{ ...connect, due: { day: 3 }, audience: { plan: 'pro' } }, report()] }), progressOf(), 5)
    expect(r.milestones.map((m) => [m.id, m.status, m.dependsOn])).toEqual([['report', 'on-track', []]])
  })
})
