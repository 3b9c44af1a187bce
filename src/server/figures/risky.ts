// A user's amber and red milestones at a moment, each at its cause, from the packed facts of one
// `milepost_users` row: shared by the at-risk list and the accounts worklist.
import { daysToDue } from '../../core'
import { dependenciesThrough } from '../../core/milestone'
import type { MilestoneStatus } from '../../core/types'
import { num } from './figure'
import type { Layout } from './layout'
import { reasonAt } from './reason'

export type Risky = Exclude<MilestoneStatus, 'done' | 'on-track'>

export interface AtRiskMilestone {
  id: string
  title: string
  status: Risky
  colour: 'amber' | 'red'
  reason: string
  /** Calendar days (UTC) past due (0 until then); null without a due. */
  daysOverdue: number | null
  /** Milestones blocked because of this one, in journey order (ids). */
  blocks: string[]
  dueAt: number | null
  percent: number
  /** Highest escalation level emitted for it or for a milestone it blocks (0: none yet). */
  level: number
}

export const overdueDays = (due: number | null, now: number): number | null => (due == null ? null : Math.max(0, -daysToDue(due, now)))
export const list = <T>(v: unknown): T[] => (Array.isArray(v) ? v : [])

/** Milestone k's status at `now` from its colour times, as `statusAt` (and the at-risk SQL) reads them; null: green, done or not theirs. */
export const statusAt = (times: ReadonlyArray<number | null>, info: ReadonlyArray<number | null>, k: number, now: number): Risky | null => {
  const at = (i: number) => times[4 * (k - 1) + i] ?? null
  if (info[2 * (k - 1)] == null || at(0) != null) return null
  const [due, amber, blocked] = [at(1), at(2), at(3)]
  if (blocked != null && now >= blocked) return 'blocked'
  if (due != null && now > due) return 'overdue'
  return amber != null && now >= amber ? 'at-risk' : null
}

/**
 * The row's amber and red milestones at their cause (a milestone blocked by a red dependency is in the
 * `blocks` of the one that caused it, as core/status.ts). `statuses`: by position, from SQL or `statusAt`.
 */
export const riskyMilestones = (layout: Layout, row: Record<string, unknown>, now: number, statuses?: ReadonlyArray<Risky | null>): AtRiskMilestone[] => {
  const times = list<unknown>(row.m_times).map(num)
  const info = list<unknown>(row.m_info).map(num)
  const status = (k: number) => (statuses ? statuses[k - 1] ?? null : statusAt(times, info, k, now))
  const at = (k: number, i: number) => times[4 * (k - 1) + i] ?? null
  const started = num(row.started_at)!
  const byId = new Map(layout.milestones.map((x) => [x.id, x]))
  // A milestone's dependencies the user gets (a percent), through those they do not, as the engine reads them.
  const theirs = (id: string) => {
    const d = byId.get(id)
    return !!d && info[2 * (d.k - 1)] != null
  }
  const deps = (ids: readonly string[]) => dependenciesThrough(ids, theirs, (id) => byId.get(id)?.dependsOn)
  // A dependency the user gets and has not done: its red and blocked times, for the reason.
  const waits = (ids: readonly string[]) => deps(ids).flatMap((id): Array<[string, number | null, number | null]> => {
    const d = byId.get(id)!
    if (at(d.k, 0) != null) return []
    const due = at(d.k, 1)
    const blocked = at(d.k, 3)
    const overdueFrom = due == null ? null : due + 1
    return [[id, overdueFrom == null ? blocked : blocked == null ? overdueFrom : Math.min(overdueFrom, blocked), blocked]]
  })
  const risky = layout.milestones.flatMap((x): AtRiskMilestone[] => {
    const s = status(x.k)
    if (!s) return []
    const dueAt = at(x.k, 1)
    const percent = info[2 * (x.k - 1)] ?? 0
    return [{
      id: x.id, title: x.title, status: s, colour: s === 'at-risk' ? 'amber' : 'red',
      reason: reasonAt({ status: s, startedAt: started, dueAt, percent, waits: waits(x.dependsOn) }, now, layout.title),
      daysOverdue: overdueDays(dueAt, now), dueAt, percent, blocks: [], level: info[2 * (x.k - 1) + 1] ?? 0,
    }]
  })
  // The cause of a blocked milestone: the cause of its first red dependency (as core/status.ts).
  const red = new Map(risky.filter((m) => m.colour === 'red').map((m) => [m.id, m]))
  const causeOf = (m: AtRiskMilestone, depth = 0): AtRiskMilestone => {
    if (m.status !== 'blocked' || depth > layout.milestones.length) return m
    const d = deps(byId.get(m.id)!.dependsOn).map((id) => red.get(id)).find((x) => x)
    return d ? causeOf(d, depth + 1) : m
  }
  return risky.filter((m) => {
    const c = causeOf(m)
    if (c === m) return true
    c.blocks.push(m.id)
    c.level = Math.max(c.level, m.level)
    return false
  })
}
