// The dashboard reads a slip's cause back from stored colour times, as the core computes `cause`.
import { describe, expect, it } from 'vitest'
import { emptyProgress, evaluate, foldEvents } from '../../src/core'
import { factsOf, factsRow } from '../../src/server/facts'
import { causeAt } from '../../src/server/figures/cause'
import { layoutOf } from '../../src/server/figures/layout'
import { aJourney, aMilestone, aStep, dayAt, T0 } from '../builders'

const journey = aJourney({
  milestones: [
    aMilestone({ id: 'connect', title: 'Connect', due: { day: 3 }, steps: [aStep({ id: 'c' })] }),
    aMilestone({ id: 'report', title: 'Report', due: { day: 7 }, dependsOn: ['connect'], steps: [aStep({ id: 'r' })] }),
    aMilestone({ id: 'share', title: 'Share', due: { day: 10 }, dependsOn: ['report'], steps: [aStep({ id: 's' })] }),
  ],
})
const traits = { signedUpAt: new Date(T0).toISOString() }

describe('causeAt', () => {
  it('follows red dependencies to the milestone that started the slip, as the core\'s cause', () => {
    const p = emptyProgress('u')
    const row = factsRow(factsOf(journey, p, traits, dayAt(1))!)
    const layout = layoutOf(journey)
    for (const day of [2, 4, 8, 11]) {
      const state = evaluate(journey, p, { now: dayAt(day), traits })
      for (const m of state.milestones.filter((x) => x.colour === 'red')) {
        expect([day, m.id, causeAt(layout, row.m_times, row.m_info, m.id, dayAt(day))]).toEqual([day, m.id, m.cause])
      }
    }
    expect(causeAt(layout, row.m_times, row.m_info, 'share', dayAt(2))).toBe('share')
    expect(causeAt(layout, row.m_times, row.m_info, 'share', dayAt(4))).toBe('connect')
  })
  it('a dependency done since the last sync no longer counts', () => {
    const p = foldEvents(emptyProgress('u'), [{ id: 'e', type: 'complete', stepId: 'c', at: dayAt(5) }])
    const row = factsRow(factsOf(journey, p, traits, dayAt(6))!)
    expect(causeAt(layoutOf(journey), row.m_times, row.m_info, 'report', dayAt(4))).toBe('report')
  })
})
