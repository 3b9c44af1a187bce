import { DAY } from '../limits'
import type { Hold, SignalContext } from './index'

/** Sessions started in (now − days, now] within [minSessions, maxSessions]; since unknown. */
export const engagement = (
  { days, minSessions = 0, maxSessions = Infinity }: { days: number; minSessions?: number; maxSessions?: number },
  c: SignalContext,
): Hold => {
  const n = Object.values(c.progress.sessions).filter((t) => t > c.now - days * DAY && t <= c.now).length
  return n >= minSessions && n <= maxSessions ? {} : null
}
