import { describe, expect, it } from 'vitest'
import type { Milestone } from '../../src/core/types'
import { aJourney, aMilestone, aStep, dayAt, T0 } from '../builders'
import { done, evalAt, progressOf } from './helpers'

const steps = (n: number) => Array.from({ length: n }, (_, i) => aStep({ id: `s${i}` }))
const doneSteps = (n: number) => Array.from({ length: n }, (_, i) => done(`s${i}`, 0))
const one = (m: Partial<Milestone>, doneCount: number, day: number) =>
  evalAt(aJourney({ milestones: [aMilestone({ title: 'Create your first report', ...m })] }), progressOf(...doneSteps(doneCount)), day).milestones[0]!

describe('milestone status, colour and reason', () => {
  const cases: [string, Partial<Milestone>, number, number, string, string, string][] = [
    // name, milestone, steps done, day, status, colour, reason
    ['all required steps done', { steps: steps(2) }, 2, 1, 'done', 'green', 'Done'],
    ['no due and not done', { steps: steps(2) }, 0, 30, 'on-track', 'green', 'On track'],
    ['due later, nothing used yet', { steps: steps(2), due: { day: 7 } }, 0, 0, 'on-track', 'green', 'On track: due in 7 days'],
    ['near the due with half the steps done', { steps: steps(2), due: { day: 7 } }, 1, 6, 'at-risk', 'amber', 'At risk: 86% of the time used, 50% of the steps done'],
    ['due in one day, on pace', { steps: steps(7), due: { day: 7 } }, 6, 6, 'on-track', 'green', 'On track: due in 1 day'],
    ['due later today, on pace', { steps: steps(7), due: { day: 7 } }, 6, 6.5, 'on-track', 'green', 'Due today'],
    ['more time used than steps done', { steps: steps(4), due: { day: 10 } }, 1, 6, 'at-risk', 'amber', 'At risk: 60% of the time used, 25% of the steps done'],
    ['at-risk boundary: equal shares are on track', { steps: steps(4), due: { day: 10 } }, 2, 5, 'on-track', 'green', 'On track: due in 5 days'],
    ['at-risk boundary: whole days only', { steps: steps(4), due: { day: 10 } }, 2, 5.9, 'on-track', 'green', 'On track: due in 4 days'],
    ['at-risk boundary: one more day', { steps: steps(4), due: { day: 10 } }, 2, 6, 'at-risk', 'amber', 'At risk: 60% of the time used, 50% of the steps done'],
    ['at the due moment, not done', { steps: steps(2), due: { day: 7 } }, 1, 7, 'at-risk', 'amber', 'At risk: 100% of the time used, 50% of the steps done'],
    ['due on day 0 counts the window as used', { steps: steps(2), due: { day: 0 } }, 1, 0, 'at-risk', 'amber', 'At risk: 100% of the time used, 50% of the steps done'],
    ['past the due', { steps: steps(2), due: { day: 7 } }, 1, 9, 'overdue', 'red', '2 days overdue'],
    ['less than a day past the due', { steps: steps(2), due: { day: 7 } }, 1, 7.5, 'overdue', 'red', '1 day overdue'],
    ['a due date', { steps: steps(1), due: { date: new Date(dayAt(3)).toISOString() } }, 0, 4, 'overdue', 'red', '1 day overdue'],
  ]
  it.each(cases)('%s', (_, m, n, day, status, colour, reason) => {
    expect(one(m, n, day)).toMatchObject({ status, colour, reason })
  })

  it('percent and daysLeft', () => {
    expect(one({ steps: steps(3), due: { day: 7 } }, 1, 2)).toMatchObject({ percent: 33, daysLeft: 5, dueAt: dayAt(7) })
    expect(one({ steps: steps(3), due: { day: 7 } }, 1, 9)).toMatchObject({ daysLeft: -2 })
  })

  it('optional steps do not hold a milestone back', () => {
    const m = one({ steps: [aStep({ id: 's0' }), aStep({ id: 'opt', optional: true })] }, 1, 1)
    expect(m).toMatchObject({ done: true, percent: 100, doneAt: T0 })
  })

  it('when every step is optional, all of them count', () => {
    expect(one({ steps: [aStep({ id: 's0', optional: true }), aStep({ id: 's1', optional: true })] }, 1, 1)).toMatchObject({ done: false, percent: 50 })
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
  it('is not blocked while the dependency is on track', () => {
    expect(status([{ ...connect, due: { day: 10 } }, report({ due: { day: 20 } })], 0)[1]).toEqual(['on-track', 'On track: due in 20 days'])
  })
  it('is not blocked once the dependency is done', () => {
    expect(status([{ ...connect, due: { day: 3 } }, report({ due: { day: 10 } })], 5, done('c', 1))[1]![0]).toBe('at-risk')
  })
  it('ignores a dependency outside the audience', () => {
    const r = evalAt(aJourney({ milestones: [{ ...connect, due: { day: 3 }, audience: { plan: 'pro' } }, report()] }), progressOf(), 5)
    expect(r.milestones.map((m) => [m.id, m.status, m.dependsOn])).toEqual([['report', 'on-track', []]])
  })
})
