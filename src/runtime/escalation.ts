import { escalationEventId, escalationKey } from '../core/escalation'
import type { EscalationState, JourneyState, NudgeState, Traits } from '../core/types'
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
