import { describe, expect, it } from 'vitest'
import type { Journey, Progress, Signal } from '../../src/core/types'
import { applyEvent, escalationEventId, escalationKey } from '../../src/core'
import { aJourney, aMilestone, aNudge, anEvent, aStep, dayAt } from '../builders'
import { done, evalAt, progressOf } from './helpers'

// m1: steps a, b; due day 7. m2 (stage "late") depends on m1; steps c, d.
const journey = (when: Signal): Journey => aJourney({
  stages: [{ id: 'setup', title: 'Setup' }, { id: 'late', title: 'Late' }],
  milestones: [
    aMilestone({ id: 'm1', stage: 'setup', due: { day: 7 }, steps: [aStep({ id: 'a' }), aStep({ id: 'b' })] }),
    aMilestone({ id: 'm2', stage: 'late', dependsOn: ['m1'], steps: [aStep({ id: 'c' }), aStep({ id: 'd' })] }),
  ],
  nudges: [aNudge({ id: 'n', when })],
})
const session = (id: string, day: number) => anEvent({ type: 'session', sessionId: id, at: dayAt(day) })

/** The nudge's [milestone, since] when its signal holds, else null. */
const hold = (when: Signal, p: Progress, day: number) => {
  const n = evalAt(journey(when), p, day).nudges[0]
  return n ? [n.milestone, n.since] : null
}

describe('stalled, with an optional step done in what it depends on', () => {
  it('counts that step: no stall, no amber, no escalation pending the next day', () => {
    const j = aJourney({
      milestones: [
        aMilestone({ id: 'a', steps: [aStep({ id: 'a-opt', optional: true })] }),
        aMilestone({ id: 'b', dependsOn: ['a'], due: { day: 30 }, steps: [aStep({ id: 'b1' })] }),
      ],
      nudges: [aNudge({ id: 'n', when: { stalled: { milestone: 'b', days: 2 } }, escalate: [{ afterDays: 1, notify: 'csm' }] })],
    })
    const s = evalAt(j, progressOf(done('a-opt', 3)), 4)
    expect(s.nudges).toEqual([])
    expect(s.milestones[1]!.colour).toBe('green')
    expect(evalAt(j, progressOf(done('a-opt', 3)), 5).nudges.map((n) => n.id)).toEqual(['n'])
  })
})

describe('records that are not the user\'s activity', () => {
  it('an escalation or a show applied as engine.md says leaves lastSeen alone, so an inactive ladder keeps its days', () => {
    const j = aJourney({ nudges: [aNudge({ id: 'ina', when: { inactive: { days: 2 } }, escalate: [{ afterDays: 0, notify: 'csm' }, { afterDays: 3, notify: 'leadership' }] })] })
    let p = progressOf(session('s0', 0))
    const fired: Array<[number, string]> = []
    for (let day = 1; day <= 7; day++) {
      const n = evalAt(j, p, day).nudges.find((x) => x.id === 'ina')
      for (const e of n?.escalations.filter((l) => l.pending) ?? []) {
        fired.push([day, e.notify])
        p = applyEvent(p, { id: escalationEventId(p.epoch, escalationKey('ina', null, e.level)), type: 'escalation', nudgeId: 'ina', level: e.level, notify: e.notify, at: dayAt(day) })
      }
      if (n) p = applyEvent(p, { id: `shown-${day}`, type: 'nudge', nudgeId: 'ina', action: 'shown', at: dayAt(day) })
    }
    expect(fired).toEqual([[2, 'csm'], [5, 'leadership']])
    expect(p.lastSeen).toBe(dayAt(0))
  })

  it('a reset is seen: a user who resets and leaves is inactive from the reset on', () => {
    const j = aJourney({ nudges: [aNudge({ id: 'ina', when: { inactive: { days: 3 } } })] })
    const p = applyEvent(progressOf(session('s0', 0)), { id: 'r', type: 'reset', at: dayAt(1) })
    expect(evalAt(j, p, 3.9).nudges.map((n) => n.id)).toEqual([])
    expect(evalAt(j, p, 4).nudges.map((n) => n.id)).toEqual(['ina'])
  })
})

describe('progress bands', () => {
  it('compare the exact share of steps resolved, not the whole percent shown', () => {
    const j = (when: Signal) => aJourney({ milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 'a' }), aStep({ id: 'b' }), aStep({ id: 'c' })] })], nudges: [aNudge({ id: 'n', when })] })
    const holds = (when: Signal) => evalAt(j(when), progressOf(done('a', 0)), 1).nudges.length > 0 // 1 of 3: 33.3 %, shown as 33
    expect([holds({ progress: { max: 33 } }), holds({ progress: { min: 33.33 } }), holds({ progress: { min: 33.34 } })]).toEqual([false, true, false])
  })
})

describe('signals', () => {
  const cases: [string, Signal, Progress, number, unknown][] = [
    ['stalled: no step for N days since the start', { stalled: { milestone: 'm1', days: 2 } }, progressOf(), 2, ['m1', dayAt(2)]],
    ['stalled: not yet', { stalled: { milestone: 'm1', days: 2 } }, progressOf(), 1.9, null],
    ['stalled: counted from the latest step done', { stalled: { milestone: 'm1', days: 2 } }, progressOf(done('a', 3)), 4, null],
    ['stalled: counted from the latest step done, reached', { stalled: { milestone: 'm1', days: 2 } }, progressOf(done('a', 3)), 5, ['m1', dayAt(5)]],
    ['stalled: counted from a dependency done', { stalled: { milestone: 'm2', days: 2 } }, progressOf(done('a', 1), done('b', 4)), 5, null],
    ['stalled: counted from a step done in a dependency still open', { stalled: { milestone: 'm2', days: 2 } }, progressOf(done('a', 3)), 4, null],
    ['stalled: counted from a step done in a dependency still open, reached', { stalled: { milestone: 'm2', days: 2 } }, progressOf(done('a', 3)), 5, ['m2', dayAt(5)]],
    ['stalled: never for a done milestone', { stalled: { milestone: 'm1', days: 2 } }, progressOf(done('a', 0), done('b', 0)), 9, null],
    ['stalled: never for an unknown milestone', { stalled: { milestone: 'zz', days: 2 } }, progressOf(), 9, null],
    ['missed: past the due', { missed: { milestone: 'm1' } }, progressOf(), 8, ['m1', dayAt(7)]],
    ['missed: at the due moment it is not missed yet', { missed: { milestone: 'm1' } }, progressOf(), 7, null],
    ['missed: never without a due', { missed: { milestone: 'm2' } }, progressOf(), 30, null],
    ['dueSoon: within N days of the due', { dueSoon: { milestone: 'm1', days: 2 } }, progressOf(), 5, ['m1', dayAt(5)]],
    ['dueSoon: too early', { dueSoon: { milestone: 'm1', days: 2 } }, progressOf(), 4.9, null],
    ['dueSoon: past the due', { dueSoon: { milestone: 'm1', days: 2 } }, progressOf(), 7.1, null],
    ['day: reached', { day: { day: 3 } }, progressOf(), 3, [null, dayAt(3)]],
    ['day: not yet', { day: { day: 3 } }, progressOf(), 2.9, null],
    ['progress: the journey within a band', { progress: { min: 25, max: 50 } }, progressOf(done('a', 0)), 1, [null, dayAt(1)]],
    ['progress: outside the band', { progress: { min: 30, max: 70 } }, progressOf(done('a', 0)), 1, null],
    ['progress: a stage within a band, bounds included', { progress: { stage: 'setup', min: 50, max: 50 } }, progressOf(done('a', 0)), 1, [null, dayAt(1)]],
    ['progress: an unknown stage never holds', { progress: { stage: 'zz' } }, progressOf(), 1, null],
    ['engagement: sessions in the last N days within bounds', { engagement: { days: 7, minSessions: 2 } }, progressOf(session('s1', 1), session('s2', 5)), 6, [null, dayAt(6)]],
    ['engagement: older sessions do not count', { engagement: { days: 3, minSessions: 2 } }, progressOf(session('s1', 1), session('s2', 5)), 6, null],
    ['engagement: a maximum ("low engagement")', { engagement: { days: 7, maxSessions: 1 } }, progressOf(session('s1', 1), session('s2', 5)), 6, null],
    ['sessionsWithoutProgress: since the count-th session after the last step', { sessionsWithoutProgress: { count: 2 } },
      progressOf(session('s0', 0.5), done('a', 1), session('s1', 2), session('s2', 3), session('s3', 4)), 5, [null, dayAt(3)]],
    ['sessionsWithoutProgress: with no step done, from the start on (the first session, at the start, counts)', { sessionsWithoutProgress: { count: 3 } },
      progressOf(session('s1', 0), session('s2', 1), session('s3', 2)), 3, [null, dayAt(2)]],
    ['sessionsWithoutProgress: too few', { sessionsWithoutProgress: { count: 3 } }, progressOf(done('a', 1), session('s1', 2), session('s2', 3)), 5, null],
    ['inactive: nothing seen for N days', { inactive: { days: 3 } }, progressOf(session('s1', 1)), 4, [null, dayAt(4)]],
    ['inactive: seen recently', { inactive: { days: 3 } }, progressOf(session('s1', 1)), 3.9, null],
    ['inactive: never without anything seen', { inactive: { days: 3 } }, progressOf(), 30, null],
    ['all: every child holds, since the latest, about the first milestone', { all: [{ day: { day: 1 } }, { stalled: { milestone: 'm1', days: 2 } }] }, progressOf(), 3, ['m1', dayAt(2)]],
    ['all: one child fails', { all: [{ day: { day: 1 } }, { missed: { milestone: 'm1' } }] }, progressOf(), 3, null],
    ['any: since the earliest child that holds', { any: [{ day: { day: 5 } }, { missed: { milestone: 'm1' } }, { day: { day: 2 } }] }, progressOf(), 6, [null, dayAt(2)]],
    ['any: no child holds', { any: [{ day: { day: 9 } }, { missed: { milestone: 'm1' } }] }, progressOf(), 6, null],
  ]
  it.each(cases)('%s', (_, when, p, day, expected) => {
    expect(hold(when, p, day)).toEqual(expected)
  })
})
