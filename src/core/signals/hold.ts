import type { MilestoneState } from '../types'
import type { Hold, SignalContext } from './index'

/** Holds from `since` on (NaN never holds). */
export const from = (c: SignalContext, since: number, milestone?: string): Hold => (c.now >= since ? { since, milestone } : null)

/** The milestone when it is in the audience and not done. */
export const open = (c: SignalContext, id: string): MilestoneState | undefined => {
  const m = c.milestones.get(id)
  return m?.done ? undefined : m
}

/** Start times of the sessions in (after, now], earliest first. */
export const sessionsAfter = (c: SignalContext, after: number): number[] =>
  Object.values(c.progress.sessions).filter((t) => t > after && t <= c.now).sort((a, b) => a - b)
