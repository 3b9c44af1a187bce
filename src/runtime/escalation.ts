import { applyEvent, emptyProgress } from '../core/index'
import type { EscalationState, JourneyState, NudgeState, ProgressEvent, Traits } from '../core/index'
import type { Draft, EscalationContext } from './api'

/**
 * What one due escalation level becomes: the event that records it, the storage key that event
 * writes (`esc:<nudge>:<milestone>:<level>`, checked to fire once), and the context handed to
 * `on('escalation')` so a person can act on it.
 */
export const escalationOf = (
  state: JourneyState, nudge: NudgeState, level: EscalationState, user: { id: string; traits: Traits }, epoch: number,
) => {
  const milestone = state.milestones.find((m) => m.id === nudge.milestone)
  const draft: Draft = { type: 'escalation', nudgeId: nudge.id, level: level.level, notify: level.notify }
  if (nudge.milestone) draft.milestoneId = nudge.milestone
  const probe = applyEvent(emptyProgress(user.id, epoch), { ...draft, id: '-', at: 0, epoch } as ProgressEvent)
  const context: EscalationContext = {
    nudgeId: nudge.id, milestoneId: nudge.milestone, level: level.level, notify: level.notify, user: user.id,
    traits: { ...user.traits }, daysOverdue: Math.max(0, -(milestone?.daysLeft ?? 0)),
    done: (milestone ? [milestone] : state.milestones).flatMap((m) => m.steps.filter((s) => s.done).map((s) => s.id)),
  }
  if (level.message) context.message = level.message
  return { draft, key: 'esc:' + Object.keys(probe.escalations)[0], context }
}
