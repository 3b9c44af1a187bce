// The journey as one user sees it now: the pure function behind every status in the product.
import { accountMilestone, accountStart, withAccountTraits } from './account'
import { matchesAudience } from './audience'
import { conditionReader } from './completion'
import { DISMISSED } from './delegation'
import { dependenciesThrough, milestoneState, pct, required, resolved } from './milestone'
import { nudgesOf } from './nudges'
import type { SharedDoc } from './milestone'
import { projectionOf } from './projection'
import { AT_RISK_SHARE, colourTimesOf } from './colour-times'
import { evaluateSignal, signalMilestone, stalledIn } from './signals/index'
import type { SignalContext } from './signals/index'
import { toursOf } from './tours'
import { journeyStart } from './start'
import { COLOUR, headlineOf, statusOf } from './status'
import { calendarDays, days, lastMoment, latest } from './time'
import type { EvaluateOptions, Journey, JourneyState, MilestoneState, Nudge, Progress } from './types'

/**
 * Evaluates `journey` for one user's `progress` at `now`; never reads the clock.
 * Day 0 is the start trait when it reads as a date (ISO string, or epoch seconds or ms), else first seen,
 * else now. Milestones, steps and nudges outside the user's audience are left out, and
 * dependencies on left-out milestones are ignored. With no milestone in the audience the journey
 * is done at 100% (doneAt null). Dependency cycles and dangling ids neither hang nor throw:
 * milestones in or behind a cycle get no projection.
 *
 * With `account`, account-scope steps are done or skipped from the union of the account's document
 * and the user's; account-scope milestones count their due from the account's start, and nudges
 * about them read their shows, dismissals and escalations from the account's document. Audiences
 * read the account's traits as `account.<name>`.
 * @example evaluate(journey, progress, { now: Date.now(), traits: { signedUpAt: '2026-11-01' } })
 */
export const evaluate = (journey: Journey, progress: Progress, { now, traits: own = {}, timeZone = 'UTC', account }: EvaluateOptions): JourneyState => {
  const traits = withAccountTraits(own, account?.traits)
  const start = journeyStart(journey, progress, own, now)
  const shared: SharedDoc | undefined = account && {
    progress: account.progress, held: conditionReader(account.progress), start: accountStart(journey, account, progress.firstSeen ?? start),
  }
  const startOf = (m: { milestone: { scope?: string } }) => (shared && m.milestone.scope == 'account' ? shared.start : start)
  // A milestone none of whose steps is for this user is not theirs either (it would read done at day 0).
  const mine = journey.milestones.filter((m) => matchesAudience(m.audience, traits) && m.steps.some((s) => matchesAudience(s.audience, traits)))
  const ids = new Set(mine.map((m) => m.id))
  const all = new Map(journey.milestones.map((m) => [m.id, m]))
  // A dependency that is not this user's stands for its own dependencies.
  const depsOf = (deps?: readonly string[]) => dependenciesThrough(deps, (id) => ids.has(id), (id) => all.get(id)?.dependsOn)
  const held = conditionReader(progress)
  const ms = mine.map((m) => milestoneState(m, progress, held, traits, depsOf, start, now, timeZone, shared))
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
  // A `stalled` signal about a milestone in the user's nudges makes it amber too (status rule c).
  const stalled = new Map<string, number[]>()
  for (const n of journey.nudges ?? []) {
    if (!matchesAudience(n.audience, traits)) continue
    for (const { milestone, days } of stalledIn(n.when)) stalled.set(milestone, [...stalled.get(milestone) ?? [], days])
  }
  const share = journey.atRiskShare ?? AT_RISK_SHARE
  for (const m of new Set([...seen, ...ms])) {
    // In or behind a cycle (validateJourney refuses them), a dependency may not have its times yet.
    const o = { start: startOf(m), share: m.milestone.atRiskShare ?? share, timeZone, stalled: stalled.get(m.id) ?? [], milestones: byId }
    ;({ times: m.colourTimes, startsAt: m.startsAt, waitingFor: m.waitingFor } = colourTimesOf(m, deps(m), o))
    ;[m.status, m.reason, m.cause] = statusOf(m, deps(m), { now, timeZone })
    m.colour = COLOUR[m.status]
    if (m.status != 'on-track') m.waitingFor = null
    if (seen.has(m)) m.projectedAt = projectionOf(m, deps(m), now)
  }
  const open = ms.filter((m) => !m.done)
  const done = !open.length
  const doneAt = done ? latest(ms.map((m) => m.doneAt)) : null
  // The plan for what is left: the latest due of the open milestones (of all, once done). What is
  // done is behind us, late or not: its slip already moved what depended on it. A milestone without
  // a due is never late, so its pace moves the finish only when nothing open has a due.
  const rest = done ? ms : open
  const plannedFinish = latest(rest.map((m) => m.dueAt))
  const projectedFinish = done ? doneAt : latest(rest.filter((m) => plannedFinish == null || m.dueAt != null).map((m) => m.projectedAt))
  const next = open.find((m) => deps(m).every((d) => d.done)) ?? open[0]
  // Counted between the days the two finishes end (`lastMoment`, as `daysToDue` counts a due): a due
  // at midnight is the day before's, so the slip matches "N days overdue" (and the panel's dates).
  const slipDays = plannedFinish == null || projectedFinish == null ? 0 : Math.max(0, calendarDays(lastMoment(plannedFinish), lastMoment(projectedFinish), timeZone))
  const [headline, behind] = headlineOf(ms, done, slipDays, now, timeZone, projectedFinish)
  const colour = ms.some((m) => m.colour == 'red') ? 'red' : behind.length ? 'amber' : 'green'
  const s: JourneyState = {
    journeyId: journey.id, title: journey.title, now, startedAt: start, day: Math.max(0, days(now - start)),
    percent: pct(ms), done, doneAt, plannedFinish, projectedFinish, slipDays,
    status: done ? 'done' : behind.length ? 'behind' : 'on-track', colour, behind, headline,
    stages: (journey.stages ?? []).map((st) => {
      const l = ms.filter((m) => m.stage === st.id)
      return { id: st.id, title: st.title, percent: pct(l), milestones: l.map((m) => m.id) }
    }),
    milestones: ms, nudges: [], tours: [], tour: null, dismissed: !!progress.tracks[DISMISSED],
    next: next ? { milestone: next.id, step: required(next.steps).find((x) => !resolved(x))!.id } : null,
    ...(account ? { account: { id: account.id } } : {}),
  }
  const c: SignalContext = { now, start, progress, percent: s.percent, stages: s.stages, milestones: byId }
  // A nudge about an account milestone is the account's: its shows and ladder are in the account's document.
  const sharedCtx: SignalContext | undefined = shared && {
    ...c, start: shared.start, progress: { ...progress, nudges: shared.progress.nudges, escalations: shared.progress.escalations },
  }
  const ctxOf = (n: Nudge) => (sharedCtx && accountMilestone(journey, signalMilestone(n.when)) ? sharedCtx : c)
  ;[s.tours, s.tour] = toursOf(journey.tours ?? [], progress, traits, (signal) => !!evaluateSignal(signal, c))
  s.nudges = nudgesOf(journey.nudges ?? [], c, traits, ctxOf, journey.nudgeCap, timeZone)
  return s
}
