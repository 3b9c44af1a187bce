// What the dashboard's figures read about one user, taken from the engine at each sync: the parts
// of `evaluate` that the clock does not change, and the moments the clock would change a colour.
// Milestones and nudges come as lists in the journey file's order, so SQL reads them by position.
import { accountMilestone, escalationLevel, evaluate, matchesAudience, required, signalMilestone, startTrait, withAccountTraits } from '../core'
import { own } from '../core/record'
import type { AccountContext, Journey, MilestoneState, Progress, Signal, StepState, Traits } from '../core/types'
import { colourTimes } from './colour-times'
import type { ColourTimes } from './colour-times'

/** A milestone the user gets. */
export interface MilestoneFacts extends ColourTimes {
  id: string
  doneAt: number | null
  dueAt: number | null
  percent: number
  /** The least of the colour times: from then on the milestone is amber or red. */
  riskFrom: number | null
  /** The highest escalation level emitted for it (0: none). */
  level: number
  /** Its dependencies that are not done, in order, with their red and blocked times, for the reason in words. */
  waits: Array<[id: string, redFrom: number | null, blockedFrom: number | null]>
}

/** A nudge the user may get: its audience, and its milestone is theirs. */
export interface NudgeFacts {
  id: string
  firstShown: number | null
  shows: number
  clickedAt: number | null
  dismissedAt: number | null
  /** The first required step of its goal (its milestone, or the whole journey) open at the first show. */
  nextStep: string | null
  /** When that step was then done or skipped. */
  nextDoneAt: number | null
  /** When its goal was done. */
  goalDoneAt: number | null
}

export interface Facts {
  /** Which journey file the lists follow (see layoutKey). */
  layout: string
  firstSeen: number | null
  lastSeen: number | null
  /** Day 0, as the engine reads it: the start trait when it is a date, else first seen. */
  startedAt: number
  doneAt: number | null
  /** When the user's first milestone was done: "first value". */
  firstValueAt: number | null
  /** Where the user is in the funnel: the first required step, in journey order, not yet done or skipped. */
  openStep: string | null
  /** Steps of the journey outside this user's audience. */
  stepsOut: string[]
  /** Optional steps done or skipped (they never hold the funnel back). */
  optionalDone: string[]
  /** The least risk and red times of the user's milestones, the earliest due of those open, the highest level. */
  riskFrom: number | null
  redFrom: number | null
  openDue: number | null
  level: number
  /** By the journey's milestones in file order; null: not in this user's audience. */
  milestones: Array<MilestoneFacts | null>
  /** By the journey's nudges in file order; null: not for this user. */
  nudges: Array<NudgeFacts | null>
}

/** The milestone a signal is about: the core's rule (`signalMilestone`). */
export const milestoneOf = (s: Signal): string | null => signalMilestone(s)

/** A short key of the journey's milestone, step and nudge ids in order: facts with another key are from another file. */
export const layoutKey = (journey: Journey): string => {
  const text = JSON.stringify([journey.milestones.map((m) => [m.id, m.steps.map((s) => s.id)]), (journey.nudges ?? []).map((n) => n.id)])
  return `${journey.milestones.length}.${(journey.nudges ?? []).length}.${fnv(text)}`
}

/** FNV-1a, 32 bits, base 36: a change detector, not a secret. */
const fnv = (text: string): string => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(36)
}

/**
 * A key of the whole journey file (its layout key, then a hash of all its content: days, ladders,
 * audiences, dues): the watch keeps it per journey, and a watcher started with a file whose key
 * differs looks at every user and account of that journey once (watcher.ts, `watchJourney`).
 */
export const journeyVersion = (journey: Journey): string => `${layoutKey(journey)}.${fnv(JSON.stringify(journey))}`

const minOf = (ts: ReadonlyArray<number | null>): number | null =>
  ts.reduce<number | null>((a, t) => (t == null ? a : a == null ? t : Math.min(a, t)), null)

/** Highest level per milestone from `nudge:milestone:level` keys (ids may hold ':', so known ids are matched). */
const levels = (journey: Journey, p: Progress, account?: Progress): Map<string, number> => {
  const out = new Map<string, number>()
  for (const key of [...Object.keys(p.escalations), ...Object.keys(account?.escalations ?? {})]) {
    for (const n of journey.nudges ?? []) {
      for (const m of journey.milestones) {
        const level = escalationLevel(key, n.id, m.id)
        if (level > (out.get(m.id) ?? 0)) out.set(m.id, level)
      }
    }
  }
  return out
}

/**
 * The facts of one user, or null when the journey has no day 0 for them yet (no date trait and
 * never seen). Pure: `now` only feeds `evaluate`, and nothing kept here depends on it. With the
 * user's `account`, account steps, dues and ladder levels are the account's (as the browser shows them).
 */
export const factsOf = (journey: Journey, p: Progress, traits: Traits, now: number, account?: AccountContext): Facts | null => {
  if (p.firstSeen == null && startTrait(journey, traits) == null) return null
  const state = evaluate(journey, p, { now, traits, ...(account ? { account } : {}) })
  const audienceTraits = withAccountTraits(traits, account?.traits)
  const at = (s: StepState): number | null => s.doneAt ?? (s.skipped ? p.steps[s.id]?.skipped ?? null : null)
  const ordered = state.milestones.flatMap((m) => {
    const gating = new Set(required(m.steps))
    return m.steps.map((s) => ({ s, gating: gating.has(s) }))
  })
  const mine = new Set(ordered.map((x) => x.s.id))
  const times = colourTimes(state.milestones)
  const level = levels(journey, p, account?.progress)
  const byId = new Map(state.milestones.map((m) => [m.id, m]))
  const facts = (m: MilestoneState): MilestoneFacts => {
    const c = times.get(m.id)!
    return {
      id: m.id, doneAt: m.done ? m.doneAt : null, dueAt: m.dueAt, percent: m.percent, ...c, riskFrom: minOf([c.amberFrom, c.redFrom]),
      level: level.get(m.id) ?? 0,
      waits: m.dependsOn.filter((id) => !byId.get(id)!.done).map((id) => [id, times.get(id)!.redFrom, times.get(id)!.blockedFrom]),
    }
  }
  const milestones = journey.milestones.map((m) => (byId.has(m.id) ? facts(byId.get(m.id)!) : null))
  const nudges = (journey.nudges ?? []).map((n): NudgeFacts | null => {
    const milestone = milestoneOf(n.when)
    const goal = milestone == null ? state.milestones : byId.has(milestone) ? [byId.get(milestone)!] : null
    if (!goal || !matchesAudience(n.audience, audienceTraits)) return null
    const rec = own((account && accountMilestone(journey, milestone) ? account.progress : p).nudges, n.id)
    const shows = Object.values(rec?.shown ?? {})
    const firstShown = minOf(shows)
    const next = firstShown == null ? undefined
      : goal.flatMap((m) => required(m.steps)).find((s) => { const t = at(s); return t == null || t > firstShown })
    return {
      id: n.id, firstShown, shows: shows.length, clickedAt: rec?.clicked ?? null, dismissedAt: rec?.dismissed ?? null,
      nextStep: next?.id ?? null, nextDoneAt: next ? at(next) : null,
      goalDoneAt: milestone == null ? state.doneAt : goal[0]!.done ? goal[0]!.doneAt : null,
    }
  })
  const open = milestones.filter((m): m is MilestoneFacts => m != null && m.doneAt == null)
  return {
    layout: layoutKey(journey), firstSeen: p.firstSeen ?? null, lastSeen: p.lastSeen ?? null, startedAt: state.startedAt,
    doneAt: state.doneAt, firstValueAt: minOf(state.milestones.map((m) => (m.done ? m.doneAt : null))),
    openStep: ordered.find((x) => x.gating && at(x.s) == null)?.s.id ?? null,
    stepsOut: journey.milestones.flatMap((m) => m.steps.map((s) => s.id)).filter((id) => !mine.has(id)),
    optionalDone: ordered.filter((x) => !x.gating && at(x.s) != null).map((x) => x.s.id),
    riskFrom: minOf(open.map((m) => m.riskFrom)), redFrom: minOf(open.map((m) => m.redFrom)), openDue: minOf(open.map((m) => m.dueAt)),
    level: Math.max(0, ...milestones.map((m) => m?.level ?? 0)),
    milestones, nudges,
  }
}

/** Bits of `n_flags`, one entry per nudge. */
export const NUDGE_FLAG = { eligible: 1, clicked: 2, dismissed: 4, withNextStep: 8, nextStepDone: 16 } as const

/**
 * The facts as `milepost_users` columns, packed in four arrays in journey order so a row stays narrow:
 * `m_times` 4 per milestone (done, due, amber from, blocked from; "overdue" is the due passed),
 * `m_info` 2 per milestone (percent, null when not in the audience; escalation level),
 * `n_times` 2 per nudge (first shown, goal done), `n_flags` 1 per nudge (NUDGE_FLAG bits).
 */
export const factsRow = (f: Facts) => {
  const flag = (n: NudgeFacts | null) => n == null ? 0 : NUDGE_FLAG.eligible | (n.clickedAt != null ? NUDGE_FLAG.clicked : 0) |
    (n.dismissedAt != null ? NUDGE_FLAG.dismissed : 0) | (n.firstShown != null && n.nextStep != null ? NUDGE_FLAG.withNextStep : 0) |
    (n.firstShown != null && n.nextDoneAt != null ? NUDGE_FLAG.nextStepDone : 0)
  return {
    layout: f.layout, started_at: f.startedAt, done_at: f.doneAt, first_value_at: f.firstValueAt, open_step: f.openStep,
    steps_out: f.stepsOut, optional_done: f.optionalDone, risk_from: f.riskFrom, red_from: f.redFrom, open_due: f.openDue, level: f.level,
    m_times: f.milestones.flatMap((m) => (m ? [m.doneAt, m.dueAt, m.amberFrom, m.blockedFrom] : [null, null, null, null])),
    m_info: f.milestones.flatMap((m) => (m ? [m.percent, m.level] : [null, null])),
    n_times: f.nudges.flatMap((n) => [n?.firstShown ?? null, n?.goalDoneAt ?? null]),
    n_flags: f.nudges.map(flag),
  }
}
