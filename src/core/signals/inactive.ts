import { DAY } from '../limits'
import { from } from './hold'
import type { Hold, SignalContext } from './index'

/** Nothing seen for `days`; holds since lastSeen + days. */
export const inactive = ({ days }: { days: number }, c: SignalContext): Hold =>
  from(c, (c.progress.lastSeen ?? NaN) + days * DAY)
