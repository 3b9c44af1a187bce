// showsSomething (src/ui/shows.ts): whether the script tag loads and mounts its UI for a state.
// The states come from the core, so what it decides on is what a page would have.
import { describe, expect, it } from 'vitest'
import { showsSomething } from '../../src/ui/shows'
import { aJourney, aMilestone, aNudge, aStep, dayAt, stateOf, traits } from '../builders'
import type { Journey } from '../../src/core/types'

const tours: Journey['tours'] = [{ id: 'new-reports', title: 'Reports', steps: [{ title: 'One', text: 'Here', target: '#reports' }, { title: 'Two', text: 'There' }] }]
const journey = aJourney({ milestones: [aMilestone({ id: 'setup', steps: [aStep({ id: 'connect' })] })], tours })
const done = { type: 'complete', stepId: 'connect' } as const
const started = { type: 'tour', tourId: 'new-reports', action: 'started', step: 0, seq: 0 } as const

describe('showsSomething', () => {
  // (For a ready state: the script tag's subscriber reads nothing before, global.ts.)
  it('a journey still open shows; the same journey done shows nothing', () => {
    expect(showsSomething(stateOf(journey))).toBe(true)
    expect(showsSomething(stateOf(journey, [done]))).toBe(false)
  })

  it('a running tour shows, for a done user and for a user with no milestone for their audience', () => {
    expect(showsSomething(stateOf(journey, [done, started]))).toBe(true)
    const proOnly = aJourney({ milestones: [aMilestone({ id: 'setup', audience: { plan: 'pro' }, steps: [aStep({ id: 'connect' })] })], tours })
    const free = { traits: traits({ plan: 'free' }) }
    expect(stateOf(proOnly, [], undefined, free).milestones).toEqual([])
    expect(showsSomething(stateOf(proOnly, [], undefined, free))).toBe(false)
    expect(showsSomething(stateOf(proOnly, [started], undefined, free))).toBe(true)
    // Ended: nothing left to show.
    expect(showsSomething(stateOf(journey, [done, started, { ...started, action: 'dismissed', seq: 1 }]))).toBe(false)
  })

  it('a checklist the user hid shows nothing until a nudge may show; a reset brings it back', () => {
    const hid = { type: 'track', name: 'checklist:dismissed' } as const
    expect(stateOf(journey, [hid]).dismissed).toBe(true)
    expect(showsSomething(stateOf(journey, [hid]))).toBe(false)
    const nudged = aJourney({ ...journey, nudges: [aNudge({ id: 'stuck', when: { day: { day: 1 } }, card: { title: 'Stuck?' } })] })
    expect(showsSomething(stateOf(nudged, [hid], dayAt(2)))).toBe(true)
    const reset = stateOf(journey, [hid, { type: 'reset', epoch: 1 }])
    expect([reset.dismissed, showsSomething(reset)]).toEqual([false, true])
  })

  it('a done journey with a nudge that may show shows', () => {
    const nudged = aJourney({ ...journey, nudges: [aNudge({ id: 'back', when: { day: { day: 1 } }, card: { title: 'Back?', body: 'New reports' } })] })
    const s = stateOf(nudged, [done], dayAt(2))
    expect(s.nudges.map((n) => [n.id, n.show])).toEqual([['back', true]])
    expect(showsSomething(s)).toBe(true)
  })
})
