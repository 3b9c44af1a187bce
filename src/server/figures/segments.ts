// The segments a journey's figures can be cut by: the values of the dashboard's segment traits.
import type { Figure } from './figure'
import { num } from './figure'

export interface SegmentValues {
  trait: string
  /** The 20 most common values, with their users. */
  values: Array<{ value: string; users: number }>
}

/** $2 the segment traits, $3 the journey file's layout key. */
export const SEGMENT_VALUES = `SELECT k.trait, u.traits ->> k.trait AS value, count(*) AS users
FROM unnest($2::text[]) AS k(trait) JOIN milepost_users u ON u.journey_id = $1 AND u.layout = $3
WHERE u.traits ->> k.trait IS NOT NULL
GROUP BY 1, 2 ORDER BY 1, 3 DESC, (u.traits ->> k.trait) COLLATE "C"`

export const segments = (traits: readonly string[]): Figure<{ segments: SegmentValues[] }> => ({
  async read({ query, journey, layout }) {
    const rows = await query<Record<string, unknown>>(SEGMENT_VALUES, [journey.id, traits, layout.key])
    return {
      segments: traits.map((trait) => ({
        trait,
        values: rows.filter((r) => r.trait === trait).slice(0, 20).map((r) => ({ value: r.value as string, users: num(r.users)! })),
      })),
    }
  },
  table: ({ segments: ss }) => ({
    columns: ['trait', 'value', 'users'],
    rows: ss.flatMap((s) => s.values.map((v) => [s.trait, v.value, v.users])),
  }),
})
