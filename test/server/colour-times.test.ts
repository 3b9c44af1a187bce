// The facts a sync stores hold every status the engine would give at any later moment: the colour
// times read at `now` (what the dashboard's SQL does) equal `evaluate` at `now`, reasons included.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { emptyProgress, evaluate, foldEvents } from '../../src/core'
import type { Journey, Milestone, ProgressEvent } from '../../src/core/types'
import { statusAt } from '../../src/server/colour-times'
import { factsOf } from '../../src/server/facts'
import { reasonAt } from '../../src/server/figures/reason'
import { T0, aJourney, dayAt } from '../builders'

const H = 3_600_000

/** 1–4 milestones of 1–3 steps, dues by day or date or none, dependencies on earlier ones, an audience sometimes. */
const journeys: fc.Arbitrary<Journey> = fc.array(fc.record({
  steps: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
  due: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 12 }).map((day) => ({ day })),
    fc.integer({ min: -2, max: 14 }).map((d) => ({ date: new Date(dayAt(d) + 5 * H).toISOString() }))),
  deps: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
  pro: fc.boolean(),
}), { minLength: 1, maxLength: 4 }).map((ms) => aJourney({
  milestones: ms.map((m, i): Milestone => ({
    id: `m${i}`, title: `Milestone ${i}`,
    steps: m.steps.map((optional, j) => ({ id: `m${i}s${j}`, title: `Step ${j}`, optional })),
    ...(m.due ? { due: m.due } : {}),
    ...(m.deps.some((d) => d < i) ? { dependsOn: [...new Set(m.deps.filter((d) => d < i))].map((d) => `m${d}`) } : {}),
    ...(m.pro && i > 0 ? { audience: { plan: 'pro' } } : {}),
  })),
}))

const histories = (j: Journey): fc.Arbitrary<ProgressEvent[]> => {
  const ids = j.milestones.flatMap((m) => m.steps.map((s) => s.id))
  return fc.array(fc.record({
    stepId: fc.constantFrom(...ids), type: fc.constantFrom('complete' as const, 'complete' as const, 'skip' as const),
    hours: fc.integer({ min: 0, max: 20 * 24 }),
  }), { maxLength: 8 }).map((es) => [
    { id: 'seen', type: 'session', sessionId: 's', at: T0 + 2 * H } as ProgressEvent,
    ...es.map((e, i): ProgressEvent => ({ id: `e${i}`, type: e.type, stepId: e.stepId, at: T0 + e.hours * H })),
  ])
}

describe('colour times', () => {
  it('give the status and the reason evaluate gives, at any moment after the sync that stored them', () => {
    fc.assert(fc.property(
      journeys.chain((j) => fc.tuple(fc.constant(j), histories(j), fc.constantFrom('pro', 'starter'), fc.boolean(),
        fc.integer({ min: -3 * 24, max: 30 * 24 }), fc.integer({ min: 0, max: 30 * 24 }))),
      ([journey, events, plan, dated, nowHours, syncHours]) => {
        const traits = { plan, ...(dated ? { signedUpAt: new Date(T0 - 7 * H).toISOString() } : {}) }
        const p = foldEvents(emptyProgress('u'), events)
        const facts = factsOf(journey, p, traits, T0 + syncHours * H)!
        const now = T0 + nowHours * H
        const state = evaluate(journey, p, { now, traits })
        const title = (id: string) => journey.milestones.find((m) => m.id === id)!.title
        const mine = facts.milestones.filter((m) => m != null)
        expect(mine.map((m) => m.id)).toEqual(state.milestones.map((m) => m.id))
        for (const [i, m] of state.milestones.entries()) {
          const f = mine[i]!
          const status = statusAt(f.doneAt != null, f, now)
          expect({ id: m.id, status }).toEqual({ id: m.id, status: m.status })
          expect(f.riskFrom != null && now >= f.riskFrom).toBe(m.colour !== 'green')
          if (m.colour !== 'green') {
            expect(reasonAt({ status, startedAt: facts.startedAt, dueAt: f.dueAt, percent: f.percent, waits: f.waits }, now, title)).toBe(m.reason)
          }
        }
      },
    ), { numRuns: 3000 })
  })

  it('turn a started milestone amber when the user\'s pace projects its finish past the due (#11: was whole days of time used vs steps done)', () => {
    const journey = aJourney({ milestones: [{ id: 'm1', title: 'M', due: { day: 4 }, steps: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }] }] })
    const p = foldEvents(emptyProgress('u'), [{ id: 'e', type: 'complete', stepId: 'a', at: T0 + H }])
    const facts = factsOf(journey, p, { signedUpAt: new Date(T0).toISOString() }, T0)!
    // 1 of 2 steps: after day 2 the pace (over 1 day a step) puts the finish past day 4.
    expect(facts.milestones[0]).toMatchObject({ amberFrom: dayAt(2) + 1, overdueFrom: dayAt(4) + 1, blockedFrom: null, riskFrom: dayAt(2) + 1 })
    expect(facts).toMatchObject({ riskFrom: dayAt(2) + 1, redFrom: dayAt(4) + 1, openDue: dayAt(4) })
  })
})

describe('facts of a user', () => {
  it('are null before the user has a day 0: no date trait and never seen', () => {
    expect(factsOf(aJourney(), emptyProgress('u'), {}, T0)).toBeNull()
  })
})
