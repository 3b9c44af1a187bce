import { foldTree } from './tree'
import type { Journey } from './types'

/** What the runtime must watch for a journey's steps to complete by themselves. */
export interface Triggers {
  events: string[]
  urls: string[]
  clicks: string[]
  visible: string[]
}

const KINDS = ['event', 'url', 'click', 'visible']

/**
 * The event names, URL globs, click and visible selectors of every step's `completeWhen`, each once,
 * in file order (all audiences).
 * @example collectTriggers(journey).events // ['report.created']
 */
export const collectTriggers = (journey: Journey): Triggers => {
  const sets = KINDS.map(() => new Set<string>())
  const leaf = (c: Record<string, unknown>) => KINDS.forEach((k, i) => typeof c[k] == 'string' && sets[i]!.add(c[k]))
  for (const m of journey.milestones) for (const s of m.steps) s.completeWhen && foldTree(s.completeWhen as Record<string, unknown>, leaf, () => {})
  const [events, urls, clicks, visible] = sets.map((s) => [...s]) as [string[], string[], string[], string[]]
  return { events, urls, clicks, visible }
}
