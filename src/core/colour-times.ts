// When the clock alone changes a milestone's colour. Without progress only time moves, and time
// turns a milestone amber or red at moments known in advance; the status at any `now` is then three
// comparisons (`statusAt`). The browser, the server's figures (in SQL) and the CLI all read these.
import { stalledFrom } from './signals/stalled'
import { latest, startOfDay } from './time'
import type { ColourTimes, MilestoneState, MilestoneStatus } from './types'

/** The share of its window left under which an untouched milestone is at risk, by default: the last third. */
export const AT_RISK_SHARE = 1 / 3

const none = (): ColourTimes => ({ amberFrom: null, overdueFrom: null, blockedFrom: null, redFrom: null })

const least = (a: number | null, b: number | null): number | null => (a == null ? b : b == null ? a : Math.min(a, b))

export interface RiskOptions {
  /** Day 0 of the journey. */
  start: number
  /** The share of the window left that makes an untouched milestone amber (see `AT_RISK_SHARE`). */
  share: number
  timeZone: string
  /** The `days` of each `stalled` signal about this milestone in the user's nudges. */
  stalled: readonly number[]
  /** Milestones in the audience, for the dependencies' done times. */
  milestones: ReadonlyMap<string, MilestoneState>
}

/**
 * When the user's own pace projects the finish after the due: the pace is the time since it could
 * start per resolved required step, so the finish `startsAt + (now − startsAt) × required / resolved`
 * passes the due at `startsAt + (due − startsAt) × resolved / required`. Null before any step.
 */
export const paceFrom = (m: MilestoneState, startsAt: number): number | null =>
  m.dueAt == null || !m.resolvedSteps || !m.requiredSteps ? null
    : Math.floor(startsAt + (m.dueAt - startsAt) * m.resolvedSteps / m.requiredSteps) + 1

/** Where the user's pace puts the finish at `now`, or null before any required step is resolved. */
export const paceFinish = (m: MilestoneState, now: number): number | null =>
  m.done || m.startsAt == null || !m.resolvedSteps ? null : m.startsAt + (now - m.startsAt) * m.requiredSteps / m.resolvedSteps

/**
 * When an untouched milestone is at risk: no more than `share` of [startsAt, due] left, or the last
 * calendar day before its due (in the user's time zone) begun, whichever comes first.
 */
export const windowFrom = (m: MilestoneState, startsAt: number, share: number, timeZone: string): number | null =>
  m.dueAt == null || m.resolvedSteps ? null
    : Math.min(Math.floor(m.dueAt - share * Math.max(0, m.dueAt - startsAt)), startOfDay(m.dueAt - 1, timeZone))

/**
 * The colour times of one milestone, its dependencies' first (`deps`), and when it can start:
 * - blocked from the first moment a dependency not done is red, or its own due passes while one is open;
 * - overdue from the first millisecond after its due;
 * - while a dependency is open it waits: never amber (`amberFrom` null), `startsAt` null;
 * - else amber from the least of `paceFrom`, `windowFrom` and each stalled signal's moment.
 */
export const colourTimesOf = (m: MilestoneState, deps: readonly MilestoneState[], o: RiskOptions):
  { times: ColourTimes; startsAt: number | null; waitingFor: string | null } => {
  const open = deps.filter((d) => !d.done)
  const startsAt = open.length ? null : latest([o.start, ...deps.map((d) => d.doneAt)])!
  if (m.done) return { times: none(), startsAt, waitingFor: null }
  const overdueFrom = m.dueAt == null ? null : Math.floor(m.dueAt) + 1
  let blockedFrom: number | null = null
  for (const d of open) blockedFrom = least(blockedFrom, least(d.colourTimes.redFrom, overdueFrom))
  let amberFrom: number | null = null
  if (startsAt != null) {
    amberFrom = least(paceFrom(m, startsAt), windowFrom(m, startsAt, o.share, o.timeZone))
    // Amber predicts red: without a due nothing turns red, so a stall makes amber only a milestone with one.
    if (m.dueAt != null) for (const days of o.stalled) amberFrom = least(amberFrom, stalledFrom(m, days, o.start, o.milestones))
  }
  return { times: { amberFrom, overdueFrom, blockedFrom, redFrom: least(overdueFrom, blockedFrom) }, startsAt, waitingFor: open[0]?.id ?? null }
}

/** The status at `now` from colour times: what `evaluate` returns and the dashboard's SQL computes. */
export const statusAt = (done: boolean, c: ColourTimes, now: number): MilestoneStatus =>
  done ? 'done'
    : c.blockedFrom != null && now >= c.blockedFrom ? 'blocked'
      : c.overdueFrom != null && now >= c.overdueFrom ? 'overdue'
        : c.amberFrom != null && now >= c.amberFrom ? 'at-risk'
          : 'on-track'
