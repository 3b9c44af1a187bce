import { latest } from '../time'
import type { Hold, SignalContext } from './index'

/** At least `count` sessions started after the latest step done (or the start); since the count-th. */
export const sessionsWithoutProgress = ({ count }: { count: number }, c: SignalContext): Hold => {
  const base = latest([c.start, ...[...c.milestones.values()].flatMap((m) => m.steps.map((s) => s.doneAt))])!
  const since = Object.values(c.progress.sessions).filter((t) => t > base && t <= c.now).sort((a, b) => a - b)[count - 1]
  return since == null ? null : { since }
}
