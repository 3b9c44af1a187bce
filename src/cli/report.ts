// `milepost simulate --format json`: the table's content as plain data for scripts.
import type { SimulatedDay } from './simulation'

const iso = (t: number | null) => (t == null ? null : new Date(t).toISOString())

/**
 * One entry per day: the journey's progress and headline (status, colour, words), each
 * milestone's status, colour and reason, the card that shows, every nudge whose signal holds, and
 * the escalations that fire.
 * @example JSON.stringify(reportDays(simulate(journey, options)))
 */
export const reportDays = (days: readonly SimulatedDay[]) =>
  days.map(({ day, at, state: s, card, escalations }) => ({
    day, at: iso(at), percent: s.percent, done: s.done, status: s.status, colour: s.colour, headline: s.headline,
    plannedFinish: iso(s.plannedFinish), projectedFinish: iso(s.projectedFinish), slipDays: s.slipDays,
    milestones: s.milestones.map((m) => ({
      id: m.id, title: m.title, status: m.status, colour: m.colour, reason: m.reason, percent: m.percent, due: iso(m.dueAt),
    })),
    card: card && { nudge: card.id, title: card.nudge.card!.title },
    nudges: s.nudges.map((n) => ({ id: n.id, milestone: n.milestone, show: n.show, level: n.level })),
    escalations: escalations.map(({ nudge, level }) => ({
      nudge: nudge.id, milestone: nudge.milestone, level: level.level, of: nudge.escalations.length, notify: level.notify,
      ...(level.message ? { message: level.message } : {}),
    })),
  }))
