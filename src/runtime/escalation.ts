// What a state alone decides beyond itself: overdue milestones and ladder levels due. Part of the
// engine (engine.ts): the script tag's first file does not carry it, and a quiet start never runs it.
import { accountScoped, accountStep } from '../core/account'
import { conditionReader } from '../core/completion'
import type { ConditionReader } from '../core/completion'
import { escalationEventId, escalationKey } from '../core/escalation'
import type { EscalationState, Journey, JourneyState, MilestoneState, NudgeState, Progress, Traits } from '../core/types'
import type { Account, User } from '../stores/stores'
import { storedBefore } from './lifecycle'
import type { Draft, EscalationContext } from './api'

/**
 * What one due escalation level becomes: the event that records it (its id is the core's
 * deterministic one, so the server's watch recording the same level makes a duplicate), the
 * storage key that event writes (`esc:<key>`, checked to fire once), and the context handed to
 * `on('escalation')` so a person can act on it.
 */
export const escalationOf = (
  state: JourneyState, nudge: NudgeState, level: EscalationState, user: { id: string; traits: Traits }, epoch: number,
) => {
  const milestone = state.milestones.find((m) => m.id === nudge.milestone)
  const key = escalationKey(nudge.id, nudge.milestone, level.level)
  const draft: Draft = { type: 'escalation', id: escalationEventId(epoch, key), nudgeId: nudge.id, level: level.level, notify: level.notify }
  if (nudge.milestone) draft.milestoneId = nudge.milestone
  const context: EscalationContext = {
    nudgeId: nudge.id, milestoneId: nudge.milestone, level: level.level, notify: level.notify, user: user.id,
    traits: { ...user.traits }, daysOverdue: Math.max(0, -(milestone?.daysLeft ?? 0)),
    done: (milestone ? [milestone] : state.milestones).flatMap((m) => m.steps.filter((s) => s.done).map((s) => s.id)),
  }
  if (level.message) context.message = level.message
  return { draft, key: 'esc:' + key, context }
}

/** When `consequences` first acted for each account session (its `Account`, one object per session): see there. */
const began = new WeakMap<Account, number>()

/** `p` with only what happened from `t` on: tracked events, and places first seen and tours done then (the rest read as never). */
const since = (p: Progress, t: number): Progress => {
  const keep = (r: object): any => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.isArray(v) ? v.filter((h) => h.at >= t) : (v?.done ?? v) >= t ? v : undefined]))
  return { ...p, tracks: keep(p.tracks), urls: keep(p.urls), clicks: keep(p.clicks), visible: keep(p.visible), tours: keep(p.tours ?? {}) }
}

/** What a session hands the engine to act on its state (see `consequences`). */
export interface Acting {
  journey: Journey
  state: JourneyState
  /** The session's user id. */
  id: string
  account: Account | null
  user: User
  /** The user's document, and the account's (null without an account). */
  progress: Progress
  shared: Progress | null
  /** What this page told already (overdue milestones, escalation levels), per user or account: each once. */
  told: Set<string>
  dispatch: (drafts: Draft[]) => Promise<Map<string, unknown>>
  emit: (name: string, payload: unknown) => void
  fail: (error: unknown) => void
}

/**
 * Fires what a state alone decides: `milestone:overdue` for each milestone newly overdue, and each
 * ladder level due. A level is recorded in its document (the account's for a ladder about an
 * account milestone: once per account), then emitted only if no tab or earlier page recorded it
 * first: the check reads the key's value before the write, inside the storage transaction.
 */
export const consequences = (a: Acting): void => {
  const { journey, state, id, account, told } = a
  // A step its condition completed through a merge (the events of other tabs or devices: a count
  // reached by two tabs at once) has no `complete` of its own: recorded here, so the completion
  // outlives capped events and other devices' quiet pages see it, and told by the tab whose write
  // stored it first, as a change of its own would be.
  // An account step only from what the user did since this account's session began: a tracked
  // event does not say which account it was done in, so one done before (in the account the user
  // left: `identify()` with another) reads done on this device only (runtime.md, "Known limits"),
  // and is neither written into this account's document, for its other members, nor told again.
  const from = account ? (began.get(account) ?? (began.set(account, state.now), state.now)) : 0
  let recent: ConditionReader | undefined // read only for an account step without a record (a copy of the document's places and events)
  const docOf = (stepId: string) => (account && accountStep(journey, stepId) ? a.shared! : a.progress)
  const open = state.milestones.flatMap((m) => m.steps.filter((s) => s.done && !s.skipped && docOf(s.id).steps[s.id]?.done == null &&
    (docOf(s.id) == a.progress || (recent ??= conditionReader(since(a.progress, from)))(s.step.completeWhen) != null)).map((s) => [m, s.id] as const))
  if (open[0]) {
    a.dispatch(open.map(([, stepId]) => ({ type: 'complete', stepId }))).then((olds) => {
      const first = new Set<MilestoneState>()
      for (const [m, stepId] of open) {
        if (storedBefore(olds, stepId, docOf(stepId).epoch)) continue
        a.emit('step:completed', { stepId, milestoneId: m.id })
        first.add(m)
      }
      for (const m of first) if (m.done) a.emit('milestone:completed', { milestoneId: m.id })
      if (first.size && state.done) a.emit('journey:completed', { journeyId: state.journeyId })
    }).catch(a.fail)
  }
  for (const m of state.milestones) {
    if (m.status != 'overdue' || told.has(id + '\n' + m.id)) continue
    told.add(id + '\n' + m.id)
    a.emit('milestone:overdue', { milestoneId: m.id, daysOverdue: -(m.daysLeft ?? 0) })
  }
  for (const nudge of state.nudges) {
    for (const level of nudge.escalations) {
      if (!level.pending) continue
      const shared = !!account && accountScoped(journey, { type: 'escalation', nudgeId: nudge.id, milestoneId: nudge.milestone })
      const { epoch } = shared ? a.shared! : a.progress
      const { draft, key, context } = escalationOf(state, nudge, level, a.user, epoch)
      const mark = [shared ? account!.id : id, epoch, key].join('\n')
      if (told.has(mark)) continue
      told.add(mark)
      a.dispatch([draft]).then((olds) => {
        // The key's value before this write (its owner's: the key is under their prefix).
        const old = olds.get(key) as Partial<Progress> | undefined
        if (!(old?.epoch! >= epoch && Object.keys(old!.escalations ?? {}).length)) a.emit('escalation', context)
      }).catch(a.fail)
    }
  }
}
