import { paceFinish } from './colour-times'
import type { MilestoneState } from './types'

/**
 * When a milestone is projected to be done: done → its doneAt; else the latest of its due, where
 * the user's own pace puts its finish (see `paceFinish`), now, and each open dependency's
 * projection pushed by the planned gap between the two dues (0 unless both have one). A done
 * dependency pushes nothing: the milestone's own window now runs from its doneAt to its due, and
 * the status rules (amber in its last part) say whether that is too short, so a green milestone is
 * never projected past its due by a dependency finished late. Null with none of a due, a pace or a
 * dependency projection. `deps` must be projected first.
 */
export const projectionOf = (m: MilestoneState, deps: readonly MilestoneState[], now: number): number | null => {
  if (m.done) return m.doneAt
  let t = m.dueAt
  const pace = paceFinish(m, now)
  if (pace != null) t = Math.max(t ?? -Infinity, pace)
  for (const d of deps) {
    if (d.projectedAt != null && !d.done) t = Math.max(t ?? -Infinity, d.projectedAt + (m.dueAt != null && d.dueAt != null ? Math.max(0, m.dueAt - d.dueAt) : 0))
  }
  return t == null ? null : Math.max(t, now)
}
