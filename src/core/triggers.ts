import { foldTree } from './tree'
import type { Completion, Journey, Signal } from './types'

/** What the runtime must watch for a journey's steps to complete by themselves. */
export interface Triggers {
  events: string[]
  urls: string[]
  clicks: string[]
  visible: string[]
}

const KINDS = ['event', 'url', 'click', 'visible']

/**
 * The event names, URL globs, click and visible selectors of every step's `completeWhen` and every
 * tour's `startWhen` and `advanceOn` and every nudge's `seen` signal, each once, in file order (all audiences).
 * @example collectTriggers(journey).events // ['report.created']
 */
export const collectTriggers = (journey: Journey): Triggers => {
  const sets = KINDS.map(() => new Set<string>())
  const leaf = (c: Record<string, unknown>) => KINDS.forEach((k, i) => typeof c[k] == 'string' && sets[i]!.add(c[k]))
  const conditions = [
    ...journey.milestones.flatMap((m) => m.steps.map((s) => s.completeWhen)),
    ...(journey.tours ?? []).flatMap((t) => [t.startWhen, ...t.steps.map((s) => s.advanceOn)]),
    ...(journey.nudges ?? []).flatMap((n) => foldTree<Signal, Completion[]>(n.when, (s) => ('seen' in s ? [s.seen] : []), (_, l) => l.flat())),
  ]
  for (const c of conditions) c && foldTree(c as Record<string, unknown>, leaf, () => {})
  const [events, urls, clicks, visible] = sets.map((s) => [...s]) as [string[], string[], string[], string[]]
  return { events, urls, clicks, visible }
}
