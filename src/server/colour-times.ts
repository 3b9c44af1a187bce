// When a milestone's colour changes with the clock alone. Between two syncs of a user only time
// moves, and time changes the engine's statuses at known moments: the day the share of time used
// passes the share of steps done, the due, and the moments dependencies turn red. The store writes
// these moments at each sync; SQL then reads any status at any `now` with three comparisons.
import { DAY } from '../core'
import { share } from '../core/milestone'
import type { MilestoneState, MilestoneStatus } from '../core/types'

/** Moments (epoch ms) from which a milestone that is not done has a colour; null: never, with these facts. */
export interface ColourTimes {
  /** At risk (amber) from here on, unless red by then. */
  amberFrom: number | null
  /** Overdue from here on: the first millisecond after its due. */
  overdueFrom: number | null
  /** Blocked from here on: a dependency that is not done is red, or this one is late while one is not done. */
  blockedFrom: number | null
  /** Red (overdue or blocked) from here on. */
  redFrom: number | null
}

/** "Always", for a window of 0 days or less: the engine counts it as used up. */
export const ALWAYS = Number.MIN_SAFE_INTEGER

const least = (a: number | null, b: number | null): number | null => (a == null ? b : b == null ? a : Math.min(a, b))

/** The first whole day n at which `Math.min(1, n / w) > done`, the engine's own test (status.ts). */
const amberDay = (w: number, done: number): number => {
  const over = (n: number) => Math.min(1, n / w) > done
  let n = Math.max(1, Math.floor(done * w) - 1)
  while (n > 1 && over(n - 1)) n--
  while (!over(n)) n++ // ends by n = ceil(w): then the share used is 1, and done < 1
  return n
}

/**
 * The colour times of every milestone of one evaluated user (milestones in the audience, with
 * audience-filtered `dependsOn`, as `evaluate` returns them). Done milestones get nulls.
 * Mirrors status.ts: blocked → overdue → at-risk → on-track.
 */
export const colourTimes = (milestones: readonly MilestoneState[], start: number): Map<string, ColourTimes> => {
  const byId = new Map(milestones.map((m) => [m.id, m]))
  const out = new Map<string, ColourTimes>()
  const visiting = new Set<string>()
  const of = (m: MilestoneState): ColourTimes => {
    const known = out.get(m.id)
    if (known) return known
    const none: ColourTimes = { amberFrom: null, overdueFrom: null, blockedFrom: null, redFrom: null }
    if (visiting.has(m.id)) return none // a cycle (validateJourney refuses them) gets no colour
    if (m.done) return out.set(m.id, none), none
    visiting.add(m.id)
    const overdueFrom = m.dueAt == null ? null : Math.floor(m.dueAt) + 1
    let blockedFrom: number | null = null
    for (const d of m.dependsOn.map((id) => byId.get(id)!)) {
      if (!d.done) blockedFrom = least(blockedFrom, least(of(d).redFrom, overdueFrom))
    }
    let amberFrom: number | null = null
    if (m.dueAt != null) {
      const w = (m.dueAt - start) / DAY
      amberFrom = w > 0 ? Math.ceil(start + amberDay(w, share([m])) * DAY) : ALWAYS
    }
    const times = { amberFrom, overdueFrom, blockedFrom, redFrom: least(overdueFrom, blockedFrom) }
    visiting.delete(m.id)
    out.set(m.id, times)
    return times
  }
  for (const m of milestones) of(m)
  return out
}

/** The status at `now` from colour times: what the dashboard's SQL computes, in JS for tests. */
export const statusAt = (done: boolean, c: ColourTimes, now: number): MilestoneStatus =>
  done ? 'done'
    : c.blockedFrom != null && now >= c.blockedFrom ? 'blocked'
      : c.overdueFrom != null && now >= c.overdueFrom ? 'overdue'
        : c.amberFrom != null && now >= c.amberFrom ? 'at-risk'
          : 'on-track'
