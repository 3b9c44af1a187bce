import { DAY } from '../limits'
import { sessionsAfter } from './hold'
import type { Hold, SignalContext } from './index'

/** Sessions started in (now − days, now] within [minSessions, maxSessions]; since unknown. */
export const engagement = (
  { days, minSessions = 0, maxSessions = Infinity }: { days: number; minSessions?: number; maxSessions?: number },
  c: SignalContext,
): Hold => {
  const n = sessionsAfter(c, c.now - days * DAY).length
  return n >= minSessions && n <= maxSessions ? {} : null
}
