import { latest } from '../time'
import { sessionsAfter } from './hold'
import type { Hold, SignalContext } from './index'

/**
 * At least `count` sessions started after the latest step done, or from the start on when none was
 * done since (the first session, at first seen, counts); since the count-th.
 */
export const sessionsWithoutProgress = ({ count }: { count: number }, c: SignalContext): Hold => {
  const base = latest([c.start, ...[...c.milestones.values()].flatMap((m) => m.steps.map((s) => s.doneAt))])!
  const since = sessionsAfter(c, base - +(base == c.start))[count - 1]
  return since == null ? null : { since }
}
