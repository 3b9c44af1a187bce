/**
 * Owner notices at ingest: a batch that completes a milestone with an `owner` or `collaborators`
 * tells them once, and a batch that shows a due-soon or overdue milestone records that notice if the
 * watch has not yet (the stores keep each id once).
 */
import type { Journey, Progress } from '../core/types'
import { ownerEvents, ownsAny, scopeOfView, stateOf } from './subject'
import type { SubjectView } from './subject'
import type { OwnerEvent } from './store'

/**
 * Owner notices (completed, due soon, overdue) a user's or an account's batches may make per 24
 * hours: each reset may make them again, so without a cap one user could flood a milestone's owner.
 * The stores count only for a batch that has some to make.
 */
export const MAX_OWNER_NOTICES_PER_DAY = 30

/** The owner notices a batch calls for, from the document before and after it; none without owners or a journey. */
export const ingestOwners = (
  journey: Journey | undefined, id: string, before: Progress, after: Progress, view: SubjectView, now: number,
): OwnerEvent[] => {
  if (!journey || !ownsAny(journey)) return []
  try {
    const scope = scopeOfView(view)
    return ownerEvents(journey, stateOf(journey, id, after, view, now), after.epoch, scope, stateOf(journey, id, before, view, now))
  } catch {
    return [] // a journey the engine cannot read must not cost the user their sync
  }
}
