// Completion and time to each milestone: how many of the users who get it have done it, how long
// it took from day 0 (median, p75, p90, and a histogram by whole days), against its due day.
import type { Figure, Spread } from './figure'
import { num, share, spread } from './figure'
import { cell, each } from './layout'
import type { MilestoneLayout } from './layout'
import { traitWhere } from './segment'

export interface MilestoneFigure {
  id: string
  title: string
  dueDay: number | null
  /** Users who get this milestone (its audience). */
  users: number
  done: number
  /** done / users. */
  rate: number | null
  /** Done by their due (done at or before it). */
  onTime: number
  /** Days from day 0 to done, over the users who are done. */
  took: Spread
  /** `histogram[d]`: users done on day d after day 0; the last bar is "`bins` days or more". */
  histogram: number[]
}

/**
 * One row, four columns per milestone k. Durations are `done_at − started_at`, never below 0; the
 * FILTERs matter: `greatest(0, NULL)` is 0 in SQL, which would count users not done as done at once.
 * $2 the journey file's layout key.
 */
export const MILESTONE_SPREAD = (n: number, where: string) => `SELECT
  ${each(n, (k) => `count(${cell.percent(k)}) AS users_${k}, count(${cell.done(k)}) AS done_${k},
  count(*) FILTER (WHERE ${cell.done(k)} <= ${cell.due(k)}) AS on_time_${k},
  percentile_cont(ARRAY[0.5, 0.75, 0.9]) WITHIN GROUP (ORDER BY greatest(0, ${cell.done(k)} - u.started_at))
    FILTER (WHERE ${cell.done(k)} IS NOT NULL) AS took_${k}`)}
FROM milepost_users u
WHERE u.journey_id = $1 AND u.layout = $2${where}`

/**
 * Users by whole days from day 0 to done, per milestone, in one pass: a grouping set per milestone,
 * so a row's one non-null `d_k` says whose bar it is (rows of users not done have none, and are
 * left out); the last bar holds everyone from `bins` days on.
 */
export const MILESTONE_HISTOGRAM = (ms: readonly MilestoneLayout[], where: string) => `SELECT
  ${each(ms.length, (k) => `d${k}`, ', ')}, count(*) AS users
FROM (SELECT ${ms.map((m) => `CASE WHEN ${cell.done(m.k)} IS NOT NULL
    THEN least(floor(greatest(0, ${cell.done(m.k)} - u.started_at)::float8 / 86400000), ${m.bins})::int END AS d${m.k}`).join(',\n    ')}
  FROM milepost_users u WHERE u.journey_id = $1 AND u.layout = $2${where}) x
GROUP BY GROUPING SETS (${each(ms.length, (k) => `(d${k})`, ', ')})`

export const milestones: Figure<{ milestones: MilestoneFigure[] }> = {
  async read({ query, journey, layout, filter }) {
    const ms = layout.milestones
    const a: unknown[] = [journey.id, layout.key]
    const b: unknown[] = [journey.id, layout.key]
    // Two statements at once: on PostgreSQL each gets its own connection from the pool.
    const [[stats = {}], bars] = await Promise.all([
      query<Record<string, unknown>>(MILESTONE_SPREAD(ms.length, traitWhere(filter, 'u', a)), a),
      query<Record<string, unknown>>(MILESTONE_HISTOGRAM(ms, traitWhere(filter, 'u', b)), b),
    ])
    return {
      milestones: ms.map((m) => {
        const users = num(stats[`users_${m.k}`]) ?? 0
        const done = num(stats[`done_${m.k}`]) ?? 0
        const histogram = Array<number>(m.bins + 1).fill(0)
        for (const bar of bars) {
          const day = num(bar[`d${m.k}`])
          if (day != null) histogram[day] = num(bar.users)!
        }
        return {
          id: m.id, title: m.title, dueDay: m.dueDay, users, done, rate: share(done, users), onTime: num(stats[`on_time_${m.k}`]) ?? 0,
          took: spread(stats[`took_${m.k}`]), histogram,
        }
      }),
    }
  },
  table: ({ milestones: ms }) => ({
    columns: ['milestone', 'title', 'due day', 'users', 'done', 'rate', 'on time', 'median days', 'p75 days', 'p90 days', 'histogram (users by day)'],
    rows: ms.map((m) => [m.id, m.title, m.dueDay, m.users, m.done, m.rate, m.onTime, m.took.median, m.took.p75, m.took.p90, m.histogram.join(' ')]),
  }),
}
