import { latest } from '../time'
import { sessionsAfter } from './hold'
import type { Hold, SignalContext } from './index'

/** At least `count` sessions started after the latest step done (or the start); since the count-th. */
export const sessionsWithoutProgress = ({ count }: { count: number }, c: SignalContext): Hold => {
  const base = latest([c.start, ...[...c.milestones.values()].flatMap((m) => m.steps.map((s) => s.doneAt))])!
  const since = sessionsAfter(c, base)[count - 1]
  return since == null ? null : { since }
}
