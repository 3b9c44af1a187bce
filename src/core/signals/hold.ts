import type { MilestoneState } from '../types'
import type { Hold, SignalContext } from './index'

/** Holds from `since` on (NaN never holds). */
export const from = (c: SignalContext, since: number, milestone?: string): Hold =>
  c.now >= since ? (milestone == null ? { since } : { since, milestone }) : null

/** The milestone when it is in the audience and not done. */
export const open = (c: SignalContext, id: string): MilestoneState | undefined => {
  const m = c.milestones.get(id)
  return m?.done ? undefined : m
}
