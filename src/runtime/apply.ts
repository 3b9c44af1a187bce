import { batch } from 'nanostores'
import { applyEvent } from '../core/index'
import type { ProgressEvent } from '../core/index'
import { cleanJson } from '../core/clean'
import { newId } from '../adapters/ids'
import type { Stores } from '../stores/stores'
import type { Draft } from './api'
import { diffStates } from './lifecycle'
import type { Changes } from './lifecycle'

/**
 * Stamps drafts (id, time, epoch), applies each once to the session's progress, and materialises
 * the steps a condition completed as `complete` events, in one `batch`: subscribers hear one new
 * state. Returns the events to store and sync, and the lifecycle changes to emit once they are.
 */
export const applyDrafts = ({ $progress, $state }: Stores, drafts: readonly Draft[], at: number): { events: ProgressEvent[]; changes: Changes } => {
  const progress = $progress.get()!
  const prev = $state.get()!
  // Text cleaned as the server would (no NUL, no lone surrogate): what shows here is what syncs.
  const make = (draft: Draft) => cleanJson({ id: newId(), at, epoch: progress.epoch, ...draft }) as ProgressEvent
  const events = drafts.map(make)
  let changes: Changes = { events: [], done: [] }
  batch(() => {
    const doc = events.reduce(applyEvent, progress)
    $progress.set(doc)
    changes = diffStates(prev, $state.get()!)
    const extra = changes.done.filter((id) => doc.steps[id]?.done === undefined).map((stepId) => make({ type: 'complete', stepId }))
    if (extra.length) $progress.set(extra.reduce(applyEvent, doc)), events.push(...extra)
  })
  return { events, changes }
}
