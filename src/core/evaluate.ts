// The journey as one user sees it now: the pure function behind every status in the product.
import { matchesAudience } from './audience'
import { conditionReader } from './completion'
import { milestoneState, pct, required, resolved } from './milestone'
import { nudgesOf } from './nudges'
import { projectionOf } from './projection'
import { own } from './record'
import { COLOUR, statusOf } from './status'
import { days, latest } from './time'
import type { EvaluateOptions, Journey, JourneyState, MilestoneState, Progress } from './types'

/**
 * Evaluates `journey` for one user's `progress` at `now`; never reads the clock.
 * Day 0 is the start trait when it reads as a date (ISO string or epoch ms), else first seen,
 * else now. Milestones, steps and nudges outside the user's audience are left out, and
 * dependencies on left-out milestones are ignored. With no milestone in the audience the journey
 * is done at 100% (doneAt null). Dependency cycles and dangling ids neither hang nor throw:
 * milestones in or behind a cycle get no projection.
 * @example evaluate(journey, progress, { now: Date.now(), traits: { signedUpAt: '2026-11-01' } })
 */
export const evaluate = (journey: Journey, progress: Progress, { now, traits = {} }: EvaluateOptions): JourneyState => {
  const v = journey.start && own(traits, journey.start.trait)
  // Date.parse reads anything but a string (a missing trait, true, null) as NaN.
  const t = typeof v == 'number' ? v : Date.parse(v as string)
  const start = isFinite(t) ? t : progress.firstSeen ?? now
  const mine = journey.milestones.filter((m) => matchesAudience(m.audience, traits))
  const ids = new Set(mine.map((m) => m.id))
  const held = conditionReader(progress)
  const ms = mine.map((m) => milestoneState(m, progress, held, traits, ids, start, now))
  const byId = new Map(ms.map((m) => [m.id, m]))
  const deps = (m: MilestoneState) => m.dependsOn.map((d) => byId.get(d)!)
  // Dependencies first, in passes (no recursion); what is never reached sits in or behind a cycle.
  const seen = new Set<MilestoneState>()
  for (let grew = true; grew; ) {
    grew = false
    for (const m of ms) {
      if (!seen.has(m) && deps(m).every((d) => seen.has(d))) {
        seen.add(m)
        grew = true
      }
    }
  }
  for (const m of new Set([...seen, ...ms])) {
    ;[m.status, m.reason] = statusOf(m, deps(m), now, start)
    m.colour = COLOUR[m.status]
    if (seen.has(m)) m.projectedAt = projectionOf(m, deps(m), now)
  }
  const open = ms.filter((m) => !m.done)
  const done = !open.length
  const doneAt = done ? latest(ms.map((m) => m.doneAt)) : null
  const plannedFinish = latest(ms.map((m) => m.dueAt))
  const projectedFinish = done ? doneAt : latest(ms.map((m) => m.projectedAt))
  const next = open.find((m) => deps(m).every((d) => d.done)) ?? open[0]
  const s: JourneyState = {
    journeyId: journey.id, title: journey.title, now, startedAt: start, day: Math.max(0, days(now - start)),
    percent: pct(ms), done, doneAt, plannedFinish, projectedFinish,
    slipDays: plannedFinish == null || projectedFinish == null ? 0 : Math.max(0, -days(plannedFinish - projectedFinish)),
    stages: (journey.stages ?? []).map((st) => {
      const l = ms.filter((m) => m.stage === st.id)
      return { id: st.id, title: st.title, percent: pct(l), milestones: l.map((m) => m.id) }
    }),
    milestones: ms, nudges: [],
    next: next ? { milestone: next.id, step: required(next.steps).find((x) => !resolved(x))!.id } : null,
  }
  s.nudges = nudgesOf(journey.nudges ?? [], { now, start, progress, percent: s.percent, stages: s.stages, milestones: byId }, traits)
  return s
}
