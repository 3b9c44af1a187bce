// The funnel: every step of the journey in order, with who reached it, who completed it and who
// stopped there, one funnel per audience (the set of steps a user gets), and per segment (`by=<trait>`).
// One funnel over users of different audiences would rise where a milestone of a narrower audience
// ends: its steps are reached only by its users, the next ones by everyone again.
import type { Figure } from './figure'
import { num } from './figure'
import { traitWhere } from './segment'

export interface FunnelStep {
  id: string
  title: string
  milestone: string
  optional: boolean
  /** Users who get this step and have done or skipped every required step before it. */
  reached: number
  /** Of those, the ones who have done or skipped it. */
  completed: number
  /** reached − completed: for a required step, the users whose first open step this is. */
  dropOff: number
}

export interface FunnelAudience {
  /** Steps of the journey outside this audience (not in its funnel), in journey order. */
  out: string[]
  /** "Every milestone", or the milestones (and steps) it does not get: "Without “First report”". */
  label: string
}

export interface FunnelSegment {
  /** The value of the `by` trait, or null (everyone, or users without the trait). */
  value: string | null
  /** The users' audience: the funnel lists only the steps they get. */
  audience: FunnelAudience
  users: number
  steps: FunnelStep[]
}

export interface Funnel {
  by: string | null
  segments: FunnelSegment[]
}

/**
 * Users are grouped by where they stand (first open step, steps outside their audience, optional
 * steps done): a few groups however many users, then each step counts the groups that reach it.
 * $2: the steps, $3: the `by` trait or null, $4: the journey file's layout key.
 */
export const FUNNEL = (where: string) => `WITH s AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS s(id text, ord int, gating boolean)
), g AS (
  SELECT CASE WHEN $3::text IS NULL THEN NULL ELSE u.traits ->> $3::text END AS segment,
    u.open_step, u.steps_out, u.optional_done, count(*) AS n
  FROM milepost_users u
  WHERE u.journey_id = $1 AND u.layout = $4${where}
  GROUP BY 1, 2, 3, 4
), r AS (
  SELECT g.segment, g.steps_out, g.n, s.id, s.ord, s.gating, g.optional_done,
    NOT (s.id = ANY (g.steps_out)) AND coalesce(o.ord, 2147483647) >= s.ord AS reached,
    coalesce(o.ord, 2147483647) AS open_ord
  FROM g CROSS JOIN s LEFT JOIN s o ON o.id = g.open_step
)
SELECT segment, steps_out, id,
  (SELECT sum(n) FROM g WHERE g.segment IS NOT DISTINCT FROM r.segment AND g.steps_out IS NOT DISTINCT FROM r.steps_out) AS users,
  coalesce(sum(n) FILTER (WHERE reached), 0) AS reached,
  coalesce(sum(n) FILTER (WHERE reached AND CASE WHEN gating THEN open_ord > ord ELSE id = ANY (optional_done) END), 0) AS completed
FROM r GROUP BY segment, steps_out, id, ord ORDER BY segment COLLATE "C" NULLS FIRST, users DESC, steps_out, ord`

export const funnel: Figure<Funnel> = {
  async read({ query, journey, layout, filter, params }) {
    const by = params.get('by') || null
    if (by && by.length > 100) return { error: 'by: a trait name of at most 100 characters' }
    const args: unknown[] = [journey.id, JSON.stringify(layout.steps), by, layout.key]
    const rows = await query<Record<string, unknown>>(FUNNEL(traitWhere(filter, 'u', args)), args)
    const segments = new Map<string, FunnelSegment>()
    const step = new Map(layout.steps.map((s) => [s.id, s]))
    const label = (out: readonly string[]): string => {
      const gone = new Set(out)
      const parts = layout.milestones.flatMap((m) => {
        const its = layout.steps.filter((s) => s.milestone === m.id)
        if (its.every((s) => gone.has(s.id))) return [`“${m.title}”`]
        return its.filter((s) => gone.has(s.id)).map((s) => `step “${s.title}”`)
      })
      return parts.length ? `Without ${parts.join(', ')}` : 'Every milestone'
    }
    for (const row of rows) {
      const value = (row.segment as string | null) ?? null
      const out = (Array.isArray(row.steps_out) ? row.steps_out : []) as string[]
      const key = JSON.stringify([value, out])
      const seg = segments.get(key) ?? { value, audience: { out, label: label(out) }, users: num(row.users) ?? 0, steps: [] }
      segments.set(key, seg)
      const s = step.get(row.id as string)!
      if (out.includes(s.id)) continue
      const reached = num(row.reached) ?? 0
      const completed = num(row.completed) ?? 0
      seg.steps.push({ id: s.id, title: s.title, milestone: s.milestone, optional: !s.gating, reached, completed, dropOff: reached - completed })
    }
    const zero = (): FunnelSegment => ({ value: null, audience: { out: [], label: label([]) }, users: 0, steps: layout.steps.map((s) => ({
      id: s.id, title: s.title, milestone: s.milestone, optional: !s.gating, reached: 0, completed: 0, dropOff: 0,
    })) })
    return { by, segments: segments.size ? [...segments.values()] : [zero()] }
  },
  table: (f) => ({
    columns: [...(f.by ? [f.by] : []), 'audience', 'step', 'title', 'milestone', 'optional', 'reached', 'completed', 'drop-off', 'users'],
    rows: f.segments.flatMap((seg) => seg.steps.map((s) =>
      [...(f.by ? [seg.value] : []), seg.audience.label, s.id, s.title, s.milestone, s.optional, s.reached, s.completed, s.dropOff, seg.users])),
  }),
}
