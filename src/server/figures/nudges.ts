// Nudges: how often each was shown, clicked and dismissed; whether the users it was shown to then
// did their next step and reached its goal, and how long that took, against the users it was for
// but never shown to. An observation, not an experiment: nudges go to the users who stall.
import type { Figure } from './figure'
import { days, num, share } from './figure'
import { NUDGE_FLAG } from '../facts'
import { cell, each, nudgeLayout } from './layout'
import { traitWhere } from './segment'

export interface NudgeGroup {
  users: number
  /** Reached the goal: its milestone (or the whole journey) done; for the nudged, at or after the first show. */
  goalDone: number
  goalRate: number | null
  /** Median days from day 0 to the goal, over those who reached it. */
  daysToGoal: number | null
}

export interface NudgeFigure {
  id: string
  title: string
  /** The milestone its signal is about; null: the goal is the whole journey. */
  milestone: string | null
  /** Users it is for: its audience, and its milestone is theirs. */
  eligible: number
  shown: number
  clicked: number
  dismissed: number
  /** Shown users with a required step of the goal still open at the first show. */
  withNextStep: number
  /** Of those, the ones who then did that step. */
  nextStepDone: number
  nextStepRate: number | null
  /** Median days from the first show to the goal. */
  daysFromNudgeToGoal: number | null
  nudged: NudgeGroup
  notNudged: NudgeGroup
}

/** The counts: one row, eight columns per nudge k; first shown null: never shown. $2 the layout key. */
export const NUDGE_COUNTS = (n: number, where: string) => `SELECT
  ${each(n, (k) => {
    const shown = cell.shown(k)
    const goal = cell.goal(k)
    const is = (bit: number) => `(${cell.flags(k)} & ${bit}) <> 0`
    return `count(*) FILTER (WHERE ${is(NUDGE_FLAG.eligible)}) AS eligible_${k}, count(${shown}) AS shown_${k},
  count(*) FILTER (WHERE ${is(NUDGE_FLAG.clicked)}) AS clicked_${k}, count(*) FILTER (WHERE ${is(NUDGE_FLAG.dismissed)}) AS dismissed_${k},
  count(*) FILTER (WHERE ${is(NUDGE_FLAG.withNextStep)}) AS with_next_${k}, count(*) FILTER (WHERE ${is(NUDGE_FLAG.nextStepDone)}) AS next_done_${k},
  count(*) FILTER (WHERE ${goal} >= ${shown}) AS nudged_done_${k},
  count(*) FILTER (WHERE ${is(NUDGE_FLAG.eligible)} AND ${shown} IS NULL AND ${goal} IS NOT NULL) AS control_done_${k}`
  })}
FROM milepost_users u
WHERE u.journey_id = $1 AND u.layout = $2${where}`

/** The medians: one row, three columns per nudge k (a statement of its own, so PostgreSQL runs both at once). */
export const NUDGE_MEDIANS = (n: number, where: string) => `SELECT
  ${each(n, (k) => {
    const shown = cell.shown(k)
    const goal = cell.goal(k)
    const control = `(${cell.flags(k)} & ${NUDGE_FLAG.eligible}) <> 0 AND ${shown} IS NULL AND ${goal} IS NOT NULL`
    return `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${goal} - ${shown}) FILTER (WHERE ${goal} >= ${shown}) AS nudge_to_goal_${k},
  percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(0, ${goal} - u.started_at)) FILTER (WHERE ${goal} >= ${shown}) AS nudged_took_${k},
  percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(0, ${goal} - u.started_at)) FILTER (WHERE ${control}) AS control_took_${k}`
  })}
FROM milepost_users u
WHERE u.journey_id = $1 AND u.layout = $2${where}`

export const nudges: Figure<{ nudges: NudgeFigure[] }> = {
  async read({ query, journey, layout, filter }) {
    const list = nudgeLayout(journey)
    if (!list.length) return { nudges: [] }
    const a: unknown[] = [journey.id, layout.key]
    const b: unknown[] = [journey.id, layout.key]
    const [[counts = {}], [medians = {}]] = await Promise.all([
      query<Record<string, unknown>>(NUDGE_COUNTS(list.length, traitWhere(filter, 'u', a)), a),
      query<Record<string, unknown>>(NUDGE_MEDIANS(list.length, traitWhere(filter, 'u', b)), b),
    ])
    const r = { ...counts, ...medians }
    return {
      nudges: list.map(({ id, k, title, milestone }) => {
        const c = (name: string) => num(r[`${name}_${k}`]) ?? 0
        const shown = c('shown')
        const control = c('eligible') - shown
        return {
          id, title, milestone, eligible: c('eligible'), shown, clicked: c('clicked'), dismissed: c('dismissed'),
          withNextStep: c('with_next'), nextStepDone: c('next_done'), nextStepRate: share(c('next_done'), c('with_next')),
          daysFromNudgeToGoal: days(r[`nudge_to_goal_${k}`]),
          nudged: { users: shown, goalDone: c('nudged_done'), goalRate: share(c('nudged_done'), shown), daysToGoal: days(r[`nudged_took_${k}`]) },
          notNudged: { users: control, goalDone: c('control_done'), goalRate: share(c('control_done'), control), daysToGoal: days(r[`control_took_${k}`]) },
        }
      }),
    }
  },
  table: ({ nudges: ns }) => ({
    columns: ['nudge', 'title', 'milestone', 'eligible', 'shown', 'clicked', 'dismissed', 'with next step', 'next step done',
      'next step rate', 'median days nudge to goal', 'nudged goal rate', 'nudged median days to goal',
      'not nudged', 'not nudged goal rate', 'not nudged median days to goal'],
    rows: ns.map((n) => [n.id, n.title, n.milestone, n.eligible, n.shown, n.clicked, n.dismissed, n.withNextStep, n.nextStepDone,
      n.nextStepRate, n.daysFromNudgeToGoal, n.nudged.goalRate, n.nudged.daysToGoal, n.notNudged.users, n.notNudged.goalRate, n.notNudged.daysToGoal]),
  }),
}
