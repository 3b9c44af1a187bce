// The milestone survey: the 1–5 answers users give in the celebration when a milestone is done
// (ui/controller.ts records `track('milestone:rated', { milestoneId, score })`), per milestone:
// how many answered, the average, the standard deviation and how many gave each score.
import type { Figure } from './figure'
import { num } from './figure'
import { traitWhere } from './segment'

/** The tracked event the celebration records. */
export const RATED = 'milestone:rated'
export const SCORES = [1, 2, 3, 4, 5] as const

export interface SurveyFigure {
  milestone: string
  title: string
  /** Answers (each answer event counts once). */
  answers: number
  average: number | null
  /** Population standard deviation of the answers; null without answers. */
  stdDev: number | null
  /** `distribution[i]`: users whose answer is i + 1. */
  distribution: number[]
}

/**
 * The answers grouped by their whole `props` object ({ milestoneId, score }: a few dozen groups), which
 * the figure then reads and checks: every whole-number answer from 1 to 5 that names a milestone counts
 * (anything else is left out). Reading the two fields in SQL costs twice as much (jsonb extraction per
 * answer). Each answer counts: the celebration asks once per milestone done, so a second answer of one
 * user (after a reset) is rare, and keeping only the latest would sort every answer (≈ 5× slower on
 * 150,000 answers). The partial index `milepost_events_rated` (sql.ts) holds only these events; the
 * users' table is joined only to apply trait filters.
 */
export const SURVEY = (where: string) => `SELECT e.body -> 'props' AS props, count(*) AS users
FROM milepost_events e${where ? ' JOIN milepost_users u ON u.journey_id = e.journey_id AND u.user_id = e.user_id' : ''}
WHERE e.journey_id = $1 AND e.type = 'track' AND e.body ->> 'name' = '${RATED}'${where}
GROUP BY 1`

/** An answer's milestone and score, or null when it is not a whole number from 1 to 5 about a milestone. */
const answerOf = (props: unknown): [string, number] | null => {
  const p = (typeof props === 'string' ? JSON.parse(props) : props) as { milestoneId?: unknown; score?: unknown } | null
  if (!p || typeof p.milestoneId !== 'string' || typeof p.score !== 'number' || !SCORES.includes(p.score as 1)) return null
  return [p.milestoneId, p.score]
}

export const survey: Figure<{ survey: SurveyFigure[] }> = {
  async read({ query, journey, layout, filter }) {
    const args: unknown[] = [journey.id]
    const rows = await query<Record<string, unknown>>(SURVEY(traitWhere(filter, 'u', args)), args)
    const counts = new Map<string, number[]>()
    for (const r of rows) {
      const a = answerOf(r.props)
      if (!a) continue
      const d = counts.get(a[0]) ?? [0, 0, 0, 0, 0]
      d[a[1] - 1]! += num(r.users) ?? 0
      counts.set(a[0], d)
    }
    return {
      survey: layout.milestones.map((m) => {
        const distribution = counts.get(m.id) ?? [0, 0, 0, 0, 0]
        const answers = distribution.reduce((a, b) => a + b, 0)
        const average = answers ? distribution.reduce((a, n, i) => a + n * (i + 1), 0) / answers : null
        const stdDev = average == null ? null : Math.sqrt(distribution.reduce((a, n, i) => a + n * (i + 1 - average) ** 2, 0) / answers)
        return { milestone: m.id, title: m.title, answers, average, stdDev, distribution }
      }),
    }
  },
  table: ({ survey: ss }) => ({
    columns: ['milestone', 'title', 'answers', 'average', 'standard deviation', ...SCORES.map((s) => `answered ${s}`)],
    rows: ss.map((s) => [s.milestone, s.title, s.answers, s.average, s.stdDev, ...s.distribution]),
  }),
}
