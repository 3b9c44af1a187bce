// Not from core/index, whose validator would ride along in the preview file.
import { accountStep } from '../core/account'
import { applyEvent } from '../core/progress'
import type { Journey, Progress, ProgressEvent } from '../core/index'
import { cleanJson } from '../core/clean'
import { newId } from '../adapters/ids'
import type { Stores } from '../stores/stores'
import type { Draft } from './api'
import type { Changes } from './lifecycle'
import { tourLifecycle } from './tour-events'

/** What `applyDrafts` did: the events of each document, to store and sync, and the lifecycle changes. */
export interface Applied {
  /** The user's document's events. */
  events: ProgressEvent[]
  /** The account's document's events (empty without an account). */
  shared: ProgressEvent[]
  changes: Changes
  /** Each document before these events (the account's is null without an account). */
  before: { user: Progress; account: Progress | null }
}

/**
 * Stamps drafts (id, time, epoch), applies each once to its document (the account's when the core
 * says `accountScoped` and there is an account, else the user's), and materialises the steps a
 * condition completed as `complete` events, all in one `batch`: subscribers hear one new state.
 */
export const applyDrafts = (
  journey: Journey, { $progress, $accountProgress, $state, $now, $engine, batch }: Stores, drafts: readonly Draft[], at: number, store: (applied: Applied) => void,
): Applied => {
  const prev = $state.get()!
  const done: Applied = { events: [], shared: [], changes: { events: [], done: [] }, before: { user: $progress.get()!, account: $accountProgress.get() } }
  const apply = (list: readonly Draft[]) => {
    for (const draft of list) {
      const account = $accountProgress.get()
      // A step's scope is read here; a nudge's or an escalation's by the engine, which made them or
      // the state that showed them (without the engine only activity and steps are recorded).
      const shared = !!account && ('stepId' in draft ? accountStep(journey, draft.stepId) : !!($engine.get() || undefined)?.accountScoped(journey, draft))
      const [$doc, into] = shared ? [$accountProgress, done.shared] : [$progress, done.events]
      const doc: Progress = shared ? account : $progress.get()!
      // Text cleaned as the server would (no NUL, no lone surrogate): what shows here is what syncs.
      const event = cleanJson({ id: newId(), at, epoch: doc.epoch, ...draft }) as ProgressEvent
      into.push(event)
      $doc.set(applyEvent(doc, event))
    }
  }
  batch(() => {
    // A state is never older than the events in it: a signal about what just happened (`seen`)
    // holds at once, not at the clock's next tick.
    if (at > $now.get()) $now.set(at)
    apply(drafts)
    // Without the engine the state is a quiet one, which these events do not change (see session.ts).
    const e = $engine.get()
    if (e) done.changes = e.diffStates(prev, $state.get()!)
    const progress = $progress.get()!
    const account = $accountProgress.get()
    apply(done.changes.done.filter((id) => progress.steps[id]?.done === undefined && account?.steps[id]?.done === undefined)
      .map((stepId) => ({ type: 'complete', stepId })))
    // Before subscribers hear of it (the batch's end): what one of them does comes after this.
    store(done)
  })
  // A recorded tour move is its own lifecycle event (`tour:started`, `tour:step`, …), after the others.
  for (const e of done.events) {
    const tour = tourLifecycle(e)
    if (tour) done.changes.events.push(tour)
  }
  return done
}
