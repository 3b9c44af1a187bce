import { LIMITS } from './limits'
import type { Journey } from './types'

/** What the runtime must watch for a journey's steps to complete by themselves. */
export interface Triggers {
  events: string[]
  urls: string[]
  clicks: string[]
  visible: string[]
}

type C = { all?: readonly C[]; any?: readonly C[] } & Record<string, unknown>

const KINDS = ['event', 'url', 'click', 'visible']

/**
 * The event names, URL globs, click and visible selectors of every step's `completeWhen`, each once,
 * in file order (all audiences).
 * @example collectTriggers(journey).events // ['report.created']
 */
export const collectTriggers = (journey: Journey): Triggers => {
  const sets = KINDS.map(() => new Set<string>())
  const walk = (c: C | undefined, depth: number): void => {
    if (!c || depth > LIMITS.conditionDepth) return
    KINDS.forEach((k, i) => typeof c[k] == 'string' && sets[i]!.add(c[k]))
    for (const x of c.all ?? c.any ?? []) walk(x, depth + 1)
  }
  for (const m of journey.milestones) for (const s of m.steps) walk(s.completeWhen as C | undefined, 0)
  const [events, urls, clicks, visible] = sets.map((s) => [...s]) as [string[], string[], string[], string[]]
  return { events, urls, clicks, visible }
}
