import type { Hold, SignalContext } from './index'

/**
 * Percent of a stage (or of the journey) within [min, max], both included, from the exact share of
 * required steps resolved (not the whole percent shown: 199 of 200 is not 100); since unknown.
 */
export const progress = ({ stage, min = 0, max = 100 }: { stage?: string; min?: number; max?: number }, c: SignalContext): Hold => {
  const ids = stage == null ? [...c.milestones.keys()] : c.stages.find((s) => s.id == stage)?.milestones
  if (!ids) return null
  let n = 0
  let r = 0
  for (const id of ids) {
    const m = c.milestones.get(id)!
    n += m.requiredSteps
    r += m.resolvedSteps
  }
  const p = n ? (100 * r) / n : 100
  return p >= min && p <= max ? {} : null
}
