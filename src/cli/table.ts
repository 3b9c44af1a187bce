// The day-by-day table of `milepost simulate`: one block per day, columns aligned across days.
import { DAY } from '../core/index'
import type { JourneyState } from '../core/index'
import { paint } from './colour'
import type { SimulatedDay } from './simulation'
import { dateOf } from './times'

const plural = (n: number, what: string) => `${n} ${what}${n == 1 ? '' : 's'}`
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length))

/** Journey day of a moment, in whole days (as "day N" everywhere). */
const dayOf = (t: number, start: number) => Math.floor((t - start) / DAY)

/**
 * `40% done · finish: day 5 planned, day 7 projected (2 days late)`; "on plan" only when the
 * engine's headline is on track (no amber or red milestone), else until the finish slips "at risk"
 * (the worst milestone amber) or "behind" (one red: overdue or blocked).
 */
const progressLine = (s: JourneyState): string => {
  const done = `${s.percent}% done`
  if (s.done) return `${done} · finished on day ${dayOf(s.doneAt ?? s.startedAt, s.startedAt)}`
  if (s.plannedFinish == null || s.projectedFinish == null) return done
  const planned = dayOf(s.plannedFinish, s.startedAt)
  const projected = dayOf(s.projectedFinish, s.startedAt)
  return `${done} · finish: day ${planned} planned` + (s.slipDays ? `, day ${projected} projected (${plural(s.slipDays, 'day')} late)` : s.status == 'behind' ? (s.colour == 'red' ? ', behind' : ', at risk') : ', on plan')
}

/**
 * The table as text. With `colour`, the colour words are painted in their colour (the word stays,
 * so the table reads the same without colour).
 * @example formatTable(simulate(journey, options), false)
 */
export const formatTable = (days: readonly SimulatedDay[], colour: boolean): string => {
  const ids = days.flatMap((d) => d.state.milestones.map((m) => m.id))
  const w = Math.max('escalation'.length, ...ids.map((id) => id.length))
  const sw = Math.max(...days.flatMap((d) => d.state.milestones.map((m) => m.status.length)), 0)
  const dw = `day ${days.at(-1)?.day ?? 0}`.length
  const out: string[] = []
  for (const { day, at, state, card, escalations } of days) {
    const weekday = new Date(at).toUTCString().slice(0, 3)
    out.push(paint(colour, 'bold', `${pad(`day ${day}`, dw)}  ${weekday} ${dateOf(at)}`) + `  ${progressLine(state)}`)
    for (const m of state.milestones) {
      const c = paint(colour, m.colour, pad(m.colour, 5))
      out.push(`  ${pad(m.id, w)}  ${c}  ${pad(m.status, sw)}  ${`${m.percent}%`.padStart(4)}  ${m.reason}`)
    }
    if (card) out.push(`  ${pad('card', w)}  ${JSON.stringify(card.nudge.card!.title)} (${card.id})`)
    for (const { nudge, level } of escalations) {
      const about = nudge.milestone ? ` about ${nudge.milestone}` : ''
      out.push(`  ${pad('escalation', w)}  → ${level.notify}  ${nudge.id} level ${level.level} of ${nudge.escalations.length}${about}` +
        (level.message ? `: ${level.message}` : ''))
    }
    out.push('')
  }
  return out.join('\n')
}
