// When a milestone's colour changes with the clock alone: the core computes these moments
// (core/colour-times.ts) as part of `evaluate`; the store writes them at each sync, and SQL then
// reads any status at any `now` with three comparisons. Nothing here decides a colour.
import { statusAt } from '../core/colour-times'
import type { ColourTimes, MilestoneState } from '../core/types'

export type { ColourTimes }
export { statusAt }

/** The colour times of every milestone of one evaluated user, by id, as `evaluate` computed them. */
export const colourTimes = (milestones: readonly MilestoneState[]): Map<string, ColourTimes> =>
  new Map(milestones.map((m) => [m.id, m.colourTimes]))
