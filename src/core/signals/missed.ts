import { from, open } from './hold'
import type { Hold, SignalContext } from './index'

/** Past its due and not done; holds since the due. */
export const missed = ({ milestone }: { milestone: string }, c: SignalContext): Hold => {
  const due = open(c, milestone)?.dueAt ?? NaN
  return c.now > due ? from(c, due, milestone) : null
}
