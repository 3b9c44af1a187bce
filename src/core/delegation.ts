// What the UI records as tracks: a step handed to a colleague ("Ask a teammate"), read in one
// place, and the checklist hidden.
import type { Progress } from './types'

/** The tracked event the UI records when a step is handed to a colleague. */
export const DELEGATED = 'step:delegated'

/**
 * The tracked event the UI records when the user hides the checklist ("Hide checklist"): from then
 * on, in this epoch (a `reset()` brings it back), no launcher and no step tooltips; nudges, tours,
 * celebrations and `open()` still show. Statuses and escalations are unchanged.
 */
export const DISMISSED = 'checklist:dismissed'

/**
 * The colleague (name or email) the step was last handed to, or null. Tracks are kept sorted by
 * time, so the last matching hit is the latest; a hit without a string `stepId` and `to` is ignored.
 * @example handedTo(progress, 'add-billing') // 'ana@acme.test'
 */
export const handedTo = (progress: Progress, stepId: string): string | null => {
  const hits = progress.tracks[DELEGATED]
  if (!Array.isArray(hits)) return null
  for (let i = hits.length; i--; ) {
    const props = hits[i]!.props
    if (props?.stepId === stepId && typeof props.to === 'string') return props.to
  }
  return null
}
