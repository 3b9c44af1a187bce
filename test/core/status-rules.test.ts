// The #11 status contract as properties and plain cases: amber predicts red, nothing improves
// without progress, a fresh milestone starts green, the rules the server and UI read live here.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { emptyProgress, evaluate, foldEvents, journeyStart, signalMilestone, startTrait } from '../../src/core/index'
import { calendarDays, daysToDue, startOfDay } from '../../src/core/time'
import type { Journey, Milestone, MilestoneStatus, Nudge, ProgressEvent } from '../../src/core/types'
import { factsOf } from '../../src/server/facts'
import { T0, aJourney, aMilestone, aNudge, aStep, dayAt } from '../builders'
import { done, evalAt, progressOf } from './helpers'

const H = 3_600_000
const RANK: Record<MilestoneStatus, number> = { done: -1, 'on-track': 0, 'at-risk': 1, overdue: 2, blocked: 2 }
const ZONES = ['UTC', 'America/New_York', 'Asia/Tokyo', 'Pacific/Chatham', 'Europe/Berlin']

/** 1–4 milestones of 1–3 steps, dues by day or date or none, dependencies on earlier ones, some stalled nudges. */
const journeys: fc.Arbitrary<Journey> = fc.record({
  ms: fc.array(fc.record({
    steps: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
    due: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 12 }).map((day) => ({ day })),
      fc.integer({ min: -2, max: 14 }).map((d) => ({ date: new Date(dayAt(d) + 5 * H).toISOString() }))),
    deps: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
    share: fc.option(fc.constantFrom(0, 0.1, 0.5, 1), { nil: undefined }),
  }), { minLength: 1, maxLength: 4 }),
  stalled: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 })), { maxLength: 2 }),
  share: fc.option(fc.constantFrom(0, 0.25, 0.5), { nil: undefined }),
}).map(({ ms, stalled, share }) => aJourney({
  ...(share == null ? {} : { atRiskShare: share }),
  milestones: ms.map((m, i): Milestone => ({
    id: `m${i}`, title: `Milestone ${i}`,
    steps: m.steps.map((optional, j) => ({ id: `m${i}s${j}`, title: `Step ${j}`, optional })),
    ...(m.due ? { due: m.due } : {}),
    ...(m.share == null ? {} : { atRiskShare: m.share }),
    ...(m.deps.some((d) => d < i) ? { dependsOn: [...new Set(m.deps.filter((d) => d < i))].map((d) => `m${d}`) } : {}),
  })),
  nudges: stalled.filter(([m]) => m < ms.length).map(([m, days], i): Nudge => aNudge({ id: `n${i}`, when: { stalled: { milestone: `m${m}`, days } } })),
}))

const histories = (j: Journey): fc.Arbitrary<ProgressEvent[]> => {
  const ids = j.milestones.flatMap((m) => m.steps.map((s) => s.id))
  return fc.array(fc.record({
    stepId: fc.constantFrom(...ids), type: fc.constantFrom('complete' as const, 'complete' as const, 'skip' as const),
    hours: fc.integer({ min: 0, max: 10 * 24 }),
  }), { maxLength: 6 }).map((es) => es.map((e, i): ProgressEvent => ({ id: `e${i}`, type: e.type, stepId: e.stepId, at: T0 + e.hours * H })))
}

const traits = { signedUpAt: new Date(T0).toISOString() }

describe('status properties', () => {
  it('without progress, a status never improves as time passes (green → amber → red), nor does the headline', () => {
    fc.assert(fc.property(
      journeys.chain((j) => fc.tuple(fc.constant(j), histories(j), fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 30 * 24 }), fc.integer({ min: 0, max: 30 * 24 }))),
      ([journey, events, timeZone, a, b]) => {
        const p = foldEvents(emptyProgress('u'), events)
        const last = Math.max(T0, ...events.map((e) => e.at))
        const [t1, t2] = [last + Math.min(a, b) * H, last + Math.max(a, b) * H]
        const s1 = evaluate(journey, p, { now: t1, traits, timeZone })
        const s2 = evaluate(journey, p, { now: t2, traits, timeZone })
        for (const [i, m] of s1.milestones.entries()) {
          expect(RANK[s2.milestones[i]!.status], `${m.id}: ${m.status} → ${s2.milestones[i]!.status}`).toBeGreaterThanOrEqual(RANK[m.status])
        }
        const worse = { green: 0, amber: 1, red: 2 }
        expect(worse[s2.colour]).toBeGreaterThanOrEqual(worse[s1.colour])
      },
    ), { numRuns: 1500 })
  })

  it('a fresh milestone with a window of 3 days or more is on track all through day 0, in any time zone', () => {
    fc.assert(fc.property(
      fc.integer({ min: 3, max: 400 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 24 * 60 - 1 }),
      fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 23 }), fc.option(fc.constantFrom(0, 0.2, 1 / 3, 0.6), { nil: undefined }),
      (due, n, minute, timeZone, hour, share) => {
        const start = T0 + hour * H
        const j = aJourney({ milestones: [aMilestone({ steps: Array.from({ length: n }, (_, i) => aStep({ id: `s${i}` })), due: { day: due }, ...(share == null ? {} : { atRiskShare: share }) })] })
        const m = evaluate(j, emptyProgress('u'), { now: start + minute * 60_000, traits: { signedUpAt: start }, timeZone }).milestones[0]!
        expect([m.status, m.reason]).toEqual(['on-track', `On track: due in ${daysToDue(dayAt(due, start), start + minute * 60_000, timeZone)} days`])
      },
    ), { numRuns: 500 })
  })

  it('counts agree: requiredSteps, resolvedSteps and percent from the core; the dashboard facts hold the same percent and open step', () => {
    fc.assert(fc.property(
      journeys.chain((j) => fc.tuple(fc.constant(j), histories(j), fc.integer({ min: 0, max: 30 * 24 }))),
      ([journey, events, hours]) => {
        const p = foldEvents(emptyProgress('u'), events)
        const now = T0 + hours * H
        const s = evaluate(journey, p, { now, traits })
        const facts = factsOf(journey, p, traits, now)!
        for (const [i, m] of s.milestones.entries()) {
          const req = m.steps.filter((x) => !x.optional)
          expect(m.requiredSteps).toBe(req.length)
          expect(m.resolvedSteps).toBe(req.filter((x) => x.done || x.skipped).length)
          expect(m.percent).toBe(m.requiredSteps ? Math.round(100 * m.resolvedSteps / m.requiredSteps) : 100)
          expect(m.done).toBe(m.resolvedSteps == m.requiredSteps)
          expect(facts.milestones[i]!.percent).toBe(m.percent)
          expect(facts.milestones[i]!.amberFrom).toBe(m.colourTimes.amberFrom)
        }
        const open = s.milestones.flatMap((m) => m.steps.filter((x) => !x.optional && !x.done && !x.skipped))[0]
        expect(facts.openStep).toBe(open?.id ?? null)
      },
    ), { numRuns: 500 })
  })

  it('the headline says on track only when no milestone is amber or red, and names the cause otherwise', () => {
    fc.assert(fc.property(
      journeys.chain((j) => fc.tuple(fc.constant(j), histories(j), fc.integer({ min: 0, max: 30 * 24 }))),
      ([journey, events, hours]) => {
        const s = evaluate(journey, foldEvents(emptyProgress('u'), events), { now: T0 + hours * H, traits })
        const slipping = s.milestones.filter((m) => m.colour != 'green')
        expect(s.status).toBe(s.done ? 'done' : slipping.length ? 'behind' : 'on-track')
        if (s.status == 'on-track') expect(s.headline).toBe('On track')
        if (s.status == 'behind') {
          expect(s.behind.length).toBeGreaterThan(0)
          expect(slipping.every((m) => s.behind.includes(m.cause!))).toBe(true)
          expect(s.headline).toContain(`“${s.milestones.find((m) => m.id == s.behind[0])!.title}”`)
        }
      },
    ), { numRuns: 500 })
  })
})

describe('waiting', () => {
  const j = aJourney({
    milestones: [
      aMilestone({ id: 'connect', title: 'Connect your data', due: { day: 3 }, steps: [aStep({ id: 'c' })] }),
      aMilestone({ id: 'report', title: 'First report', due: { day: 7 }, dependsOn: ['connect'], steps: [aStep({ id: 'r' })] }),
    ],
    nudges: [
      aNudge({ id: 'report-help', when: { dueSoon: { milestone: 'report', days: 7 } }, card: { title: 'Create your first report in three minutes' } }),
      aNudge({ id: 'connect-help', when: { dueSoon: { milestone: 'connect', days: 3 } }, card: { title: 'Connect your data' } }),
    ],
  })
  it('a nudge about a waiting milestone does not show; one about the milestone it waits for does', () => {
    const s = evalAt(j, progressOf(), 1)
    expect(s.milestones[1]).toMatchObject({ status: 'on-track', waitingFor: 'connect', reason: 'Starts after “Connect your data”' })
    expect(s.nudges.map((n) => [n.id, n.show])).toEqual([['report-help', false], ['connect-help', true]])
  })
  it('a nudge about a blocked milestone does not show either', () => {
    const s = evalAt(j, progressOf(), 4)
    expect(s.milestones[1]).toMatchObject({ status: 'blocked', waitingFor: null, cause: 'connect' })
    expect(s.nudges.find((n) => n.id == 'report-help')!.show).toBe(false)
  })
  it('once the dependency is done, the nudge shows', () => {
    expect(evalAt(j, progressOf(done('c', 1)), 2).nudges.find((n) => n.id == 'report-help')!.show).toBe(true)
  })
})

describe('rules the server and the UI read from the core', () => {
  const j = aJourney({ start: { trait: 'signedUpAt' }, milestones: [aMilestone()] })
  it('journeyStart: the start trait as a date or epoch ms, else first seen, else now', () => {
    expect(startTrait(j, { signedUpAt: '2026-11-01T09:00:00Z' })).toBe(T0)
    expect(startTrait(j, { signedUpAt: T0 })).toBe(T0)
    expect(startTrait(j, { signedUpAt: 'soon' })).toBeNull()
    expect(journeyStart(j, { ...emptyProgress('u'), firstSeen: dayAt(2) }, { signedUpAt: true }, dayAt(5))).toBe(dayAt(2))
    expect(journeyStart(j, emptyProgress('u'), {}, dayAt(5))).toBe(dayAt(5))
  })
  it('startTrait reads the same day 0 on every machine: ISO without a zone is UTC; other formats and impossible dates or numbers are not a date', () => {
    const zone = process.env.TZ
    try {
      for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Kolkata']) {
        process.env.TZ = tz
        expect([startTrait(j, { signedUpAt: '2026-11-01T09:00:00' }), startTrait(j, { signedUpAt: '2026-11-01 09:00:00' })]).toEqual([T0, T0])
        expect(startTrait(j, { signedUpAt: '2026-11-01' })).toBe(Date.UTC(2026, 10, 1))
        expect(startTrait(j, { signedUpAt: '2026-11-01T11:00:00+02:00' })).toBe(T0)
        for (const v of ['11/01/2026', 'Sun, 01 Nov 2026 09:00', '2026-02-30', '2026-02-29T09:00:00Z', '2026-11-01T25:00:00Z', 1e20, Infinity]) {
          expect(startTrait(j, { signedUpAt: v as string })).toBeNull()
        }
      }
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })
  it('signalMilestone: the first milestone a signal names, depth first', () => {
    expect(signalMilestone({ any: [{ day: { day: 3 } }, { all: [{ inactive: { days: 2 } }, { missed: { milestone: 'b' } }] }, { stalled: { milestone: 'c', days: 1 } }] })).toBe('b')
    expect(signalMilestone({ day: { day: 3 } })).toBeNull()
  })
})

describe('calendar days', () => {
  it('count dates in the zone, across a daylight-saving change', () => {
    // New York falls back on 2026-11-01: 25 hours from 00:30 that day is 00:30 the next day.
    const a = Date.parse('2026-11-01T04:30:00Z')
    expect(calendarDays(a, a + 25 * H, 'America/New_York')).toBe(1)
    expect(startOfDay(a + 25 * H, 'America/New_York')).toBe(Date.parse('2026-11-02T05:00:00Z'))
    expect(startOfDay(Date.parse('2026-03-08T12:00:00Z'), 'America/New_York')).toBe(Date.parse('2026-03-08T05:00:00Z'))
    expect(startOfDay(Date.parse('2026-11-08T20:00:00Z'), 'Asia/Tokyo')).toBe(Date.parse('2026-11-08T15:00:00Z'))
  })
  it('"local" counts in the machine\'s own zone (through Date), as that zone named would', () => {
    // A worker thread cannot change its zone (TZ is read once per process): compare with its own.
    const name = Intl.DateTimeFormat().resolvedOptions().timeZone
    for (const at of ['2026-11-01T04:30:00Z', '2026-03-08T12:00:00Z', '2026-04-05T15:10:00Z', '2026-12-31T23:59:59Z']) {
      const a = Date.parse(at)
      expect([calendarDays(a, a + 25 * H, 'local'), startOfDay(a, 'local')]).toEqual([calendarDays(a, a + 25 * H, name), startOfDay(a, name)])
    }
  })
  it('a zone Intl does not know counts as UTC instead of throwing', () => {
    const a = Date.parse('2026-11-08T20:00:00Z')
    expect([calendarDays(a, a + 5 * H, 'Mars/Olympus'), startOfDay(a, 'Not a zone')]).toEqual([1, Date.parse('2026-11-08T00:00:00Z')])
    const j = aJourney({ milestones: [aMilestone({ due: { day: 2 } })] })
    expect(evaluate(j, emptyProgress('u'), { now: T0, traits, timeZone: 'nope' }).milestones[0]!.daysLeft).toBe(2)
  })
})
