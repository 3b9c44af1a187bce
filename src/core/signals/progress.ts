import type { Hold, SignalContext } from './index'

/** Percent of a stage (or of the journey) within [min, max], both included; since unknown. */
export const progress = ({ stage, min = 0, max = 100 }: { stage?: string; min?: number; max?: number }, c: SignalContext): Hold => {
  const p = stage == null ? c.percent : c.stages.find((s) => s.id == stage)?.percent
  return p! >= min && p! <= max ? {} : null
}
