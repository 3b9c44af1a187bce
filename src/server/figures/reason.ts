// A status in words, as the engine says it (core/status.ts), from a milestone's stored facts at `now`.
// The dashboard counts calendar days in UTC, as `evaluate` does without a time zone.
import { daysToDue } from '../../core'
import { atRiskReason, overdueBy } from '../../core/status'
import type { MilestoneStatus } from '../../core/types'

export interface ReasonFacts {
  status: MilestoneStatus
  startedAt: number
  dueAt: number | null
  percent: number
  /** Dependencies not done, in order: id, red from, blocked from. */
  waits: ReadonlyArray<readonly [string, number | null, number | null]>
}

const since = (from: number | null, now: number) => from != null && now >= from

/** "2 days overdue", "Waits for “Connect your data”, which is overdue", "At risk: 50% done, due in 3 days". */
export const reasonAt = (m: ReasonFacts, now: number, title: (id: string) => string): string => {
  const late = m.dueAt != null && now > m.dueAt
  if (m.status === 'blocked') {
    const d = m.waits.find(([, redFrom]) => since(redFrom, now) || late)
    if (!d) return 'Blocked'
    return `Waits for “${title(d[0])}”` + (since(d[1], now) ? `, which is ${since(d[2], now) ? 'blocked' : 'overdue'}` : '')
  }
  if (m.status === 'overdue') return overdueBy(-daysToDue(m.dueAt!, now))
  if (m.status === 'at-risk') return atRiskReason(m.percent, m.dueAt == null ? null : daysToDue(m.dueAt, now))
  return m.status === 'done' ? 'Done' : 'On track'
}
