// Builder fixtures shared by every test: a valid journey with sensible defaults, overridable per field.
import { evaluate } from '../src/core/evaluate'
import { emptyProgress, foldEvents } from '../src/core/progress'
import type { Journey, Milestone, Nudge, Progress, ProgressEvent, Step, Traits } from '../src/core/types'
import type { UiState } from '../src/ui/instance'

export const T0 = Date.UTC(2026, 10, 1, 9, 0, 0) // 2026-11-01T09:00:00Z, day 0 in most tests
export const DAY_MS = 86_400_000
export const dayAt = (day: number, start = T0): number => start + day * DAY_MS

export const aStep = (over: Partial<Step> = {}): Step => ({
  id: 'step-1',
  title: 'A step',
  completeWhen: { manual: true },
  ...over,
})

export const aMilestone = (over: Partial<Milestone> = {}): Milestone => ({
  id: 'm1',
  title: 'A milestone',
  steps: [aStep()],
  ...over,
})

export const aNudge = (over: Partial<Nudge> = {}): Nudge => ({
  id: 'n1',
  when: { stalled: { milestone: 'm1', days: 2 } },
  card: { title: 'Need a hand?' },
  ...over,
})

export const aJourney = (over: Partial<Journey> = {}): Journey => ({
  version: 1,
  id: 'acme-onboarding',
  title: 'Get started with Acme',
  start: { trait: 'signedUpAt' },
  milestones: [aMilestone()],
  ...over,
})

let seq = 0
/** An event with a fresh id; `at` defaults to day 0. */
export const anEvent = <E extends Omit<ProgressEvent, 'id' | 'at'> & { id?: string; at?: number }>(e: E) =>
  ({ id: e.id ?? `ev-${++seq}`, at: e.at ?? T0, ...e }) as ProgressEvent

/** Traits with `signedUpAt` at T0. */
export const traits = (over: Record<string, string | number | boolean | null> = {}) => ({
  signedUpAt: new Date(T0).toISOString(),
  ...over,
})

/** A progress event whose id and time may be left out. */
export type LooseEvent = ProgressEvent extends infer E ? E extends ProgressEvent ? Omit<E, 'id' | 'at'> & { id?: string; at?: number } : never : never

/** The progress `events` fold into for user u1 (events without an id or time get them). */
export const progressOf = (events: readonly LooseEvent[] = []): Progress =>
  foldEvents(emptyProgress('u1'), events.map((e) => anEvent(e as never)))

/**
 * The snapshot the UI renders, as the core evaluates it: `journey` after `events` at `now`, for a
 * user who signed up at T0. UI tests build their states with this, never by hand, so the UI and
 * the core cannot disagree unseen.
 */
export const stateOf = (
  journey: Journey,
  events: Parameters<typeof progressOf>[0] = [],
  now = T0,
  over: { traits?: Traits } = {},
): UiState => ({ ready: true, ...evaluate(journey, progressOf(events), { now, traits: over.traits ?? traits() }) })
