// Nudge signals: one evaluator per kind, combined with `all` / `any`.
import { own } from '../record'
import { foldTree } from '../tree'
import type { MilestoneState, Progress, Signal, SignalKind, StageState } from '../types'
import { day } from './day'
import { dueSoon } from './dueSoon'
import { engagement } from './engagement'
import { inactive } from './inactive'
import { missed } from './missed'
import { progress } from './progress'
import { seen } from './seen'
import { sessionsWithoutProgress } from './sessionsWithoutProgress'
import { stalled } from './stalled'

/** What an evaluator sees: the journey as evaluated so far. */
export interface SignalContext {
  now: number
  start: number
  progress: Progress
  percent: number
  stages: readonly StageState[]
  /** Milestones in the user's audience. */
  milestones: ReadonlyMap<string, MilestoneState>
}

/** A signal that holds: since when (unknown if missing) and the milestone it is about. Null when it does not hold. */
export type Hold = { since?: number | undefined; milestone?: string | undefined } | null

export type SignalEvaluator = (args: never, c: SignalContext) => Hold

/** Kind → evaluator. */
export const SIGNALS: Record<SignalKind, SignalEvaluator> = {
  stalled, missed, dueSoon, day, progress, engagement, sessionsWithoutProgress, inactive, seen,
}

/**
 * Whether a signal holds. all: every child holds, since the latest known, about the first milestone
 * named; any: some child holds, since the earliest known among those that hold.
 */
export const evaluateSignal = (s: Signal, c: SignalContext): Hold => foldTree(s, (s) => {
  const k = Object.keys(s)[0] ?? ''
  const f = own(SIGNALS, k) as ((a: unknown, c: SignalContext) => Hold) | undefined
  return f ? f((s as Record<string, unknown>)[k], c) : null
}, (all, hs) => {
  const ok = hs.filter((h) => h) as NonNullable<Hold>[]
  const ts = ok.flatMap((h) => h.since ?? [])
  return (all ? hs.length && ok.length == hs.length : ok.length)
    ? { since: ts.length ? (all ? Math.max : Math.min)(...ts) : undefined, milestone: ok.find((h) => h.milestone)?.milestone }
    : null
})

/**
 * The milestone a signal is about, read from the journey file: the first one named, depth first
 * (what `evaluate` reports for an `all`; an `any` reports the first of those that hold).
 * @example signalMilestone({ any: [{ day: { day: 3 } }, { missed: { milestone: 'report' } }] }) // 'report'
 */
export const signalMilestone = (s: Signal): string | null => foldTree<Signal, string | null>(s, (s) => {
  const arg = Object.values(s)[0] as { milestone?: unknown } | undefined
  return typeof arg?.milestone == 'string' ? arg.milestone : null
}, (_, ms) => ms.find((m) => m != null) ?? null)

/** Every `stalled` leaf in a signal, wherever it sits in `all` / `any`. */
export const stalledIn = (s: Signal): Array<{ milestone: string; days: number }> => foldTree<Signal, Array<{ milestone: string; days: number }>>(s,
  (s) => ('stalled' in s ? [s.stalled] : []), (_, ls) => ls.flat())
