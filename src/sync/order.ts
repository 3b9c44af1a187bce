import type { ProgressEvent } from '../core/index'
import { cmp } from '../core/hits'

/** Outbox order: oldest first, ties by id, so every tab builds the same batches (and folds the same events). */
export const byTime = (a: ProgressEvent, b: ProgressEvent): number => a.at - b.at || cmp(a.id, b.id)
