// The headline figures: users, journeys done, time to first value, users at risk now.
import type { Figure, Spread } from './figure'
import { num, share, spread } from './figure'
import { traitWhere } from './segment'

export interface Summary {
  /** Users with figures for this journey file: synced with a day 0 while the server knew it. */
  users: number
  /** Users of this journey id without such figures yet (they come with the user's next sync). */
  withoutFigures: number
  /** Users who did something in the 7 days before now. */
  active7d: number
  done: number
  doneRate: number | null
  /** Days from day 0 to the first milestone done, over the users who have done one. */
  timeToFirstValue: Spread
  firstValue: number
  /** Days from day 0 to the whole journey done. */
  timeToDone: Spread
  /** Users with an amber or red milestone now, and those with a red one. */
  atRisk: { users: number; redUsers: number }
}

/** $2 the journey file's layout key, $3 now. */
export const SUMMARY = (where: string) => `SELECT count(*) FILTER (WHERE u.layout = $2) AS users,
  count(*) FILTER (WHERE u.layout IS DISTINCT FROM $2) AS without,
  count(*) FILTER (WHERE u.layout = $2 AND u.last_seen > $3::bigint - 7 * 86400000) AS active,
  count(u.done_at) FILTER (WHERE u.layout = $2) AS done,
  count(u.first_value_at) FILTER (WHERE u.layout = $2) AS valued,
  percentile_cont(ARRAY[0.5, 0.75, 0.9]) WITHIN GROUP (ORDER BY greatest(0, u.first_value_at - u.started_at))
    FILTER (WHERE u.layout = $2 AND u.first_value_at IS NOT NULL) AS first_value,
  percentile_cont(ARRAY[0.5, 0.75, 0.9]) WITHIN GROUP (ORDER BY greatest(0, u.done_at - u.started_at))
    FILTER (WHERE u.layout = $2 AND u.done_at IS NOT NULL) AS journey,
  count(*) FILTER (WHERE u.layout = $2 AND u.risk_from <= $3::bigint) AS risk_users,
  count(*) FILTER (WHERE u.layout = $2 AND u.red_from <= $3::bigint) AS red_users
FROM milepost_users u
WHERE u.journey_id = $1${where}`

export const summary: Figure<Summary> = {
  async read({ query, journey, layout, filter, now }) {
    const args: unknown[] = [journey.id, layout.key, now]
    const [s = {}] = await query<Record<string, unknown>>(SUMMARY(traitWhere(filter, 'u', args)), args)
    const users = num(s.users) ?? 0
    const done = num(s.done) ?? 0
    return {
      users, withoutFigures: num(s.without) ?? 0, active7d: num(s.active) ?? 0, done, doneRate: share(done, users),
      timeToFirstValue: spread(s.first_value), firstValue: num(s.valued) ?? 0, timeToDone: spread(s.journey),
      atRisk: { users: num(s.risk_users) ?? 0, redUsers: num(s.red_users) ?? 0 },
    }
  },
  table: (s) => ({
    columns: ['figure', 'value'],
    rows: [
      ['users', s.users], ['users without figures', s.withoutFigures], ['active in the last 7 days', s.active7d],
      ['journey done', s.done], ['journey done rate', s.doneRate], ['first value reached', s.firstValue],
      ['median days to first value', s.timeToFirstValue.median], ['p75 days to first value', s.timeToFirstValue.p75],
      ['p90 days to first value', s.timeToFirstValue.p90], ['median days to journey done', s.timeToDone.median],
      ['users at risk', s.atRisk.users], ['users with a red milestone', s.atRisk.redUsers],
    ],
  }),
}
