import { describe, expect, it } from 'vitest'
import { collectTriggers } from '../../src/core/index'
import { aJourney, aMilestone, aStep } from '../builders'

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
