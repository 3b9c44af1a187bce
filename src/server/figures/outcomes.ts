// What follows a nudge and a milestone, over the whole journey (the product brief's figures):
// - the journey completion rate of users shown any nudge, against users never shown one, and the
//   days from a user's first nudge to their journey done;
// - retention after each milestone: of the users who did it at least N days ago, the share seen
//   again N or more days after it (their latest recorded activity), for N = 7 and 28.
import type { Figure, Spread } from './figure'
import { num, share, spread } from './figure'
import { cell, each, nudgeLayout } from './layout'
import { traitWhere } from './segment'

export const RETENTION_DAYS = [7, 28] as const

export interface Retention {
  milestone: string
  title: string
  /** Per N of RETENTION_DAYS: users who did it N or more days ago, those seen N or more days after it, and their share. */
  after: Array<{ days: number; users: number; retained: number; rate: number | null }>
}

export interface Outcomes {
  nudged: {
    /** Users shown at least one nudge. */
    users: number
    /** Of those, the ones whose journey is done, and done after their first nudge. */
    done: number
    rate: number | null
    doneAfterNudge: number
    /** Days from the first nudge shown to the journey done, over those done after it. */
    nudgeToDone: Spread
  }
  notNudged: { users: number; done: number; rate: number | null }
  retention: Retention[]
}

/** Nudged against never nudged: $2 the layout key. `n` nudges. */
export const NUDGED = (n: number, where: string) => {
  const first = n ? `least(${each(n, (k) => cell.shown(k), ', ')})` : 'NULL::bigint'
  return `SELECT count(*) FILTER (WHERE x.first_nudge IS NOT NULL) AS nudged,
  count(x.done_at) FILTER (WHERE x.first_nudge IS NOT NULL) AS nudged_done,
  count(*) FILTER (WHERE x.done_at >= x.first_nudge) AS done_after,
  percentile_cont(ARRAY[0.5, 0.75, 0.9]) WITHIN GROUP (ORDER BY x.done_at - x.first_nudge) FILTER (WHERE x.done_at >= x.first_nudge) AS nudge_to_done,
  count(*) FILTER (WHERE x.first_nudge IS NULL) AS control, count(x.done_at) FILTER (WHERE x.first_nudge IS NULL) AS control_done
FROM (SELECT u.done_at, ${first} AS first_nudge FROM milepost_users u WHERE u.journey_id = $1 AND u.layout = $2${where}) x`
}

/**
 * Retention after each milestone: $2 the layout key, $3 now. `m` milestones. Only users who did one
 * N days ago count, so users not done (most rows) are skipped by the WHERE before any counting.
 */
export const RETAINED = (m: number, where: string) => `SELECT
  ${each(m, (k) => RETENTION_DAYS.map((d) => `count(*) FILTER (WHERE x.done_${k} <= $3::bigint - ${d * 86400000}) AS users_${k}_${d},
  count(*) FILTER (WHERE x.done_${k} <= $3::bigint - ${d * 86400000} AND x.last_seen >= x.done_${k} + ${d * 86400000}) AS kept_${k}_${d}`).join(',\n  '))}
FROM (SELECT u.last_seen, ${each(m, (k) => `${cell.done(k)} AS done_${k}`, ', ')}
  FROM milepost_users u WHERE u.journey_id = $1 AND u.layout = $2 AND u.first_value_at <= $3::bigint - ${RETENTION_DAYS[0] * 86400000}${where}) x`

export const outcomes: Figure<Outcomes> = {
  async read({ query, journey, layout, filter, now }) {
    const a: unknown[] = [journey.id, layout.key]
    const b: unknown[] = [journey.id, layout.key, now]
    const ms = layout.milestones
    // Two statements at once: on PostgreSQL each gets its own connection from the pool.
    const [[nudged = {}], [kept = {}]] = await Promise.all([
      query<Record<string, unknown>>(NUDGED(nudgeLayout(journey).length, traitWhere(filter, 'u', a)), a),
      ms.length ? query<Record<string, unknown>>(RETAINED(ms.length, traitWhere(filter, 'u', b)), b) : Promise.resolve([{}]),
    ])
    const r: Record<string, unknown> = { ...nudged, ...kept }
    const c = (name: string) => num(r[name]) ?? 0
    return {
      nudged: {
        users: c('nudged'), done: c('nudged_done'), rate: share(c('nudged_done'), c('nudged')), doneAfterNudge: c('done_after'),
        nudgeToDone: spread(r.nudge_to_done),
      },
      notNudged: { users: c('control'), done: c('control_done'), rate: share(c('control_done'), c('control')) },
      retention: ms.map((m) => ({
        milestone: m.id, title: m.title,
        after: RETENTION_DAYS.map((d) => ({ days: d, users: c(`users_${m.k}_${d}`), retained: c(`kept_${m.k}_${d}`), rate: share(c(`kept_${m.k}_${d}`), c(`users_${m.k}_${d}`)) })),
      })),
    }
  },
  table: (o) => ({
    columns: ['figure', 'milestone', 'users', 'count', 'rate', 'median days', 'p75 days', 'p90 days'],
    rows: [
      ['journey done, nudged users', null, o.nudged.users, o.nudged.done, o.nudged.rate, null, null, null],
      ['journey done after the first nudge', null, o.nudged.users, o.nudged.doneAfterNudge, share(o.nudged.doneAfterNudge, o.nudged.users),
        o.nudged.nudgeToDone.median, o.nudged.nudgeToDone.p75, o.nudged.nudgeToDone.p90],
      ['journey done, users never nudged', null, o.notNudged.users, o.notNudged.done, o.notNudged.rate, null, null, null],
      ...o.retention.flatMap((m) => m.after.map((a) => [`seen ${a.days}+ days after the milestone`, m.milestone, a.users, a.retained, a.rate, null, null, null])),
    ],
  }),
}
