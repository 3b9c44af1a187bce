// Users at risk: every user with an amber or red milestone at `now`, each milestone that causes
// one with its reason, days overdue and escalation level, the user's last activity; sortable,
// filterable by traits, a page of users at a time (the CSV has a line per milestone, for every user).
// A milestone blocked by a red dependency is listed under the milestone that caused it (`blocks`),
// with its escalations: the slip is counted once, where it started (the core's `cause`).
import type { TraitValue } from '../../core/types'
import type { Figure } from './figure'
import { intParam, num, withTraits } from './figure'
import { cell } from './layout'
import { list, overdueDays, riskyMilestones } from './risky'
import type { AtRiskMilestone, Risky } from './risky'
import { traitWhere } from './segment'

export type { AtRiskMilestone } from './risky'

export interface AtRiskRow {
  userId: string
  /** Red when any of the user's milestones is. */
  colour: 'amber' | 'red'
  /** Calendar days (UTC) past the earliest due of the user's open milestones (0 until then); null without dues. */
  daysOverdue: number | null
  /** The latest event the user's browser recorded. */
  lastSeen: number | null
  /** Highest escalation level of the milestones listed (each: for it or a milestone it blocks); 0 none. */
  level: number
  /** The traits named in the dashboard's `columns`. */
  traits: Record<string, TraitValue | undefined>
  /** The user's amber and red milestones that cause one, in journey order. */
  milestones: AtRiskMilestone[]
}

export interface AtRisk {
  /** Users at risk with these filters. */
  total: number
  offset: number
  rows: AtRiskRow[]
}

/**
 * The user's level as the list shows it: the highest level of the milestones it lists (amber or red
 * at $3, as the page's statuses below read them), not of one done since (`u.level`: the highest
 * ever emitted). Entry k of the packed arrays as cell() in layout.ts: percent m_info[2k-1], level
 * m_info[2k]; done, due, amber, blocked m_times[4k-3 … 4k].
 */
const LEVEL_NOW = `(SELECT coalesce(max(u.m_info[2 * k]), 0) FROM generate_series(1, array_length(u.m_info, 1) / 2) AS k
  WHERE u.m_info[2 * k - 1] IS NOT NULL AND u.m_times[4 * k - 3] IS NULL
    AND ($3::bigint >= u.m_times[4 * k] OR $3::bigint > u.m_times[4 * k - 2] OR $3::bigint >= u.m_times[4 * k - 1]))`

/** Sort keys → SQL, each "worst first" when descending (fixed text: only a trait name is a parameter). */
const SORTS: Record<string, string> = {
  severity: 'coalesce(u.red_from <= $3::bigint, false)', daysOverdue: '-u.open_due', lastSeen: 'u.last_seen', level: LEVEL_NOW,
  user: 'u.user_id COLLATE "C"',
}

/** $2 layout key, $3 now; then the filters. */
export const AT_RISK_COUNT = (where: string) =>
  `SELECT count(*) AS total FROM milepost_users u WHERE u.journey_id = $1 AND u.layout = $2 AND u.risk_from <= $3::bigint${where}`

/**
 * A page of users in order, then, for those only, each milestone's status at now from its colour
 * times (the same comparisons as `statusAt`; overdue is the due passed). `n` milestones.
 */
export const AT_RISK_PAGE = (n: number, where: string, key: string, dir: string, limit: string, offset: string) => {
  const order = `sort_key ${dir} NULLS LAST, red DESC, open_due ASC NULLS LAST, user_id COLLATE "C"`
  // Entry k of the packed arrays, as cell() in layout.ts: percent m_info[2k-1]; done, due, amber, blocked m_times[4k-3 … 4k].
  return `SELECT p.*, ARRAY(
    SELECT CASE WHEN p.m_info[2 * k - 1] IS NULL OR p.m_times[4 * k - 3] IS NOT NULL THEN NULL
      WHEN $3::bigint >= p.m_times[4 * k] THEN 'blocked' WHEN $3::bigint > p.m_times[4 * k - 2] THEN 'overdue'
      WHEN $3::bigint >= p.m_times[4 * k - 1] THEN 'at-risk' END
    FROM generate_series(1, ${n}) AS k ORDER BY k) AS statuses
FROM (SELECT u.user_id, u.traits, u.last_seen, u.started_at, u.open_due, u.m_times, u.m_info,
    coalesce(u.red_from <= $3::bigint, false) AS red, ${key} AS sort_key
  FROM milepost_users u
  WHERE u.journey_id = $1 AND u.layout = $2 AND u.risk_from <= $3::bigint${where}
  ORDER BY ${order}
  LIMIT ${limit} OFFSET ${offset}) p
ORDER BY ${order}`
}

export const atRisk: Figure<AtRisk> = {
  async read({ query, journey, layout, filter, now, params, columns }) {
    const args: unknown[] = [journey.id, layout.key, now]
    let where = traitWhere(filter, 'u', args)
    const colour = params.get('colour')
    if (colour && colour !== 'red' && colour !== 'amber') return { error: 'colour: red or amber' }
    if (colour) where += ` AND ${colour === 'red' ? '' : 'NOT '}coalesce(u.red_from <= $3::bigint, false)`
    const milestone = params.get('milestone')
    const m = milestone ? layout.milestones.find((x) => x.id === milestone) : undefined
    if (milestone && !m) return { error: `milestone: no milestone ${JSON.stringify(milestone)} in this journey` }
    if (m) where += ` AND ${cell.done(m.k)} IS NULL AND ($3::bigint >= least(${cell.amber(m.k)}, ${cell.blocked(m.k)}) OR $3::bigint > ${cell.due(m.k)})`
    const sort = params.get('sort') ?? 'severity'
    const trait = sort.startsWith('trait:') ? sort.slice(6) : null
    if (!trait && !Object.hasOwn(SORTS, sort)) return { error: `sort: one of ${Object.keys(SORTS).join(', ')}, or trait:<name>` }
    const dir = params.get('dir') === 'asc' ? 'ASC' : params.get('dir') === 'desc' ? 'DESC' : sort === 'user' ? 'ASC' : 'DESC'
    const csv = params.get('format') === 'csv' // an export holds every user, a page at most 500
    const offset = intParam(params, 'offset', 0, 1e9)
    const page = [...args]
    const key = trait ? `u.traits -> $${page.push(trait)}::text` : SORTS[sort]!
    const limit = `$${page.push(intParam(params, 'limit', csv ? 100_000 : 100, csv ? 100_000 : 500))}`
    const [[count], rows] = await Promise.all([
      query<{ total: unknown }>(AT_RISK_COUNT(where), args),
      query<Record<string, unknown>>(AT_RISK_PAGE(layout.milestones.length, where, key, dir, limit, `$${page.push(offset)}`), page),
    ])
    return {
      total: num(count?.total) ?? 0,
      offset,
      rows: rows.map((r): AtRiskRow => {
        const traits = (r.traits ?? {}) as Record<string, TraitValue>
        const milestones = riskyMilestones(layout, r, now, list<Risky | null>(r.statuses))
        return {
          userId: r.user_id as string, colour: r.red ? 'red' : 'amber', daysOverdue: overdueDays(num(r.open_due), now),
          lastSeen: num(r.last_seen), level: Math.max(0, ...milestones.map((m) => m.level)), milestones,
          traits: Object.fromEntries(columns.map((c) => [c, Object.hasOwn(traits, c) ? traits[c] : undefined])),
        }
      }),
    }
  },
  table: ({ rows }) => {
    const traits = [...new Set(rows.flatMap((r) => Object.keys(r.traits)))]
    const iso = (t: number | null) => (t == null ? null : new Date(t).toISOString())
    return {
      columns: withTraits(['user', 'milestone', 'title', 'status', 'colour', 'reason', 'blocks', 'days overdue', 'due', 'percent', 'escalation level', 'last seen'], traits),
      rows: rows.flatMap((r) => r.milestones.map((m) => [r.userId, m.id, m.title, m.status, m.colour, m.reason, m.blocks.join(' '), m.daysOverdue, iso(m.dueAt),
        m.percent, m.level, iso(r.lastSeen), ...traits.map((t) => r.traits[t] ?? null)])),
    }
  },
}
