// A status in words, as the engine says it (status.ts), from a milestone's stored facts at `now`.
import { DAY } from '../../core'
import type { MilestoneStatus } from '../../core/types'

export interface ReasonFacts {
  status: MilestoneStatus
  startedAt: number
  dueAt: number | null
  percent: number
  /** Dependencies not done, in order: id, red from, blocked from. */
  waits: ReadonlyArray<readonly [string, number | null, number | null]>
}

const days = (n: number) => `${n} day${n == 1 ? '' : 's'}`
const since = (from: number | null, now: number) => from != null && now >= from

/** "2 days overdue", "Waits for “Connect your data”, which is overdue", "At risk: 67% of the time used, 50% of the steps done". */
export const reasonAt = (m: ReasonFacts, now: number, title: (id: string) => string): string => {
  const late = m.dueAt != null && now > m.dueAt
  if (m.status === 'blocked') {
    const d = m.waits.find(([, redFrom]) => since(redFrom, now) || late)
    if (!d) return 'Blocked'
    return `Waits for “${title(d[0])}”` + (since(d[1], now) ? `, which is ${since(d[2], now) ? 'blocked' : 'overdue'}` : '')
  }
  if (m.status === 'overdue') return `${days(-Math.floor((m.dueAt! - now) / DAY))} overdue`
  if (m.status === 'at-risk') {
    const w = (m.dueAt! - m.startedAt) / DAY
    const used = w > 0 ? Math.min(1, Math.floor((now - m.startedAt) / DAY) / w) : 1
    return `At risk: ${Math.round(used * 100)}% of the time used, ${m.percent}% of the steps done`
  }
  return m.status === 'done' ? 'Done' : 'On track'
}
