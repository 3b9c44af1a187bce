import { describe, expect, it } from 'vitest'
import { handedTo } from '../../src/core/delegation'
import { aJourney, aMilestone, aStep, dayAt, progressOf, stateOf } from '../builders'

const delegated = (stepId: unknown, to: unknown, at: number) => ({ type: 'track', name: 'step:delegated', at, props: { stepId, to } }) as const

describe('who a step was handed to', () => {
  it('is the latest hand-off of that step, whatever order the events arrived in', () => {
    const p = progressOf([delegated('billing', 'Bo', 2), delegated('billing', 'Ana', 1), delegated('other', 'Cy', 3)])
    expect(handedTo(p, 'billing')).toBe('Bo')
    expect(handedTo(p, 'other')).toBe('Cy')
  })

  it('is null for a step never handed over, and ignores hand-offs without a name', () => {
    const p = progressOf([delegated('billing', 42, 1), delegated(7, 'Ana', 2)])
    expect(handedTo(p, 'billing')).toBeNull()
    expect(handedTo(progressOf(), 'billing')).toBeNull()
  })

  it('is on each step of the evaluated state', () => {
    const journey = aJourney({ milestones: [aMilestone({ steps: [aStep({ id: 'billing' }), aStep({ id: 'invite' })] })] })
    const state = stateOf(journey, [delegated('billing', 'ana@acme.test', dayAt(1))], dayAt(2))
    expect(state.milestones[0]!.steps.map((s) => s.handedTo)).toEqual(['ana@acme.test', null])
  })
})

describe('required and resolved step counts on each milestone', () => {
  it('count the non-optional steps (none when all are optional: 0 of 0, 100 %), skipped ones as resolved', () => {
    const journey = aJourney({
      milestones: [
        aMilestone({ id: 'm1', steps: [aStep({ id: 'a' }), aStep({ id: 'b' }), aStep({ id: 'c', optional: true })] }),
        aMilestone({ id: 'm2', steps: [aStep({ id: 'd', optional: true }), aStep({ id: 'e', optional: true })] }),
      ],
    })
    const state = stateOf(journey, [{ type: 'skip', stepId: 'a' }, { type: 'complete', stepId: 'c' }, { type: 'complete', stepId: 'e' }])
    expect(state.milestones.map((m) => [m.resolvedSteps, m.requiredSteps, m.percent])).toEqual([[1, 2, 50], [0, 0, 100]])
  })
})
