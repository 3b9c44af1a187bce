/** When the watch should next look at a user, as stores keep it (a whole ms, never early by rounding). */
import { nextChange } from '../core'
import type { Journey, Progress, Traits } from '../core/types'

/** Null without a journey, or when the engine cannot read it: the user waits for their next sync. */
export const watchTime = (
  journey: Journey | undefined, progress: Progress, traits: Traits, seenAt: number | null, now: number,
): number | null => {
  if (!journey) return null
  try {
    const t = nextChange(journey, progress, { now, traits, ...(seenAt != null ? { seenAt } : {}) })
    return t == null ? null : Math.ceil(t)
  } catch {
    return null
  }
}
