import { DAY } from '../limits'
import { latest } from '../time'
import { from, open } from './hold'
import type { Hold, SignalContext } from './index'

/** No new step for `days`, counted from the latest step done, dependency done, or the start. */
export const stalled = ({ milestone, days }: { milestone: string; days: number }, c: SignalContext): Hold => {
  const m = open(c, milestone)
  return m ? from(c, latest([c.start, ...m.steps.map((s) => s.doneAt), ...m.dependsOn.map((d) => c.milestones.get(d)!.doneAt)])! + days * DAY, milestone) : null
}
