// `milepost simulate`'s day line says how the journey stands in the engine's colour words: a red
// journey whose finish has not moved yet is "behind", not "at risk" (which is amber).
import { describe, expect, it } from 'vitest'
import { simulate } from '../../src/cli/simulation'
import { formatTable } from '../../src/cli/table'
import { aJourney, aMilestone, aStep, T0 } from '../builders'

describe('simulate table: the finish line', () => {
  // "a" is due on day 3 and never started; "b", due on day 10, sets the planned finish.
  const journey = aJourney({ milestones: [
    aMilestone({ id: 'a', due: { day: 3 }, steps: [aStep({ id: 'a1' }), aStep({ id: 'a2' })] }),
    aMilestone({ id: 'b', due: { day: 10 }, steps: [aStep({ id: 'b1' })] }),
  ] })
  const lines = formatTable(simulate(journey, { start: T0, days: 5, traits: {}, events: [] }), false).split('\n').filter((l) => l.startsWith('day '))

  it('says "on plan" while every milestone is green, "at risk" while the worst is amber, and "behind" once one is red', () => {
    expect(lines.map((l) => [l.split('  ')[0]!.trim(), l.split('· ')[1]])).toEqual([
      ['day 0', 'finish: day 10 planned, on plan'],
      ['day 1', 'finish: day 10 planned, on plan'],
      ['day 2', 'finish: day 10 planned, at risk'],
      ['day 3', 'finish: day 10 planned, at risk'],
      ['day 4', 'finish: day 10 planned, behind'],
      ['day 5', 'finish: day 10 planned, behind'],
    ])
  })
})
