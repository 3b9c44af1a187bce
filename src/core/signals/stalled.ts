import { DAY } from '../limits'
import { latest } from '../time'
import type { MilestoneState } from '../types'
import { from, open } from './hold'
import type { Hold, SignalContext } from './index'

/**
 * When the milestone counts as stalled for `days`: from the latest step done in it or in a milestone
 * it depends on (optional ones too), dependency done, or the start.
 */
export const stalledFrom = (m: MilestoneState, days: number, start: number, milestones: ReadonlyMap<string, MilestoneState>): number =>
  latest([start, ...[m, ...m.dependsOn.map((d) => milestones.get(d)!)].flatMap((x) => [x.doneAt, ...x.steps.map((s) => s.doneAt)])])! + days * DAY

/** No new step for `days`, counted from the latest step done, dependency done, or the start. */
export const stalled = ({ milestone, days }: { milestone: string; days: number }, c: SignalContext): Hold => {
  const m = open(c, milestone)
  return m ? from(c, stalledFrom(m, days, c.start, c.milestones), milestone) : null
}
