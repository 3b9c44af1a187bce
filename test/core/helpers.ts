// Shared shorthands for evaluate tests: progress from events, and evaluate at a given day.
import { applyEvent, emptyProgress, evaluate } from '../../src/core/index'
import type { Journey, Progress, ProgressEvent } from '../../src/core/types'
import { anEvent, dayAt, traits } from '../builders'

export const progressOf = (...events: ProgressEvent[]): Progress => events.reduce(applyEvent, emptyProgress('u1'))

/** evaluate on `day` (fractions allowed) with signedUpAt at T0 plus `extra` traits. */
export const evalAt = (j: Journey, p: Progress, day: number, extra: Record<string, string | number | boolean | null> = {}) =>
  evaluate(j, p, { now: dayAt(day), traits: traits(extra) })

export const done = (stepId: string, day: number) => anEvent({ type: 'complete', stepId, at: dayAt(day) })
export const track = (name: string, day: number, props?: Record<string, unknown>) =>
  anEvent({ type: 'track', name, at: dayAt(day), ...(props ? { props } : {}) })
