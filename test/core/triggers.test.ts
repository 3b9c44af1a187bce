import { describe, expect, it } from 'vitest'
import { collectTriggers } from '../../src/core/index'
import { watchesPage } from '../../src/core/triggers'
import { aJourney, aMilestone, aNudge, aStep, progressOf, stateOf } from '../builders'
import type { LooseEvent } from '../builders'
import type { Journey } from '../../src/core/types'

describe('collectTriggers', () => {
  it('lists each event, URL glob, click and visible selector once, nested conditions included', () => {
    const j = aJourney({
      milestones: [
        aMilestone({ id: 'm1', steps: [
          aStep({ id: 'a', completeWhen: { event: 'report.created' } }),
          aStep({ id: 'b', completeWhen: { url: '/reports*' } }),
          aStep({ id: 'c', completeWhen: { all: [{ click: '#new' }, { any: [{ visible: '.chart' }, { event: 'report.created' }] }] } }),
        ] }),
        aMilestone({ id: 'm2', audience: { plan: 'pro' }, steps: [aStep({ id: 'd', completeWhen: { event: 'invite.sent', count: 3 } }), aStep({ id: 'e' })] }),
      ],
    })
    expect(collectTriggers(j)).toEqual({ events: ['report.created', 'invite.sent'], urls: ['/reports*'], clicks: ['#new'], visible: ['.chart'] })
  })
  it('gives empty lists for manual steps only', () => {
    expect(collectTriggers(aJourney())).toEqual({ events: [], urls: [], clicks: [], visible: [] })
  })
})

describe('watchesPage', () => {
  /** Whether the page is watched for journey `j` after `events`: its state and its progress. */
  const watches = (j: Journey, events: readonly LooseEvent[] = []) => watchesPage(j, stateOf(j, events), progressOf(events))
  const j = aJourney({
    milestones: [
      aMilestone({ id: 'm1', steps: [aStep({ id: 'a', completeWhen: { event: 'x' } }), aStep({ id: 'b', completeWhen: { any: [{ event: 'y' }, { url: '/r*' }] } })] }),
      aMilestone({ id: 'pro', audience: { plan: 'enterprise' }, steps: [aStep({ id: 'c', completeWhen: { click: '#c' } })] }),
    ],
  })
  const tour = { id: 't', title: 'T', steps: [{ text: 'one' }] }
  it('holds while a step of the audience that completes on the page is open', () => {
    expect(watches(j)).toBe(true)
    expect(watches(j, [{ type: 'track', name: 'x' }])).toBe(true) // a done, b still open
  })
  it('not for a user whose steps on the page are done or skipped, nor for other audiences', () => {
    expect(watches(j, [{ type: 'complete', stepId: 'b' }])).toBe(false) // a waits for an event only
    expect(watches(j, [{ type: 'skip', stepId: 'b' }, { type: 'complete', stepId: 'a' }])).toBe(false)
  })
  it('holds while a tour runs, or a tour never started waits for a page sighting or a seen signal', () => {
    const done = [{ type: 'complete', stepId: 'b' }] as const
    const running = aJourney({ ...j, tours: [tour] })
    expect(watches(running, done)).toBe(false)
    expect(watches(running, [...done, { type: 'tour', tourId: 't', action: 'started', step: 0, seq: 0 }])).toBe(true)
    const startWhen = aJourney({ ...j, tours: [{ ...tour, startWhen: { click: '#help' } }] })
    expect(watches(startWhen, done)).toBe(true)
    expect(watches(startWhen, [...done, { type: 'tour', tourId: 't', action: 'dismissed', step: 0, seq: 0 }])).toBe(false)
    const startOn = aJourney({ ...j, tours: [{ ...tour, startOn: { any: [{ day: { day: 9 } }, { seen: { visible: '.x' } }] } }] })
    expect(watches(startOn, done)).toBe(true)
    const byDay = aJourney({ ...j, tours: [{ ...tour, startOn: { day: { day: 9 } } }] })
    expect(watches(byDay, done)).toBe(false)
  })
  it('holds with a nudge whose seen signal reads the page, not one seen by an event', () => {
    const done = [{ type: 'complete', stepId: 'b' }] as const
    const page = aJourney({ ...j, nudges: [aNudge({ id: 'n', when: { all: [{ day: { day: 1 } }, { seen: { url: '/pricing' } }] } })] })
    expect(watches(page, done)).toBe(true)
    const event = aJourney({ ...j, nudges: [aNudge({ id: 'n', when: { seen: { event: 'x' } } })] })
    expect(watches(event, done)).toBe(false)
  })
  it('not once the nudge’s page sighting is recorded: a seen signal holds from the first one', () => {
    const done = [{ type: 'complete', stepId: 'b' }] as const
    const page = aJourney({ ...j, nudges: [aNudge({ id: 'n', audience: { plan: 'enterprise' }, when: { any: [{ seen: { url: '/pricing*' } }, { seen: { visible: '.upgrade' } }] } })] })
    expect(watches(page, [...done, { type: 'url', url: '/pricing/team' }])).toBe(true) // .upgrade not seen yet
    expect(watches(page, [...done, { type: 'url', url: '/pricing/team' }, { type: 'visible', selector: '.upgrade' }])).toBe(false)
    expect(watches(page, [...done, { type: 'url', url: '/billing' }, { type: 'visible', selector: '.upgrade' }])).toBe(true) // not /pricing*
  })
})
