// A milestone's steps, percent, completion and due, before status and projection.
import { scopeOf } from './account'
import { matchesAudience } from './audience'
import type { ConditionReader } from './completion'
import { handedTo } from './delegation'
import { DAY } from './limits'
import { daysToDue, latest, lo } from './time'
import type { Milestone, MilestoneState, Progress, Step, StepState, Traits } from './types'

/**
 * Required steps: the non-optional ones. A milestone whose steps are all optional requires none:
 * it counts 0 of 0, reads 100 %, and is done from day 0 (the one rule for every reader).
 */
export const required = (steps: readonly StepState[]): readonly StepState[] => steps.filter((s) => !s.optional)

export const resolved = (s: StepState): boolean => s.done || s.skipped

/** A step the user ticks by hand: no `completeWhen`, or `{ "manual": true }`. */
export const isManual = (step: Step): boolean => !step.completeWhen || 'manual' in step.completeWhen

/** Share (0–1) of required steps done or skipped over some milestones; 1 when there are none. */
export const share = (ms: readonly MilestoneState[]): number => {
  let n = 0
  let r = 0
  for (const m of ms) {
    for (const s of required(m.steps)) {
      n++
      if (resolved(s)) r++
    }
  }
  return n ? r / n : 1
}

/**
 * `share` as a whole percent: 100 only when all is resolved, and 0 only when nothing is (199 of 200
 * steps read 99 %, 1 of 300 reads 1 %).
 */
export const pct = (ms: readonly MilestoneState[]): number => {
  const s = share(ms)
  return s > 0 && s < 1 ? Math.min(99, Math.max(1, Math.round(100 * s))) : 100 * s
}

/**
 * A step's state: done at the earlier of a recorded completion and the time its condition first
 * held; skipped when not done and a skip is recorded. No `completeWhen` means manual.
 */
const stepState = (step: Step, p: Progress, held: ConditionReader, shared?: SharedDoc): StepState => {
  // An inherited name (toString) reads as a function: its done/skipped are undefined.
  const rec = p.steps[step.id]
  const acc = shared?.progress.steps[step.id]
  // An account step: the union of the account's document and the user's own (done before it was shared).
  const doneAt = lo(lo(rec?.done, held(step.completeWhen)), lo(acc?.done, shared?.held(step.completeWhen))) ?? null
  return {
    id: step.id, title: step.title, done: doneAt != null, doneAt,
    skipped: doneAt == null && (rec?.skipped != null || acc?.skipped != null),
    optional: !!step.optional, manual: isManual(step), handedTo: handedTo(p, step.id) ?? (shared ? handedTo(shared.progress, step.id) : null), step,
  }
}

/**
 * A milestone's dependencies among the milestones a user gets (`mine`): one they do not get stands
 * for its own (`depsOf`), each walked once, so cycles end. In bank → crm → invoice, a user without
 * crm has invoice wait for bank. The engine's rule, and the dashboard's reading of its facts.
 */
export const dependenciesThrough = (
  deps: readonly string[] | undefined, mine: (id: string) => boolean, depsOf: (id: string) => readonly string[] | undefined,
): string[] => {
  const seen = new Set<string>()
  const walk = (ids: readonly string[] = []): string[] => ids.flatMap((d) => (mine(d) ? [d] : seen.has(d) ? [] : (seen.add(d), walk(depsOf(d)))))
  return [...new Set(walk(deps))]
}

/** The account's document as account-scope steps read it, and the account's day 0. */
export interface SharedDoc {
  progress: Progress
  held: ConditionReader
  start: number
}

/**
 * A milestone's state for steps in the audience. Done when every required step is done or
 * skipped, at the latest of those times (at the journey start when it has no steps for this
 * audience, or when every step is optional). Its dependencies are those `depsOf` gives for this user's
 * journey. Status, colour times and projection are filled in by evaluate.
 */
export const milestoneState = (
  m: Milestone, p: Progress, held: ConditionReader, traits: Traits, depsOf: (deps?: readonly string[]) => string[], start: number, now: number, timeZone = 'UTC',
  shared?: SharedDoc,
): MilestoneState => {
  // Without an account, account scope reads as the user's own.
  const steps = m.steps.filter((s) => matchesAudience(s.audience, traits))
    .map((s) => stepState(s, p, held, shared && scopeOf(m, s) == 'account' ? shared : undefined))
  if (shared && m.scope == 'account') start = shared.start
  const r = required(steps)
  const done = r.every(resolved)
  const due = m.due as { day?: number; date?: string } | undefined
  const d = due ? (due.day != null ? start + due.day * DAY : Date.parse(due.date!)) : NaN
  const dueAt = isFinite(d) ? d : null
  const s: MilestoneState = {
    id: m.id, title: m.title, stage: m.stage ?? null, status: 'on-track', colour: 'green', reason: '',
    percent: 0, requiredSteps: r.length, resolvedSteps: r.filter(resolved).length, waitingFor: null, startsAt: null,
    colourTimes: { amberFrom: null, overdueFrom: null, blockedFrom: null, redFrom: null }, cause: null, done,
    doneAt: done ? latest(r.map((s) => s.doneAt ?? lo(p.steps[s.id]?.skipped, shared?.progress.steps[s.id]?.skipped))) ?? start : null,
    dueAt, daysLeft: dueAt == null ? null : daysToDue(dueAt, now, timeZone),
    dependsOn: depsOf(m.dependsOn),
    projectedAt: null, steps, milestone: m,
  }
  s.percent = pct([s])
  return s
}
