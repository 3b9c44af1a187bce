// The segment filter: a checkbox per value of each segment trait; it applies to every figure.
// Values of one trait are "any of", traits together are "all of" (as the API reads `segment=`).
import { count } from './format'
import type { SegmentValues } from './types'

export type Chosen = Readonly<Record<string, readonly string[]>>

export const segmentParams = (chosen: Chosen): Array<[string, string]> =>
  Object.entries(chosen).flatMap(([t, vs]) => vs.map((v): [string, string] => ['segment', `${t}:${v}`]))

export const SegmentFilter = ({ segments, chosen, set }: { segments: readonly SegmentValues[]; chosen: Chosen; set: (c: Chosen) => void }) => {
  const toggle = (t: string, v: string, on: boolean) => {
    const now = (chosen[t] ?? []).filter((x) => x !== v)
    set({ ...chosen, [t]: on ? [...now, v] : now })
  }
  if (!segments.some((s) => s.values.length)) return null
  return (
    <div class="segments">
      {segments.filter((s) => s.values.length).map((s) => (
        <fieldset>
          <legend>Segment: {s.trait}</legend>
          {s.values.map((v) => (
            <label class="check">
              <input type="checkbox" checked={(chosen[s.trait] ?? []).includes(v.value)} onChange={(e) => toggle(s.trait, v.value, e.currentTarget.checked)} />
              {v.value} <span class="muted">({count(v.users)})</span>
            </label>
          ))}
        </fieldset>
      ))}
    </div>
  )
}
