import { DAY } from '../limits'
import { from, open } from './hold'
import type { Hold, SignalContext } from './index'

/** Not done and due within `days`, the due moment included; holds since `days` before the due. */
export const dueSoon = ({ milestone, days }: { milestone: string; days: number }, c: SignalContext): Hold => {
  const due = open(c, milestone)?.dueAt ?? NaN
  return c.now <= due ? from(c, due - days * DAY, milestone) : null
}
