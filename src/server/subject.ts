/**
 * A document the server keeps, user's or account's, as the engine evaluates it, and the owner
 * notices its milestones call for. One place for the rule "an account's document is evaluated as
 * the account (its traits read as `account.<name>`, its day 0 the account's)", read by the stores,
 * the watch and the notices.
 */
import { accountMilestone, DAY, evaluate, scopeOf } from '../core'
import type { AccountContext, Journey, JourneyState, MilestoneState, Progress, Scope, Signal, Traits } from '../core/types'
import { foldTree } from '../core/tree'
import type { OwnerEvent, OwnerReason, Subject } from './store'

/** How one document is evaluated. */
export interface SubjectView {
  scope: Subject
  /** The user's traits, or an account's own traits. */
  traits: Traits
  /** A user's account (its document and traits), when the user has one. */
  account?: AccountContext | undefined
}

/**
 * The engine's options for a document: a user with their account, or an account on its own (its
 * document is both the "user" document and the account's, so its shared steps, day 0 and ladders
 * are the account's).
 */
export const evaluateOptions = (id: string, progress: Progress, view: SubjectView) =>
  view.scope == 'account'
    ? { traits: {}, account: { id, progress, traits: view.traits } }
    : { traits: view.traits, ...(view.account ? { account: view.account } : {}) }

/**
 * Which ladders and owner notices a document runs: an account's, those of account milestones; a
 * user's with an account, the others (the account runs its own once, not once per member); a user
 * without an account, all (account scope then reads as their own).
 */
export const scopeOfView = (view: SubjectView): Scope | undefined =>
  view.scope == 'account' ? 'account' : view.account ? 'user' : undefined

// The account's view of each journey, made once per journey object (a memo of immutable values).
const accountViews = new WeakMap<Journey, Journey>()

/**
 * The journey as an account sees it: an account milestone keeps only its account steps (a member's
 * own steps are each member's, and the account alone never has them done), so its ladder stops and
 * its owners hear "completed" once the account's part is done.
 */
export const accountJourney = (journey: Journey): Journey => {
  let j = accountViews.get(journey)
  if (!j) {
    j = { ...journey, milestones: journey.milestones.map((m) => (m.scope == 'account' ? { ...m, steps: m.steps.filter((s) => scopeOf(m, s) == 'account') } : m)) }
    accountViews.set(journey, j)
  }
  return j
}

export const stateOf = (journey: Journey, id: string, progress: Progress, view: SubjectView, now: number): JourneyState =>
  evaluate(view.scope == 'account' ? accountJourney(journey) : journey, progress, { now, ...evaluateOptions(id, progress, view) })

/** Whether a milestone is the document's to run, by `scopeOfView`. */
export const runs = (journey: Journey, milestoneId: string | null, scope: Scope | undefined): boolean =>
  !scope || (accountMilestone(journey, milestoneId) ? 'account' : 'user') == scope

/**
 * Days before the due that the owner's due-soon reminder comes: the `days` of the first `dueSoon`
 * signal about the milestone in the journey's nudges, else 1.
 */
export const reminderDays = (journey: Journey, milestoneId: string): number => {
  for (const n of journey.nudges ?? []) {
    const d = foldTree<Signal, number | null>(n.when, (s) => ('dueSoon' in s && s.dueSoon.milestone == milestoneId ? s.dueSoon.days : null),
      (_, ds) => ds.find((x) => x != null) ?? null)
    if (d != null) return d
  }
  return 1
}

const hasOwners = (m: MilestoneState): boolean => !!(m.milestone.owner || m.milestone.collaborators?.length)

/** Whether the journey names an owner or a collaborator anywhere: else no owner work at all. */
export const ownsAny = (journey: Journey | undefined): boolean =>
  !!journey?.milestones.some((m) => m.owner || m.collaborators?.length)

/** How an owner notice's id begins: no batch's event may take it (verify.ts, SERVER_IDS). */
export const OWNER_ID = 'owner:'

/** The deterministic id of an owner notice: once per (epoch, milestone, reason) per document. */
export const ownerEventId = (epoch: number, milestoneId: string, reason: OwnerReason): string => `${OWNER_ID}${epoch}:${milestoneId}:${reason}`

/**
 * The owner notices the state calls for now: `completed` for a milestone done now that was not in
 * `before` (a batch that completes it), `due-soon` once its reminder window has begun, `overdue`
 * once its due has passed. Stores record each id once, so repeating one is harmless.
 */
export const ownerEvents = (
  journey: Journey, state: JourneyState, epoch: number, scope: Scope | undefined, before?: JourneyState,
): OwnerEvent[] => {
  const out: OwnerEvent[] = []
  const now = state.now
  for (const m of state.milestones) {
    if (!hasOwners(m) || !runs(journey, m.id, scope)) continue
    const notify = [...(m.milestone.owner ? [m.milestone.owner] : []), ...(m.milestone.collaborators ?? [])]
    const add = (reason: OwnerReason) =>
      out.push({ id: ownerEventId(epoch, m.id, reason), type: 'owner', milestoneId: m.id, reason, notify, at: now, epoch })
    if (m.done) {
      if (before && !before.milestones.find((x) => x.id == m.id)?.done) add('completed')
      continue
    }
    if (m.dueAt == null) continue
    if (now > m.dueAt) add('overdue')
    else if (now >= m.dueAt - reminderDays(journey, m.id) * DAY) add('due-soon')
  }
  return out
}

/** The next moment after `now` at which an owner notice falls due by time alone, or null. */
export const ownerNext = (journey: Journey, state: JourneyState, scope: Scope | undefined): number | null => {
  let next = Infinity
  for (const m of state.milestones) {
    if (!hasOwners(m) || m.done || m.dueAt == null || !runs(journey, m.id, scope)) continue
    for (const t of [m.dueAt - reminderDays(journey, m.id) * DAY, m.dueAt + 1]) if (t > state.now) next = Math.min(next, t)
  }
  return isFinite(next) ? next : null
}
