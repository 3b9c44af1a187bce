// Who a step was handed to: the `step:delegated` tracks ("Ask a teammate"), read in one place.
import type { Progress } from './types'

/** The tracked event the UI records when a step is handed to a colleague. */
export const DELEGATED = 'step:delegated'

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
