// Account scope: which milestones, steps and events are shared by an account's members, and the
// account's day 0. One rule for the browser (which document an event goes to), the server's watch
// (which ladders run per account) and the figures.
import { signalMilestone } from './signals/index'
import { startTrait } from './start'
import type { AccountContext, Journey, Milestone, Scope, Step, Traits } from './types'

/** Whose a step is: its own `scope`, else its milestone's, else `user`. */
export const scopeOf = (milestone: Milestone, step?: Step): Scope => step?.scope ?? milestone.scope ?? 'user'

/** Whether the step with this id is account scope (its own scope, else its milestone's). */
export const accountStep = (journey: Journey, stepId: unknown): boolean => {
  const found = stepIn(journey, stepId)
  return !!found && scopeOf(...found) == 'account'
}

/** The milestone holding a step id, and the step. */
const stepIn = (journey: Journey, stepId: unknown): [Milestone, Step] | undefined => {
  for (const m of journey.milestones) for (const s of m.steps) if (s.id === stepId) return [m, s]
  return undefined
}

/** Whether the milestone with this id is account scope. */
export const accountMilestone = (journey: Journey, milestoneId: unknown): boolean =>
  journey.milestones.some((m) => m.id === milestoneId && m.scope == 'account')

/** The milestone a nudge's signal is about, or null. */
const nudgeMilestone = (journey: Journey, nudgeId: unknown): string | null => {
  const n = journey.nudges?.find((x) => x.id === nudgeId)
  return n ? signalMilestone(n.when) : null
}

/** An event or a draft of one: only these fields are read. */
export interface ScopedEvent {
  type: string
  stepId?: unknown
  nudgeId?: unknown
  milestoneId?: unknown
}

/**
 * Whether an event belongs in the account's document rather than the user's: `complete` and `skip`
 * of an account-scope step, and `nudge` and `escalation` events of a nudge about an account-scope
 * milestone. Everything else (track, url, click, visible, session, reset…) is the user's.
 * @example accountScoped(journey, { type: 'complete', stepId: 'invite-team' }) // true when the step is account scope
 */
export const accountScoped = (journey: Journey, event: ScopedEvent): boolean => {
  if (event.type == 'complete' || event.type == 'skip') return accountStep(journey, event.stepId)
  if (event.type == 'nudge') return accountMilestone(journey, nudgeMilestone(journey, event.nudgeId))
  if (event.type == 'escalation') return accountMilestone(journey, event.milestoneId ?? nudgeMilestone(journey, event.nudgeId))
  return false
}

/** The prefix under which audiences read the account's traits: `account.tier`. */
export const ACCOUNT_TRAIT = 'account.'

/**
 * The traits an audience reads: the user's, plus each account trait as `account.<name>` (the
 * account's win over a user trait that happens to have the same dotted name).
 * @example withAccountTraits({ role: 'admin' }, { tier: 'enterprise' }) // { role: 'admin', 'account.tier': 'enterprise' }
 */
export const withAccountTraits = (traits: Traits, account?: Traits): Traits => {
  if (!account) return traits
  const out: Record<string, Traits[string]> = { ...traits }
  for (const k of Object.keys(account)) out[ACCOUNT_TRAIT + k] = account[k]
  return out
}

/**
 * Day 0 of the account, the same for every member: the journey's start trait read from the
 * account's traits (e.g. an account `createdAt` when the journey starts from `createdAt`), else the
 * account document's first activity (the first time any member was seen: the reference server
 * stamps it with each member's first seen), else `fallback` while nothing is shared yet: evaluate
 * passes the user's own first activity (what the server will stamp the account with, so the due does
 * not move at the first sync), else their start. Never a member's own start beside a shared one: two
 * members would see one account milestone due on two days.
 */
export const accountStart = (journey: Journey, account: AccountContext, fallback: number): number =>
  startTrait(journey, account.traits ?? {}) ?? account.progress.firstSeen ?? fallback
