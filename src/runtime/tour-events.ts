// What the runtime's tours and the rest share: the UI's tour request, and the lifecycle event of a
// recorded tour move. Kept apart from tours.ts, which holds the tours' watchers.
import type { ProgressEvent, TourAction } from '../core/index'

/** What the UI records for a tour: where to go (`step`), or `started` / `dismissed`. `seq` is added here. */
export interface TourRequest {
  type: 'tour'
  tourId: string
  action: 'started' | 'step' | 'completed' | 'dismissed'
  step?: number
}

/** The lifecycle event of a recorded tour event: `tour:started`, `tour:step`, `tour:completed`, `tour:dismissed`. */
export const tourLifecycle = (e: ProgressEvent): [`tour:${TourAction}`, { tourId: string; step: number }] | null =>
  e.type == 'tour' ? [`tour:${e.action}`, { tourId: e.tourId, step: e.step ?? 0 }] : null
