/** When the watch should next look at a user or an account, as stores keep it (a whole ms, never early by rounding). */
import { nextChange } from '../core'
import type { Journey, Progress } from '../core/types'
import { accountJourney, evaluateOptions, ownerNext, ownsAny, scopeOfView, stateOf } from './subject'
import type { SubjectView } from './subject'

/**
 * The earliest of the document's next ladder change (`nextChange`, its own scope only: an
 * account's ladders are the account's) and its next owner notice. Null without a journey, or when
 * the engine cannot read it: the user waits for their next sync.
 */
export const watchTime = (
  journey: Journey | undefined, id: string, progress: Progress, view: SubjectView, seenAt: number | null, now: number,
): number | null => {
  if (!journey) return null
  try {
    const scope = scopeOfView(view)
    const t = nextChange(view.scope == 'account' ? accountJourney(journey) : journey, progress, { now, ...evaluateOptions(id, progress, view), ...(seenAt != null ? { seenAt } : {}), ...(scope ? { scope } : {}) })
    const o = ownsAny(journey) ? ownerNext(journey, stateOf(journey, id, progress, view, now), scope) : null
    const next = t == null ? o : o == null ? t : Math.min(t, o)
    return next == null ? null : Math.ceil(next)
  } catch {
    return null
  }
}
