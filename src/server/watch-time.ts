/** When the watch should next look at a user or an account, as stores keep it (a whole ms, never early by rounding). */
import { nextChange } from '../core'
import type { Journey, Progress } from '../core/types'
import { accountJourney, evaluateOptions, ownerNext, ownsAny, scopeOfView, stateOf } from './subject'
import type { SubjectView } from './subject'

/**
 * How long the watch waits before looking again at what it could not judge: a user whose evaluation
 * threw, or whose journey no lookup knows (a deploy may fix the one and bring the other).
 */
export const LOOK_AGAIN = 3_600_000

/**
 * The earliest of the document's next ladder change (`nextChange`, its own scope only: an
 * account's ladders are the account's) and its next owner notice. Null without a journey (the user
 * waits for their next sync); an hour on when the engine throws on it.
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
    // An engine that fails on this document (a bug a deploy fixes) tries again in an hour: left
    // null, a user who never syncs again was never looked at again.
    return now + LOOK_AGAIN
  }
}
