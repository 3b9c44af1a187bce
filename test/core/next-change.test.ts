import { describe, expect, it } from 'vitest'
import { emptyProgress, escalationKey, nextChange } from '../../src/core'
import { T0, aJourney, aMilestone, aNudge, aStep, dayAt } from '../builders'

const ladder = [{ afterDays: 1, notify: 'in-app' }, { afterDays: 3, notify: 'csm' }, { afterDays: 5, notify: 'leadership' }]
const journey = aJourney({
  milestones: [aMilestone({ due: { day: 7 } })],
  nudges: [aNudge({ id: 'late', when: { missed: { milestone: 'm1' } }, escalate: ladder })],
})
const traits = { signedUpAt: new Date(T0).toISOString() }
const fresh = { ...emptyProgress('u1'), firstSeen: T0, lastSeen: T0 }

describe('nextChange', () => {
  it('wakes just after the due passes, then on each ladder level, then never', () => {
    expect(nextChange(journey, fresh, { now: T0, traits })).toBe(dayAt(7) + 1)
    expect(nextChange(journey, fresh, { now: dayAt(7) + 1, traits })).toBe(dayAt(8))
    expect(nextChange(journey, fresh, { now: dayAt(8), traits })).toBe(dayAt(8)) // level 1 due, not recorded
    const one = { ...fresh, escalations: { [escalationKey('late', 'm1', 1)]: dayAt(8) } }
    expect(nextChange(journey, one, { now: dayAt(8), traits })).toBe(dayAt(10))
    const all = { ...fresh, escalations: Object.fromEntries([1, 2, 3].map((l) => [escalationKey('late', 'm1', l), dayAt(12)])) }
    expect(nextChange(journey, all, { now: dayAt(12), traits })).toBeNull()
  })

  it('is null for a journey without ladders, and for a milestone already done', () => {
    expect(nextChange(aJourney(), fresh, { now: T0, traits })).toBeNull()
    const done = { ...fresh, steps: { 'step-1': { done: T0 + 1 } } }
    expect(nextChange(journey, done, { now: T0, traits })).toBeNull()
  })

  it('counts inactive from the server receive time when given', () => {
    const j = aJourney({ nudges: [aNudge({ id: 'gone', when: { inactive: { days: 4 } }, escalate: [{ afterDays: 0, notify: 'csm' }] })] })
    expect(nextChange(j, fresh, { now: T0, traits, seenAt: dayAt(2) })).toBe(dayAt(6))
    expect(nextChange(j, fresh, { now: dayAt(6), traits, seenAt: dayAt(2) })).toBe(dayAt(6))
  })

  it('wakes when a stall window ends that counts from a step done in an open dependency, as evaluate counts it', () => {
    const j = aJourney({
      milestones: [
        aMilestone({ id: 'connect', steps: [aStep({ id: 'a1' }), aStep({ id: 'a2' })] }),
        aMilestone({ id: 'launch', dependsOn: ['connect'], steps: [aStep({ id: 'b1' })] }),
      ],
      nudges: [aNudge({ id: 'launch-stalled', when: { stalled: { milestone: 'launch', days: 2 } }, escalate: [{ afterDays: 1, notify: 'csm' }] })],
    })
    const did = { ...fresh, steps: { a1: { done: dayAt(0.3) } }, lastSeen: dayAt(0.3) }
    // Stalled from day 2.3 (a1 done at day 0.3), its level at day 3.3: the watch sleeps until then, not later.
    expect(nextChange(j, did, { now: dayAt(1), traits })).toBe(dayAt(2.3))
    expect(nextChange(j, did, { now: dayAt(2.3), traits })).toBe(dayAt(3.3))
  })

  it('wakes when a stall window ends', () => {
    const j = aJourney({ nudges: [aNudge({ escalate: [{ afterDays: 1, notify: 'csm' }] })] })
    expect(nextChange(j, fresh, { now: T0, traits })).toBe(dayAt(2))
    expect(nextChange(j, fresh, { now: dayAt(2), traits })).toBe(dayAt(3))
  })
})
