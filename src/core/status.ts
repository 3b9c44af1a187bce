// A milestone's status, colour and the reason in words.
import { DAY } from './limits'
import { share } from './milestone'
import { days as whole } from './time'
import type { Colour, MilestoneState, MilestoneStatus } from './types'

export const COLOUR: Record<MilestoneStatus, Colour> = {
  done: 'green', 'on-track': 'green', 'at-risk': 'amber', overdue: 'red', blocked: 'red',
}

const days = (n: number) => `${n} day${n == 1 ? '' : 's'}`
/** Overdue or blocked. */
const red = (m: MilestoneState) => COLOUR[m.status] == 'red'

/**
 * Status by precedence done → blocked → overdue → at-risk → on-track; `deps` must have theirs.
 * blocked: a dependency is not done and is overdue or blocked, or this one is past its due.
 * at-risk: the share of [start, due] used (whole days; a window ≤ 0 days counts as used up) is
 * larger than the share of required steps resolved.
 */
export const statusOf = (m: MilestoneState, deps: readonly MilestoneState[], now: number, start: number): [MilestoneStatus, string] => {
  if (m.done) return ['done', 'Done']
  const { dueAt, daysLeft } = m
  const late = dueAt != null && now > dueAt
  const d = deps.find((x) => !x.done && (red(x) || late))
  if (d) return ['blocked', `Waits for “${d.title}”` + (red(d) ? `, which is ${d.status}` : '')]
  if (dueAt == null) return ['on-track', 'On track']
  if (late) return ['overdue', `${days(-daysLeft!)} overdue`]
  const w = (dueAt - start) / DAY
  const used = w > 0 ? Math.min(1, whole(now - start) / w) : 1
  if (used > share([m])) return ['at-risk', `At risk: ${Math.round(used * 100)}% of the time used, ${m.percent}% of the steps done`]
  return ['on-track', daysLeft! > 0 ? `On track: due in ${days(daysLeft!)}` : 'Due today']
}
