// A milestone's status, colour, cause and the reason in words, from its colour times at `now`.
import { statusAt } from './colour-times'
import { daysToDue } from './time'
import type { Colour, MilestoneState, MilestoneStatus } from './types'

export const COLOUR: Record<MilestoneStatus, Colour> = {
  done: 'green', 'on-track': 'green', 'at-risk': 'amber', overdue: 'red', blocked: 'red',
}

export const days = (n: number) => `${n} day${n == 1 ? '' : 's'}`
/** Overdue or blocked. */
const red = (m: MilestoneState) => COLOUR[m.status] == 'red'

/** "due today", "due tomorrow", "due in 3 days" from calendar days left. */
export const dueIn = (left: number): string => (left <= 0 ? 'due today' : left == 1 ? 'due tomorrow' : `due in ${days(left)}`)

/** "3 days overdue" (calendar days), "Overdue since today". */
export const overdueBy = (late: number): string => (late >= 1 ? `${days(late)} overdue` : 'Overdue since today')

/**
 * An amber milestone in words, from what the dashboard stores too: "At risk: not started, due
 * tomorrow", "At risk: 50% done, due in 3 days". Why it is amber (pace, window or stall) is in
 * `colourTimes`; the projected finish is `projectedAt`.
 */
export const atRiskReason = (percent: number, daysLeft: number | null): string =>
  `At risk: ${percent ? `${percent}% done` : 'not started'}${daysLeft == null ? '' : `, ${dueIn(daysLeft)}`}`

export interface StatusOptions {
  now: number
  /** IANA zone the calendar days are counted in. */
  timeZone: string
}

/**
 * Status by precedence done → blocked → overdue → waiting (on-track) → at-risk → on-track, read
 * from `m.colourTimes` (see colour-times.ts); `deps` must have theirs. Also the cause of an amber or
 * red: itself, or the cause of the red dependency that blocks it.
 */
export const statusOf = (m: MilestoneState, deps: readonly MilestoneState[], o: StatusOptions): [MilestoneStatus, string, string | null] => {
  const { now } = o
  const status = statusAt(m.done, m.colourTimes, now)
  if (status == 'done') return [status, 'Done', null]
  if (status == 'blocked') {
    const late = m.dueAt != null && now > m.dueAt
    const d = deps.find((x) => !x.done && (red(x) || late))
    const r = deps.find((x) => !x.done && red(x))
    return [status, d ? `Waits for “${d.title}”` + (red(d) ? `, which is ${d.status}` : '') : 'Blocked', r?.cause ?? m.id]
  }
  if (status == 'overdue') return [status, overdueBy(-daysToDue(m.dueAt!, now, o.timeZone)), m.id]
  if (m.waitingFor != null) return [status, `Starts after “${deps.find((d) => d.id == m.waitingFor)!.title}”`, null]
  if (status == 'at-risk') return [status, atRiskReason(m.percent, m.daysLeft), m.id]
  if (m.dueAt == null) return [status, 'On track', null]
  return [status, m.daysLeft! >= 2 ? `On track: due in ${days(m.daysLeft!)}` : m.daysLeft == 1 ? 'Due tomorrow' : 'Due today', null]
}

/**
 * The journey's headline: "On track" only when no milestone is amber or red; otherwise what is
 * behind, at its cause, and what it costs in calendar days of the projected finish. The causes
 * (`behind`) in order: the one the slip comes from (the cause of the milestone projected last),
 * then red before amber, then file order.
 */
export const headlineOf = (ms: readonly MilestoneState[], done: boolean, slipDays: number, now: number, timeZone: string, finish: number | null): [string, string[]] => {
  if (done) return ['Done', []]
  const slip = slipDays > 0 ? ms.find((m) => m.projectedAt === finish)?.cause : null
  const rank = (m: MilestoneState) => (m.id === slip ? 0 : m.colour == 'red' ? 1 : 2)
  const causes = ms.filter((m) => m.cause == m.id).sort((a, b) => rank(a) - rank(b))
  const c = causes[0]
  if (!c) return ['On track', []]
  const what = c.status == 'overdue' ? `is ${overdueBy(-daysToDue(c.dueAt!, now, timeZone)).toLowerCase()}`
    : c.status == 'at-risk' ? 'is at risk' : 'is late and still waiting'
  const more = causes.length > 1 ? ` and ${causes.length - 1} more` : ''
  const cost = slipDays > 0 ? `; finish ${days(slipDays)} later than planned` : ''
  return [`Behind: “${c.title}” ${what}${more}${cost}`, causes.map((m) => m.id)]
}

